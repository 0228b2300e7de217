// Parse + environ benchmark for Wire. Run through scripts/bench.sh (release build).
//
// Measures, single thread, best of several rounds:
//   - strict parsing of a typical ~500-byte browser request and of a 64 KB chunked POST (MB/s, req/s)
//   - environ building from an already parsed request (ns per request)
//   - the sample site through its middleware stack: a plain-text view, and the polls app's
//     index and detail pages (ORM on SQLite + templates); `shallot-bench polls` runs only those
import Foundation
import Framework
import Gateway
import SampleSite
import Templates
import Wire

let browserRequest = Array((
    "GET /polls/3/results/?utm_source=newsletter&utm_medium=email HTTP/1.1\r\n" +
    "Host: www.example.com\r\n" +
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n" +
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
    "Accept-Language: en-GB,en;q=0.5\r\n" +
    "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
    "Referer: https://www.example.com/polls/3/\r\n" +
    "Connection: keep-alive\r\n" +
    "Cookie: csrftoken=Xk3lT0bE9vJ2mQ7pR4sW8yZ1aC5dF6gH; sessionid=q8w7e6r5t4y3u2i1o0p9\r\n" +
    "Upgrade-Insecure-Requests: 1\r\n" +
    "Sec-Fetch-Dest: document\r\n" +
    "Sec-Fetch-Mode: navigate\r\n" +
    "Sec-Fetch-Site: same-origin\r\n" +
    "Priority: u=0, i\r\n\r\n").utf8)

let chunkedPost: [UInt8] = {
    var bytes = Array(("POST /upload/ HTTP/1.1\r\nHost: www.example.com\r\n" +
                       "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n").utf8)
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
    for _ in 0..<16 {
        bytes += Array("1000\r\n".utf8) + chunk + Array("\r\n".utf8)
    }
    bytes += Array("0\r\n\r\n".utf8)
    return bytes
}()

/// Runs `body` repeatedly for about `seconds`, in `rounds` rounds, and returns the best ns per call.
func measure(rounds: Int = 5, seconds: Double = 0.4, _ body: () -> Int) -> (nanoseconds: Double, sink: Int) {
    let clock = ContinuousClock()
    var best = Double.infinity
    var sink = 0
    for _ in 0..<rounds {
        var iterations = 0
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            for _ in 0..<256 { sink &+= body() }
            iterations += 256
            elapsed = clock.now - start
        } while elapsed < .milliseconds(Int(seconds * 1000))
        let (s, atto) = elapsed.components
        let ns = (Double(s) * 1e9 + Double(atto) / 1e9) / Double(iterations)
        best = min(best, ns)
    }
    return (best, sink)
}

/// `shallot-bench [word]` runs only the benchmarks whose name contains the word.
let filter = CommandLine.arguments.dropFirst().first

func run(_ name: String, bytes: Int, seconds: Double = 0.4, _ body: () -> Int) {
    if let filter, !name.contains(filter) { return }
    report(name, bytes: bytes, measure(seconds: seconds, body))
}

func report(_ name: String, bytes: Int, _ result: (nanoseconds: Double, sink: Int)) {
    let mbPerSecond = Double(bytes) / result.nanoseconds * 1e9 / 1e6
    let perSecond = 1e9 / result.nanoseconds
    let line = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("\(line) \(format(result.nanoseconds)) ns/req  \(format(perSecond, digits: 0)) req/s  \(format(mbPerSecond, digits: 0)) MB/s   [\(bytes) B]")
}

func format(_ value: Double, digits: Int = 1) -> String {
    let scale = digits == 0 ? 1.0 : 10.0
    let rounded = (value * scale).rounded() / scale
    return digits == 0 ? String(Int(rounded)) : String(rounded)
}

extension String {
    func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}

let strict = RequestParser(profile: .strict)
guard case .request(let browserMessage, _) = try strict.parse(browserRequest, isComplete: false),
      case .request(let chunkedMessage, _) = try strict.parse(chunkedPost, isComplete: false),
      chunkedMessage.body.count == 65536 else {
    fatalError("benchmark inputs did not parse")
}

print("Wire benchmark (release, one thread, best of 5 rounds)")
run("parse: browser GET (strict)", bytes: browserRequest.count) {
    guard case .request(let message, _) = try! strict.parse(browserRequest, isComplete: false) else { return 0 }
    return message.headers.count
}
run("parse: 64 KB chunked POST (strict)", bytes: chunkedPost.count, seconds: 0.8) {
    guard case .request(let message, _) = try! strict.parse(chunkedPost, isComplete: false) else { return 0 }
    return message.body.count
}
let options = EnvironOptions()
let errors = StandardErrorStream()
run("environ: browser GET (from parsed message)", bytes: browserRequest.count) {
    EnvironBuilder.environ(for: browserMessage, options: options, errors: errors).variables.count
}
run("parse + environ: browser GET", bytes: browserRequest.count) {
    guard case .request(let message, _) = try! strict.parse(browserRequest, isComplete: false) else { return 0 }
    return EnvironBuilder.environ(for: message, options: options, errors: errors).variables.count
}

