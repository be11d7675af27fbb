/// Parses kql source into a syntax tree and every diagnostic it finds.
///
/// The parser never throws and never stops at the first error: a statement with an error is
/// skipped up to the next newline or `;`, and parsing goes on, so a script reports all its
/// mistakes at once. Every loop consumes a token or stops.
public enum KQLParser {
  /// Parses `source`. `predeclared` are variables set from outside the script (`-v NAME=VALUE`);
  /// `arguments`, when known, is how many script arguments there are, so that a `$3` with only
  /// two is an error before anything runs.
  public static func parse(
    _ source: String, predeclared: Set<String> = [], arguments: Int? = nil
  ) -> (Script, [Diagnostic]) {
    var lexer = Lexer(source)
    let tokens = lexer.tokenize()
    var parser = Parser(tokens: tokens, declared: predeclared)
    parser.argumentCount = arguments
    let script = parser.parseScript()
    let diagnostics = (lexer.diagnostics + parser.diagnostics).sorted {
      $0.range.start < $1.range.start
    }
    return (script, diagnostics)
  }
}

/// Thrown inside a statement to abandon it; the statement loop records the diagnostic.
struct StatementAbandoned: Error {
  var diagnostic: Diagnostic
}

struct Parser {
  let tokens: [Token]
  var position = 0
  var diagnostics: [Diagnostic] = []
  var declared: Set<String>
  /// After a `source`, variables the sourced file sets cannot be known, so they are not checked.
  var sourcesOtherFiles = false
  /// How many script arguments there are, when the caller knows.
  var argumentCount: Int?
  /// Parentheses, lists and `not`s open around the current token.
  var depth = 0
  /// Conditions joined by `and`/`or` in the current statement.
  var terms = 0
  static let maximumDepth = 64
  static let maximumTerms = 1000

  init(tokens: [Token], declared: Set<String>) {
    self.tokens = tokens
    self.declared = declared
  }

  var current: Token { tokens[min(position, tokens.count - 1)] }
  var next: Token { tokens[min(position + 1, tokens.count - 1)] }
  var atStatementEnd: Bool { current.kind == .separator || current.kind == .end }

  mutating func advance() {
    if position < tokens.count - 1 { position += 1 }
  }

  /// The error that abandons the current statement.
  func fail(_ message: String, at range: SourceRange, hint: String? = nil) -> StatementAbandoned {
    StatementAbandoned(diagnostic: Diagnostic(.error, message, at: range, hint: hint))
  }

  mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
    diagnostics.append(Diagnostic(.error, message, at: range, hint: hint))
  }

  mutating func parseScript() -> Script {
    var statements: [Statement] = []
    while current.kind != .end {
      let before = position
      if current.kind == .separator {
        advance()
        continue
      }
      depth = 0
      terms = 0
      do throws(StatementAbandoned) {
        let statement = try parseStatement()
        if !atStatementEnd {
          throw fail("unexpected \(current.display)", at: current.range)
        }
        statements.append(statement)
      } catch {
        diagnostics.append(error.diagnostic)
        while !atStatementEnd { advance() }
      }
      if position == before { advance() }
    }
    return Script(statements: statements)
  }

  func range(from start: SourceLocation) -> SourceRange {
    let end = position > 0 ? tokens[position - 1].range.end : start
    return SourceRange(start: start, end: max(start, end))
  }

  mutating func parseStatement() throws(StatementAbandoned) -> Statement {
    let start = current.range.start
    let word = current.word
    func done(_ kind: StatementKind) -> Statement {
      Statement(kind: kind, range: range(from: start))
    }
    switch word {
    case "let":
      advance()
      guard let name = current.word, Parser.isVariableName(name) else {
        throw fail("expected a variable name after 'let'", at: current.range)
      }
      let identifier = Identifier(name: name, range: current.range)
      advance()
      guard current.isSymbol("=") else {
        throw fail("expected '=' after 'let \(name)'", at: current.range)
      }
      advance()
      let value = try parseValue(what: "a value for $\(name)")
      declared.insert(name)
      return done(.assignment(name: identifier, value: value))
    case "set" where isOptionStatement:
      advance()
      let option = Identifier(name: current.word ?? "", range: current.range)
      let names = LanguageCatalog.setOptions.map(\.name)
      if !names.contains(option.name) {
        throw fail(
          "unknown option '\(option.name)'", at: option.range,
          hint: LanguageCatalog.suggestion(for: option.name, among: names).map {
            "did you mean '\($0)'?"
          }
            ?? "options are \(names.joined(separator: ", "))")
      }
      advance()
      guard !atStatementEnd else {
        throw fail("set \(option.name) needs a value", at: current.range)
      }
      return done(
        .setOption(option: option, value: try parseValue(what: "a value for \(option.name)")))
    case "echo":
      advance()
      var values: [Value] = []
      while !atStatementEnd {
        let before = position
        values.append(try parseValue(what: "a word to print", allowSymbols: true))
        if position == before { advance() }
      }
      return done(.echo(values))
    case "source":
      advance()
      sourcesOtherFiles = true
      return done(.source(try parseValue(what: "a file name after 'source'")))
    case "explain":
      advance()
      return done(.explain(try parsePipeline()))
    case "help":
      advance()
      var topic: Identifier?
      if let name = current.word {
        topic = Identifier(name: name, range: current.range)
        advance()
      }
      return done(.help(topic: topic))
    case "history":
      advance()
      return done(.history)
    case "connect":
      advance()
      return done(.connect(try parseValue(what: "a URL or profile name after 'connect'")))
    case "exit", "quit":
      advance()
      return done(.exit)
    default:
      return done(.pipeline(try parsePipeline()))
    }
  }

  /// `set NAME VALUE` (an option) rather than `set PATH=VALUE` (the stage).
  var isOptionStatement: Bool {
    guard let name = next.word, !name.contains(".") else { return false }
    let after = tokens[min(position + 2, tokens.count - 1)]
    return !after.isSymbol("=")
  }

  static func isVariableName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_"
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
    }
  }
}
