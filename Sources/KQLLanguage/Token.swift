/// A lexical token of kql.
struct Token: Equatable {
  enum Kind: Equatable {
    /// A bare word: names, field paths, e-mails, paths, numbers, dates, globs.
    case word(String)
    /// `'…'`: literal text.
    case singleQuoted(String)
    /// `"…"`: text with `$NAME` interpolation.
    case doubleQuoted([StringSegment])
    /// `$NAME`, `$1`, `$#`.
    case variable(String)
    /// `--name`
    case option(String)
    /// `| ( ) , = != < <= > >= ~ =~`
    case symbol(String)
    /// The end of a statement: a newline or `;`.
    case separator
    case end
  }

  var kind: Kind
  var range: SourceRange

  var word: String? {
    if case .word(let w) = kind { return w }
    return nil
  }

  func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

  func isWord(_ s: String) -> Bool { word == s }

  /// How the token reads in a diagnostic.
  var display: String {
    switch kind {
    case .word(let w): "'\(w)'"
    case .singleQuoted(let s): "'\(s)'"
    case .doubleQuoted: "a quoted string"
    case .variable(let v): "'$\(v)'"
    case .option(let o): "'--\(o)'"
    case .symbol(let s): "'\(s)'"
    case .separator: "the end of the statement"
    case .end: "the end of the input"
    }
  }
}
