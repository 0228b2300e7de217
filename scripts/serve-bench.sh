#!/usr/bin/env bash
# `shallot serve` under load, on loopback, bounded in time: requests/s and latency from wrk
# against the sample site's plain-text view (GET /) and a template view (GET /polls/), with
# nginx's `return 200` as the ceiling of this machine, and gunicorn+Django on the same views
# when asked for (GUNICORN=1: a venv under scripts/.venv-bench with gunicorn and Django).
#
#   apt-get install wrk nginx-light      # Debian's packages
#   scripts/serve-bench.sh               # DURATION=10 ROUNDS=3 CONNECTIONS=64 THREADS=2 GUNICORN=0 SCRATCH=.build
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
# nginx and shallot's GET / are measured in alternation ROUNDS times and the medians compared, so
# that a busy neighbour on a shared machine weighs on both sides alike.
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
GUNICORN=${GUNICORN:-0}
PORT=${PORT:-18931}
NGINX_PORT=$((PORT + 1))
GUNICORN_PORT=$((PORT + 2))

for tool in wrk nginx; do
    command -v "$tool" >/dev/null 2>&1 || { echo "serve-bench: $tool is missing (apt-get install wrk nginx-light)" >&2; exit 1; }
done

# SCRATCH: the build folder (swift build --scratch-path), .build by default.
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product shallot >/dev/null
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/shallot"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_for_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "serve-bench: nothing listening on port $1" >&2
    exit 1
}

# wrk's summary as "requests/s p50 p99".
measure() {
    local out
    out=$(timeout $((DURATION + 20)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1")
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    local errors
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
    echo "$rps $p50 $p99 $errors"
}

"$BIN" serve --bind "127.0.0.1:$PORT" --threads "$THREADS" --set DEBUG=False --set ALLOWED_HOSTS=127.0.0.1,localhost \
    2>"$WORK/serve.log" &
PIDS+=($!)
wait_for_port "$PORT"

cat >"$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { default_type text/plain; return 200 "Hello from the Shallot sample site.\n"; }
    }
}
NGINX
nginx -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_for_port "$NGINX_PORT"

printf '%-34s %12s %10s %10s\n' "target" "requests/s" "p50" "p99"
row() { read -r rps p50 p99 rest <<<"$2"; printf '%-34s %12s %10s %10s %s\n' "$1" "$rps" "$p50" "$p99" "$rest"; }

median() { sort -n -k1,1 | awk '{ rows[NR] = $0 } END { print rows[int((NR + 1) / 2)] }'; }
nginx_rounds=""
plain_rounds=""
for round in $(seq 1 "$ROUNDS"); do
    nginx_rounds+="$(measure "http://127.0.0.1:$NGINX_PORT/")"$'\n'
    plain_rounds+="$(measure "http://127.0.0.1:$PORT/")"$'\n'
done
nginx_result=$(grep -v '^$' <<<"$nginx_rounds" | median)
plain=$(grep -v '^$' <<<"$plain_rounds" | median)
row "nginx return 200 (ceiling)" "$nginx_result"
row "shallot serve GET /" "$plain"
polls=$(measure "http://127.0.0.1:$PORT/polls/")
row "shallot serve GET /polls/" "$polls"

if [ "$GUNICORN" = "1" ]; then
    VENV=scripts/.venv-bench
    [ -x "$VENV/bin/gunicorn" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q gunicorn django; }
    (cd scripts && exec "../$VENV/bin/gunicorn" --bind "127.0.0.1:$GUNICORN_PORT" --workers 2 --threads "$THREADS" \
        --worker-class gthread --log-level warning django_bench_site:application) &
    PIDS+=($!)
    wait_for_port "$GUNICORN_PORT"
    # The master listens before its workers have built their sites (and databases): warm up
    # first, so that their start-up is not counted against them.
    for path in / /polls/; do wrk -t1 -c4 -d2s "http://127.0.0.1:$GUNICORN_PORT$path" >/dev/null; done
    g_plain=$(measure "http://127.0.0.1:$GUNICORN_PORT/")
    row "gunicorn+Django GET /" "$g_plain"
    g_polls=$(measure "http://127.0.0.1:$GUNICORN_PORT/polls/")
    row "gunicorn+Django GET /polls/" "$g_polls"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "shallot GET / vs nginx (medians of $ROUNDS alternating rounds): $(ratio "${plain%% *}" "${nginx_result%% *}") (goal: at least 0.5)"
echo "rounds, requests/s: nginx $(awk '{printf "%s ", $1}' <<<"$nginx_rounds")| shallot $(awk '{printf "%s ", $1}' <<<"$plain_rounds")"
if [ "$GUNICORN" = "1" ]; then
    echo "shallot vs gunicorn+Django, GET /: $(ratio "${plain%% *}" "${g_plain%% *}")x; GET /polls/: $(ratio "${polls%% *}" "${g_polls%% *}")x (goal: 10x)"
fi
