/// The text of a progress line, as a pure function of the numbers.
public enum ProgressText {
  /// For example `1200/5000 24% · 310/s · eta 13s`, or `1200 · 310/s` when the total is unknown.
  public static func render(done: Int, total: Int?, elapsed: Double, label: String = "") -> String {
    var parts: [String] = []
    if let total, total > 0 {
      let percent = min(100, done * 100 / total)
      parts.append("\(done)/\(total) \(percent)%")
    } else {
      parts.append("\(done)")
    }
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    if rate > 0 { parts.append(formatRate(rate)) }
    if let total, total > done, rate > 0 {
      parts.append("eta " + formatDuration(Double(total - done) / rate))
    }
    let body = parts.joined(separator: " · ")
    return label.isEmpty ? body : label + " " + body
  }

  /// `310/s`, `12.5/s`, `0.4/s`.
  public static func formatRate(_ rate: Double) -> String {
    if rate >= 100 { return "\(Int(rate.rounded()))/s" }
    let tenths = (rate * 10).rounded() / 10
    return "\(tenths)/s"
  }

  /// `45s`, `3m05s`, `2h04m`.
  public static func formatDuration(_ seconds: Double) -> String {
    let whole = max(0, Int(seconds.rounded(.up)))
    if whole < 60 { return "\(whole)s" }
    if whole < 3600 { return "\(whole / 60)m" + twoDigits(whole % 60) + "s" }
    return "\(whole / 3600)h" + twoDigits(whole % 3600 / 60) + "m"
  }

  private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
