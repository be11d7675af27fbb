import Foundation
import KQLLanguage
import KratosModel

/// A value from the script, with variables substituted and dates turned into instants.
public enum Operand: Sendable, Hashable {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case null
  /// A date, timestamp or duration; `day` is true for a plain date, which `=` matches as a whole UTC day.
  case instant(Date, day: Bool)
  case glob(String)
  case list([Operand])

  /// The text an operator would expect `echo` to print.
  public var text: String {
    switch self {
    case .string(let s), .glob(let s): s
    case .integer(let i): String(i)
    case .boolean(let b): b ? "true" : "false"
    case .null: "null"
    case .instant(let date, let day):
      day ? String(Timestamp.format(date).prefix(10)) : Timestamp.format(date)
    case .list(let items): "(" + items.map(\.text).joined(separator: ", ") + ")"
    }
  }

  /// The value as JSON, for `set PATH=VALUE`.
  var json: JSON {
    switch self {
    case .string(let s), .glob(let s): .string(s)
    case .integer(let i): .integer(i)
    case .boolean(let b): .bool(b)
    case .null: .null
    case .instant: .string(text)
    case .list(let items): .array(items.map(\.json))
    }
  }

  /// Classifies text that came from outside the script (script arguments, `-v NAME=VALUE`) the way
  /// the lexer classifies a bare word, so `$1` behaves like the word it stands for.
  public static func classifying(_ text: String) -> Operand {
    if let i = Int(text) { return .integer(i) }
    switch text {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "null": return .null
    default: break
    }
    if let date = Timestamp.parseDate(text) { return .instant(date, day: true) }
    if let date = Timestamp.parse(text) { return .instant(date, day: false) }
    return .string(text)
  }
}

/// Why a value in the script cannot be used, with where it is.
struct ValueError: Error {
  var message: String
  var range: SourceRange
}

/// Turns syntax-tree values into operands.
struct ValueResolver {
  var variables: [String: Operand]
  var arguments: [String]
  var now: Date

  func resolve(_ value: Value) throws(ValueError) -> Operand {
    switch value.kind {
    case .string(let s), .uuid(let s): return .string(s)
    case .interpolated(let segments):
      var text = ""
      for segment in segments {
        switch segment {
        case .text(let s): text += s
        case .variable(let name, let range): text += try lookup(name, range: range).text
        }
      }
      return .string(text)
    case .integer(let i): return .integer(i)
    case .boolean(let b): return .boolean(b)
    case .null: return .null
    case .date(let text):
      guard let date = Timestamp.parseDate(text) else {
        throw ValueError(message: "'\(text)' is not a valid date", range: value.range)
      }
      return .instant(date, day: true)
    case .timestamp(let text):
      guard let date = Timestamp.parse(text) else {
        throw ValueError(message: "'\(text)' is not a valid RFC 3339 timestamp", range: value.range)
      }
      return .instant(date, day: false)
    case .duration(let seconds, _):
      return .instant(now.addingTimeInterval(-Double(seconds)), day: false)
    case .glob(let pattern): return .glob(pattern)
    case .list(let items):
      var resolved: [Operand] = []
      for item in items { resolved.append(try resolve(item)) }
      return .list(resolved)
    case .variable(let name): return try lookup(name, range: value.range)
    }
  }

  func lookup(_ name: String, range: SourceRange) throws(ValueError) -> Operand {
    if name == "#" { return .integer(arguments.count) }
    if let index = Int(name) {
      guard index >= 1, index <= arguments.count else {
        throw ValueError(
          message: "script argument $\(name) was not given (the script has \(arguments.count))",
          range: range)
      }
      return Operand.classifying(arguments[index - 1])
    }
    guard let operand = variables[name] else {
      throw ValueError(message: "variable $\(name) is not set", range: range)
    }
    return operand
  }

  /// Text for places that need a word: file names, ids, option values.
  func text(_ value: Value) throws(ValueError) -> String {
    let operand = try resolve(value)
    if case .list = operand {
      throw ValueError(message: "expected a single value, not a list", range: value.range)
    }
    return operand.text
  }
}
