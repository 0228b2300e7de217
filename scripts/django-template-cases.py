#!/usr/bin/env python3
"""Record every template Django's own template tests render, with Django's actual output.

Runs Django's test suite (template_tests.syntax_tests and template_tests.filter_tests, without
i18n, which Shallot does not do) in this process, with Django's Engine.get_template,
Engine.from_string, Engine.render_to_string and Template.render instrumented. Each outermost
call is one case: the test id, the engine's templates (its locmem loader) and the directories its
filesystem and app_directories loaders search ("dirs"), the template name or
source, the engine options (autoescape, string_if_invalid, debug, libraries, builtins, and the
TIME_ZONE and URLIZE_ASSUME_HTTPS settings), the context encoded as JSON, "now" (when it rendered, in seconds since the
epoch: the present timesince and {% now %} compare with), and what Django gave: the output, or
the exception's class and message. Direct calls of the built-in filters (the FunctionTests of
filter_tests: `floatformat(7.7, 2)`) are cases of kind "filter": the filter's name, "value",
"argument" (when given), "autoescape", and str() of what it returned. Identical cases (the tests run each case under several
engines, twice each) are kept once. The JSON is for `swift run shallot-conformance` and lives
outside the project; no test of the project reads it.

Context values JSON can't say are objects with a "$type" key:
  {"$type": "safe", "value": "..."}          SafeString (mark_safe)
  {"$type": "tuple", "items": [...]}          tuple
  {"$type": "float", "repr": "inf"}           float that JSON can't hold (other floats are
                                              written with a fraction or exponent: 1.0, 1e+16)
  {"$type": "decimal", "value": "1.50"}       Decimal
  {"$type": "date", "iso": "2008-01-01"}      datetime.date
  {"$type": "datetime", "iso": "...", "aware": bool}   datetime.datetime (isoformat)
  {"$type": "time", "iso": "...", "aware": bool}       datetime.time
  {"$type": "timedelta", "seconds": 1.5}      datetime.timedelta
  {"$type": "dict", "items": [[k, v], ...]}   dict whose keys are not all str, or that has "$type"
                                              (shallot-conformance: str keys win over others)
  {"$type": "object", "class": "SomeClass"}   one of Django's test helper classes, by name
  {"$type": "lazy", "value": "..."}           a lazy string (gettext_lazy), with its text
  {"$type": "callable", "returns": value}     a lambda of constants taking no argument, and what
                                              it returns
  {"$type": "template", "source": "..."}      a compiled Template (engine.from_string, or a backend's)
  {"$type": "range", "items": [...]}          a range, with its items
  {"$type": "querydict", "items": [[k, [v, ...]], ...]}   a QueryDict
  {"$type": "request", "GET": querydict, "namespace": ..., ["current_app": ...]}   an HttpRequest
A RequestContext's request is written into the context as "request", where Shallot's
{% querystring %} and {% url %} look for it.
A case whose context holds anything else is recorded with "unportable" (the reason) and no
context; a case whose templates load a tag library Shallot does not have is unportable too.

Usage (Django 6.1 with its tests unpacked; Django itself installed in the venv):
    /tmp/dj61/bin/python scripts/django-template-cases.py \\
        [--django-tests /tmp/djsrc/django-6.1.3/tests] [--out /tmp/django-template-cases.json] \\
        [test labels...]
"""

import argparse
import datetime
import decimal
import json
import os
import re
import runpy
import sys
import threading
import time
import types

HELPER_CLASSES = {
    "SomeClass", "OtherClass", "UTF8Class", "UnsafeClass", "SafeClass", "SomeException",
    "SomeOtherException", "TestObj", "SilentGetItemClass", "SilentAttrClass",
}
# Libraries a case may load and stay portable: Django's static (Shallot's answer is its own
# business), and the small test libraries shallot-conformance reproduces in Swift.
KNOWN_LIBRARIES = {
    "django.templatetags.static",
    "template_tests.templatetags.testtags",
    "template_tests.templatetags.subpackage.echo",
    "template_tests.templatetags.bad_tag",
}
# Libraries of which shallot-conformance reproduces only some tags and filters: a case stays
# portable when its templates use no other name of the library.
PARTLY_KNOWN_LIBRARIES = {
    "template_tests.templatetags.custom": {"noop", "minusone", "minustwo", "counter"},
}


