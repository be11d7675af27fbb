import Foundation
@preconcurrency import Glibc
import KratosModel

/// An instant with nanosecond precision, written the way Go's `time.RFC3339Nano` writes it.
///
/// Go drops trailing zeros of the fraction and the dot with them, so Kratos's timestamps have
/// anywhere from zero to nine fractional digits; the sandbox reproduces that so clients meet
/// the same variety as against a real server.
struct GoTime: Sendable, Hashable, Comparable {
  /// Whole seconds since 1970-01-01T00:00:00Z.
  var seconds: Int
  /// Nanoseconds within the second, 0..<1_000_000_000.
  var nanoseconds: Int

  init(seconds: Int, nanoseconds: Int = 0) {
    let carry =
      nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
    self.seconds = seconds + carry
    self.nanoseconds = nanoseconds - carry * 1_000_000_000
  }

  /// The current wall-clock time, cut to microseconds as a SQL database stores it.
  static func now() -> GoTime {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return GoTime(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec) / 1000 * 1000)
  }

  /// Parses any RFC 3339 date-time; the fraction keeps all its digits.
  static func parse(_ text: String) -> GoTime? {
    guard let date = Timestamp.parse(text) else { return nil }
    let whole = Int(date.timeIntervalSince1970.rounded(.down))
    var nanos = 0
    if let dot = text.firstIndex(of: ".") {
      let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
      let padded =
        String(digits.prefix(9)) + String(repeating: "0", count: max(0, 9 - digits.count))
      nanos = Int(padded) ?? 0
    }
    return GoTime(seconds: whole, nanoseconds: nanos)
  }

  func adding(seconds delta: Int, nanoseconds deltaNanos: Int = 0) -> GoTime {
    GoTime(seconds: seconds + delta, nanoseconds: nanoseconds + deltaNanos)
  }

  /// RFC 3339 in UTC with the fraction's trailing zeros trimmed.
  var text: String {
    let base = Timestamp.format(Date(timeIntervalSince1970: Double(seconds)))
    guard nanoseconds > 0 else { return base }
    var digits = String(nanoseconds)
    digits = String(repeating: "0", count: 9 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return base.dropLast() + "." + digits + "Z"
  }

  var json: JSON { .string(text) }

  static func < (lhs: GoTime, rhs: GoTime) -> Bool {
    (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
  }
}
