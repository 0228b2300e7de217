import Foundation
import Gateway

/// Draws a lifecycle trace as the onion it describes: each middleware layer opens a level
/// (→ on the way in, ← on the way out with its status and time), the hooks, resolver match and
/// view sit inside, and start_response and request_finished close it.
public struct TraceRenderer: Sendable {
    public var style: Style

    public init(style: Style) { self.style = style }

    public func render(_ events: [LifecycleTrace.Event]) -> String {
        guard !events.isEmpty else { return "" }
        var out = style.dim("── lifecycle trace ──") + "\n"
        for event in events {
            let indent = String(repeating: "│ ", count: event.depth)
            let time = style.dim(String(format: "%8.3f ms", event.at.milliseconds))
            let took = event.duration.map { style.dim(String(format: " (%.3f ms)", $0.milliseconds)) } ?? ""
            let line: String
            switch event.phase {
            case "enter": line = "→ " + style.bold(event.name)
            case "leave": line = "← " + style.bold(event.name) + " " + statusText(event.detail) + took
            case "middleware": line = style.cyan(event.name) + ": " + event.detail
            case "resolver": line = "resolver " + style.bold(event.name) + " " + event.detail
            case "view": line = "view " + style.bold(event.name) + " → " + statusText(event.detail) + took
            case "exception": line = style.red("exception \(event.name)") + ": " + event.detail
            case "query": line = style.dim("query ") + event.name + (event.detail.isEmpty ? "" : style.dim(event.detail)) + took
            default: line = event.phase + " " + event.name + (event.detail.isEmpty ? "" : " — \(event.detail)") + took
            }
            out += "\(time)  \(indent)\(line)\n"
        }
        return out
    }

    private func statusText(_ detail: String) -> String {
        let code = Int(detail.prefix(3)) ?? 0
        return code == 0 ? detail : style.status(detail, code: code)
    }

    /// The trace as JSON, for `--format json`.
    static func json(_ events: [LifecycleTrace.Event]) -> JSON {
        .array(events.map { event in
            var members: [(String, JSON)] = [
                ("phase", .string(event.phase)), ("name", .string(event.name)), ("detail", .string(event.detail)),
                ("depth", .int(event.depth)), ("at_ms", .number(event.at.milliseconds)),
            ]
            if let duration = event.duration { members.append(("duration_ms", .number(duration.milliseconds))) }
            return .object(members)
        })
    }
}
