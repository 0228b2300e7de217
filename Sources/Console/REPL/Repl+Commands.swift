import Foundation
import Wire

extension Repl {
    /// Carries out one `:command`; errors are one line on stderr and the session goes on.
    public func perform(_ command: ReplCommand) {
        let style = printer.style
        let out = printer.output
        switch command {
        case .help:
            let width = ReplCommand.summaries.map(\.usage.count).max() ?? 0
            var text = "Type a request: a request line (GET /polls/, POST /vote/ HTTP/1.1, or a URL), header lines,\n"
            text += "an empty line; a body (POST/PUT/PATCH or Content-Length) ends with a line holding only \".\".\n\n"
            for (usage, help) in ReplCommand.summaries {
                text += "  " + style.bold(usage.padding(toLength: width, withPad: " ", startingAt: 0)) + "  " + help + "\n"
            }
            text += "  " + style.bold("@name = value".padding(toLength: width, withPad: " ", startingAt: 0)) + "  set a variable, used as {{name}}\n"
            out.write(text)
        case .environ, .parse:
            guard let last else { return fail("no request yet: send one first") }
            let inspection = Inspection(subject: command == .parse ? .parse : .environ, reader: reader,
                                        environOptions: session.options.environ, json: false, style: style)
            out.write(command == .parse ? inspection.parseText(last.message, last.origin) : inspection.environText(last.environ))
        case .trace(let on):
            session.options.trace = on ?? !session.options.trace
            out.write("trace \(session.options.trace ? "on" : "off")\n")
        case .routes:
            out.write(routes.isEmpty ? style.dim("(no URL patterns)") + "\n" : routes.map { "/" + $0 }.joined(separator: "\n") + "\n")
        case .set(let name, let value):
            setDefaultHeader(name, value)
        case .unset(let name):
            guard removeDefaultHeader(name) else { return fail("\(name) is not set; :set lists nothing to unset") }
        case .cookies(let clear):
            if clear {
                session.jar = CookieJar()
                out.write("cookie jar emptied\n")
            } else if session.jar.cookies.isEmpty {
                out.write(style.dim("(no cookies)") + "\n")
            } else {
                out.write(session.jar.cookies.map { cookie in
                    "\(style.cyan(cookie.name))=\(cookie.value)  " + style.dim("domain=\(cookie.domain) path=\(cookie.path)"
                        + (cookie.secure ? " secure" : "") + (cookie.httpOnly ? " httponly" : "")
                        + (cookie.expires.map { " expires=\(HTTPDate.format($0))" } ?? ""))
                }.joined(separator: "\n") + "\n")
            }
        case .vars:
            let names = reader.variables.keys.sorted()
            out.write(names.isEmpty ? style.dim("(no variables: @name = value sets one)") + "\n"
                      : names.map { "@\($0) = \(reader.variables[$0]!)" }.joined(separator: "\n") + "\n")
        case .load(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                return fail("cannot read \(path.debugDescription): " + (FileManager.default.fileExists(atPath: path) ? "permission denied or a directory" : "no such file"))
            }
            let directory = (path as NSString).deletingLastPathComponent
            load(Array(data), path: path, directory: directory.isEmpty ? "." : directory)
        case .save(let path):
            let text = savedFile
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                return fail("cannot write \(path.debugDescription)")
            }
            out.write("saved \(requestCount) request\(requestCount == 1 ? "" : "s") to \(path); replay with: shallot run \(path)\n")
        case .last(let part):
            guard let last else { return fail("no response yet") }
            show(last, part: part)
        case .history:
            out.write(history.enumerated().map { String(format: "%5d  ", $0.offset + 1) + $0.element }.joined(separator: "\n") + (history.isEmpty ? "" : "\n"))
        case .quit:
            break
        }
    }

    func fail(_ message: String) {
        printer.errors.write("shallot: \(message)\n")
    }
}

/// HTTP dates for the cookie listing (IMF-fixdate).
enum HTTPDate {
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
