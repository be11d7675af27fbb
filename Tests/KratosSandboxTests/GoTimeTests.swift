import Testing

@testable import KratosSandbox

/// Timestamps are written as Go writes them: fraction trimmed of trailing zeros.
@Suite struct GoTimeTests {
  @Test(arguments: [
    (0, "2026-01-02T03:04:05Z"),
    (120_000_000, "2026-01-02T03:04:05.12Z"),
    (123_456_000, "2026-01-02T03:04:05.123456Z"),
    (1, "2026-01-02T03:04:05.000000001Z"),
  ])
  func trimsTrailingZeros(nanoseconds: Int, expected: String) throws {
    let base = try #require(GoTime.parse("2026-01-02T03:04:05Z"))
    let time = GoTime(seconds: base.seconds, nanoseconds: nanoseconds)
    #expect(time.text == expected)
    #expect(GoTime.parse(expected) == time)
  }
}
