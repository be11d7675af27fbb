import Foundation

extension Parser {
  /// `and_expr ('or' and_expr)*`
  mutating func parseOr() throws(StatementAbandoned) -> Expression {
    var left = try parseAnd()
    while current.isWord("or") {
      try countTerm()
      advance()
      left = .or(left, try parseAnd())
    }
    return left
  }

  /// Bounds the size of one expression, whose tree every later pass walks recursively.
  mutating func countTerm() throws(StatementAbandoned) {
    terms += 1
    if terms > Parser.maximumTerms {
      throw fail(
        "expression too long: more than \(Parser.maximumTerms) conditions", at: current.range)
    }
  }

  /// Runs `body` one level of nesting deeper, refusing input nested deeper than any real script.
  mutating func nested<T>(
    _ body: (inout Parser) throws(StatementAbandoned) -> T
  ) throws(StatementAbandoned) -> T {
    depth += 1
    defer { depth -= 1 }
    if depth > Parser.maximumDepth {
      throw fail("nested too deeply: more than \(Parser.maximumDepth) levels", at: current.range)
    }
    return try body(&self)
  }

  /// `not_expr ('and' not_expr)*`
  mutating func parseAnd() throws(StatementAbandoned) -> Expression {
    var left = try parseNot()
    while current.isWord("and") {
      try countTerm()
      advance()
      left = .and(left, try parseNot())
    }
    return left
  }

  mutating func parseNot() throws(StatementAbandoned) -> Expression {
    if current.isWord("not") {
      let start = current.range.start
      advance()
      let inner = try nested { (parser) throws(StatementAbandoned) in try parser.parseNot() }
      return .not(inner, range: range(from: start))
    }
    return try parsePrimary()
  }

  /// `'(' expr ')' | 'has' FIELD | FIELD OP VALUE | FIELD ['not'] 'in' LIST`
  mutating func parsePrimary() throws(StatementAbandoned) -> Expression {
    if current.isSymbol("(") {
      let open = current.range
      advance()
      let inner = try nested { (parser) throws(StatementAbandoned) in try parser.parseOr() }
      guard current.isSymbol(")") else {
        throw fail(
          "expected ')' to close the '(' at column \(open.start.column)", at: current.range)
      }
      advance()
      return inner
    }
    if current.isWord("has") {
      advance()
      return .has(try parseFieldPath())
    }
    guard current.word != nil else {
      throw fail(
        "expected a condition such as state = active, not \(current.display)", at: current.range)
    }
    let field = try parseFieldPath()
    if current.isWord("in") || (current.isWord("not") && next.isWord("in")) {
      let negated = current.isWord("not")
      advance()
      if negated { advance() }
      let list = try parseValue(what: "a list such as (a, b) after 'in'")
      switch list.kind {
      case .list, .variable: break
      default: throw fail("'in' needs a list in parentheses, such as (a, b)", at: list.range)
      }
      return .membership(field, list, negated: negated)
    }
    guard case .symbol(let symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol)
    else {
      throw fail(
        "expected an operator after '\(field.dotted)', not \(current.display)", at: current.range,
        hint: "operators: = != < <= > >= ~ =~ in, or 'has \(field.dotted)'")
    }
    advance()
    guard !atStageEnd, !current.isSymbol(")") else {
      throw fail("expected a value after '\(field.dotted) \(op.rawValue)'", at: current.range)
    }
    return .comparison(field, op, try parseValue(what: "a value after '\(op.rawValue)'"))
  }

  /// A dotted field path whose root kql knows.
  mutating func parseFieldPath() throws(StatementAbandoned) -> FieldPath {
    guard let text = current.word, !text.isEmpty else {
      throw fail("expected a field such as traits.email, not \(current.display)", at: current.range)
    }
    let tokenRange = current.range
    let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if components.contains(where: \.isEmpty) {
      throw fail("'\(text)' is not a field path: a name is missing between dots", at: tokenRange)
    }
    let roots = LanguageCatalog.identityFieldRoots + LanguageCatalog.sessionFieldRoots
    if !roots.contains(components[0]) {
      let rootRange = SourceRange(
        start: tokenRange.start,
        end: SourceLocation(
          line: tokenRange.start.line, column: tokenRange.start.column + components[0].count,
          offset: tokenRange.start.offset + components[0].utf8.count))
      throw fail(
        "unknown field '\(components[0])'", at: rootRange,
        hint: LanguageCatalog.suggestion(for: components[0], among: roots).map {
          "did you mean '\($0)'?"
        }
          ?? "fields start with id, state, schema_id, traits, metadata_public, metadata_admin, email, "
          + "identifier, created_at or another name listed under Fields in docs/language.md"
      )
    }
    advance()
    return FieldPath(components: components, range: tokenRange)
  }

