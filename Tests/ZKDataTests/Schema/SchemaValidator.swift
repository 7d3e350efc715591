import Foundation

/// The part of JSON Schema (draft 2020-12) that `zkdata`'s record schemas use: `$ref` into
/// `$defs`, `oneOf`, `type`, `enum`, `const`, `pattern`, `minimum`, `properties` with
/// `required` and `additionalProperties: false`, `items`, `minItems`, `maxItems`. It also
/// checks what JSON Schema cannot say: an object's keys come in the order `properties` lists.
/// Any other keyword in a schema is reported, so the schemas cannot drift past what is checked.
struct SchemaValidator {
    let root: OrderedJSON
    private static let known: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "$ref", "oneOf", "type", "enum", "const", "pattern",
        "minimum", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
    ]

    /// The problems of `value` against `schema` (none when it is valid).
    func problems(_ value: OrderedJSON, _ schema: OrderedJSON, at path: String = "$") -> [String] {
        guard case .object(let keywords) = schema else { return ["\(path): the schema is not an object"] }
        var found: [String] = []
        for (keyword, _) in keywords where !Self.known.contains(keyword) {
            found.append("\(path): unsupported keyword \(keyword)")
        }
        if case .string(let ref) = schema["$ref"] {
            guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[String(ref.dropFirst(8))] else {
                return found + ["\(path): unresolved $ref \(ref)"]
            }
            found += problems(value, target, at: path)
        }
        if case .array(let branches) = schema["oneOf"] {
            let passing = branches.filter { problems(value, $0, at: path).isEmpty }.count
            if passing != 1 { found.append("\(path): matches \(passing) of the oneOf branches, not 1") }
        }
        if let type = schema["type"] {
            let allowed: [String]
            switch type {
            case .string(let t): allowed = [t]
            case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: allowed = []
            }
            if !allowed.contains(where: { Self.has(value, type: $0) }) {
                found.append("\(path): \(value) is not \(allowed.joined(separator: "|"))")
            }
        }
        if case .array(let values) = schema["enum"], !values.contains(value) {
            found.append("\(path): \(value) is not one of the enum")
        }
        if let constant = schema["const"], constant != value { found.append("\(path): \(value) is not \(constant)") }
        if case .string(let pattern) = schema["pattern"], case .string(let text) = value {
            let range = text.range(of: pattern, options: .regularExpression)
            if range == nil { found.append("\(path): \(text) does not match \(pattern)") }
        }
        if case .integer(let minimum) = schema["minimum"], case .integer(let v) = value, v < minimum {
            found.append("\(path): \(v) < \(minimum)")
        }
        if case .object(let members) = value {
            found += objectProblems(members, schema, at: path)
        }
        if case .array(let items) = value {
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(i)]") }
            }
            if case .integer(let n) = schema["minItems"], items.count < n {
                found.append("\(path): fewer than \(n) items")
            }
            if case .integer(let n) = schema["maxItems"], items.count > n {
                found.append("\(path): more than \(n) items")
            }
        }
        return found
    }

    private func objectProblems(
        _ members: [(key: String, value: OrderedJSON)],
        _ schema: OrderedJSON,
        at path: String
    ) -> [String] {
        var found: [String] = []
        guard case .object(let properties) = schema["properties"] else { return found }
        let order = properties.map(\.key)
        if case .array(let required) = schema["required"] {
            for case .string(let name) in required where !members.contains(where: { $0.key == name }) {
                found.append("\(path): no \(name)")
            }
        }
        var last = -1
        for (key, member) in members {
            guard let index = order.firstIndex(of: key), let propertySchema = schema["properties"]?[key] else {
                if schema["additionalProperties"] == .bool(false) { found.append("\(path): unexpected \(key)") }
                continue
            }
            if index < last { found.append("\(path): \(key) comes before a key the schema lists first") }
            last = index
            found += problems(member, propertySchema, at: "\(path).\(key)")
        }
        return found
    }

    private static func has(_ value: OrderedJSON, type: String) -> Bool {
        switch (value, type) {
        case (.object, "object"), (.array, "array"), (.string, "string"), (.integer, "integer"), (.integer, "number"),
            (.number, "number"), (.bool, "boolean"), (.null, "null"):
            return true
        default: return false
        }
    }
}
