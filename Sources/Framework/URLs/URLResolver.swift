import Synchronization

/// The root URL resolver of a site (Django's `get_resolver()`): resolves a request's path to a
/// view and its arguments, and reverses a view name back to a path.
public struct URLResolver: Sendable {
    let root: URLInclude
    /// The URLconf laid out for resolving, built once.
    private let plan: ResolvePlan
    /// The pattern chains found for a view name and current app, kept as Django keeps its
    /// reverse dictionary: the URLconf never changes once built. (A template's reverser holds
    /// it, one reference, to find a plan without copying the resolver.)
    let reverseCache = ReverseCache()

    public init(_ urlpatterns: [URLEntry]) {
        root = URLInclude(patterns: urlpatterns, appName: nil, namespace: nil)
        plan = ResolvePlan(root)
    }

    /// `resolve(path)`: the match for a PATH_INFO such as "/polls/3/", or Resolver404.
    ///
    /// The patterns tried before the match (`ResolverMatch.tried`) are listed when asked for:
    /// the walk is the same every time for a path, and a request seldom asks.
    public func resolve(_ pathInfo: String) throws -> ResolverMatch {
        var tried: [[String]] = []
        guard let (leaf, arguments) = Self.resolve(plan, pathInfo, record: false, &tried) else {
            _ = Self.resolve(plan, pathInfo, record: true, &tried)
            throw Resolver404(path: pathInfo.utf8.first == UInt8(ascii: "/") ? String(pathInfo.dropFirst()) : pathInfo, tried: tried)
        }
        return ResolverMatch(entry: leaf, arguments: arguments, tried: TriedPatterns.onDemand(plan, pathInfo))
    }

    /// The namespaces (`ResolverMatch.namespace`) of the URLconf's views, each once, in order.
    var viewNamespaces: [String] {
        var found: [String] = []
        func walk(_ plan: ResolvePlan) {
            for entry in plan.entries {
                switch entry.target {
                case .view(let leaf): if !found.contains(leaf.namespace) { found.append(leaf.namespace) }
                case .include(let inner): walk(inner)
                }
            }
        }
        walk(plan)
        return found
    }

    /// The patterns tried before `pathInfo` matched (or all of them when it does not).
    static func tried(_ plan: ResolvePlan, _ pathInfo: String) -> [[String]] {
        var tried: [[String]] = []
        _ = resolve(plan, pathInfo, record: true, &tried)
        return tried
    }

    /// The view entry `pathInfo` resolves to and its arguments; with `record`, every pattern
    /// tried before into `tried`.
    private static func resolve(_ plan: ResolvePlan, _ pathInfo: String, record: Bool, _ tried: inout [[String]]) -> (ResolvePlan.Leaf, ViewArguments)? {
        func walk(_ path: UnsafeBufferPointer<UInt8>) -> (ResolvePlan.Leaf, ViewArguments)? {
            // The root resolver's own pattern is "^/".
            guard path.first == UInt8(ascii: "/") else { return nil }
            return resolve(plan, path, from: 1, record: record, &tried)
        }
        return pathInfo.utf8.withContiguousStorageIfAvailable(walk) ?? Array(pathInfo.utf8).withUnsafeBufferPointer(walk)
    }

