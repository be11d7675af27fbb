import KratosModel

/// Checks traits against an identity schema: the subset of JSON Schema the built-in schemas use
/// (`type`, `properties`, `required`, `additionalProperties: false`, `minLength`, `maxLength`,
/// `format: email`). Messages follow the `I[instance] S[schema] text` form Kratos reports.
struct TraitsValidator {
  let schemaID: String

  /// The first violation, or `nil` when the traits are valid.
  func violation(in traits: JSON) -> String? {
    guard let document = IdentitySchemaCatalog.document(id: schemaID),
      let schema = document["properties"]?["traits"]
    else { return "no identity schema with id \"\(schemaID)\"" }
    return check(traits, against: schema, instance: "#/traits", at: "#/properties/traits")
  }

  private func check(
    _ value: JSON, against schema: JSON, instance: String, at path: String
  )
    -> String?
  {
    if let expected = schema["type"]?.stringValue, !matches(value, type: expected) {
      return "I[\(instance)] S[\(path)/type] expected \(expected), but got \(typeName(value))"
    }
    switch value {
    case .object(let members):
      for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
      where members[name] == nil {
        return "I[\(instance)] S[\(path)/required] missing properties: \"\(name)\""
      }
      let properties = schema["properties"]?.objectValue ?? [:]
      for (name, member) in members.sorted(by: { $0.key < $1.key }) {
        if let sub = properties[name] {
          let problem = check(
            member, against: sub, instance: "\(instance)/\(name)", at: "\(path)/properties/\(name)")
          if let problem { return problem }
        } else if schema["additionalProperties"]?.boolValue == false {
          return
            "I[\(instance)] S[\(path)/additionalProperties] "
            + "additionalProperties \"\(name)\" not allowed"
        }
      }
    case .string(let text):
      let length = text.unicodeScalars.count
      if let minimum = schema["minLength"]?.intValue, length < minimum {
        return "I[\(instance)] S[\(path)/minLength] length must be >= \(minimum), but got \(length)"
      }
      if let maximum = schema["maxLength"]?.intValue, length > maximum {
        return "I[\(instance)] S[\(path)/maxLength] length must be <= \(maximum), but got \(length)"
      }
      if schema["format"]?.stringValue == "email", !looksLikeEmail(text) {
        return
          "I[\(instance)] S[\(path)/format] \(JSON.string(text).serialized) is not valid \"email\""
      }
    default:
      break
    }
    return nil
  }

  /// Every trait value marked with the `ory.sh/kratos` extension, with its mark, in path order.
  func markedValues(in traits: JSON) -> [(value: String, mark: JSON)] {
    guard let schema = IdentitySchemaCatalog.document(id: schemaID)?["properties"]?["traits"]
    else { return [] }
    var found: [(value: String, mark: JSON)] = []
    collect(traits, schema: schema, into: &found)
    return found
  }

  private func collect(_ value: JSON, schema: JSON, into found: inout [(value: String, mark: JSON)])
  {
    if let mark = schema["ory.sh/kratos"], let text = value.stringValue {
      found.append((text, mark))
    }
    guard let members = value.objectValue, let properties = schema["properties"]?.objectValue
    else { return }
    for (name, member) in members.sorted(by: { $0.key < $1.key }) {
      if let sub = properties[name] { collect(member, schema: sub, into: &found) }
    }
  }

  private func matches(_ value: JSON, type: String) -> Bool {
    switch (type, value) {
    case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool),
      ("null", .null), ("number", .integer), ("number", .double), ("integer", .integer):
      return true
    case ("integer", .double(let d)):
      return d.rounded() == d
    default:
      return false
    }
  }

  private func typeName(_ value: JSON) -> String {
    switch value {
    case .null: return "null"
    case .bool: return "boolean"
    case .integer: return "integer"
    case .double: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }

  /// A loose check with the shape `local@domain`, enough to reject obvious typos.
  private func looksLikeEmail(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
      && !text.contains(where: \.isWhitespace)
  }
}
