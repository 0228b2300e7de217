import ArgumentParser
import Console
import Foundation
import Framework
import Templates

/// `shallot template`: Django's template language on its own: render one template with a JSON
/// context, or compile every template of a directory and report the syntax errors.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a Django template with a JSON context, or check a directory of templates.",
        subcommands: [TemplateRenderCommand.self, TemplateCheckCommand.self]
    )
}

/// `shallot template render NAME --dir DIR [--context FILE.json] [--no-autoescape]`.
struct TemplateRenderCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one template and print exactly its output (no newline added).",
        discussion: """
            The context is a JSON object: objects keep their key order, integers stay integers \
            (1 prints as 1, 1.0 as 1.0), null is None.

            Exit status:
              0  rendered
              1  a usage error, a template syntax error, a missing template or a bad JSON context
            """
    )

    @Argument(help: ArgumentHelp("The template's name, as {% extends %} and {% include %} would give it.", valueName: "name"))
    var name: String

    @Option(name: .customLong("dir"), help: ArgumentHelp("A directory templates are found in (repeat for several, searched in order).", valueName: "dir"))
    var dirs: [String] = []

    @Option(help: ArgumentHelp("A JSON file holding the context object (- for standard input).", valueName: "file.json"))
    var context: String?

    @Flag(help: "Turn autoescaping off (as Engine(autoescape=False)).")
    var noAutoescape = false

    func validate() throws {
        if dirs.isEmpty { throw ValidationError("Missing expected argument '--dir <dir>'") }
    }

    func run(site: Framework.Site) throws -> ExitStatus {
        let engine = Engine(dirs: dirs, autoescape: !noAutoescape)
        var values: [String: Any] = [:]
        if let context {
            let data: [UInt8]
            if context == "-" {
                data = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                guard let contents = FileManager.default.contents(atPath: context) else {
                    throw CommandFailure(message: "cannot read the context file \(context)")
                }
                data = Array(contents)
            }
            do {
                for (key, value) in try JSONContext.parse(data).items { values[key] = value }
            } catch let error as JSONContext.ParseError {
                TextOutput.standardError.write("\(context):\(error.line):\(error.column): invalid JSON context: \(error.message)\n")
                return .usage
            }
        }
        do {
            TextOutput.standardOutput.write(try engine.getTemplate(name).render(values))
            return .success
        } catch {
            TextOutput.standardError.write(TemplateReport.describe(error, engine: engine) + "\n")
            return .usage
        }
    }
}

/// `shallot template check DIR`: compiles every template under DIR.
struct TemplateCheckCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile every template under a directory and report each syntax error as path:line: message.",
        discussion: """
            Templates are the files ending .html, .txt, .xml or .json (every file with --all-files), \
            found recursively; hidden files and folders are skipped. Each is compiled with the \
            directory as the template directory, so names are paths relative to it.

            Exit status:
              0  every template compiled ("N templates OK")
              1  a template has a syntax error (or the directory cannot be read)
            """
    )

    static let extensions = ["html", "txt", "xml", "json"]

    @Argument(help: ArgumentHelp("The template directory.", valueName: "dir"))
    var directory: String

    @Flag(help: "Check every file, whatever its extension.")
    var allFiles = false

    func run(site: Framework.Site) throws -> ExitStatus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(message: "\(directory) is not a directory")
        }
        let names = templateNames()
        let engine = Engine(dirs: [directory])
        var problems: [String] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                _ = try engine.getTemplate(name)
            } catch let error as TemplateSyntaxError {
                problems.append("\(path):" + (error.line.map { "\($0):" } ?? "") + " \(error.message)")
            } catch let error as TemplateDoesNotExist {
                problems.append("\(path): " + (error.tried.last?.1 ?? "cannot be read"))
            } catch {
                problems.append("\(path): \(error)")
            }
        }
        if problems.isEmpty {
            TextOutput.standardOutput.write("\(names.count) template\(names.count == 1 ? "" : "s") OK\n")
            return .success
        }
        TextOutput.standardError.write(problems.map { $0 + "\n" }.joined()
            + "\(problems.count) of \(names.count) template\(names.count == 1 ? "" : "s") failed to compile\n")
        return .usage
    }

    /// The template files under the directory, as names relative to it, sorted.
    func templateNames() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var names: [String] = []
        while let relative = walker.nextObject() as? String {
            let base = (relative as NSString).lastPathComponent
            let full = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            if base.hasPrefix(".") {
                if isDirectory.boolValue { walker.skipDescendants() }
                continue
            }
            guard !isDirectory.boolValue else { continue }
            if allFiles || Self.extensions.contains((base as NSString).pathExtension.lowercased()) { names.append(relative) }
        }
        return names.sorted()
    }
}

/// How template failures are told on stderr: syntax errors as `path:line: message`.
enum TemplateReport {
    static func describe(_ error: any Error, engine: Engine) -> String {
        switch error {
        case let syntax as TemplateSyntaxError:
            guard let name = syntax.templateName else { return "TemplateSyntaxError: \(syntax.message)" }
            let path = (try? engine.findSource(name).origin) ?? name
            return "\(path):" + (syntax.line.map { "\($0):" } ?? "") + " TemplateSyntaxError: \(syntax.message)"
        case let missing as TemplateDoesNotExist:
            return "TemplateDoesNotExist: \(missing)"
        default:
            return "error: \(error)"
        }
    }
}