    /// Django's URLResolver.resolve over an include: the first entry that matches wins; an
    /// include's match takes the arguments its own prefix captured; every entry tried before is
    /// recorded (when `record`), those inside an include after the include's own pattern.
    private static func resolve(_ include: ResolvePlan, _ path: UnsafeBufferPointer<UInt8>, from start: Int, record: Bool,
                                _ tried: inout [[String]]) -> (ResolvePlan.Leaf, ViewArguments)? {
        // The entries' unmanaged steps: the plan keeps every entry, pattern and inner plan alive.
        let steps = include.steps
        for index in steps.indices {
            let step = steps[index]
            let matched = if let route = step.route {
                route._withUnsafeGuaranteedRef { $0.match(path, from: start) }
            } else {
                step.entry._withUnsafeGuaranteedRef { $0.pattern.match(path, from: start) }
            }
            guard let (end, captured) = matched else {
                if record { tried.append(step.entry.takeUnretainedValue().triedAlone) }
                continue
            }
            if let leaf = step.leaf {
                let leaf = leaf.takeUnretainedValue()
                var arguments = captured
                if !leaf.defaults.isEmpty { arguments.named.merge(leaf.defaults) { _, fixed in fixed } }
                return (leaf, arguments)
            }
            guard let inner = step.inner else { continue }
            var innerTried: [[String]] = []
            if case (let leaf, var arguments)? = inner._withUnsafeGuaranteedRef({ resolve($0, path, from: end, record: record, &innerTried) }) {
                if !innerTried.isEmpty { tried += innerTried.map { [step.entry.takeUnretainedValue().display] + $0 } }
                // Arguments captured by the prefix join those of the inner pattern.
                if captured.hasNamed { arguments.named.merge(captured.named) { innerValue, _ in innerValue } }
                if !arguments.hasNamed && !captured.positional.isEmpty { arguments.positional = captured.positional + arguments.positional }
                return (leaf, arguments)
            }
            if record {
                let entry = step.entry.takeUnretainedValue()
                tried += innerTried.isEmpty ? [entry.triedAlone] : innerTried.map { [entry.display] + $0 }
            }
        }
        return nil
    }

    /// `reverse(viewname, args, kwargs)`: the path of a named pattern ("polls:detail"), prefixed
    /// with the script prefix ("/" unless the site is mounted under a SCRIPT_NAME).
    public func reverse(_ viewName: String, args: [PathValue] = [], kwargs: [String: PathValue] = [:],
                        currentApp: String? = nil, scriptPrefix: String = "/") throws -> String {
        let key = ReverseCache.Key(viewName: viewName, currentApp: currentApp)
        let plan: ReversePlan
        if let known = reverseCache.plan(key) {
            plan = known
        } else {
            plan = ReversePlan(try self.chains(viewName, currentApp: currentApp))
            reverseCache.store(key, plan)
        }
        if kwargs.isEmpty, let positional = plan.positional {
            if let built = ReversePlan.build(positional, args, scriptPrefix: scriptPrefix) { return built }
        } else {
            for chain in plan.chains {
                if let built = Self.build(chain, args: args, kwargs: kwargs) {
                    return scriptPrefix + Self.quote(built)
                }
            }
        }
        throw Self.noReverseMatch(viewName, args: args, kwargs: kwargs)
    }

    private static func noReverseMatch(_ viewName: String, args: [PathValue], kwargs: [String: PathValue]) -> NoReverseMatch {
        let name = viewName.split(separator: ":").last.map(String.init) ?? viewName
        let arguments = args.isEmpty && kwargs.isEmpty ? "no arguments"
            : !args.isEmpty ? "arguments '(\(args.map { "'\($0)'" }.joined(separator: ", ")),)'"
            : "keyword arguments '{\(kwargs.sorted { $0.key < $1.key }.map { "'\($0.key)': '\($0.value)'" }.joined(separator: ", "))}'"
        return NoReverseMatch(message: "Reverse for '\(name)' with \(arguments) not found.")
    }

    /// The chains of patterns (include prefixes, then the named pattern) a view name may reverse
    /// to, in the order they are tried; throws when a namespace is unknown.
    private func chains(_ viewName: String, currentApp: String?) throws -> [[URLEntry.Pattern]] {
        var namespaces = viewName.split(separator: ":").map(String.init)
        let name = namespaces.removeLast()
        var candidates: [(prefix: [URLEntry.Pattern], include: URLInclude)] = [([], root)]
        var resolvedPath: [String] = []
        for namespace in namespaces {
            var next: [(prefix: [URLEntry.Pattern], include: URLInclude)] = []
            for (prefix, include) in candidates {
                let children = Self.includes(in: include)
                // As Django: an application namespace picks the current app's instance, else its
                // default instance (namespace == app name), else the last one deployed; a name
                // that is no application's is an instance namespace.
                let instances = children.filter { $0.include.appName == namespace }
                if let chosen = instances.first(where: { currentApp != nil && $0.include.namespace == currentApp })
                    ?? instances.first(where: { $0.include.namespace == namespace }) ?? instances.last {
                    next.append((prefix + chosen.prefix, chosen.include))
                } else if let exact = children.last(where: { $0.include.namespace == namespace }) {
                    next.append((prefix + exact.prefix, exact.include))
                }
            }
            guard !next.isEmpty else {
                throw NoReverseMatch(message: resolvedPath.isEmpty
                    ? "'\(namespace)' is not a registered namespace"
                    : "'\(namespace)' is not a registered namespace inside '\(resolvedPath.joined(separator: ":"))'")
            }
            resolvedPath.append(namespace)
            candidates = next
        }
        return candidates.flatMap { prefix, include in
            Self.named(name, in: include).map { patterns, entry in prefix + patterns + [entry.pattern] }
        }
    }

