/// Text made safe to write to a terminal: control characters (other than tab and newline) become
/// `�`, so that input echoed in a message cannot move the cursor, recolour the screen or set the
/// window title.
public enum PrintableText {
  public static func sanitized(_ text: String, keepingNewlines: Bool = true) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar == "\n" && keepingNewlines || scalar == "\t" || !isControl(scalar) {
        out.append(scalar)
      } else {
        out.append("\u{FFFD}")
      }
    }
    return String(out)
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }
}
