/// A URL query as Go's `net/url` reads and writes it, so that `Link` headers come out as Kratos
/// writes them.
///
/// Reading drops pairs Go drops (`;` inside, bad percent escapes, empty segments); writing sorts
/// the keys, keeps the order of repeated values and escapes everything except
/// `A-Z a-z 0-9 - _ . ~`, with a space as `+`.
struct QueryParameters: Sendable, Equatable {
  private(set) var pairs: [(key: String, value: String)] = []

  init() {}

  init(parsing raw: some StringProtocol) {
    for segment in raw.split(separator: "&", omittingEmptySubsequences: true) {
      if segment.contains(";") { continue }
      let parts = segment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let key = QueryParameters.unescape(parts[0]) else { continue }
      let rawValue = parts.count > 1 ? parts[1] : ""
      guard let value = QueryParameters.unescape(rawValue) else { continue }
      pairs.append((key, value))
    }
  }

  static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
    lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
  }

  /// Every value of `key`, in request order.
  func values(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

  /// The first value of `key`, or `""` when absent (Go's `Values.Get`).
  func first(_ key: String) -> String { pairs.first { $0.key == key }?.value ?? "" }

  func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

  /// Replaces every value of `key` with `value`.
  mutating func set(_ key: String, _ value: String) {
    remove(key)
    pairs.append((key, value))
  }

  mutating func remove(_ key: String) { pairs.removeAll { $0.key == key } }

  /// The query text Go's `Values.Encode` produces: keys sorted, values escaped.
  var encoded: String {
    var keys: [String] = []
    for pair in pairs where !keys.contains(pair.key) { keys.append(pair.key) }
    keys.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    var parts: [String] = []
    for key in keys {
      for value in values(key) {
        parts.append(QueryParameters.escape(key) + "=" + QueryParameters.escape(value))
      }
    }
    return parts.joined(separator: "&")
  }

  private static let hex = Array("0123456789ABCDEF".utf8)

  static func escape(_ text: String) -> String {
    var out: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
        UInt8(ascii: "."), UInt8(ascii: "~"):
        out.append(byte)
      case UInt8(ascii: " "):
        out.append(UInt8(ascii: "+"))
      default:
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Percent-decodes `text`, reading `+` as a space; `nil` for a malformed escape.
  static func unescape(_ text: some StringProtocol, plusIsSpace: Bool = true) -> String? {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "%") {
        guard i + 2 < bytes.count, let high = hexValue(bytes[i + 1]),
          let low = hexValue(bytes[i + 2])
        else { return nil }
        out.append(high << 4 | low)
        i += 3
      } else {
        out.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