    /// Includes reachable from `include` without entering another namespace, with their prefixes.
    private static func includes(in include: URLInclude) -> [(prefix: [URLEntry.Pattern], include: URLInclude)] {
        include.patterns.flatMap { entry -> [(prefix: [URLEntry.Pattern], include: URLInclude)] in
            guard case .include(let inner) = entry.target else { return [] }
            if inner.namespace != nil { return [([entry.pattern], inner)] }
            return includes(in: inner).map { ([entry.pattern] + $0.prefix, $0.include) }
        }
    }

    /// The path of a chain of patterns (include prefixes, then the named one): every parameter
    /// of the chain must be given, and no other.
    private static func build(_ chain: [URLEntry.Pattern], args: [PathValue], kwargs: [String: PathValue]) -> String? {
        if kwargs.isEmpty {
            // Positional arguments only (the common `{% url 'polls:detail' question.id %}`).
            var out = ""
            for (index, pattern) in chain.enumerated() {
                guard let piece = pattern.reverse([:], index == chain.count - 1 ? args : []) else { return nil }
                out += piece
            }
            return out
        }
        var used = Set<String>()
        var out = ""
        for (index, pattern) in chain.enumerated() {
            let names = pattern.parameterNames
            let mine = kwargs.filter { names.contains($0.key) }
            used.formUnion(mine.keys)
            guard let piece = pattern.reverse(mine, index == chain.count - 1 ? args : []) else { return nil }
            out += piece
        }
        return used == Set(kwargs.keys) ? out : nil
    }

    /// Patterns named `name` in `include` (not inside a nested namespace), with their prefixes.
    private static func named(_ name: String, in include: URLInclude) -> [([URLEntry.Pattern], URLEntry)] {
        include.patterns.flatMap { entry -> [([URLEntry.Pattern], URLEntry)] in
            switch entry.target {
            case .view(_, let entryName, _): return entryName == name ? [([], entry)] : []
            case .include(let inner):
                guard inner.namespace == nil else { return [] }
                return named(name, in: inner).map { ([entry.pattern] + $0.0, $0.1) }
            }
        }
    }

