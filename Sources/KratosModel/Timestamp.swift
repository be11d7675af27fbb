import Foundation

/// RFC 3339 timestamps as Go writes them: 0 to 9 fractional digits, `Z` or a numeric offset.
public enum Timestamp {
  /// The instant `text` names, or `nil` if it is not an RFC 3339 date-time.
  public static func parse(_ text: some StringProtocol) -> Date? {
    let b = Array(text.utf8)
    var i = 0
    func number(_ width: Int) -> Int? {
      guard i + width <= b.count else { return nil }
      var value = 0
      for k in i..<(i + width) {
        guard b[k] >= 48, b[k] <= 57 else { return nil }
        value = value * 10 + Int(b[k] - 48)
      }
      i += width
      return value
    }
    func expect(_ chars: String) -> Bool {
      guard i < b.count, chars.utf8.contains(b[i]) else { return false }
      i += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"),
      let day = number(2),
      expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
      let second = number(2)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24,
      minute < 60, second <= 60
    else { return nil }
    var fraction = 0.0
    if i < b.count, b[i] == UInt8(ascii: ".") {
      i += 1
      var digits = 0
      var scale = 0.1
      while i < b.count, b[i] >= 48, b[i] <= 57 {
        fraction += Double(b[i] - 48) * scale
        scale /= 10
        digits += 1
        i += 1
      }
      guard (1...9).contains(digits) else { return nil }
    }
    var offset = 0
    if expect("Zz") {
      offset = 0
    } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
      let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
      i += 1
      guard let oh = number(2), expect(":"), let om = number(2), oh < 24, om < 60 else {
        return nil
      }
      offset = sign * (oh * 3600 + om * 60)
    } else {
      return nil
    }
    guard i == b.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    return Date(timeIntervalSince1970: seconds)
  }

  /// The date `text` names if it is a plain `YYYY-MM-DD` calendar date, as midnight UTC.
  public static func parseDate(_ text: some StringProtocol) -> Date? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
    else { return nil }
    return Date(
      timeIntervalSince1970: Double(daysFromCivil(year: year, month: month, day: day) * 86400))
  }

  /// `date` in UTC as RFC 3339 with the given number of fractional digits (0 to 9).
  public static func format(_ date: Date, fractionalDigits: Int = 0) -> String {
    let total = date.timeIntervalSince1970
    let whole = Int(total.rounded(.down))
    var days = whole / 86400
    var rest = whole % 86400
    if rest < 0 {
      rest += 86400
      days -= 1
    }
    let (y, m, d) = civilFromDays(days)
    func pad(_ v: Int, _ w: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    var out =
      "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
      + "T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))"
    if fractionalDigits > 0 {
      let digits = min(fractionalDigits, 9)
      var scale = 1
      for _ in 0..<digits { scale *= 10 }
      let fraction = min(Int(((total - Double(whole)) * Double(scale)).rounded()), scale - 1)
      out += "." + pad(fraction, digits)
    }
    return out + "Z"
  }

  static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}