// The sample site's polls app works on a database of the bench's own, created, migrated and
// loaded from the fixture when the handler is built (the polls benchmarks never vote).
let benchDatabaseFolder = FileManager.default.temporaryDirectory.appendingPathComponent("shallot-bench-\(getpid())")
setenv("SHALLOT_SAMPLE_DB", benchDatabaseFolder.appendingPathComponent("polls.sqlite3").path, 1)
atexit { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("shallot-bench-\(getpid())")) }

// The framework: the sample site's plain-text view through its whole middleware stack, in
// process, one thread (environ built from an already parsed request each time).
let homeRequest = Array("GET / HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n".utf8)
guard case .request(let homeMessage, _) = try strict.parse(homeRequest, isComplete: false) else { fatalError("bench request") }
let application = try Handler(site: SampleSite.site).application
let check = try CompletedResponse.collect(from: application, environ: EnvironBuilder.environ(for: homeMessage, options: options, errors: errors))
guard check.statusCode == 200 else { fatalError("the sample site answered \(check.status)") }
let homeEnviron = EnvironBuilder.environ(for: homeMessage, options: options, errors: errors)
run("site: application(environ, start_response) only", bytes: homeRequest.count) {
    (try? CompletedResponse.collect(from: application, environ: homeEnviron))?.body.count ?? 0
}
run("site: environ building + application", bytes: homeRequest.count) {
    let environ = EnvironBuilder.environ(for: homeMessage, options: options, errors: errors)
    return (try? CompletedResponse.collect(from: application, environ: environ))?.body.count ?? 0
}

// The polls app (Django's tutorial, parts 1–4) through the whole stack: the index (one query,
// five questions at most, polls/index.html) and a question's detail (two queries: the question,
// then its choices from the template; polls/detail.html). scripts/django-polls-bench.py times
// Django on the same requests, database and templates.
for (name, target, expected) in [("site: GET /polls/ (ORM + template)", "/polls/", "What&#x27;s new?</a></li>"),
                                 ("site: GET /polls/1/ (ORM + template)", "/polls/1/", "<label for=\"choice3\">Just hacking again</label>")] {
    let request = Array("GET \(target) HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n".utf8)
    guard case .request(let message, _) = try strict.parse(request, isComplete: false) else { fatalError("bench request") }
    let environ = EnvironBuilder.environ(for: message, options: options, errors: errors)
    let answer = try CompletedResponse.collect(from: application, environ: environ)
    guard answer.statusCode == 200, String(decoding: answer.body, as: UTF8.self).contains(expected) else {
        fatalError("the polls sample answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
    }
    run(name, bytes: request.count) {
        (try? CompletedResponse.collect(from: application, environ: environ))?.body.count ?? 0
    }
}

// Templates: a child template extending a base with blocks, filling a table of 100 rows with a
// loop, filters, cycle and a condition. Django's Engine renders the very same source and values
// in scripts/django-template-bench.py.
let templateBase = """
    <!DOCTYPE html>
    <html lang="en">
    <head><meta charset="utf-8"><title>{% block title %}Shallot{% endblock %}</title></head>
    <body>
    <header>{% block header %}<h1>{{ site_name }}</h1>{% endblock %}</header>
    <main>{% block content %}{% endblock %}</main>
    <footer>{% block footer %}&copy; {{ year }} {{ site_name }}{% endblock %}</footer>
    </body>
    </html>
    """
// The 100-row table: a loop, filters, cycle, a condition, and a child extending a base.
let templateChild = "{% extends 'base.html' %}{% block title %}Users | {{ block.super }}{% endblock %}"
    + "{% block content %}<table>\n{% for row in rows %}"
    + "<tr class=\"{% cycle 'odd' 'even' %}\"><td>{{ forloop.counter }}</td><td>{{ row.name|upper }}</td>"
    + "<td>{{ row.email|escape }}</td><td>{{ row.note|truncatechars:20 }}</td><td>{{ row.badge|safe }}</td>"
    + "<td>{{ row.score|floatformat:2 }}</td>{% if row.id|divisibleby:3 %}<td>fizz</td>{% endif %}</tr>\n"
    + "{% endfor %}</table>{% endblock %}"
let templateEngine = Templates.Engine(templates: ["base.html": templateBase, "child.html": templateChild])
let templateValues: [String: Any] = [
    "site_name": "Shallot & Co",
    "year": 2026,
    "rows": (0..<100).map { i -> Any in
        ["id": i, "name": "User \(i)", "email": "user\(i)@example.com", "note": "likes <b>bold</b> & \"quotes\"",
         "badge": "<span class=\"badge\">\(i % 7)</span>", "score": Double(i) / 4] as [String: Any]
    },
]
let templateOutput = try templateEngine.getTemplate("child.html").render(templateValues)
guard templateOutput.contains("USER 99"), templateOutput.contains("likes &lt;b&gt;bold&lt;/b&gt; &amp;…") else { fatalError("template bench output") }
run("templates: 100-row table (loop, filters, inheritance)", bytes: templateOutput.utf8.count, seconds: 0.8) {
    (try? templateEngine.getTemplate("child.html").render(templateValues))?.utf8.count ?? 0
}
