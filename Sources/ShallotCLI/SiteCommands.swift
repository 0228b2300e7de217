import ArgumentParser
import Console
import Framework
import Gateway

/// What the site-aware subcommands share: settings overridden by their Django names.
struct SiteOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a setting by its Django name: DEBUG=False, ALLOWED_HOSTS=a.com,b.com.", valueName: "NAME=VALUE"))
    var overrides: [String] = []

    /// The site with the overrides applied; an unknown setting or a bad value is a usage error.
    func apply(to site: Framework.Site) throws -> Framework.Site {
        var site = site
        for override in overrides {
            guard let eq = override.firstIndex(of: "="), eq != override.startIndex else {
                throw CommandFailure(message: "--set takes NAME=VALUE, got \(override.debugDescription)")
            }
            do {
                try site.settings.set(String(override[..<eq]), String(override[override.index(after: eq)...]))
            } catch let error as Settings.UnknownSetting {
                throw CommandFailure(message: "--set: \(error.message)")
            }
        }
        return site
    }

    /// The site's WSGI callable; a site that cannot start is exit status 6.
    func application(for site: Framework.Site) throws -> Application {
        do {
            return try Handler(site: apply(to: site)).application
        } catch let error as ImproperlyConfigured {
            throw CommandFailure(message: "ImproperlyConfigured: \(error.message) (run `shallot check` for every problem)", status: .configuration)
        }
    }
}

/// `shallot routes`: every URL pattern of the site with its name and view.
struct RoutesCommand: SiteCommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "List every URL pattern of the site with its name and view.")

    @Option(help: "Colour: auto, always, never.") var color: ColorChoice = .auto

    func run(site: Framework.Site) throws -> ExitStatus {
        let style = color.style
        let routes = site.urls.routes
        let width = min(48, routes.map { $0.route.count + 1 }.max() ?? 1)
        let nameWidth = min(28, routes.map { ($0.name ?? "").count }.max() ?? 0)
        var out = ""
        for route in routes {
            let shown = "/" + route.route
            out += style.bold(shown.padding(width)) + "  " + style.cyan((route.name ?? "").padding(nameWidth)) + "  " + route.view + "\n"
        }
        TextOutput.standardOutput.write(out)
        return .success
    }
}

/// `shallot check`: Django's system checks for the site; errors are exit status 6.
struct CheckCommand: SiteCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the site's settings and URL patterns as Django's system checks do (--deploy adds the deployment checks).")

    @Flag(help: "Also run the checks for a deployed site (SECRET_KEY, DEBUG, HSTS, SSL redirect).") var deploy = false
    @OptionGroup var siteOptions: SiteOptions

    func run(site: Framework.Site) throws -> ExitStatus {
        let messages = SystemChecks.run(try siteOptions.apply(to: site), deploy: deploy)
        let report = SystemChecks.report(messages)
        let hasErrors = messages.contains { $0.level == .error }
        (hasErrors ? TextOutput.standardError : TextOutput.standardOutput).write(report)
        return hasErrors ? .configuration : .success
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
