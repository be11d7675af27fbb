import KratosModel

/// Reading a dotted field path out of a record, and turning what is found into cell text.
public enum RecordField {
  /// The values at `path` in `record`. A path that crosses an array continues into every
  /// element, so `recovery_addresses.value` yields one value per address.
  public static func values(at path: [String], in record: JSON) -> [JSON] {
    guard let first = path.first else {
      if case .array(let elements) = record { return elements }
      return [record]
    }
    switch record {
    case .object(let members):
      guard let member = members[first] else { return [] }
      return values(at: Array(path.dropFirst()), in: member)
    case .array(let elements):
      return elements.flatMap { values(at: path, in: $0) }
    default:
      return []
    }
  }

  /// The values at a dotted path such as `traits.name.first`. A member whose name is the whole
  /// path wins: records already projected into columns are keyed `"traits.name.first"`.
  public static func values(at dottedPath: String, in record: JSON) -> [JSON] {
    if let member = record[dottedPath] {
      if case .array(let elements) = member { return elements }
      return [member]
    }
    return values(at: components(of: dottedPath), in: record)
  }

  /// The components of a dotted path; an empty path means the whole record.
  public static func components(of dottedPath: String) -> [String] {
    dottedPath.isEmpty
      ? []
      : dottedPath.split(separator: ".", omittingEmptySubsequences: false)
        .map(String.init)
  }

  /// Cell text for `path`: several values joined by `, `, nothing for a missing field.
  public static func text(at dottedPath: String, in record: JSON) -> String {
    values(at: dottedPath, in: record).map(text(of:)).joined(separator: ", ")
  }

  /// One value as text: strings bare, `null` empty, anything else as compact JSON.
  public static func text(of value: JSON) -> String {
    switch value {
    case .null: ""
    case .string(let s): s
    default: value.serialized
    }
  }

  /// `text` made safe for a terminal cell: no control characters, so neither a newline in a
  /// trait nor an escape sequence planted in one can break the layout or drive the terminal.
  public static func printable(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: result += "\\n"
      case 0x09: result += " "
      case 0x00..<0x20, 0x7F..<0xA0: result += "\u{FFFD}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
