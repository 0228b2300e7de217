"""The sample site's two benchmark views in Django, for scripts/serve-bench.sh (GUNICORN=1):
the plain-text home view and the tutorial's polls index through the template engine, behind
startproject's middleware. Served by gunicorn:

    gunicorn --chdir scripts --worker-class gthread --threads 4 django_bench_site:application
"""
import django
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-" + "x" * 50,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {
            "polls/index.html": (
                "{% if latest_question_list %}\n    <ul>\n    {% for question in latest_question_list %}\n"
                "        <li><a href=\"{% url 'polls:detail' question.id %}\">{{ question.question_text }}</a></li>\n"
                "    {% endfor %}\n    </ul>\n{% else %}\n    <p>No polls are available.</p>\n{% endif %}\n"
            ),
        })]},
    }],
)
django.setup()

QUESTIONS = [{"id": 1, "question_text": "What's new?"}, {"id": 2, "question_text": "What's up?"}]


def home(request):
    return HttpResponse("Hello from the Shallot sample site.\n", content_type="text/plain; charset=utf-8")


def index(request):
    return render(request, "polls/index.html", {"latest_question_list": QUESTIONS})


def detail(request, question_id):
    return HttpResponse(f"You're looking at question {question_id}.\n", content_type="text/plain; charset=utf-8")


polls = ([path("", index, name="index"), path("<int:question_id>/", detail, name="detail")], "polls")
urlpatterns = [path("", home), path("polls/", include(polls))]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
