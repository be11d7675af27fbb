/// RFC 4180 quoting for one comma-separated field.
public enum CSVField {
  /// `text` as a CSV field: quoted, with quotes doubled, when it holds a comma, quote, CR or LF,
  /// or starts or ends with a space.
  public static func quoted(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One CSV record line, without the line ending.
  public static func row(_ fields: [String]) -> String {
    fields.map(quoted).joined(separator: ",")
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
