"""For comparison with `shallot-bench polls`: Django's WSGIHandler answering the tutorial's polls
index and detail (parts 1-4: the same models, views, templates and fixture as the sample site's
polls app in samples/site/polls/) through startproject's middleware stack, on a SQLite file, in
process, one thread.

    python3 -m pip install django && python3 scripts/django-polls-bench.py
    python3 scripts/django-polls-bench.py --dump DIR   # the pages' bodies, to compare with Shallot's

The polls app is written as files into a temporary folder (models.py, views.py, urls.py,
migrations/0001_initial.py, templates/polls/*.html), migrated and loaded with the sample's
fixture. As in the sample site, connections persist (CONN_MAX_AGE = None); DEBUG is on there,
so Django is timed with DEBUG on (it then records every query) and off.
"""
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from django_polls_project import setup  # noqa: E402


def main():
    setup(debug=True)
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one(path_info):
        environ = {
            "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path_info, "QUERY_STRING": "",
            "SERVER_NAME": "localhost", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost:8000", "HTTP_USER_AGENT": "bench", "HTTP_ACCEPT": "*/*",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        body = application(environ, start_response)
        data = b"".join(body)
        body.close()
        return data

    def bench(path_info, expected):
        statuses.clear()
        data = one(path_info).decode()
        assert statuses == ["200 OK"] and expected in data, (statuses, data)
        best = float("inf")
        for _ in range(5):
            n = 0
            start = time.perf_counter()
            while time.perf_counter() - start < 0.5:
                for _ in range(50):
                    one(path_info)
                n += 50
            best = min(best, (time.perf_counter() - start) / n)
        return best

    if len(sys.argv) > 2 and sys.argv[1] == "--dump":
        # The bodies, to compare with Shallot's: --dump DIR writes index.html, detail.html, results.html.
        for name, path_info in [("index", "/polls/"), ("detail", "/polls/1/"), ("results", "/polls/2/results/")]:
            with open(os.path.join(sys.argv[2], name + ".html"), "wb") as out:
                out.write(one(path_info))
        return
    print(f"Django {django.get_version()} WSGIHandler, the tutorial's polls on SQLite (one thread)")
    for debug in (True, False):
        settings.DEBUG = debug
        for label, path_info, expected in [("GET /polls/", "/polls/", "What&#x27;s new?</a></li>"),
                                           ("GET /polls/1/", "/polls/1/", '<label for="choice3">Just hacking again</label>')]:
            best = bench(path_info, expected)
            print(f"  {label:<14} DEBUG={debug!s:<5} {best * 1e9:9.0f} ns/req  {1 / best:6.0f} req/s")


if __name__ == "__main__":
    main()
