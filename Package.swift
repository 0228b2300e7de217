// swift-tools-version:6.0
import PackageDescription

// The targets and what each may import are fixed by ../shared/ARCHITECTURE.md:
// imports only point down, and Console/Server never import the Framework.
let package = Package(
    name: "Shallot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shallot", targets: ["shallot"]),
        .library(name: "ShallotCLI", targets: ["ShallotCLI"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Framework", targets: ["Framework"]),
        .library(name: "Templates", targets: ["Templates"]),
        .library(name: "Database", targets: ["Database"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // The WSGI contract in Swift. Knows nothing else.
        .target(name: "Gateway"),
        // HTTP/1.1 bytes ⇄ messages, request files, environ building.
        .target(name: "Wire", dependencies: ["Gateway"]),
        // The system zlib, for GZipMiddleware (apt: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The system SQLite, the embedded default database (apt: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The ORM: models, query sets, transactions, the SQLite backend. Imports nothing above it.
        .target(name: "Database", dependencies: ["CSQLite"]),
        // The Django template language; usable on its own.
        .target(name: "Templates"),
        // The application side: handler, middleware, requests and responses, URLs, views.
        .target(name: "Framework", dependencies: ["Gateway", "Templates", "Database", "CZlib"]),
        // GNU readline, for `shallot repl` (apt: libreadline-dev).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // Batch runner, REPL and output formatting.
        .target(name: "Console", dependencies: ["Gateway", "Wire", "CReadline"]),
        // `shallot serve`: sockets (SwiftNIO), keep-alive, limits, worker threads, graceful
        // shutdown, access log. Wire's strict parser reads the bytes; never imports Framework.
        .target(
            name: "Server",
            dependencies: [
                "Gateway", "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The command line, as a library: a site's own executable hands its
        // application to `ShallotCommand.main(site:)`, as manage.py does for Django.
        .target(
            name: "ShallotCLI",
            dependencies: [
                "Gateway", "Wire", "Console", "Framework", "Templates", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The sample site: a Django-style project the README's first command runs.
        .target(name: "SampleSite", dependencies: ["Framework", "Gateway"], path: "samples/site"),
        // The `shallot` executable: the command line plus the sample site.
        .executableTarget(name: "shallot", dependencies: ["ShallotCLI", "SampleSite"]),
        // Parse + environ benchmark (release builds only): scripts/bench.sh.
        .executableTarget(name: "shallot-bench", dependencies: ["Wire", "Gateway", "Framework", "SampleSite", "Templates"], path: "scripts/bench"),
        // Django template conformance (cases from scripts/django-template-cases.py).
        .executableTarget(name: "shallot-conformance", dependencies: ["Templates"], path: "scripts/conformance"),

        .testTarget(name: "GatewayTests", dependencies: ["Gateway"]),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Gateway"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Wire", "Gateway"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "FrameworkTests", dependencies: ["Framework", "Gateway", "Database", "CZlib"]),
        .testTarget(name: "DatabaseTests", dependencies: ["Database"]),
        // A raw HTTP/1.1 socket client shared by the tests that talk to a live server.
        .target(name: "HTTPTestClient", path: "Tests/HTTPTestClient"),
        .testTarget(name: "ShallotCLITests", dependencies: ["shallot", "HTTPTestClient"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Gateway", "Wire", "HTTPTestClient"]),
        .testTarget(name: "SampleSiteTests", dependencies: ["SampleSite", "Framework", "Database", "Gateway"]),
    ],
    swiftLanguageModes: [.v6]
)
