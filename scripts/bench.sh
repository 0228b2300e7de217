#!/usr/bin/env bash
# Benchmarks run on release builds only: build, then run the Wire parse + environ benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product shallot-bench
"$(swift build -c release --show-bin-path)/shallot-bench" "$@"
if command -v node >/dev/null 2>&1; then
    echo
    echo "Comparison: llhttp in Node on the same request"
    node scripts/llhttp-node-bench.js
fi
if python3 -c "import django" >/dev/null 2>&1; then
    echo
    echo "Comparison: Django's own WSGIHandler on the same views, middleware and templates"
    python3 scripts/django-wsgi-bench.py
    python3 scripts/django-polls-bench.py
    python3 scripts/django-template-bench.py
fi
