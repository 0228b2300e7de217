"""The Django tutorial's polls project (parts 1-4), as the sample site's polls app in
samples/site/polls/ has it: the same models, views, URLconf, migration, templates and fixture,
written as files into a temporary folder, configured with startproject's middleware stack (the
part the sample site runs), migrated and loaded into a SQLite file. Used by
django-polls-bench.py (in process) and django_bench_site.py (under gunicorn), so that Django
answers the very requests Shallot does.
"""
import atexit
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "site", "polls")

FILES = {
    "polls/__init__.py": "",
    "polls/models.py": '''
import datetime

from django.db import models
from django.utils import timezone


class Question(models.Model):
    question_text = models.CharField(max_length=200)
    pub_date = models.DateTimeField("date published")

    def __str__(self):
        return self.question_text

    def was_published_recently(self):
        return self.pub_date >= timezone.now() - datetime.timedelta(days=1)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE)
    choice_text = models.CharField(max_length=200)
    votes = models.IntegerField(default=0)

    def __str__(self):
        return self.choice_text
''',
    "polls/views.py": '''
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .models import Choice, Question


def index(request):
    latest_question_list = Question.objects.order_by("-pub_date")[:5]
    context = {"latest_question_list": latest_question_list}
    return render(request, "polls/index.html", context)


def detail(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    return render(request, "polls/detail.html", {"question": question})


def results(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    return render(request, "polls/results.html", {"question": question})


def vote(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    try:
        selected_choice = question.choice_set.get(pk=request.POST["choice"])
    except (KeyError, Choice.DoesNotExist):
        # Redisplay the question voting form.
        return render(
            request,
            "polls/detail.html",
            {
                "question": question,
                "error_message": "You didn't select a choice.",
            },
        )
    else:
        selected_choice.votes = F("votes") + 1
        selected_choice.save()
        return HttpResponseRedirect(reverse("polls:results", args=(question.id,)))
''',
    "polls/urls.py": '''
from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:question_id>/", views.detail, name="detail"),
    path("<int:question_id>/results/", views.results, name="results"),
    path("<int:question_id>/vote/", views.vote, name="vote"),
]
''',
    "polls/migrations/__init__.py": "",
    "polls/migrations/0001_initial.py": '''
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Question",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("question_text", models.CharField(max_length=200)),
                ("pub_date", models.DateTimeField(verbose_name="date published")),
            ],
        ),
        migrations.CreateModel(
            name="Choice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("choice_text", models.CharField(max_length=200)),
                ("votes", models.IntegerField(default=0)),
                ("question", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="polls.question")),
            ],
        ),
    ]
''',
    "mysite_urls.py": '''
from django.urls import include, path

from django.http import HttpResponse


def home(request):
    return HttpResponse("Hello from the Shallot sample site.\\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", home), path("polls/", include("polls.urls"))]
''',
}


def swift_strings(path):
    """The templates and the fixture, taken from the sample's Swift sources (multi-line string
    literals, indented as their closing delimiter; the last line break before it is not part of
    the value)."""
    source = open(path).read()
    found = {}
    for match in re.finditer(r'(?:"([^"]+)": |fixture = )"""\n(.*?)\n( *)"""', source, re.S):
        name, body, indent = match.group(1) or "fixture", match.group(2), match.group(3)
        found[name] = "\n".join(line[len(indent):] for line in body.split("\n"))
    return found


def setup(debug):
    """Writes the project, configures Django (DEBUG as given), migrates and loads the fixture;
    the folder is removed when the process exits."""
    folder = tempfile.mkdtemp(prefix="django-polls-bench-")
    for name, text in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
        with open(os.path.join(folder, name), "w") as out:
            out.write(text.lstrip("\n"))
    templates = swift_strings(os.path.join(SAMPLE, "Templates.swift"))
    for name in ("polls/index.html", "polls/detail.html", "polls/results.html"):
        target = os.path.join(folder, "polls", "templates", name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as out:
            out.write(templates[name])
    fixture = os.path.join(folder, "polls.json")
    with open(fixture, "w") as out:
        out.write(swift_strings(os.path.join(SAMPLE, "Fixture.swift"))["fixture"])
    sys.path.insert(0, folder)

    import django
    from django.conf import settings

    settings.configure(
        DEBUG=debug,
        SECRET_KEY="django-insecure-sample-site-key-for-development-only",
        ALLOWED_HOSTS=["localhost", "127.0.0.1", "[::1]", "testserver"],
        ROOT_URLCONF="mysite_urls",
        INSTALLED_APPS=["polls"],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(folder, "db.sqlite3"),
                               "CONN_MAX_AGE": None}},
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()

    atexit.register(shutil.rmtree, folder, True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", fixture, verbosity=0)
    from polls.models import Choice, Question

    assert Question.objects.count() == 3 and Choice.objects.count() == 8, "the fixture"
    return folder