class Unportable(Exception):
    pass


def encode(value, depth=0):
    from django.utils.functional import Promise
    from django.utils.safestring import SafeData

    if depth > 50:
        raise Unportable("nested too deeply")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, SafeData) and isinstance(value, str):
        return {"$type": "safe", "value": str(value)}
    if type(value) is str:
        return value
    if type(value) is int:
        return value
    if type(value) is float:
        if value != value or value in (float("inf"), float("-inf")):
            return {"$type": "float", "repr": repr(value)}
        return value
    if isinstance(value, decimal.Decimal):
        return {"$type": "decimal", "value": str(value)}
    if type(value) is datetime.datetime:
        return {"$type": "datetime", "iso": value.isoformat(), "aware": value.utcoffset() is not None}
    if type(value) is datetime.date:
        return {"$type": "date", "iso": value.isoformat()}
    if type(value) is datetime.time:
        return {"$type": "time", "iso": value.isoformat(), "aware": value.utcoffset() is not None}
    if type(value) is datetime.timedelta:
        return {"$type": "timedelta", "seconds": value.total_seconds()}
    if type(value) is list:
        return [encode(item, depth + 1) for item in value]
    if type(value) is tuple:
        return {"$type": "tuple", "items": [encode(item, depth + 1) for item in value]}
    if type(value) is dict:
        if all(type(key) is str for key in value) and "$type" not in value:
            return {key: encode(item, depth + 1) for key, item in value.items()}
        return {"$type": "dict", "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    from django.http import HttpRequest, QueryDict

    if isinstance(value, QueryDict):
        return {"$type": "querydict", "items": [[key, list(items)] for key, items in value.lists()]}
    if isinstance(value, HttpRequest):
        match = getattr(value, "resolver_match", None)
        request = {"$type": "request", "GET": encode(value.GET, depth + 1), "namespace": match.namespace if match else None}
        if hasattr(value, "current_app"):  # set, even to None, it wins over the namespace
            request["current_app"] = value.current_app
        return request
    if isinstance(value, Promise):
        return {"$type": "lazy", "value": str(value)}
    from django.template.backends.django import Template as BackendTemplate
    from django.template.base import Template

    if isinstance(value, Template):
        return {"$type": "template", "source": value.source}
    if isinstance(value, BackendTemplate):
        return {"$type": "template", "source": value.template.source}
    if type(value) is range:
        return {"$type": "range", "items": list(value)}
    code = getattr(value, "__code__", None)
    if isinstance(value, types.FunctionType) and value.__name__ == "<lambda>" and not code.co_argcount \
            and not code.co_freevars and not code.co_names:
        # A lambda taking nothing and reading nothing (so calling it now changes nothing): what
        # it returns, which the template gets by calling it.
        try:
            returned = value()
        except Exception as exc:
            raise Unportable("context holds a lambda that raises %r" % exc)
        return {"$type": "callable", "returns": encode(returned, depth + 1)}
    cls = type(value)
    if cls.__name__ in HELPER_CLASSES and cls.__module__.startswith("template_tests"):
        return {"$type": "object", "class": cls.__name__}
    raise Unportable("context holds %s.%s" % (cls.__module__, cls.__qualname__))


def current_testcase():
    """The unittest TestCase whose test method is on the stack."""
    import unittest

    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, unittest.TestCase) and frame.f_code.co_name.startswith("test"):
            return candidate
        frame = frame.f_back
    return None


def current_test():
    """The id of the unittest test method on the stack."""
    test = current_testcase()
    return test.id() if test is not None else None


