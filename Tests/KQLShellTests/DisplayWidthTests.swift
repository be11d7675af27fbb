import KQLLanguage
import Testing

@testable import KQLShell

@Suite struct DisplayWidthTests {
  @Test(arguments: [
    ("abc", 3), ("", 0), ("日本語", 6), ("e\u{301}", 1), ("cafe\u{301}", 4), ("👍", 2),
    ("한국", 4), ("a\u{200B}b", 2), ("ｆｕｌｌ", 8),
  ])
  func width(text: String, expected: Int) {
    #expect(DisplayWidth.of(text) == expected)
  }

  @Test func truncationKeepsWidthAndAddsEllipsis() {
    #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
    #expect(DisplayWidth.truncate("abcd", to: 4) == "abcd")
    #expect(DisplayWidth.truncate("日本語です", to: 6) == "日本…")
    #expect(DisplayWidth.of(DisplayWidth.truncate("日本語です", to: 6)) == 5)
    #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
    #expect(DisplayWidth.truncate("abc", to: 0) == "")
  }

  @Test func padding() {
    #expect(DisplayWidth.pad("日", to: 4) == "日  ")
    #expect(DisplayWidth.pad("long", to: 2) == "long")
  }
}
