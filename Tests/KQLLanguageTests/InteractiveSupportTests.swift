import Testing

@testable import KQLLanguage

@Suite struct ContinuationTests {
  @Test(arguments: [
    ("find |", true), ("find | ", true), ("find |  # more to come", true), ("find \\", true),
    ("echo \"open", true), ("echo 'open", true), ("find id in (a,", true), ("find", false),
    ("find | count", false), ("echo \"a|\"", false), ("echo \"say \\\"hi\\\"\"", false), ("# just a comment |", false),
    ("find email=a#b |", true),
  ])
  func needsMore(text: String, expected: Bool) {
    #expect(Continuation.needsMore(text) == expected, "\(text)")
  }
}

@Suite struct CompletionContextTests {
  @Test(arguments: [
    ("fi", CompletionContext.stageName(prefix: "fi", statementStart: true)),
    ("find | de", .stageName(prefix: "de", statementStart: false)),
    ("find | show --w", .stageOption(stage: "show", prefix: "--w")),
    ("find traits.", .fieldPath(prefix: "traits.")),
    ("find state=", .fieldValue(field: "state", prefix: "")),
    ("find state = ac", .fieldValue(field: "state", prefix: "ac")),
    ("find | where schema_id!=cu", .fieldValue(field: "schema_id", prefix: "cu")),
    ("set dr", .setOption(prefix: "dr")),
    ("set dry-run o", .setValue(option: "dry-run", prefix: "o")),
    ("load ./lea", .fileName(prefix: "./lea")),
    ("source ", .fileName(prefix: "")),
    ("connect pr", .connectTarget(prefix: "pr")),
    ("help de", .helpTopic(prefix: "de")),
    ("echo \"unfinished", .none),
    ("find | count ", .none),
  ])
  func classifies(line: String, expected: CompletionContext) {
    #expect(CompletionContext.classify(line: line, cursor: line.count) == expected)
  }

  @Test func suggestionsOnlyWhenClose() {
    #expect(LanguageCatalog.suggestion(for: "deactvate", among: LanguageCatalog.stages.map(\.name)) == "deactivate")
    #expect(LanguageCatalog.suggestion(for: "dleete", among: LanguageCatalog.stages.map(\.name)) == "delete")
    #expect(LanguageCatalog.suggestion(for: "xyzzy", among: LanguageCatalog.stages.map(\.name)) == nil)
  }
}
