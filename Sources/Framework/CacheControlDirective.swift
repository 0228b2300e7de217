/// One Cache-Control directive, as a keyword argument to Django's `cache_control` /
/// `patch_cache_control` gives it: `max_age=3600` is `.maxAge(3600)`, `private=True` is
/// `.private`, `no_cache="Set-Cookie"` is `.noCacheField("Set-Cookie")`. Directives are
/// written in the order given, as Python keeps keyword order. `patchCacheControl`,
/// `patchResponseHeaders`, `addNeverCacheHeaders` and the `cacheControl` decorator all take it.
public enum CacheControlDirective: Sendable, Hashable {
    case maxAge(Int)
    case sMaxAge(Int)
    case staleWhileRevalidate(Int)
    case staleIfError(Int)
    case `public`
    case `private`
    /// `no_cache=True`: bare `no-cache`, which takes precedence over field names.
    case noCache
    /// `no_cache="Set-Cookie"`: `no-cache=Set-Cookie`; several may be given.
    case noCacheField(String)
    case noStore
    case noTransform
    case mustRevalidate
    case proxyRevalidate
    case mustUnderstand
    case immutable
    /// Any other keyword: underscores become hyphens; a nil value writes the bare name (`True`).
    case custom(String, String?)

    /// The directive's name in the header (`max-age`) and its value, nil for a bare name.
    public var nameAndValue: (name: String, value: String?) {
        switch self {
        case .maxAge(let seconds): ("max-age", String(seconds))
        case .sMaxAge(let seconds): ("s-maxage", String(seconds))
        case .staleWhileRevalidate(let seconds): ("stale-while-revalidate", String(seconds))
        case .staleIfError(let seconds): ("stale-if-error", String(seconds))
        case .public: ("public", nil)
        case .private: ("private", nil)
        case .noCache: ("no-cache", nil)
        case .noCacheField(let field): ("no-cache", field)
        case .noStore: ("no-store", nil)
        case .noTransform: ("no-transform", nil)
        case .mustRevalidate: ("must-revalidate", nil)
        case .proxyRevalidate: ("proxy-revalidate", nil)
        case .mustUnderstand: ("must-understand", nil)
        case .immutable: ("immutable", nil)
        case .custom(let name, let value): (name.replacingOccurrences(of: "_", with: "-"), value)
        }
    }
}