    /// Django quotes reversed paths, keeping the characters a path may hold.
    static func quote(_ path: String) -> String {
        let safe = safeInPath
        // Most paths need no quoting: return them as they are.
        if path.utf8.allSatisfy({ safe[Int($0)] }) { return path }
        var out = ""
        for byte in path.utf8 {
            if safe[Int(byte)] { out.unicodeScalars.append(Unicode.Scalar(byte)) }
            else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }

    /// The bytes `quote` keeps, by value.
    private static let safeInPath: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/!$&'()*+,;=:@%".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Every pattern with its whole route, name and view, outermost first: `shallot routes`.
    public var routes: [(route: String, name: String?, view: String)] { Self.routes(root, prefix: "", namespaces: []) }

    private static func routes(_ include: URLInclude, prefix: String, namespaces: [String]) -> [(route: String, name: String?, view: String)] {
        include.patterns.flatMap { entry -> [(route: String, name: String?, view: String)] in
            switch entry.target {
            case .view(let view, let name, _):
                return [(prefix + entry.pattern.text, name.map { (namespaces + [$0]).joined(separator: ":") }, view.name)]
            case .include(let inner):
                return routes(inner, prefix: prefix + entry.pattern.text, namespaces: namespaces + (inner.namespace.map { [$0] } ?? []))
            }
        }
    }

    /// Patterns that cannot work (a bad converter, an invalid regular expression): `shallot check`.
    public var problems: [String] { Self.problems(root) }

    private static func problems(_ include: URLInclude) -> [String] {
        include.patterns.flatMap { entry -> [String] in
            var found = entry.pattern.problem.map { [$0] } ?? []
            if case .include(let inner) = entry.target { found += problems(inner) }
            return found
        }
    }
}

extension HTTPRequest {
    /// `reverse()` against the site's URLconf, under this request's script prefix.
    public func reverse(_ viewName: String, args: [PathValue] = [], kwargs: [String: PathValue] = [:]) throws -> String {
        guard let urls else { throw NoReverseMatch(message: "no URLconf: the request did not come through a handler") }
        var prefix = scriptName
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return try urls.reverse(viewName, args: args, kwargs: kwargs, currentApp: resolverMatch?.namespace, scriptPrefix: prefix + "/")
    }
}

/// Reverse lookups already resolved, by view name and current app: their precompiled plans.
/// The plan found last is kept aside too: a page reversing the same name again (a link per
/// row) finds it by comparing the name, with no lock and no hashing.
final class ReverseCache: Sendable {
    struct Key: Hashable, Sendable {
        let viewName: String
        let currentApp: String?
    }

    /// A key and its plan, as the dictionary keeps them (never removed while the cache lives).
    final class Entry: Sendable {
        let key: Key
        let plan: ReversePlan
        /// The plan's positional chains, unretained (the plan keeps them alive): lent to a
        /// `{% url %}` with no reference counting.
        let positional: Unmanaged<ReversePlan.Chains>?
        init(_ key: Key, _ plan: ReversePlan) {
            self.key = key
            self.plan = plan
            positional = plan.positional.map { Unmanaged.passUnretained($0) }
        }
    }

    private let known = Mutex<[Key: Entry]>([:])
    /// The entry found or stored last, unretained (`known` keeps it alive), 0 for none.
    private let last = Atomic<UInt>(0)

    func plan(_ key: Key) -> ReversePlan? {
        if let hit = lastPlan(viewName: key.viewName, currentApp: key.currentApp) { return hit }
        guard let entry = known.withLock({ $0[key] }) else { return nil }
        last.store(UInt(bitPattern: Unmanaged.passUnretained(entry).toOpaque()), ordering: .releasing)
        return entry.plan
    }

    /// The plan found or stored last when it is the one for `viewName` and `currentApp`
    /// (compared, with no key made): nil otherwise, the caller then takes the general way.
    @inline(__always) func lastPlan(viewName: String, currentApp: String?) -> ReversePlan? {
        withLast(viewName, currentApp) { $0.plan }
    }

    /// `body` given the positional chains of the plan found or stored last, when it is the one
    /// for `viewName` and `currentApp` and has such chains (lent, not retained: the cache keeps
    /// its entries while it lives); nil otherwise.
    @inline(__always) func withLastPositional<R>(viewName: String, currentApp: String?, _ body: (ReversePlan.Chains) -> R?) -> R? {
        withLast(viewName, currentApp) { entry in entry.positional.flatMap { $0._withUnsafeGuaranteedRef(body) } }
    }

    /// `body` given the entry found or stored last (lent, not retained) when its key is
    /// `viewName` and `currentApp`; nil otherwise.
    @inline(__always) private func withLast<R>(_ viewName: String, _ currentApp: String?, _ body: (Entry) -> R?) -> R? {
        let bits = last.load(ordering: .acquiring)
        guard bits != 0 else { return nil }
        return Unmanaged<Entry>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)._withUnsafeGuaranteedRef { entry -> R? in
            entry.key.viewName == viewName && entry.key.currentApp == currentApp ? body(entry) : nil
        }
    }

    func store(_ key: Key, _ plan: ReversePlan) {
        known.withLock { if $0.count < 10_000, $0[key] == nil { $0[key] = Entry(key, plan) } }
    }
}
