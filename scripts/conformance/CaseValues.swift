import Foundation
import Templates

/// Turns the JSON of a recorded context (see scripts/django-template-cases.py) into template
/// values: objects with a "$type" key become what they stand for, other objects ordered
/// dictionaries, arrays lists.
enum CaseValues {
    /// The engine of the case being decoded, which compiles the templates a context holds.
    nonisolated(unsafe) static var engine: Engine?

    /// A context value from its JSON form.
    static func decode(_ json: Any?) -> Any? {
        switch Value.unwrap(json) {
        case let array as [Any]:
            return array.map { boxed(decode($0)) }
        case let object as TemplateDictionary:
            if let type = object["$type"] as? String { return marker(type, object) }
            var dictionary = TemplateDictionary()
            for (key, value) in object.items { dictionary[key] = boxed(decode(value)) }
            return dictionary
        case let other:
            return other
        }
    }

    /// A decoded value to store: the value itself, not an Optional holding it (a nil stays a
    /// stored nil, Python's None).
    static func boxed(_ value: Any?) -> Any {
        if let value = Value.unwrap(value) { return value }
        return Optional<Any>.none as Any
    }

    /// The top level of a context: a plain dictionary, as `Context` takes.
    static func context(_ json: Any?) -> [String: Any] {
        guard let object = Value.unwrap(json) as? TemplateDictionary else { return [:] }
        var values: [String: Any] = [:]
        for (key, value) in object.items { values[key] = boxed(decode(value)) }
        return values
    }

    static func marker(_ type: String, _ object: TemplateDictionary) -> Any? {
        switch type {
        case "safe": return SafeString(object["value"] as? String ?? "")
        case "lazy": return object["value"] as? String ?? ""
        case "tuple", "range": return decode(object["items"])
        case "float":
            switch object["repr"] as? String {
            case "inf": return Double.infinity
            case "-inf": return -Double.infinity
            default: return Double.nan
            }
        case "decimal": return Decimal(string: object["value"] as? String ?? "0")
        case "date", "datetime", "time": return dateComponents(type, object["iso"] as? String ?? "")
        case "timedelta": return Value.number(object["seconds"])
        case "dict":
            // Keys become text; a str key wins over another that prints the same, as Django's
            // lookup tries the str key first.
            var dictionary = TemplateDictionary()
            let pairs = ((object["items"] as? [Any]) ?? []).compactMap { $0 as? [Any] }.filter { $0.count == 2 }
            for pair in pairs.sorted(by: { ($0[0] is String ? 1 : 0) < ($1[0] is String ? 1 : 0) }) {
                dictionary[Value.string(decode(pair[0]))] = boxed(decode(pair[1]))
            }
            return dictionary
        case "object": return Helpers.make(object["class"] as? String ?? "")
        case "callable":
            let returned = decode(object["returns"])
            return TemplateCallable { returned }
        case "template":
            return try? engine?.fromString(object["source"] as? String ?? "")
        case "querydict":
            let pairs = ((object["items"] as? [Any]) ?? []).compactMap { $0 as? [Any] }.map { pair in
                (Value.string(pair.first), ((pair.last as? [Any]) ?? []).map { Value.unwrap($0) })
            }
            // A QueryDict a test filled with None is its lists() as a dictionary of lists, which
            // {% querystring %} reads the same way.
            if pairs.contains(where: { $0.1.contains { !($0 is String) } }) {
                return TemplateDictionary(pairs.map { ($0.0, $0.1.map { boxed($0) }) })
            }
            return Helpers.QueryDict(queryItems: pairs.map { ($0.0, $0.1.map { Value.string($0) }) })
        case "request":
            // Django's {% url %} takes request.current_app when the request has one (even None),
            // else its resolver match's namespace.
            let namespace = object["namespace"] as? String
            let currentApp = object.keys.contains("current_app") ? object["current_app"] as? String : namespace
            return Helpers.Request(GET: decode(object["GET"]) as? Helpers.QueryDict ?? Helpers.QueryDict(queryItems: []),
                                   current_app: currentApp, namespace: namespace)
        default: return nil
        }
    }

    /// Python's isoformat() of a date, time or datetime as DateComponents, with the zone of
    /// an aware value.
    static func dateComponents(_ type: String, _ iso: String) -> DateComponents {
        var components = DateComponents()
        var rest = Substring(iso)
        if type != "time" {
            let date = rest.prefix(10).split(separator: "-").compactMap { Int($0) }
            if date.count == 3 { (components.year, components.month, components.day) = (date[0], date[1], date[2]) }
            rest = rest.dropFirst(11)
        }
        guard type != "date" else { return components }
        var zone: Substring = ""
        if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = rest[sign...]
            rest = rest[..<sign]
        }
        let time = rest.split(separator: ":")
        if time.count >= 2 {
            components.hour = Int(time[0])
            components.minute = Int(time[1])
            if time.count == 3 {
                let seconds = time[2].split(separator: ".")
                components.second = Int(seconds[0])
                if seconds.count == 2, let micro = Int(seconds[1]) { components.nanosecond = micro * 1000 }
            }
        }
        if !zone.isEmpty {
            let parts = zone.dropFirst().split(separator: ":").compactMap { Int($0) }
            let seconds = (parts.first ?? 0) * 3600 + (parts.count > 1 ? parts[1] * 60 : 0)
            components.timeZone = TimeZone(secondsFromGMT: zone.first == "-" ? -seconds : seconds)
        }
        return components
    }
}
