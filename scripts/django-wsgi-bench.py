"""For comparison with scripts/bench.sh: Django's own WSGIHandler answering the same plain-text
view through startproject's middleware stack, in process, one thread.

    python3 -m pip install django && python3 scripts/django-wsgi-bench.py
"""
import io
import sys
import time

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-" + "x" * 50,
    ALLOWED_HOSTS=["localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)
django.setup()


def home(request):
    return HttpResponse("Hello from the Shallot sample site.\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", home)]

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

application = WSGIHandler()


def environ():
    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": "/", "QUERY_STRING": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost:8000", "HTTP_USER_AGENT": "bench", "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }


def start_response(status, headers, exc_info=None):
    return None


def one():
    body = application(environ(), start_response)
    data = b"".join(body)
    body.close()
    return len(data)


best = float("inf")
for _ in range(5):
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 0.5:
        for _ in range(100):
            one()
        n += 100
    best = min(best, (time.perf_counter() - start) / n)
print(f"Django {django.get_version()} WSGIHandler, same view and middleware: {best * 1e9:.0f} ns/req, {1 / best:.0f} req/s")