def engine_templates(engine):
    """The templates of the engine's locmem loaders, the directories its filesystem and
    app_directories loaders search, and whether every loader is one of those."""
    from django.template.loaders.filesystem import Loader as FilesystemLoader

    templates, dirs, known = {}, [], True
    loaders = list(engine.template_loaders)
    while loaders:
        loader = loaders.pop(0)
        if hasattr(loader, "loaders"):
            loaders[:0] = list(loader.loaders)
        elif hasattr(loader, "templates_dict"):
            templates.update(loader.templates_dict)
        elif isinstance(loader, FilesystemLoader):  # app_directories is one too
            dirs.extend(str(d) for d in loader.get_dirs())
        else:
            known = False
    return templates, dirs, known


def engine_options(engine):
    from django.conf import settings

    return {
        "autoescape": engine.autoescape,
        "string_if_invalid": engine.string_if_invalid,
        "debug": engine.debug,
        "libraries": dict(engine.libraries),
        "builtins": [b for b in engine.builtins if b not in engine.default_builtins],
        "time_zone": settings.TIME_ZONE,
        "urlize_assume_https": settings_value("URLIZE_ASSUME_HTTPS"),
    }


def reachable(templates, name, source):
    """The sources of the template rendered and of those it names in extends/include."""
    seen, sources = set(), [source] if source else []
    pending = list(name) if isinstance(name, list) else [name]
    while pending:
        current = pending.pop()
        if current in seen or current not in templates:
            continue
        seen.add(current)
        sources.append(templates[current])
    index = 0
    while index < len(sources):  # transitively: sources grows as templates are found
        text = sources[index]
        index += 1
        for match in re.finditer(r"{%\s*(?:extends|include)\s+[\"']([^\"']+)[\"']", text):
            if match.group(1) in templates and match.group(1) not in seen:
                seen.add(match.group(1))
                sources.append(templates[match.group(1)])
    return sources


def settings_value(name):
    from django.conf import settings

    return getattr(settings, name, None)


def environment_problem():
    """Why what is in force now makes a case unportable: a translation, a mock.patch."""
    from unittest import mock

    from django.utils import translation

    language = translation.get_language()
    if language and not language.startswith("en"):
        return "renders in language %r (i18n)" % language
    test = current_testcase()
    method = getattr(test, test._testMethodName, None) if test is not None else None
    if mock._patch._active_patches or getattr(method, "patchings", None):
        return "runs with a mock.patch in force"
    return None


def load_problem(engine, sources):
    """Why the templates can't be ported for their `{% load %}`s, or None."""
    for source in sources:
        for match in re.finditer(r"{%\s*load\s+(.*?)\s*%}", source):
            words = match.group(1).split()
            names = words[-1:] if "from" in words else words
            for name in names:
                module = engine.libraries.get(name)
                if not module or module in KNOWN_LIBRARIES:
                    continue
                known = PARTLY_KNOWN_LIBRARIES.get(module)
                if module == "django.templatetags.cache":
                    return "loads Django's cache tag, which needs Django's cache framework and state across renders"
                if known is None:
                    return "loads the Python tag library %s" % module
                library = engine.template_libraries[name]
                for used in set(library.tags) | set(library.filters):
                    if used in known:
                        continue
                    pattern = r"({%%\s*%s\b|\|\s*%s\b)" % (re.escape(used), re.escape(used))
                    if any(re.search(pattern, text) for text in sources):
                        return "uses %s of the Python tag library %s" % (used, module)
    return None


