import Testing

@testable import KQLLanguage

@Suite struct ContinuationTests {
  @Test(arguments: [
    ("find |", true), ("find | ", true), ("find |  # more to come", true), ("find \\", true),
    ("echo \"open", true), ("echo 'open", true), ("find id in (a,", true), ("find", false),
    ("find | count", false), ("echo \"a|\"", false), ("echo \"say \\\"hi\\\"\"", false),
    ("# just a comment |", false),
    ("find email=a#b |", true),
  ])
  func needsMore(text: String, expected: Bool) {
    #expect(Continuation.needsMore(text) == expected, "\(text)")
  }
}

@Suite struct SuggestionTests {
  @Test func suggestionsOnlyWhenClose() {
    #expect(
      LanguageCatalog.suggestion(for: "deactvate", among: LanguageCatalog.stages.map(\.name))
        == "deactivate")
    #expect(
      LanguageCatalog.suggestion(for: "dleete", among: LanguageCatalog.stages.map(\.name))
        == "delete")
    #expect(
      LanguageCatalog.suggestion(for: "xyzzy", among: LanguageCatalog.stages.map(\.name)) == nil)
  }
}
