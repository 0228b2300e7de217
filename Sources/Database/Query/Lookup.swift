/// A comparison a filter applies to a field (Django's built-in lookups): the last part of
/// `pub_date__lte`. `exact` when none is named.
public enum Lookup: String, Sendable, CaseIterable {
    case exact, iexact
    case contains, icontains
    case startswith, istartswith, endswith, iendswith
    case gt, gte, lt, lte
    case `in`, isnull, range
}

extension OperandValue {
    /// Values shaped as the column stores them: a `Date` compared with a DateField is its day.
    func prepared(for kind: FieldKind) -> OperandValue {
        guard kind == .date else { return self }
        func day(_ value: SQLValue) -> SQLValue {
            guard case .text(let text) = value, text.utf8.count > 10, let date = DateCoding.parse(text) else { return value }
            return .text(DateCoding.dateString(date))
        }
        switch self {
        case .value(let value): return .value(day(value))
        case .list(let values): return .list(values.map(day))
        case .range(let low, let high): return .range(day(low), day(high))
        case .expression: return self
        }
    }
}

extension QueryCompiler {
    /// The SQL for one lookup (`question__pub_date__lte`, value): resolves the path (joining as
    /// needed), applies transforms (`year`), then the lookup with its value bound as a parameter.
    mutating func compileLookup(_ path: String, _ value: any Operand, leaf: Int = -1, negated: Bool,
                                into parameters: inout [SQLValue]) throws -> (sql: String, aggregate: Bool) {
        let parts = lookupParts(path)
        let target = try resolve(parts)
        var column = target.column
        var rest = target.rest
        if let first = rest.first, let part = DatePart(rawValue: first) {
            guard case .some(let kind) = target.field?.kind, kind == .date || kind == .dateTime else {
                throw FieldError("Unsupported lookup '\(first)' for \(target.field?.kind.djangoName ?? "annotation") or join on the field not permitted.")
            }
            column = dialect.extract(part, from: column)
            rest.removeFirst()
        }
        guard rest.count <= 1 else {
            throw FieldError("Unsupported lookup '\(rest.joined(separator: "__"))' for \(target.field?.kind.djangoName ?? "annotation") or join on the field not permitted.")
        }
        let lookupName = rest.first ?? "exact"
        guard let lookup = Lookup(rawValue: lookupName) else {
            throw FieldError("Unsupported lookup '\(lookupName)' for \(target.field?.kind.djangoName ?? "annotation") or join on the field not permitted.")
        }
        var operand = try value.operand()
        var day = false
        if rest.count == target.rest.count, let kind = target.field?.kind {
            operand = operand.prepared(for: kind)
            day = kind == .date
        }
        // Records where a bound value came from (see `parameterSources`).
        func source(_ pattern: Lookup? = nil) {
            if leaf >= 0 { parameterSources?.append(ParameterSource(leaf: leaf, day: day, pattern: pattern, path: path)) }
            else { parameterSources = nil }
        }
        var sql: String
        func one() throws -> String {
            switch operand {
            case .value(let value):
                source()
                parameters.append(value)
                return dialect.placeholder(parameters.count)
            case .expression(let expression):
                parameterSources = nil
                return try self.expression(expression, into: &parameters)
            default:
                throw QueryUsageError("The '\(lookup.rawValue)' lookup of '\(path)' takes a single value")
            }
        }
        switch lookup {
        case .exact:
            if case .value(let value) = operand, value.isNull {
                return ("\(column) IS NULL", target.aggregate)
            } else {
                sql = "\(column) = \(try one())"
            }
        case .gt: sql = "\(column) > \(try one())"
        case .gte: sql = "\(column) >= \(try one())"
        case .lt: sql = "\(column) < \(try one())"
        case .lte: sql = "\(column) <= \(try one())"
        case .isnull:
            guard case .value(let flag) = operand, let isNull = try? Bool(sqlValue: flag) else {
                throw QueryUsageError("The 'isnull' lookup of '\(path)' takes true or false")
            }
            sql = isNull ? "\(column) IS NULL" : "\(column) IS NOT NULL"
            parameterSources = nil
            return (sql, target.aggregate)
        case .in:
            guard case .list(let values) = operand else {
                throw QueryUsageError("The 'in' lookup of '\(path)' takes an array or set of values")
            }
            parameterSources = nil
            let present = values.filter { !$0.isNull }
            if present.isEmpty {
                sql = "0 = 1"
            } else {
                var placeholders: [String] = []
                for value in present {
                    parameters.append(value)
                    placeholders.append(dialect.placeholder(parameters.count))
                }
                sql = "\(column) IN (\(placeholders.joined(separator: ", ")))"
            }
        case .range:
            guard case .range(let low, let high) = operand else {
                throw QueryUsageError("The 'range' lookup of '\(path)' takes a closed range (low...high)")
            }
            parameterSources = nil
            parameters.append(low)
            let lowPlaceholder = dialect.placeholder(parameters.count)
            parameters.append(high)
            sql = "\(column) BETWEEN \(lowPlaceholder) AND \(dialect.placeholder(parameters.count))"
        default:
            guard case .value(let value) = operand else {
                throw QueryUsageError("The '\(lookup.rawValue)' lookup of '\(path)' takes a single value")
            }
            let pattern = try ParameterSource.pattern(lookup, of: value, path: path, dialect)
            source(lookup)
            parameters.append(pattern)
            sql = dialect.patternSQL(lookup, column: column, placeholder: dialect.placeholder(parameters.count))
        }
        // Django's exclude() keeps rows whose column is NULL: NOT (col = x) alone would drop them.
        if negated && target.nullable {
            sql = "(\(sql) AND \(target.column) IS NOT NULL)"
        }
        return (sql, target.aggregate)
    }

    /// The SQL for an `F` expression, its field paths resolved and its values bound.
    mutating func expression(_ expression: Expression, into parameters: inout [SQLValue]) throws -> String {
        switch expression {
        case .value(let value):
            parameters.append(value)
            return dialect.placeholder(parameters.count)
        case .field(let name):
            let parts = lookupParts(name)
            let target = try resolve(parts)
            guard target.rest.isEmpty else {
                throw FieldError("Cannot resolve expression '\(name)': '\(target.rest.joined(separator: "__"))' is not a field")
            }
            return target.column
        case .binary(let lhs, let op, let rhs):
            let left = try self.expression(lhs, into: &parameters)
            let right = try self.expression(rhs, into: &parameters)
            return "(\(left) \(op.rawValue) \(right))"
        }
    }
}

/// A lookup path's parts (`question__pub_date__year` → `question`, `pub_date`, `year`), split
/// at each `__` from the left as `split(separator: "__")` does, without the generic collection
/// search (paths are split for every filter and ordering of every query).
func lookupParts(_ path: String) -> [String] {
    let bytes = Array(path.utf8)
    var parts: [String] = []
    var start = 0
    var index = 0
    while index + 1 < bytes.count {
        if bytes[index] == UInt8(ascii: "_") && bytes[index + 1] == UInt8(ascii: "_") {
            parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            index += 2
            start = index
        } else {
            index += 1
        }
    }
    parts.append(String(decoding: bytes[start...], as: UTF8.self))
    return parts
}
