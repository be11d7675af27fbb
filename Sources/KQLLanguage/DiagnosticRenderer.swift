/// Writes diagnostics the way compilers do: `file:line:col: error: message`, the source line, and
/// a caret line under the fault.
public enum DiagnosticRenderer {
  public static func render(
    _ diagnostic: Diagnostic, source: String, file: String?, color: Bool
  ) -> String {
    let start = diagnostic.range.start
    let place =
      (file.map { "\(PrintableText.sanitized($0, keepingNewlines: false)):" } ?? "")
      + "\(start.line):\(start.column)"
    let severity = diagnostic.severity.rawValue
    let label = color ? paint(severity, diagnostic.severity == .error ? "1;31" : "1;33") : severity
    var out = "\(place): \(label): \(PrintableText.sanitized(diagnostic.message))"
    // Split by scalars: a CRLF is one Swift character, and the lexer counts lines at each LF.
    let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    if start.line >= 1, start.line <= lines.count {
      var scalars = lines[start.line - 1]
      if scalars.last == "\r" { scalars.removeLast() }
      let line = PrintableText.sanitized(String(scalars), keepingNewlines: false)
      let characters = Array(
        line.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark })
      let fault = min(max(0, start.column - 1), characters.count)
      // A very long line is shown as a window around the fault, marked with … where cut.
      let from = characters.count > maximumShownLine ? max(0, fault - maximumShownLine / 3) : 0
      let to = min(characters.count, from + maximumShownLine)
      let lead = from > 0 ? "…" : ""
      // Tabs stay tabs under tabs, so the caret lines up whatever the tab width.
      var pad = lead
      for scalar in characters[from..<fault] {
        pad += scalar == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(scalar))
      }
      let sameLine = diagnostic.range.end.line == start.line
      let endColumn = sameLine ? diagnostic.range.end.column : characters.count + 1
      let marked = characters[fault..<max(fault, to)].prefix(max(1, endColumn - start.column))
      let width = max(1, marked.reduce(0) { $0 + DisplayWidth.of($1) })
      let caret = "^" + String(repeating: "~", count: width - 1)
      var shown = String.UnicodeScalarView()
      shown.append(contentsOf: characters[from..<to])
      out += "\n  " + lead + String(shown) + (to < characters.count ? "…" : "")
      out += "\n  " + pad + (color ? paint(caret, "1;32") : caret)
    }
    if let hint = diagnostic.hint.map({ PrintableText.sanitized($0) }) {
      out += "\n" + (color ? paint("hint:", "1;36") : "hint:") + " " + hint
    }
    return out
  }

  /// The most characters of a source line a diagnostic shows.
  static let maximumShownLine = 160

  static func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}

/// Whether an interactive entry is complete or continues on the next line.
public enum Continuation {
  /// True when the text ends with `|` or `\` (trailing spaces and a comment aside), or leaves a
  /// quote or parenthesis open.
  public static func needsMore(_ text: String) -> Bool {
    var quote: Character?
    var depth = 0
    var last: Character?
    var inComment = false
    var previous: Character = " "
    for character in text {
      if inComment {
        if character == "\n" {
          inComment = false
          previous = character
        }
        continue
      }
      if let open = quote {
        if character == open, !(open == "\"" && previous == "\\") { quote = nil }
        previous = character == "\\" && previous == "\\" ? " " : character
        last = character
        continue
      }
      switch character {
      case "\"", "'": quote = character
      case "(": depth += 1
      case ")": depth = max(0, depth - 1)
      case "#" where previous.isWhitespace || previous == "|" || previous == ";":
        inComment = true
        continue
      default: break
      }
      if !character.isWhitespace { last = character }
      previous = character
    }
    if quote != nil || depth > 0 { return true }
    return last == "|" || last == "\\"
  }
}