class Recorder:
    def __init__(self):
        self.cases = {}
        self.local = threading.local()

    def record(self, kind, engine, name, source, context, autoescape, call):
        depth = getattr(self.local, "depth", 0)
        self.local.depth = depth + 1
        try:
            result, error, snapshot = None, None, None
            if depth == 0:
                # The context as the test gave it: tags such as regroup write into it.
                snapshot = self.snapshot(engine, context)
            self.local.now = time.time() if depth == 0 else self.local.now
            try:
                result = call()
            except Exception as exc:
                error = exc
            if depth == 0:
                try:
                    self.add(kind, engine, name, source, snapshot, autoescape, result, error)
                except Exception as exc:  # never disturb the test being recorded
                    print("recording failed: %r (%s, %s)" % (exc, current_test(), type(context).__name__), file=sys.stderr)
            if error is not None:
                raise error
            return result
        finally:
            self.local.depth = depth

    def record_filter(self, name, args, kwargs, call):
        """A direct call of a built-in filter: its value, argument and autoescape, and result."""
        depth = getattr(self.local, "depth", 0)
        # Only a test's own calls: Django's machinery (the debug page's pprint) calls filters too.
        caller = sys._getframe(2).f_globals.get("__name__", "")
        if depth or not caller.startswith("template_tests."):
            return call()
        case = {"test": current_test(), "kind": "filter", "name": name, "autoescape": kwargs.get("autoescape", True),
                "options": {"time_zone": settings_value("TIME_ZONE"),
                            "urlize_assume_https": settings_value("URLIZE_ASSUME_HTTPS")}}
        problem = environment_problem()
        if set(kwargs) - {"autoescape"} or len(args) > 2 or not args:
            problem = "calls the filter with arguments a template cannot give"
        try:
            case["value"] = encode(args[0]) if args else None
            if len(args) > 1:
                case["argument"] = encode(args[1])
        except Unportable as exc:
            problem = problem or str(exc)
            case.pop("value", None)
        self.local.depth = 1
        self.local.now = time.time()
        try:
            result, error = None, None
            try:
                result = call()
            except Exception as exc:
                error = exc
        finally:
            self.local.depth = 0
        if case["test"] is not None:
            if problem:
                case["unportable"] = problem
            if error is not None:
                case["error"] = {"class": type(error).__name__, "module": type(error).__module__, "message": str(error)}
            else:
                case["output"] = str(result)
            key = json.dumps(case, sort_keys=True, default=str)
            self.cases.setdefault(key, case).setdefault("now", self.local.now)
        if error is not None:
            raise error
        return result

    def snapshot(self, engine, context):
        """(encoded context, why it is unportable or None), taken before rendering."""
        from django.template.context import Context, RequestContext

        values, unportable = {}, None
        if isinstance(context, Context):
            for level in context.dicts[1:]:
                values.update(level)
            if isinstance(context, RequestContext):
                if engine is not None and engine.context_processors:
                    unportable = "renders with context processors"
                values.setdefault("request", context.request)
        elif context is not None:
            values = dict(context)
        try:
            return encode(values), unportable
        except Unportable as exc:
            return None, unportable or str(exc)
        except Exception as exc:
            return None, unportable or "context cannot be read: %r" % exc

    def add(self, kind, engine, name, source, snapshot, autoescape, result, error):

        test = current_test()
        if test is None:
            return
        templates, dirs, known = engine_templates(engine) if engine is not None else ({}, [], True)
        case = {
            "test": test,
            "kind": kind,
            "name": name,
            "source": source,
            "templates": templates,
            "dirs": dirs,
            "options": engine_options(engine) if engine is not None else None,
            "autoescape": autoescape,
        }
        now = self.local.now
        unportable = None
        if not known:
            unportable = "templates come from a loader other than locmem, filesystem or app_directories"
        sources = reachable(templates, name, source)
        unportable = unportable or (load_problem(engine, sources) if engine is not None else None)
        if any(re.search(r"{%\s*debug\s*%}", text) for text in sources):
            unportable = unportable or "{% debug %} prints the Python process's modules"
        unportable = unportable or environment_problem()
        case["context"], context_problem = snapshot
        unportable = unportable or context_problem
        if unportable:
            case["unportable"] = unportable
        if error is not None:
            case["error"] = {"class": type(error).__name__, "module": type(error).__module__, "message": str(error)}
        elif kind != "compile":
            case["output"] = str(result)
        if kind == "compile" and error is None:
            return  # a compile that worked is only a case when it raises
        key = json.dumps(case, sort_keys=True, default=str)
        case = self.cases.setdefault(key, case)
        case.setdefault("now", now)


