extension JSON {
  /// Compact JSON text with object keys sorted, so the same value always serialises the same way.
  public var serialized: String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Appends the compact serialisation of this value to `out`.
  public func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .integer(let i): out += String(i)
    case .double(let d):
      if d.isFinite {
        out += d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
      } else {
        out += "null"
      }
    case .string(let s): JSON.writeString(s, to: &out)
    case .array(let elements):
      out += "["
      for (i, element) in elements.enumerated() {
        if i > 0 { out += "," }
        element.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (i, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
        if i > 0 { out += "," }
        JSON.writeString(member.key, to: &out)
        out += ":"
        member.value.write(to: &out)
      }
      out += "}"
    }
  }

  static func writeString(_ s: String, to out: inout String) {
    out += "\""
    if !needsEscaping(s) {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

extension JSON {
  /// Whether `s` holds a character that `writeString` escapes: a quote, a backslash, a control
  /// character, U+2028 or U+2029 (the last two are the UTF-8 sequences E2 80 A8 and E2 80 A9).
  static func needsEscaping(_ s: String) -> Bool {
    var utf8 = s.utf8.makeIterator()
    while let byte = utf8.next() {
      switch byte {
      case 0..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"):
        return true
      case 0xE2:
        if utf8.next() == 0x80, let last = utf8.next(), last == 0xA8 || last == 0xA9 { return true }
      default:
        continue
      }
    }
    return false
  }
}

extension JSON: CustomStringConvertible {
  public var description: String { serialized }
}
