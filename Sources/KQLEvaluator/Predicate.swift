import Foundation
import KQLLanguage
import KratosModel

/// A compiled `where`/`find` condition: values resolved, patterns compiled, ready to test records.
///
/// Compiling first means a bad regular expression or an unset variable is reported with its
/// position before any request is sent.
struct Predicate: Sendable {
  let test: @Sendable (Record) -> Bool

  func matches(_ record: Record) -> Bool { test(record) }

  static func compile(
    _ expression: KQLLanguage.Expression, resolver: ValueResolver
  ) throws(ValueError) -> Predicate {
    switch expression {
    case .and(let a, let b):
      let (pa, pb) = (try compile(a, resolver: resolver), try compile(b, resolver: resolver))
      return Predicate { pa.matches($0) && pb.matches($0) }
    case .or(let a, let b):
      let (pa, pb) = (try compile(a, resolver: resolver), try compile(b, resolver: resolver))
      return Predicate { pa.matches($0) || pb.matches($0) }
    case .not(let inner, _):
      let p = try compile(inner, resolver: resolver)
      return Predicate { !p.matches($0) }
    case .has(let path):
      let components = path.components
      return Predicate { record in record.values(at: components).contains { !$0.isNull } }
    case .membership(let path, let value, let negated):
      let operand = try resolver.resolve(value)
      let options: [Operand]
      if case .list(let items) = operand { options = items } else { options = [operand] }
      let components = path.components
      let matchers = try options.map { (o) throws(ValueError) in
        try Comparison(.equal, o, range: value.range)
      }
      return Predicate { record in
        let values = record.values(at: components)
        let found = matchers.contains { $0.matchesAny(values) }
        return negated ? !found : found
      }
    case .comparison(let path, let op, let value):
      let components = path.components
      var operand = try resolver.resolve(value)
      // Login identifiers are trimmed by Kratos, so `email=" a@b "` means a@b.
      if ["email", "identifier"].contains(components.first), case .string(let text) = operand {
        operand = .string(text.trimmingCharactersInWhitespace())
      }
      if op == .notEqual {
        let equal = try Comparison(.equal, operand, range: value.range)
        return Predicate { !equal.matchesAny($0.values(at: components)) }
      }
      let comparison = try Comparison(op, operand, range: value.range)
      return Predicate { comparison.matchesAny($0.values(at: components)) }
    }
  }
}

/// One operator applied to one operand, tested against each value found at a field path.
struct Comparison: Sendable {
  let op: ComparisonOperator
  let operand: Operand
  let regex: NSRegularExpressionBox?

  init(_ op: ComparisonOperator, _ operand: Operand, range: SourceRange) throws(ValueError) {
    self.op = op
    self.operand = operand
    switch (op, operand) {
    case (.matches, .string(let pattern)), (.matches, .glob(let pattern)):
      do {
        regex = NSRegularExpressionBox(try NSRegularExpression(pattern: pattern))
      } catch {
        throw ValueError(message: "'\(pattern)' is not a valid regular expression", range: range)
      }
    case (.matches, _):
      throw ValueError(message: "=~ needs a regular expression in quotes", range: range)
    case (.equal, .glob(let pattern)):
      do {
        regex = NSRegularExpressionBox(try Comparison.globRegex(pattern))
      } catch {
        throw ValueError(message: "'\(pattern)' is not a valid pattern", range: range)
      }
    case (.less, .list), (.lessOrEqual, .list), (.greater, .list), (.greaterOrEqual, .list),
      (.equal, .list), (.contains, .list):
      throw ValueError(message: "a list can only follow 'in'", range: range)
    default:
      regex = nil
    }
  }

  /// A missing field has no values and so matches nothing; `= null` also matches a missing field.
  func matchesAny(_ values: [JSON]) -> Bool {
    if values.isEmpty { return op == .equal && operand == .null }
    return values.contains(where: matches)
  }

  func matches(_ value: JSON) -> Bool {
    switch op {
    case .equal: return equals(value)
    case .notEqual: return !equals(value)
    case .contains:
      guard let text = Comparison.text(of: value) else { return false }
      return text.range(of: operand.text, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    case .matches:
      guard let text = Comparison.text(of: value), let regex else { return false }
      return regex.matches(text)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      guard let order = Comparison.order(value, operand) else { return false }
      switch op {
      case .less: return order < 0
      case .lessOrEqual: return order <= 0
      case .greater: return order > 0
      default: return order >= 0
      }
    }
  }

  func equals(_ value: JSON) -> Bool {
    switch operand {
    case .null: return value.isNull
    case .glob:
      guard let text = Comparison.text(of: value), let regex else { return false }
      return regex.matches(text)
    case .boolean(let b):
      return value.boolValue == b || value.stringValue?.lowercased() == operand.text
    case .integer(let i):
      if let number = value.doubleValue { return number == Double(i) }
      return value.stringValue == String(i)
    case .instant(let date, let day):
      guard
        let field = value.stringValue.flatMap({ Timestamp.parse($0) ?? Timestamp.parseDate($0) })
      else {
        return false
      }
      if day { return field >= date && field < date.addingTimeInterval(86_400) }
      return abs(field.timeIntervalSince(date)) < 0.000_5
    case .string(let s):
      guard let text = Comparison.text(of: value) else { return false }
      return text.caseInsensitiveCompare(s) == .orderedSame
    case .list: return false
    }
  }

  /// The value as text for string operators: strings as they are, numbers and booleans as written.
  static func text(of value: JSON) -> String? {
    switch value {
    case .string(let s): s
    case .integer, .double, .bool: value.serialized
    default: nil
    }
  }

  /// Negative, zero or positive as `value` sorts before, with or after `operand`; `nil` when the
  /// two cannot be ordered (a number against a word, say), which makes the comparison false.
  static func order(_ value: JSON, _ operand: Operand) -> Int? {
    switch operand {
    case .integer(let i):
      guard let number = value.doubleValue ?? value.stringValue.flatMap(Double.init) else {
        return nil
      }
      return number < Double(i) ? -1 : (number > Double(i) ? 1 : 0)
    case .instant(let date, _):
      guard
        let field = value.stringValue.flatMap({ Timestamp.parse($0) ?? Timestamp.parseDate($0) })
      else {
        return nil
      }
      return field < date ? -1 : (field > date ? 1 : 0)
    case .string(let s):
      guard let text = value.stringValue else { return nil }
      switch text.compare(s, options: [.caseInsensitive, .numeric]) {
      case .orderedAscending: return -1
      case .orderedDescending: return 1
      case .orderedSame: return 0
      }
    default:
      return nil
    }
  }

  /// `*` matches any run of characters and `?` one; the whole value must match, ignoring case.
  static func globRegex(_ pattern: String) throws -> NSRegularExpression {
    var regex = "^"
    for character in pattern {
      switch character {
      case "*": regex += ".*"
      case "?": regex += "."
      default: regex += NSRegularExpression.escapedPattern(for: String(character))
      }
    }
    regex += "$"
    return try NSRegularExpression(
      pattern: regex, options: [.caseInsensitive, .dotMatchesLineSeparators])
  }
}

/// `NSRegularExpression` is immutable and documented as thread-safe, but not marked `Sendable`.
struct NSRegularExpressionBox: @unchecked Sendable {
  let regex: NSRegularExpression

  init(_ regex: NSRegularExpression) { self.regex = regex }

  func matches(_ text: String) -> Bool {
    regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
  }
}
