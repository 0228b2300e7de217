import ArgumentParser
import Console
import Foundation
import Framework
import Gateway
import Server
import Wire

extension LogLevel: ExpressibleByArgument {}

/// `shallot serve`: the site over live HTTP/1.1, as gunicorn serves a Django project.
struct ServeCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the site over HTTP/1.1 (SwiftNIO, Wire's strict parser, a pool of worker threads), as gunicorn does.",
        discussion: """
            Binds 127.0.0.1:8000 unless told otherwise. SIGTERM or SIGINT stops accepting, lets running \
            requests finish (--graceful-timeout) and exits 0; a second signal exits at once (status 1). \
            Malformed requests are answered by the server (400, 413, 414, 431, 501, 505) and never reach the site.
            """
    )

    @Option(name: [.customShort("b"), .customLong("bind")], help: ArgumentHelp("Address to listen on; repeat for several. [::1]:8000 for IPv6, :8000 for every interface.", valueName: "HOST:PORT"))
    var binds: [String] = []
    @Option(help: "Worker threads running the site's callable.") var threads = 4
    @Option(help: "Requests that may wait for a thread; beyond that, 503 at once.") var queue = 64
    @Option(help: "Processes sharing the listening port (SO_REUSEPORT); a worker that dies is restarted.") var workers = 1
    @Option(help: "Listen backlog.") var backlog: Int32 = 2048
    @Option(help: "Event loop threads moving bytes (they never run the site's code); default: one per core.") var eventLoops = ServerConfiguration().eventLoopThreads
    @Option(name: [.customLong("access-log"), .customLong("access-logfile")], help: ArgumentHelp("Access log file, or - for standard output (none by default).", valueName: "FILE|-"))
    var accessLog: String?
    @Option(help: ArgumentHelp("Access log format, gunicorn's atoms: %(h)s %(t)s %(r)s %(s)s %(b)s %(f)s %(a)s %(D)s %(L)s %({header}i)s …", valueName: "FORMAT"))
    var accessLogFormat = AccessLogFormat.gunicornDefault.format
    @Option(name: [.customLong("error-log"), .customLong("error-logfile")], help: ArgumentHelp("Error log file, or - for standard error: server messages, and each 500's report (the request's path through the middleware to what raised, and the error).", valueName: "FILE|-"))
    var errorLog = "-"
    @Option(help: "Error log level: debug (also malformed requests and clients that left), info, warning, error, critical.")
    var logLevel: LogLevel = .info
    @Option(help: "SCRIPT_NAME: the prefix the site is mounted under, e.g. /app.") var scriptName = ""
    @Option(help: ArgumentHelp("Peers trusted for X-Forwarded-For and X-Forwarded-Proto, comma-separated, or *.", valueName: "IPS"))
    var forwardedAllowIps = "127.0.0.1,::1"
    @Option(help: "Longest request line in bytes (414 beyond).") var limitRequestLine = ParserLimits().requestLine
    @Option(help: "Most header fields (431 beyond).") var limitRequestFields = ParserLimits().headerCount
    @Option(help: "Longest header field line in bytes (431 beyond).") var limitRequestFieldSize = ParserLimits().fieldSize
    @Option(help: "Largest request body in bytes (413 beyond).") var limitRequestBody = ParserLimits().bodySize
    @Option(help: "Seconds a request may run before it is reported as a worker timeout.") var timeout: Double = 30
    @Option(help: "Seconds running requests get to finish after SIGTERM.") var gracefulTimeout: Double = 30
    @Option(help: "Seconds an idle keep-alive connection is kept open.") var keepAlive: Double = 2
    @Option(help: "Seconds a client has to send a whole request head (slowloris protection; 408 then close).") var headerTimeout: Double = 10
    @Option(help: ArgumentHelp("A folder STATIC_URL is served from when DEBUG is on; repeat for several (default: ./static if it exists).", valueName: "DIR"))
    var staticDir: [String] = []
    @Flag(help: "Serve no static files, even with DEBUG on.") var noStatic = false
    @Flag(help: "Answer with the demo echo application instead of the site.") var echo = false
    @OptionGroup var siteOptions: SiteOptions

    func validate() throws {
        for bind in binds {
            if case .failure(let error) = BindAddress.parse(bind) { throw ValidationError(error.description) }
        }
        for (name, value) in [("--threads", threads), ("--workers", workers), ("--event-loops", eventLoops)] where value < 1 {
            throw ValidationError("\(name) must be at least 1, got \(value)")
        }
        for (name, value) in [("--queue", queue), ("--limit-request-line", limitRequestLine), ("--limit-request-fields", limitRequestFields),
                              ("--limit-request-field-size", limitRequestFieldSize), ("--limit-request-body", limitRequestBody)] where value < 0 {
            throw ValidationError("\(name) cannot be negative")
        }
        for (name, value) in [("--timeout", timeout), ("--graceful-timeout", gracefulTimeout), ("--keep-alive", keepAlive), ("--header-timeout", headerTimeout)] where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        if !scriptName.isEmpty && (!scriptName.hasPrefix("/") || scriptName.hasSuffix("/")) {
            throw ValidationError("--script-name starts with '/' and does not end with one, e.g. /app")
        }
        if backlog < 1 { throw ValidationError("--backlog must be at least 1") }
    }

    func run(site: Framework.Site) throws -> ExitStatus {
        let settings = try siteOptions.apply(to: site).settings
        let application = echo ? DemoApplication.application : try siteOptions.application(for: site)
        var configuration = try serverConfiguration(settings: settings)

        let workerBinds = ProcessInfo.processInfo.environment[Supervisor.workerEnvironment]
        if workers > 1 && workerBinds == nil {
            do {
                return try Supervisor(configuration: configuration, arguments: Array(CommandLine.arguments.dropFirst())).run() == 0 ? .success : .usage
            } catch let error as ServerError {
                throw CommandFailure(message: error.description)
            }
        }
        if let workerBinds {
            configuration.binds = workerBinds.split(separator: ",").compactMap { try? BindAddress.parse(String($0)).get() }
            configuration.reusePort = true
            configuration.multiprocess = true
        }
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: configuration, application: application)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let bound: [BindAddress]
        do {
            bound = try server.start()
        } catch let error as ServerError {
            server.waitUntilStopped()
            throw CommandFailure(message: error.description)
        }
        if workerBinds == nil {
            for address in bound { server.log("INFO", "Listening at: http://\(address) (\(getpid()))") }
            server.log("INFO", "Using \(threads) worker thread(s), queue \(queue)")
            if let statics = configuration.staticFiles {
                server.log("INFO", "Serving static files at \(statics.urlPrefix) from \(statics.directories.joined(separator: ", "))")
            }
        } else {
            server.log("INFO", "Booting worker with pid: \(getpid())")
        }
        server.runUntilSignalled()
        server.log("INFO", workerBinds == nil ? "Shutting down" : "Worker exiting (pid: \(getpid()))")
        return .success
    }

    func serverConfiguration(settings: Settings) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if !binds.isEmpty { configuration.binds = binds.compactMap { try? BindAddress.parse($0).get() } }
        configuration.threads = threads
        configuration.queueSize = queue
        configuration.workers = workers
        configuration.backlog = backlog
        configuration.eventLoopThreads = eventLoops
        configuration.accessLog = accessLog
        configuration.accessLogFormat = AccessLogFormat(accessLogFormat)
        configuration.errorLog = errorLog
        configuration.logLevel = logLevel
        configuration.scriptName = scriptName
        configuration.forwardedAllowIPs = forwardedAllowIps.split(separator: ",").map { String($0) }
        configuration.limits.requestLine = limitRequestLine
        configuration.limits.headerCount = limitRequestFields
        configuration.limits.fieldSize = limitRequestFieldSize
        configuration.limits.bodySize = limitRequestBody
        configuration.workerTimeout = timeout
        configuration.gracefulTimeout = gracefulTimeout
        configuration.keepAliveTimeout = keepAlive
        configuration.headerTimeout = headerTimeout
        configuration.serverSoftware = "shallot"
        // Development static files, as runserver serves them: only with DEBUG on and a STATIC_URL path.
        if !noStatic, settings.debug, let url = settings.staticURL, !url.contains("://") {
            var directories = staticDir
            if directories.isEmpty, FileManager.default.fileExists(atPath: "static") { directories = ["static"] }
            for directory in directories where !FileManager.default.fileExists(atPath: directory) {
                throw CommandFailure(message: "--static-dir \(directory.debugDescription): no such folder")
            }
            if !directories.isEmpty {
                let prefix = url.hasPrefix("/") ? url : scriptName + "/" + url
                configuration.staticFiles = StaticFilesConfiguration(urlPrefix: prefix, directories: directories)
            }
        }
        return configuration
    }
}
