/// Writes a migration as Swift source (Django's `MigrationWriter`): what `makemigrations` saves
/// in an app's migrations folder, a value that declares the same operations.
extension Migration {
    /// The migration as a Swift expression, formatted one operation and one field per line.
    public var swiftSource: String {
        var lines = ["Migration(app: \(SwiftLiteral.string(app)), name: \(SwiftLiteral.string(name)), operations: ["]
        for operation in operations { lines.append("    " + SwiftLiteral.operation(operation) + ",") }
        lines.append("])")
        return lines.joined(separator: "\n")
    }
}

/// Swift literal syntax for migration values.
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func strings(_ list: [String]) -> String { "[" + list.map(string).joined(separator: ", ") + "]" }

    static func value(_ value: SQLValue) -> String {
        switch value {
        case .null: return ".null"
        case .integer(let number): return ".integer(\(number))"
        case .real(let number): return ".real(\(number))"
        case .text(let text): return ".text(\(string(text)))"
        case .blob(let bytes): return ".blob([\(bytes.map(String.init).joined(separator: ", "))])"
        }
    }

    static func kind(_ kind: FieldKind) -> String {
        switch kind {
        case .autoField: return ".autoField"
        case .bigAutoField: return ".bigAutoField"
        case .char(let maxLength): return ".char(maxLength: \(maxLength))"
        case .text: return ".text"
        case .integer: return ".integer"
        case .bigInteger: return ".bigInteger"
        case .float: return ".float"
        case .decimal(let digits, let places): return ".decimal(maxDigits: \(digits), decimalPlaces: \(places))"
        case .boolean: return ".boolean"
        case .date: return ".date"
        case .dateTime: return ".dateTime"
        case .uuid: return ".uuid"
        case .json: return ".json"
        case .binary: return ".binary"
        case .foreignKey(let target, let onDelete):
            let action = onDelete == .cascade ? ".cascade" : onDelete == .protect ? ".protect" : ".setNull"
            return ".foreignKey(to: RelatedModel(\(string(target.name))), onDelete: \(action))"
        }
    }

    static func field(_ field: FieldInfo) -> String {
        var options: [String] = []
        if field.null && !field.primaryKey { options.append(".null") }
        if field.blank { options.append(".blank") }
        if field.primaryKey && !field.kind.isAuto { options.append(".primaryKey") }
        if field.unique && !field.primaryKey { options.append(".unique") }
        if field.dbIndex { options.append(".dbIndex") }
        if let initial = field.defaultValue { options.append(".default(\(value(initial)))") }
        if !field.choices.isEmpty {
            let choices = field.choices.map { "FieldChoice(SQLValue\(value($0.value)), \(string($0.label)))" }
            options.append(".choices([\(choices.joined(separator: ", "))])")
        }
        if field.autoNow { options.append(".autoNow") }
        if field.autoNowAdd { options.append(".autoNowAdd") }
        if let verboseName = field.verboseName { options.append(".verboseName(\(string(verboseName)))") }
        var text = "FieldInfo(name: \(string(field.name)), "
        if field.column != field.name { text += "column: \(string(field.column)), " }
        text += "kind: \(kind(field.kind))"
        if !options.isEmpty { text += ", options: [\(options.joined(separator: ", "))]" }
        return text + ")"
    }

    static func index(_ index: Index) -> String {
        "Index(fields: \(strings(index.fields)), name: \(string(index.name))\(index.unique ? ", unique: true" : ""))"
    }

    static func operation(_ operation: Operation) -> String {
        switch operation {
        case .createModel(let model):
            var text = ".createModel(ModelState(name: \(string(model.name)), table: \(string(model.table)), fields: [\n"
            text += model.fields.map { "        " + field($0) + ",\n" }.joined()
            text += "    ]"
            if !model.indexes.isEmpty { text += ", indexes: [" + model.indexes.map(index).joined(separator: ", ") + "]" }
            if !model.constraints.isEmpty {
                text += ", constraints: [" + model.constraints.map {
                    "UniqueConstraint(fields: \(strings($0.fields)), name: \(string($0.name)))"
                }.joined(separator: ", ") + "]"
            }
            return text + "))"
        case .deleteModel(let name): return ".deleteModel(name: \(string(name)))"
        case .addField(let model, let info): return ".addField(model: \(string(model)), field: \(field(info)))"
        case .removeField(let model, let name): return ".removeField(model: \(string(model)), name: \(string(name)))"
        case .alterField(let model, let info): return ".alterField(model: \(string(model)), field: \(field(info)))"
        case .addIndex(let model, let value): return ".addIndex(model: \(string(model)), index: \(index(value)))"
        case .removeIndex(let model, let name): return ".removeIndex(model: \(string(model)), name: \(string(name)))"
        case .runSQL(let statements): return ".runSQL(\(strings(statements)))"
        }
    }
}