def install(recorder):
    from django.template import base, engine as engine_module
    from django.template.context import Context

    Engine, Template = engine_module.Engine, base.Template
    original_get, original_from = Engine.get_template, Engine.from_string
    original_rts, original_render = Engine.render_to_string, Template.render

    def get_template(self, template_name):
        return recorder.record("compile", self, template_name, None, None, self.autoescape,
                               lambda: original_get(self, template_name))

    def from_string(self, template_code):
        return recorder.record("compile", self, None, template_code, None, self.autoescape,
                               lambda: original_from(self, template_code))

    def render_to_string(self, template_name, context=None):
        name = list(template_name) if isinstance(template_name, (list, tuple)) else template_name
        autoescape = context.autoescape if isinstance(context, Context) else self.autoescape
        return recorder.record("render_to_string", self, name, None, context, autoescape,
                               lambda: original_rts(self, template_name, context))

    def render(self, context):
        engine = getattr(self, "engine", None)
        name = self.name if self.origin and self.origin.loader is not None else None
        return recorder.record("render", engine, name, None if name else self.source, context,
                               getattr(context, "autoescape", True), lambda: original_render(self, context))

    Engine.get_template, Engine.from_string = get_template, from_string
    Engine.render_to_string, Template.render = render_to_string, render
    install_filters(recorder)


def install_filters(recorder):
    """Wraps the built-in filter functions as defaultfilters exports them, so the calls Django's
    FunctionTests make (`floatformat(7.7, 2)`) are cases too. The engine keeps the originals
    (its library holds them), so filters inside templates are not recorded twice."""
    import functools

    from django.template import defaultfilters

    names = {id(func): name for name, func in defaultfilters.register.filters.items()}
    for attribute, value in list(vars(defaultfilters).items()):
        name = names.get(id(value))
        if name is None or not callable(value):
            continue

        def make(func, name):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                return recorder.record_filter(name, args, kwargs, lambda: func(*args, **kwargs))

            return wrapper

        setattr(defaultfilters, attribute, make(value, name))


def default_labels(tests_dir):
    labels = []
    for package in ("syntax_tests", "filter_tests"):
        folder = os.path.join(tests_dir, "template_tests", package)
        for entry in sorted(os.listdir(folder)):
            if entry.startswith("test_") and entry.endswith(".py"):
                labels.append("template_tests.%s.%s" % (package, entry[:-3]))
    return labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--django-tests", default="/tmp/djsrc/django-6.1.3/tests")
    parser.add_argument("--out", default="/tmp/django-template-cases.json")
    parser.add_argument("labels", nargs="*")
    args = parser.parse_args()
    tests_dir = os.path.abspath(args.django_tests)
    out = os.path.abspath(args.out)
    labels = args.labels or default_labels(tests_dir)

    sys.path.insert(0, tests_dir)
    os.chdir(tests_dir)
    recorder = Recorder()
    install(recorder)
    sys.argv = ["runtests.py", "--parallel", "1", "--verbosity", "0"] + labels
    status = 0
    try:
        runpy.run_path(os.path.join(tests_dir, "runtests.py"), run_name="__main__")
    except SystemExit as exc:
        status = exc.code or 0
    cases = sorted(recorder.cases.values(), key=lambda c: (c["test"], json.dumps(c, sort_keys=True, default=str)))
    # The same case with different outputs across Django's own runs is random ({% lorem
    # random %}, |random): no output can be expected of it.
    outputs = {}
    for case in cases:
        inputs = {k: v for k, v in case.items() if k not in ("output", "error", "now")}
        outputs.setdefault(json.dumps(inputs, sort_keys=True, default=str), []).append(case)
    cases = []
    for group in outputs.values():
        if len(group) > 1:
            group[0].pop("output", None)
            group[0].pop("error", None)
            group[0]["unportable"] = group[0].get("unportable") or "Django's output differs from run to run (random)"
        cases.append(group[0])
    cases.sort(key=lambda c: (c["test"], json.dumps(c, sort_keys=True, default=str)))
    with open(out, "w") as handle:
        json.dump({"django": __import__("django").get_version(), "cases": cases}, handle, indent=1, default=str)
    unportable = sum(1 for c in cases if "unportable" in c)
    print("%d cases (%d unportable) written to %s; Django's tests exited %s" % (len(cases), unportable, out, status),
          file=sys.stderr)


if __name__ == "__main__":
    main()