  /// One value: a word, a quoted string, a variable or a list.
  mutating func parseValue(
    what: String, allowSymbols: Bool = false
  ) throws(StatementAbandoned) -> Value {
    let token = current
    switch token.kind {
    case .word(let word):
      advance()
      return Value(kind: Parser.classify(word), range: token.range)
    case .singleQuoted(let text):
      advance()
      return Value(kind: .string(text), range: token.range)
    case .doubleQuoted(let segments):
      advance()
      for case .variable(let name, let range) in segments { try checkDeclared(name, at: range) }
      if segments.allSatisfy({ if case .text = $0 { true } else { false } }) {
        let text = segments.map { if case .text(let t) = $0 { t } else { "" } }.joined()
        return Value(kind: .string(text), range: token.range)
      }
      return Value(kind: .interpolated(segments), range: token.range)
    case .variable(let name):
      advance()
      try checkDeclared(name, at: token.range)
      return Value(kind: .variable(name), range: token.range)
    case .option(let option):
      advance()
      return Value(kind: .string("--" + option), range: token.range)
    case .symbol("("):
      advance()
      var items: [Value] = []
      while !current.isSymbol(")") {
        if current.kind == .end || current.kind == .separator {
          throw fail("expected ')' to close the list", at: current.range)
        }
        let before = position
        items.append(
          try nested { (parser) throws(StatementAbandoned) in
            try parser.parseValue(what: "a list item")
          })
        if current.isSymbol(",") {
          advance()
        } else if !current.isSymbol(")") {
          throw fail("expected ',' or ')' in the list, not \(current.display)", at: current.range)
        }
        if position == before { advance() }
      }
      advance()
      return Value(kind: .list(items), range: range(from: token.range.start))
    case .symbol(let symbol) where allowSymbols:
      advance()
      return Value(kind: .string(symbol), range: token.range)
    default:
      throw fail("expected \(what), not \(token.display)", at: token.range)
    }
  }

  func checkDeclared(_ name: String, at range: SourceRange) throws(StatementAbandoned) {
    // An empty name was already reported by the lexer.
    if name.isEmpty || name == "#" { return }
    if name.count == 1, let index = name.first?.wholeNumberValue {
      guard let count = argumentCount, index > count else { return }
      throw fail(
        "script argument $\(index) was not given (there \(count == 1 ? "is" : "are") \(count))",
        at: range,
        hint: count == 0 ? "pass arguments after the script file: kql FILE.kql ARG…" : nil)
    }
    if sourcesOtherFiles { return }
    if !declared.contains(name) {
      throw fail(
        "variable $\(name) is not set", at: range,
        hint: "set it first with 'let \(name) = …' or run kql with -v \(name)=…")
    }
  }

  /// What a bare word stands for, by its shape.
  static func classify(_ word: String) -> ValueKind {
    if let integer = Int(word) { return .integer(integer) }
    switch word {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "null": return .null
    default: break
    }
    if word.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil { return .date(word) }
    if word.wholeMatch(of: /\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/)
      != nil
    {
      return .timestamp(word)
    }
    if let match = word.wholeMatch(of: /(\d+)([smhdw])/), let number = Int(match.1) {
      let scale = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800][String(match.2)] ?? 1
      let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
      if !overflow { return .duration(seconds: seconds, text: word) }
    }
    if word.wholeMatch(
      of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/) != nil
    {
      return .uuid(word)
    }
    if word.contains("*") || word.contains("?") { return .glob(word) }
    return .string(word)
  }

  func describe(_ value: Value) -> String {
    switch value.kind {
    case .string(let s), .glob(let s), .date(let s), .timestamp(let s), .uuid(let s): "'\(s)'"
    case .integer(let i): "\(i)"
    case .duration(_, let text): "'\(text)'"
    default: "that value"
    }
  }
}
