"""The sample site in Django, for scripts/serve-bench.sh (GUNICORN=1): the plain-text home view
and the tutorial's polls app on the ORM (SQLite, the sample's templates and fixture, written by
django_polls_project.py) behind startproject's middleware, DEBUG off. Served by gunicorn:

    gunicorn --chdir scripts --worker-class gthread --threads 2 django_bench_site:application

Each worker process builds its own copy of the database (the benchmarks only read it).
"""
from django_polls_project import setup

setup(debug=False)

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
