import Foundation

/// Tab completion for the REPL: methods and `:` commands at the start of a line, URL paths
/// from the site's resolver after a method, header names on header lines, file paths after
/// `:load` and `:save`. Pure: readline asks it through `ReadlineLines`.
public struct Completer: Sendable {
    public static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    public static let headerNames = [
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Content-Length",
        "Content-Type", "Cookie", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "Origin",
        "Referer", "User-Agent", "X-CSRFToken", "X-Forwarded-For", "X-Forwarded-Proto", "X-Requested-With",
    ]

    /// The site's routes as `/` paths, with converter placeholders as written (`/polls/<int:question_id>/`).
    public var paths: [String]

    public init(routes: [String]) {
        paths = routes.map { "/" + $0 }
    }

    /// Candidates for `word`, the text before the cursor since the last space, on a line whose
    /// text before the word is `prefix`; `inHead` when a request's header lines are being typed.
    public func candidates(for word: String, prefix: String, inHead: Bool) -> [String] {
        let before = prefix.trimmingWhitespace
        if inHead && before.isEmpty {
            return Self.headerNames.map { $0 + ":" }.filter { $0.lowercased().hasPrefix(word.lowercased()) }
        }
        if before.isEmpty {
            if word.hasPrefix(":") { return ReplCommand.names.filter { $0.hasPrefix(word) } }
            return Self.methods.filter { $0.hasPrefix(word.uppercased()) }
        }
        if before == ":load" || before == ":save" { return files(matching: word) }
        if Self.methods.contains(before.uppercased()) {
            return paths.filter { $0.hasPrefix(word) }
        }
        return []
    }

    /// Files and folders starting with `word` (folders end in `/`).
    func files(matching word: String) -> [String] {
        let directory = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        let stem = String(word.dropFirst(directory.count))
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listed.filter { $0.hasPrefix(stem) && (!$0.hasPrefix(".") || stem.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
            return directory + name + (exists && isDirectory.boolValue ? "/" : "")
        }
    }
}
