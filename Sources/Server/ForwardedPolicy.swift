import Wire

/// `--forwarded-allow-ips`: which peers (a reverse proxy) may say who the client is.
///
/// Only from a trusted peer is `X-Forwarded-For` taken for REMOTE_ADDR (the right-most address
/// that is not itself a trusted proxy) and `X-Forwarded-Proto` for `wsgi.url_scheme`; from anyone
/// else both headers are ignored, so a client cannot pose as another address or as HTTPS.
struct ForwardedPolicy: Sendable {
    let allowed: Set<String>
    let any: Bool

    init(allowed: [String]) {
        self.allowed = Set(allowed.map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty })
        any = self.allowed.contains("*")
    }

    func trusts(_ peer: String) -> Bool { any || allowed.contains(peer) }

    /// The client address and scheme for a request from `peer` (`peerTrusted`: ``trusts(_:)``,
    /// decided once per connection).
    func resolve(peer: String, peerTrusted: Bool, headers: HeaderFields, scheme: String) -> (address: String, scheme: String) {
        guard peerTrusted, headers.contains("X-Forwarded-For") || headers.contains("X-Forwarded-Proto") else { return (peer, scheme) }
        var address = peer
        var scheme = scheme
        let hops = headers.values(of: "X-Forwarded-For").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        if let client = hops.last(where: { !trusts($0) }) ?? hops.first {
            address = client
        }
        if let proto = headers.first("X-Forwarded-Proto")?.split(separator: ",").first?.trimmingCharacters(in: " \t").lowercased(),
           proto == "https" || proto == "http" {
            scheme = proto
        }
        return (address, scheme)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
