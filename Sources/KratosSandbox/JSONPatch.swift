import KratosModel

/// RFC 6902 patches as Kratos applies them to identities (ory/x `jsonx.ApplyJSONPatch`).
///
/// Only `add`, `remove` and `replace` are allowed. A `replace` whose path does not end in an
/// array index becomes an `add`, and `add` creates missing parents, so replacing an absent
/// field succeeds. Denied paths are glob patterns matched case-insensitively.
struct JSONPatch {
  /// Why a patch was refused; the text is what Kratos puts in the error's `message`.
  struct Failure: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }

  private struct Operation {
    var kind: String
    var path: String
    var value: JSON?
  }

  private let operations: [Operation]

  /// Reads a patch document, checks every operation and its path against `deniedPaths`.
  init(body: [UInt8], deniedPaths: [String]) throws(Failure) {
    guard !body.isEmpty else { throw Failure("unexpected end of JSON input") }
    let document: JSON
    do {
      document = try JSON(parsing: body)
    } catch {
      throw Failure("invalid character in JSON patch: \(error.description)")
    }
    guard let list = document.arrayValue else {
      throw Failure(
        "json: cannot unmarshal \(JSONPatch.goTypeName(document)) into Go value of type "
          + "jsonpatch.Patch"
      )
    }
    var operations: [Operation] = []
    for element in list {
      guard let object = element.objectValue else {
        throw Failure(
          "json: cannot unmarshal \(JSONPatch.goTypeName(element)) into Go value of type "
            + "jsonpatch.Operation"
        )
      }
      var kind = object["op"]?.stringValue ?? "unknown"
      guard ["add", "remove", "replace"].contains(kind) else {
        throw Failure("unsupported operation: \(kind)")
      }
      guard let path = object["path"]?.stringValue else {
        throw Failure("error parsing patch operations: operation missing path field")
      }
      // Paths are applied recursively, one level per segment; keep them to a sane depth.
      guard path.utf8.count <= 4096, path.utf8.filter({ $0 == UInt8(ascii: "/") }).count <= 256
      else { throw Failure("error parsing patch operations: path is too long") }
      let lowered = path.lowercased()
      if deniedPaths.contains(where: { GlobPattern($0.lowercased()).matches(lowered) }) {
        throw Failure("patch includes denied path: \(path)")
      }
      if kind == "replace" && !JSONPatch.isElementAccess(path) { kind = "add" }
      operations.append(Operation(kind: kind, path: path, value: object["value"]))
    }
    self.operations = operations
  }

  /// `document` with every operation applied in order.
  func apply(to document: JSON) throws(Failure) -> JSON {
    var result = document
    for operation in operations {
      let tokens = try JSONPatch.tokens(operation.path)
      switch operation.kind {
      case "add":
        guard let value = operation.value else { throw Failure("add operation has no value") }
        try JSONPatch.add(value, at: tokens[...], in: &result, path: operation.path)
      case "remove":
        try JSONPatch.remove(at: tokens[...], in: &result, path: operation.path)
      default:
        guard let value = operation.value else { throw Failure("replace operation has no value") }
        try JSONPatch.replace(with: value, at: tokens[...], in: &result, path: operation.path)
      }
    }
    return result
  }

  private static func isElementAccess(_ path: String) -> Bool {
    guard !path.isEmpty,
      let last = path.split(separator: "/", omittingEmptySubsequences: false).last
    else { return false }
    return last == "-" || Int(last) != nil
  }

  private static func tokens(_ path: String) throws(Failure) -> [String] {
    guard !path.isEmpty else { return [] }
    guard path.hasPrefix("/") else {
      throw Failure("JSON pointer must be empty or start with a \"/\": \(path)")
    }
    return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
      $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
  }

  private static func arrayIndex(_ token: String, count: Int, allowEnd: Bool) -> Int? {
    if token == "-" { return allowEnd ? count : nil }
    guard let index = Int(token), index >= 0, token.first != "+" else { return nil }
    return index <= count - (allowEnd ? 0 : 1) ? index : nil
  }

  private static func add(
    _ value: JSON, at tokens: ArraySlice<String>, in node: inout JSON, path: String
  )
    throws(Failure)
  {
    guard let token = tokens.first else {
      node = value
      return
    }
    let rest = tokens.dropFirst()
    switch node {
    case .object(var members):
      if rest.isEmpty {
        members[token] = value
      } else {
        var child =
          members[token] ?? (rest.first == "-" || rest.first == "0" ? .array([]) : .object([:]))
        try add(value, at: rest, in: &child, path: path)
        members[token] = child
      }
      node = .object(members)
    case .array(var elements):
      if rest.isEmpty {
        guard let index = arrayIndex(token, count: elements.count, allowEnd: true) else {
          throw Failure("add operation does not apply: doc is missing path: \"\(path)\"")
        }
        elements.insert(value, at: index)
      } else {
        guard let index = arrayIndex(token, count: elements.count, allowEnd: false) else {
          throw Failure("add operation does not apply: doc is missing path: \"\(path)\"")
        }
        try add(value, at: rest, in: &elements[index], path: path)
      }
      node = .array(elements)
    case .null:
      var fresh = JSON.object([:])
      try add(value, at: tokens, in: &fresh, path: path)
      node = fresh
    default:
      throw Failure("add operation does not apply: doc is missing path: \"\(path)\"")
    }
  }

  private static func remove(
    at tokens: ArraySlice<String>, in node: inout JSON, path: String
  )
    throws(Failure)
  {
    guard let token = tokens.first else {
      throw Failure("remove operation does not apply: doc is missing path: \"\(path)\"")
    }
    let rest = tokens.dropFirst()
    switch node {
    case .object(var members):
      guard var child = members[token] else {
        throw Failure("remove operation does not apply: doc is missing path: \"\(path)\"")
      }
      if rest.isEmpty {
        members[token] = nil
      } else {
        try remove(at: rest, in: &child, path: path)
        members[token] = child
      }
      node = .object(members)
    case .array(var elements):
      guard let index = arrayIndex(token, count: elements.count, allowEnd: false) else {
        throw Failure("remove operation does not apply: doc is missing path: \"\(path)\"")
      }
      if rest.isEmpty {
        elements.remove(at: index)
      } else {
        try remove(at: rest, in: &elements[index], path: path)
      }
      node = .array(elements)
    default:
      throw Failure("remove operation does not apply: doc is missing path: \"\(path)\"")
    }
  }

  private static func replace(
    with value: JSON, at tokens: ArraySlice<String>, in node: inout JSON, path: String
  )
    throws(Failure)
  {
    guard let token = tokens.first else {
      node = value
      return
    }
    let rest = tokens.dropFirst()
    switch node {
    case .object(var members):
      guard var child = members[token] else {
        throw Failure("replace operation does not apply: doc is missing key: \(path)")
      }
      try replace(with: value, at: rest, in: &child, path: path)
      members[token] = child
      node = .object(members)
    case .array(var elements):
      guard let index = arrayIndex(token, count: elements.count, allowEnd: false) else {
        throw Failure("replace operation does not apply: doc is missing key: \(path)")
      }
      try replace(with: value, at: rest, in: &elements[index], path: path)
      node = .array(elements)
    default:
      throw Failure("replace operation does not apply: doc is missing key: \(path)")
    }
  }

  static func goTypeName(_ value: JSON) -> String {
    switch value {
    case .null: return "null"
    case .bool: return "bool"
    case .integer, .double: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }
}
