/// The few terminal styles kql uses, as SGR escape sequences.
public enum ANSIStyle: String, Sendable, CaseIterable {
  case bold = "1"
  case dim = "2"
  case red = "31"
  case green = "32"
  case yellow = "33"
  case cyan = "36"

  /// `text` wrapped in this style, or `text` unchanged when colour is off.
  public func apply(_ text: String, enabled: Bool) -> String {
    guard enabled, !text.isEmpty else { return text }
    return "\u{1B}[\(rawValue)m\(text)\u{1B}[0m"
  }

  /// Moves to the start of the line and erases it: how a status line is replaced or removed.
  public static let clearLine = "\r\u{1B}[K"
}
