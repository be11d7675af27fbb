import KratosClient
import KratosModel

/// JSON Pointers (RFC 6901) for the paths `set` and `unset` change.
enum JSONPointer {
  static func string(_ path: [String]) -> String { JSONPatchOperation.pointer(path) }

  static func value(in json: JSON, at path: [String]) -> JSON? {
    var current = json
    for key in path {
      guard let next = current[key] else { return nil }
      current = next
    }
    return current
  }

  /// Applies an operation the way Kratos does for objects: `replace` creates missing parents,
  /// `remove` of a missing member does nothing here (the caller only sends removals that exist).
  static func apply(_ operation: JSONPatchOperation, to json: inout JSON) {
    let (path, value): (String, JSON?) =
      switch operation {
      case .add(let path, let value), .replace(let path, let value): (path, value)
      case .remove(let path): (path, nil)
      }
    let keys = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
      $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
    set(&json, keys[...], value)
  }

  private static func set(_ json: inout JSON, _ keys: ArraySlice<String>, _ value: JSON?) {
    guard let key = keys.first else { return }
    var members = json.objectValue ?? [:]
    if keys.count == 1 {
      members[key] = value
    } else {
      var child = members[key] ?? .object([:])
      set(&child, keys.dropFirst(), value)
      members[key] = child
    }
    json = .object(members)
  }

  /// Kratos's own deny-list for identity patches, matched case-insensitively.
  static func isDenied(_ pointer: String) -> Bool {
    let lower = pointer.lowercased()
    return lower == "/id" || lower == "/statechangedat" || lower == "/credentials"
      || lower.hasPrefix("/credentials/oidc/")
  }
}
