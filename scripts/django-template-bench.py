#!/usr/bin/env python3
"""Django's template Engine on the template of `shallot-bench templates`, for comparison.

A child template extending a base with blocks and filling a table of 100 rows with a loop,
filters, cycle and a condition, exactly as scripts/bench/main.swift builds it.

    python3 -m venv /tmp/django-venv && /tmp/django-venv/bin/pip install django
    /tmp/django-venv/bin/python scripts/django-template-bench.py

Prints renders/s: one thread, best of 5 rounds of about 0.8 s each. Not used by the tests.
"""
import time

import django
from django.conf import settings

settings.configure()
django.setup()

from django.template import Context, Engine  # noqa: E402

BASE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}Shallot{% endblock %}</title></head>
<body>
<header>{% block header %}<h1>{{ site_name }}</h1>{% endblock %}</header>
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}&copy; {{ year }} {{ site_name }}{% endblock %}</footer>
</body>
</html>"""

CHILD = (
    "{% extends 'base.html' %}{% block title %}Users | {{ block.super }}{% endblock %}"
    "{% block content %}<table>\n{% for row in rows %}"
    "<tr class=\"{% cycle 'odd' 'even' %}\"><td>{{ forloop.counter }}</td><td>{{ row.name|upper }}</td>"
    "<td>{{ row.email|escape }}</td><td>{{ row.note|truncatechars:20 }}</td><td>{{ row.badge|safe }}</td>"
    "<td>{{ row.score|floatformat:2 }}</td>{% if row.id|divisibleby:3 %}<td>fizz</td>{% endif %}</tr>\n"
    "{% endfor %}</table>{% endblock %}"
)

# The cached loader, as Django uses by default (and as Shallot's Engine caches compiled templates).
engine = Engine(
    loaders=[
        ("django.template.loaders.cached.Loader", [
            ("django.template.loaders.locmem.Loader", {"base.html": BASE, "child.html": CHILD}),
        ]),
    ]
)
values = {
    "site_name": "Shallot & Co",
    "year": 2026,
    "rows": [
        {
            "id": i,
            "name": f"User {i}",
            "email": f"user{i}@example.com",
            "note": 'likes <b>bold</b> & "quotes"',
            "badge": f'<span class="badge">{i % 7}</span>',
            "score": i / 4,
        }
        for i in range(100)
    ],
}


def render():
    return engine.get_template("child.html").render(Context(values))


output = render()
assert "USER 99" in output and "likes &lt;b&gt;bold&lt;/b&gt; &amp;…" in output
if "--print" in __import__("sys").argv:
    print(output, end="")
    raise SystemExit

best = float("inf")
for _ in range(5):
    count = 0
    start = time.perf_counter()
    while True:
        for _ in range(16):
            render()
        count += 16
        elapsed = time.perf_counter() - start
        if elapsed >= 0.8:
            break
    best = min(best, elapsed / count)

name = "django templates: 100-row table with inheritance"
print(f"{name:<44} {best * 1e9:.1f} ns/render  {1 / best:.0f} renders/s   [{len(output.encode())} B]  Django {django.get_version()}")
