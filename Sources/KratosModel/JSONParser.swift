/// Why a document is not valid JSON, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  /// Byte offset of the fault, counted from 0.
  public var offset: Int
  /// Line and column of the fault, counted from 1; the column counts bytes.
  public var line: Int
  public var column: Int

  public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSON {
  /// Parses one JSON document. Whitespace may surround it; anything else after it is an error.
  public init(parsing text: String) throws(JSONSyntaxError) {
    var copy = text
    let result = copy.withUTF8 { bytes in
      Result { () throws(JSONSyntaxError) in try JSON(parsingBytes: bytes) }
    }
    self = try result.get()
  }

  /// Parses one JSON document from UTF-8 bytes.
  public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
    let result = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(JSONSyntaxError) in try JSON(parsingBytes: buffer) }
    }
    self = try result.get()
  }

  public init(parsingBytes bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) {
    var parser = JSONByteParser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.index < bytes.count {
      throw parser.error("unexpected text after the JSON value")
    }
    self = value
  }
}

/// A recursive-descent parser over UTF-8 bytes. Every loop consumes at least one byte or stops.
struct JSONByteParser {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  static let maximumDepth = 512

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    let offset = min(offset ?? index, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    return JSONSyntaxError(
      message: message, offset: offset, line: line, column: offset - lineStart + 1)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSON {
    guard depth < Self.maximumDepth else { throw error("JSON nested too deeply") }
    guard index < bytes.count else { throw error("unexpected end of JSON") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character '\(Self.printable(bytes[index]))'")
    }
  }

  static func printable(_ byte: UInt8) -> String {
    (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
  }

  mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
    let start = index
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw error("invalid literal", at: start) }
    for i in 0..<count where bytes[index + i] != word.utf8Start[i] {
      throw error("invalid literal", at: start)
    }
    index += count
  }

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSON {
    index += 1
    var members: [String: JSON] = [:]
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a string key in object")
      }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after object key")
      }
      index += 1
      skipWhitespace()
      members[key] = try parseValue(depth: depth + 1)
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of JSON inside an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      throw error("expected ',' or '}' in object")
    }
  }

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSON {
    index += 1
    var elements: [JSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of JSON inside an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      throw error("expected ',' or ']' in array")
    }
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSON {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, Self.isDigit(bytes[index]) else {
      throw error("invalid number", at: start)
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard index < bytes.count, Self.isDigit(bytes[index]) else {
        throw error("invalid number", at: start)
      }
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard index < bytes.count, Self.isDigit(bytes[index]) else {
        throw error("invalid number", at: start)
      }
      while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    if isInteger, let value = Int(text) { return .integer(value) }
    guard let value = Double(text) else { throw error("invalid number", at: start) }
    return .double(value)
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    // Fast path: no escapes.
    var scan = index
    while scan < bytes.count {
      let byte = bytes[scan]
      if byte == UInt8(ascii: "\"") {
        let slice = UnsafeBufferPointer(rebasing: bytes[index..<scan])
        guard let text = String(validating: slice, as: UTF8.self) else {
          throw error("string is not valid UTF-8", at: start)
        }
        index = scan + 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("control character in string", at: scan) }
      scan += 1
    }
    var buffer: [UInt8] = Array(
      UnsafeBufferPointer(rebasing: bytes[index..<min(scan, bytes.count)]))
    index = scan
    while true {
      guard index < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if byte < 0x20 { throw error("control character in string") }
      if byte != UInt8(ascii: "\\") {
        buffer.append(byte)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { throw error("unterminated string", at: start) }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""): buffer.append(0x22)
      case UInt8(ascii: "\\"): buffer.append(0x5C)
      case UInt8(ascii: "/"): buffer.append(0x2F)
      case UInt8(ascii: "b"): buffer.append(0x08)
      case UInt8(ascii: "f"): buffer.append(0x0C)
      case UInt8(ascii: "n"): buffer.append(0x0A)
      case UInt8(ascii: "r"): buffer.append(0x0D)
      case UInt8(ascii: "t"): buffer.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try parseHex4()
        if (0xD800..<0xDC00).contains(scalar) {
          // A high surrogate must be followed by an escaped low surrogate.
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          else { throw error("unpaired surrogate in string") }
          index += 2
          let low = try parseHex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in string") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
          throw error("unpaired surrogate in string")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid unicode escape") }
        buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
      default:
        throw error("invalid escape '\\\(Self.printable(escape))' in string", at: index - 2)
      }
    }
    guard let text = String(validating: buffer, as: UTF8.self) else {
      throw error("string is not valid UTF-8", at: start)
    }
    return text
  }

  mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("invalid unicode escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("invalid unicode escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
