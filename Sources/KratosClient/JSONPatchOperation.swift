import KratosModel

/// One RFC 6902 operation of the kinds Kratos accepts (`add`, `remove`, `replace`).
///
/// Paths are JSON Pointers such as `/traits/email`; build segments with `pointer(_:)` so that `/`
/// and `~` in keys are escaped.
public enum JSONPatchOperation: Sendable, Hashable {
  case add(path: String, value: JSON)
  case remove(path: String)
  case replace(path: String, value: JSON)

  /// The operation as Kratos reads it.
  public var json: JSON {
    switch self {
    case .add(let path, let value): ["op": "add", "path": .string(path), "value": value]
    case .remove(let path): ["op": "remove", "path": .string(path)]
    case .replace(let path, let value): ["op": "replace", "path": .string(path), "value": value]
    }
  }

  /// A JSON Pointer from unescaped segments: `pointer(["traits", "a/b"])` is `/traits/a~1b`.
  public static func pointer(_ segments: [String]) -> String {
    segments.map {
      "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }.joined()
  }
}
