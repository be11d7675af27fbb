/// Durations written as a number and a unit: `45s`, `30m`, `12h`, `90d`, `2w`.
public enum DurationText {
  /// The span in seconds, or `nil` when `text` is not a duration.
  public static func seconds(_ text: String) -> Int? {
    guard let unit = text.last, let number = Int(text.dropLast()), number >= 0 else { return nil }
    let scale: Int
    switch unit {
    case "s": scale = 1
    case "m": scale = 60
    case "h": scale = 3600
    case "d": scale = 86_400
    case "w": scale = 604_800
    default: return nil
    }
    let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
    return overflow ? nil : seconds
  }
}
