/// A URLconf laid out for `resolve`, once, when the resolver is built: every view entry already
/// knows its whole route, application names and namespaces (what the include chain above it
/// would otherwise join on every request), and every entry the one-element list the resolver
/// records when it tries the entry and it does not match.
///
/// (`@unchecked Sendable`: `steps` is written in `init` only and freed in `deinit`.)
final class ResolvePlan: @unchecked Sendable {
    /// One entry of an include, with what resolving needs of it ready. A class: walking the
    /// entries then holds one reference each, not a copy of every field.
    final class Entry: Sendable {
        let pattern: URLEntry.Pattern
        /// How the entry is shown among the patterns tried.
        let display: String
        /// `[display]`, as `tried` records an entry that did not match.
        let triedAlone: [String]
        let target: Target

        init(pattern: URLEntry.Pattern, display: String, triedAlone: [String], target: Target) {
            self.pattern = pattern
            self.display = display
            self.triedAlone = triedAlone
            self.target = target
        }
    }

    enum Target: Sendable {
        case view(Leaf)
        case include(ResolvePlan)
    }

    /// A view entry with the names its include chain gives it.
    final class Leaf: Sendable {
        let view: View
        let urlName: String?
        let defaults: [String: PathValue]
        /// The route of every include above it, then its own.
        let route: String
        let appNames: [String]
        let namespaces: [String]
        /// `namespaces` joined with ":" (`ResolverMatch.namespace`, a render's current app).
        let namespace: String

        init(view: View, urlName: String?, defaults: [String: PathValue], route: String, appNames: [String], namespaces: [String]) {
            self.view = view
            self.urlName = urlName
            self.defaults = defaults
            self.route = route
            self.appNames = appNames
            self.namespaces = namespaces
            namespace = namespaces.joined(separator: ":")
        }

        /// A copy with one name changed (a `ResolverMatch` whose names are set).
        func with(view: View? = nil, urlName: String?? = nil, route: String? = nil, appNames: [String]? = nil,
                  namespaces: [String]? = nil) -> Leaf {
            Leaf(view: view ?? self.view, urlName: urlName ?? self.urlName, defaults: defaults, route: route ?? self.route,
                 appNames: appNames ?? self.appNames, namespaces: namespaces ?? self.namespaces)
        }
    }

    let entries: [Entry]

    /// One entry as `resolve` walks it: unmanaged references (`entries` owns them all), so
    /// trying an entry costs no reference counting. `route` is set for a `path()` pattern,
    /// `leaf` for a view entry, `inner` for an include.
    struct Step {
        let entry: Unmanaged<Entry>
        let route: Unmanaged<RoutePattern>?
        let leaf: Unmanaged<Leaf>?
        let inner: Unmanaged<ResolvePlan>?
    }

    /// `entries` laid out for the walk, in order.
    let steps: UnsafeMutableBufferPointer<Step>

    /// The plan of `include`, reached through routes `route` and names `appNames`, `namespaces`
    /// (those of the includes above it, outermost first).
    init(_ include: URLInclude, route: String = "", appNames: [String] = [], namespaces: [String] = []) {
        let appNames = appNames + (include.appName.map { [$0] } ?? [])
        let namespaces = namespaces + (include.namespace.map { [$0] } ?? [])
        entries = include.patterns.map { entry in
            let target: Target
            switch entry.target {
            case .view(let view, let name, let defaults):
                target = .view(Leaf(view: view, urlName: name, defaults: defaults, route: route + entry.pattern.text,
                                    appNames: appNames, namespaces: namespaces))
            case .include(let inner):
                target = .include(ResolvePlan(inner, route: route + entry.pattern.text, appNames: appNames, namespaces: namespaces))
            }
            return Entry(pattern: entry.pattern, display: entry.display, triedAlone: [entry.display], target: target)
        }
        steps = .allocate(capacity: entries.count)
        for (index, entry) in entries.enumerated() {
            var route: Unmanaged<RoutePattern>?
            if case .route(let pattern) = entry.pattern { route = .passUnretained(pattern) }
            var leaf: Unmanaged<Leaf>?, inner: Unmanaged<ResolvePlan>?
            switch entry.target {
            case .view(let view): leaf = .passUnretained(view)
            case .include(let plan): inner = .passUnretained(plan)
            }
            (steps.baseAddress! + index).initialize(to: Step(entry: .passUnretained(entry), route: route, leaf: leaf, inner: inner))
        }
    }

    deinit { steps.deallocate() }
}
