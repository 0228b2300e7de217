/// `User-Agent` → `HTTP_USER_AGENT`: the environ key of a header name. The names browsers and
/// clients send on nearly every request map to static strings, so building an environ allocates
/// no key for them; any other name is converted byte by byte.
enum CGIKey {
    /// Common request header names (lowercase) and their keys, grouped by length for lookup.
    static let common: [[(name: StaticString, key: String)]] = {
        let pairs: [(StaticString, String)] = [
            ("host", "HTTP_HOST"), ("accept", "HTTP_ACCEPT"), ("cookie", "HTTP_COOKIE"), ("origin", "HTTP_ORIGIN"),
            ("referer", "HTTP_REFERER"), ("priority", "HTTP_PRIORITY"), ("connection", "HTTP_CONNECTION"),
            ("user-agent", "HTTP_USER_AGENT"), ("keep-alive", "HTTP_KEEP_ALIVE"), ("sec-ch-ua", "HTTP_SEC_CH_UA"),
            ("authorization", "HTTP_AUTHORIZATION"), ("cache-control", "HTTP_CACHE_CONTROL"), ("if-none-match", "HTTP_IF_NONE_MATCH"),
            ("accept-encoding", "HTTP_ACCEPT_ENCODING"), ("accept-language", "HTTP_ACCEPT_LANGUAGE"),
            ("sec-fetch-dest", "HTTP_SEC_FETCH_DEST"), ("sec-fetch-mode", "HTTP_SEC_FETCH_MODE"),
            ("sec-fetch-site", "HTTP_SEC_FETCH_SITE"), ("sec-fetch-user", "HTTP_SEC_FETCH_USER"),
            ("x-requested-with", "HTTP_X_REQUESTED_WITH"), ("x-forwarded-for", "HTTP_X_FORWARDED_FOR"),
            ("x-forwarded-proto", "HTTP_X_FORWARDED_PROTO"), ("x-forwarded-host", "HTTP_X_FORWARDED_HOST"),
            ("x-csrftoken", "HTTP_X_CSRFTOKEN"), ("if-modified-since", "HTTP_IF_MODIFIED_SINCE"),
            ("sec-ch-ua-mobile", "HTTP_SEC_CH_UA_MOBILE"), ("sec-ch-ua-platform", "HTTP_SEC_CH_UA_PLATFORM"),
            ("upgrade-insecure-requests", "HTTP_UPGRADE_INSECURE_REQUESTS"), ("transfer-encoding", "HTTP_TRANSFER_ENCODING"),
            ("expect", "HTTP_EXPECT"), ("pragma", "HTTP_PRAGMA"), ("dnt", "HTTP_DNT"), ("te", "HTTP_TE"),
        ]
        var table = [[(name: StaticString, key: String)]](repeating: [], count: 32)
        for (name, key) in pairs { table[name.utf8CodeUnitCount].append((name, key)) }
        return table
    }()

    static func key(for name: UnsafeBufferPointer<UInt8>) -> String {
        if name.count < common.count {
            for candidate in common[name.count] where matches(name, candidate.name) { return candidate.key }
        }
        return String(unsafeUninitializedCapacity: name.count + 5) { out in
            out[0] = UInt8(ascii: "H"); out[1] = UInt8(ascii: "T"); out[2] = UInt8(ascii: "T")
            out[3] = UInt8(ascii: "P"); out[4] = UInt8(ascii: "_")
            for i in 0..<name.count {
                let byte = name[i]
                out[i + 5] = byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : ((97...122).contains(byte) ? byte - 32 : byte)
            }
            return name.count + 5
        }
    }

    private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        let expected = lowercase.utf8Start
        for i in 0..<name.count where name[i].asciiLowercased != expected[i] { return false }
        return true
    }
}
