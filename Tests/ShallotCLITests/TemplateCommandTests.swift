import Foundation
import Testing

/// `shallot template render` and `shallot template check` through the built binary.
@Suite("shallot template: render and check")
struct TemplateCommandTests {
    /// A temporary template directory holding `files` (subfolders created as needed).
    func templates(_ files: [String: String]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (name, text) in files {
            let folder = directory.url.appendingPathComponent(name).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try directory.write(name, text)
        }
        return directory
    }

    @Test("render: a child extending a base, with a JSON context; no newline added")
    func render() throws {
        let directory = try templates([
            "base.html": "<title>{% block title %}Site{% endblock %}</title>{% block body %}{% endblock %}",
            "page.html": "{% extends 'base.html' %}{% block title %}{{ title }} | {{ block.super }}{% endblock %}"
                + "{% block body %}{% include 'parts/row.html' with n=count %}{% endblock %}",
            "parts/row.html": "<p>{{ n }} {{ ratio }} {{ flag }} {{ none }} {{ items.1 }} {{ obj }}</p>",
            "context.json": #"{"title": "A & B", "count": 1, "ratio": 1.0, "flag": true, "none": null, "items": [1, "two"], "obj": {"z": 1, "a": 2}}"#,
        ])
        defer { directory.remove() }
        let run = try shallot(["template", "render", "page.html", "--dir", directory.url.path,
                               "--context", directory.url.appendingPathComponent("context.json").path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "<title>A &amp; B | Site</title><p>1 1.0 True None two {&#x27;z&#x27;: 1, &#x27;a&#x27;: 2}</p>")
        #expect(run.stderr == "")
    }

    @Test("render: the output exactly, trailing newline or not")
    func exactOutput() throws {
        let directory = try templates(["a.txt": "line\n", "b.txt": "no newline"])
        defer { directory.remove() }
        #expect(try shallot(["template", "render", "a.txt", "--dir", directory.url.path]).stdout == "line\n")
        #expect(try shallot(["template", "render", "b.txt", "--dir", directory.url.path]).stdout == "no newline")
    }

    @Test("render --no-autoescape; the context from stdin")
    func noAutoescape() throws {
        let directory = try templates(["x.html": "{{ html }}"])
        defer { directory.remove() }
        let escaped = try shallot(["template", "render", "x.html", "--dir", directory.url.path, "--context", "-"], stdin: #"{"html": "<b>"}"#)
        #expect(escaped.stdout == "&lt;b&gt;", "\(escaped)")
        let raw = try shallot(["template", "render", "x.html", "--dir", directory.url.path, "--context", "-", "--no-autoescape"], stdin: #"{"html": "<b>"}"#)
        #expect(raw.stdout == "<b>", "\(raw)")
    }

    @Test("render: a syntax error is exit 1 with the file and line")
    func syntaxError() throws {
        let directory = try templates(["bad.html": "ok\n{% block a %}\n{% endblock b %}"])
        defer { directory.remove() }
        let run = try shallot(["template", "render", "bad.html", "--dir", directory.url.path])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        let path = directory.url.appendingPathComponent("bad.html").path
        #expect(run.stderr == "\(path):3: TemplateSyntaxError: Invalid block tag on line 3: 'endblock', expected 'endblock' or 'endblock a'. Did you forget to register or load this tag?\n")
    }

    @Test("render: a missing template (or a missing parent) is exit 1")
    func missingTemplate() throws {
        let directory = try templates(["child.html": "{% extends 'gone.html' %}"])
        defer { directory.remove() }
        let missing = try shallot(["template", "render", "nope.html", "--dir", directory.url.path])
        #expect(missing.status == 1)
        #expect(missing.stdout == "")
        #expect(missing.stderr.hasPrefix("TemplateDoesNotExist: nope.html (tried: "), "\(missing)")
        let parent = try shallot(["template", "render", "child.html", "--dir", directory.url.path])
        #expect(parent.status == 1)
        #expect(parent.stderr.hasPrefix("TemplateDoesNotExist: gone.html"), "\(parent)")
    }

    @Test("render: a bad JSON context is exit 1 with its line")
    func badJSON() throws {
        let directory = try templates(["x.html": "{{ a }}", "bad.json": "{\n  \"a\": 1,\n  \"b\": [1 2]\n}"])
        defer { directory.remove() }
        let json = directory.url.appendingPathComponent("bad.json").path
        let run = try shallot(["template", "render", "x.html", "--dir", directory.url.path, "--context", json])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "\(json):3:11: invalid JSON context: expected ',' or ']' in an array, found '2'\n")
        let notObject = try shallot(["template", "render", "x.html", "--dir", directory.url.path, "--context", "-"], stdin: "[1]")
        #expect(notObject.status == 1)
        #expect(notObject.stderr.contains("-:1:1: invalid JSON context: the context must be a JSON object"))
    }

    @Test("render: --dir is required")
    func usage() throws {
        let run = try shallot(["template", "render", "x.html"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--dir"))
    }

    @Test("check: every syntax error as path:line: message, exit 1")
    func checkErrors() throws {
        let directory = try templates([
            "good.html": "{% extends 'base.html' %}{% block a %}{% endblock %}",
            "base.html": "{% block a %}{% endblock %}",
            "sub/bad1.html": "x\n{{ y|nofilter }}",
            "sub/bad2.txt": "{% block a %}{% endblock %}\n\n{% block a %}{% endblock %}",
            "late.xml": "{{ x }}{% extends 'base.html' %}",
            "notes.md": "{% broken",
            "unclosed.json": "{% block x %}",
        ])
        defer { directory.remove() }
        let root = directory.url.path
        let run = try shallot(["template", "check", root])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderrLines == [
            "\(root)/late.xml:1: {% extends 'base.html' %} must be the first tag in 'late.xml'.",
            "\(root)/sub/bad1.html:2: Invalid filter: 'nofilter'",
            "\(root)/sub/bad2.txt:3: 'block' tag with name 'a' appears more than once",
            "\(root)/unclosed.json:1: Unclosed tag on line 1: 'block'. Looking for one of: endblock.",
            "4 of 6 templates failed to compile",
            "",
        ])
    }

    @Test("check and render with a relative directory: paths as given")
    func relativeDirectory() throws {
        let directory = try templates(["templates/ok.html": "{% block a %}x{% endblock %}", "templates/bad.html": "\n\n{{ }}"])
        defer { directory.remove() }
        let check = try shallot(["template", "check", "templates"], cwd: directory.url)
        #expect(check.status == 1)
        #expect(check.stderrLines == ["templates/bad.html:3: Empty variable tag on line 3.", "1 of 2 templates failed to compile", ""])
        let render = try shallot(["template", "render", "ok.html", "--dir", "templates"], cwd: directory.url)
        #expect(render.status == 0, "\(render)")
        #expect(render.stdout == "x")
    }

    @Test("check: N templates OK, exit 0")
    func checkOK() throws {
        let directory = try templates(["a.html": "{{ a }}", "b/c.txt": "{% block x %}{% endblock x %}", "d.md": "{% nope %}", ".hidden/e.html": "{% nope %}"])
        defer { directory.remove() }
        let run = try shallot(["template", "check", directory.url.path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "2 templates OK\n")
        let all = try shallot(["template", "check", "--all-files", directory.url.path])
        #expect(all.status == 1)
        #expect(all.stderr.contains("d.md:1: Invalid block tag on line 1: 'nope'"))
    }
}

extension ShallotRun {
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
