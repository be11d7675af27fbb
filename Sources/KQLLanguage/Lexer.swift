/// Splits source text into tokens, reporting malformed ones as diagnostics.
///
/// Newlines end statements except after a trailing `|`, a trailing `\`, or inside parentheses;
/// quoted strings may span lines. `#` starts a comment at the start of a word.
struct Lexer {
  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var column = 1
  private var offset = 0
  private(set) var diagnostics: [Diagnostic] = []
  private var depth = 0

  init(_ source: String) {
    scalars = Array(source.unicodeScalars)
    // A first line starting `#!` is a shebang.
    if scalars.starts(with: ["#", "!"]) {
      while index < scalars.count, scalars[index] != "\n" { advance() }
    }
  }

  var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

  private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  private func peek(_ n: Int = 1) -> Unicode.Scalar? {
    index + n < scalars.count ? scalars[index + n] : nil
  }

  private mutating func advance() {
    guard let c = current else { return }
    index += 1
    offset += String(c).utf8.count
    if c == "\n" {
      line += 1
      column = 1
    } else if c.properties.generalCategory != .nonspacingMark {
      column += 1
    }
  }

  static let symbolCharacters: Set<Unicode.Scalar> = [
    "|", "(", ")", ",", "=", "!", "<", ">", "~", ";",
  ]

  static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
    !c.properties.isWhitespace && !symbolCharacters.contains(c) && c != "\"" && c != "'" && c != "$"
  }

  /// Every token up to and including `.end`.
  mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = next(previous: tokens.last)
      // Collapse runs of separators and drop a leading one.
      if token.kind == .separator, tokens.last == nil || tokens.last?.kind == .separator {
        continue
      }
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private mutating func next(previous: Token?) -> Token {
    while let c = current {
      if c == "\\", peek() == "\n" || (peek() == "\r" && peek(2) == "\n") {
        // Line continuation.
        advance()
        if current == "\r" { advance() }
        advance()
        continue
      }
      if c == "\n" {
        let start = location
        advance()
        // A trailing `|` or an open parenthesis carries the statement on to the next line.
        if depth > 0 || previous?.isSymbol("|") == true { continue }
        return Token(kind: .separator, range: SourceRange(start: start, end: location))
      }
      if c.properties.isWhitespace {
        advance()
        continue
      }
      if c == "#" {
        while let c = current, c != "\n" { advance() }
        continue
      }
      break
    }
    let start = location
    guard let c = current else {
      return Token(kind: .end, range: SourceRange(start: start, end: start))
    }
    func token(_ kind: Token.Kind) -> Token {
      Token(kind: kind, range: SourceRange(start: start, end: location))
    }

    switch c {
    case ";":
      advance()
      return token(.separator)
    case "(":
      advance()
      depth += 1
      return token(.symbol("("))
    case ")":
      advance()
      depth = max(0, depth - 1)
      return token(.symbol(")"))
    case "|", ",", "~":
      advance()
      return token(.symbol(String(c)))
    case "=":
      advance()
      if current == "~" {
        advance()
        return token(.symbol("=~"))
      }
      return token(.symbol("="))
    case "!", "<", ">":
      advance()
      if current == "=" {
        advance()
        return token(.symbol(String(c) + "="))
      }
      if c == "!" {
        diagnostics.append(
          Diagnostic(
            .error, "'!' must be followed by '=' (use 'not' to negate)", at: token(.end).range))
        return token(.symbol("!="))
      }
      return token(.symbol(String(c)))
    case "'":
      return singleQuoted(start)
    case "\"":
      return doubleQuoted(start)
    case "$":
      advance()
      let name = variableName()
      if name.isEmpty {
        diagnostics.append(
          Diagnostic(
            .error, "'$' must be followed by a variable name, a digit or '#'", at: token(.end).range
          ))
      }
      return token(.variable(name))
    default:
      var text = ""
      while let c = current, Lexer.isWordCharacter(c) {
        text.unicodeScalars.append(c)
        advance()
      }
      if text.hasPrefix("--"), text.count > 2 { return token(.option(String(text.dropFirst(2)))) }
      return token(.word(text))
    }
  }

  private mutating func variableName() -> String {
    guard let c = current else { return "" }
    if c == "#" || ("0"..."9").contains(c) {
      advance()
      return String(c)
    }
    var name = ""
    while let c = current, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" {
      name.unicodeScalars.append(c)
      advance()
    }
    return name
  }

  private mutating func singleQuoted(_ start: SourceLocation) -> Token {
    advance()
    var text = ""
    while let c = current, c != "'" {
      text.unicodeScalars.append(c)
      advance()
    }
    if current == nil {
      diagnostics.append(
        Diagnostic(
          .error, "unterminated string", at: SourceRange(start: start, end: location),
          hint: "add the closing '"))
    } else {
      advance()
    }
    return Token(kind: .singleQuoted(text), range: SourceRange(start: start, end: location))
  }

  private mutating func doubleQuoted(_ start: SourceLocation) -> Token {
    advance()
    var segments: [StringSegment] = []
    var text = ""
    func flush() {
      if !text.isEmpty { segments.append(.text(text)) }
      text = ""
    }
    while let c = current, c != "\"" {
      if c == "$", let n = peek(),
        n.properties.isAlphabetic || n == "_" || n == "#" || ("0"..."9").contains(n) || n == "{"
      {
        flush()
        let variableStart = location
        advance()
        let braced = current == "{"
        if braced { advance() }
        let name = variableName()
        if braced {
          if current == "}" {
            advance()
          } else {
            diagnostics.append(
              Diagnostic(
                .error, "missing '}' after '${\(name)'",
                at: SourceRange(start: variableStart, end: location)))
          }
        }
        segments.append(.variable(name, range: SourceRange(start: variableStart, end: location)))
        continue
      }
      if c == "\\" {
        let escapeStart = location
        advance()
        guard let e = current else { break }
        advance()
        switch e {
        case "n": text += "\n"
        case "t": text += "\t"
        case "\"", "\\", "$": text.unicodeScalars.append(e)
        case "u":
          var hex = ""
          if current == "{" {
            advance()
            while let h = current, h != "}", hex.count < 8 {
              hex.unicodeScalars.append(h)
              advance()
            }
            if current == "}" { advance() }
          }
          if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
            text.unicodeScalars.append(scalar)
          } else {
            diagnostics.append(
              Diagnostic(
                .error, "invalid unicode escape; write \\u{HEX}",
                at: SourceRange(start: escapeStart, end: location)))
          }
        default:
          diagnostics.append(
            Diagnostic(
              .error, "unknown escape '\\\(e)' in string",
              at: SourceRange(start: escapeStart, end: location),
              hint: "escapes are \\\" \\\\ \\$ \\n \\t \\u{HEX}"))
        }
        continue
      }
      text.unicodeScalars.append(c)
      advance()
    }
    flush()
    if current == nil {
      diagnostics.append(
        Diagnostic(
          .error, "unterminated string", at: SourceRange(start: start, end: location),
          hint: "add the closing \""))
    } else {
      advance()
    }
    return Token(kind: .doubleQuoted(segments), range: SourceRange(start: start, end: location))
  }
}
