import Foundation
import Testing

@testable import KQLLanguage

@Suite struct ParserTests {
  func parse(_ source: String) throws -> [Statement] {
    let (script, diagnostics) = KQLParser.parse(source, predeclared: ["dept"])
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    return script.statements
  }

  func stages(_ source: String) throws -> [StageKind] {
    guard case .pipeline(let pipeline)? = try parse(source).first?.kind else {
      throw TestError("not a pipeline: \(source)")
    }
    return pipeline.stages.map(\.kind)
  }

  @Test func theMainJob() throws {
    let kinds = try stages("find email=alice@example.com | deactivate | revoke")
    guard case .find(.comparison(let path, .equal, let value)?, false) = kinds[0] else {
      throw TestError("unexpected \(kinds[0])")
    }
    #expect(path.components == ["email"])
    #expect(value.kind == .string("alice@example.com"))
    #expect(Array(kinds.dropFirst()) == [.deactivate, .revoke])
  }

  @Test func predicatesSideBySideAreJoinedWithAnd() throws {
    let kinds = try stages("find traits.department=$dept state=inactive --no-scan | count")
    guard case .find(.and(.comparison(let a, _, _), .comparison(let b, _, _))?, true) = kinds[0]
    else {
      throw TestError("unexpected \(kinds[0])")
    }
    #expect(a.dotted == "traits.department" && b.dotted == "state")
  }

  @Test func precedenceIsNotThenAndThenOr() throws {
    let kinds = try stages("find | where id = 1 or not state = x and has traits.y")
    guard case .where(.or(.comparison, .and(.not(.comparison, _), .has))) = kinds[1] else {
      throw TestError("unexpected \(kinds[1])")
    }
    let grouped = try stages("find | where (id = 1 or state = x) and has traits.y")
    guard case .where(.and(.or, .has)) = grouped[1] else {
      throw TestError("unexpected \(grouped[1])")
    }
  }

  @Test func literalsAreClassified() throws {
    let statement = try parse(
      "echo 42 -7 true null 2024-01-31 2024-01-31T10:00:00.5+02:00 90d 0F8FAD5B-D9CB-469F-A165-70867728950E *@x.com plain 'qu ote' \"x\\ty\""
    )
    guard case .echo(let values)? = statement.first?.kind else { throw TestError("not echo") }
    #expect(
      values.map(\.kind) == [
        .integer(42), .integer(-7), .boolean(true), .null, .date("2024-01-31"),
        .timestamp("2024-01-31T10:00:00.5+02:00"), .duration(seconds: 7_776_000, text: "90d"),
        .uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"), .glob("*@x.com"), .string("plain"),
        .string("qu ote"),
        .string("x\ty"),
      ])
  }

  @Test func everyStageParses() throws {
    let sources = [
      "find traits.department=sales | where state = active | show id, traits.email",
      "find created_at < 90d and not has metadata_admin.keep | take 10 | json",
      "get 8f2a0b7e-1c3b-4d5e-9f00-123456789abc | sessions | revoke",
      "deactivate | revoke",
      "find id in (8f2a0b7e-1c3b-4d5e-9f00-123456789abc, 0f8fad5b-d9cb-469f-a165-70867728950e) | csv id state",
      "find traits.name.first =~ \"^Jo\" or traits.email ~ example | sort created_at desc, id | select id traits.email | show",
      "find | set metadata_public.plan=pro traits.newsletter=false",
      "find | unset metadata_admin.note",
      "find email=bob@example.com | recover code --expires 1h",
      "sessions --active | take 5 | show --wide",
      "load ./leavers.txt | deactivate | revoke",
      "find | save backup.jsonl",
      "ids | activate | jsonl",
      "find | delete",
      "find state not in (active) | ids",
    ]
    for source in sources {
      let (_, diagnostics) = KQLParser.parse(source)
      #expect(diagnostics.isEmpty, "\(source): \(diagnostics.map(\.message))")
    }
  }

  @Test func statementsOfEveryKind() throws {
    let statements = try parse(
      """
      let dept = sales
      set dry-run on
      set traits.x = 1
      echo "done with $dept" $dept
      explain find email=*@example.com
      help find; history
      connect http://127.0.0.1:4434
      source ./common.kql
      exit
      """)
    let kinds = statements.map { statement -> String in
      switch statement.kind {
      case .assignment: "let"
      case .setOption: "option"
      case .pipeline: "pipeline"
      case .echo: "echo"
      case .explain: "explain"
      case .help: "help"
      case .history: "history"
      case .connect: "connect"
      case .source: "source"
      case .exit: "exit"
      }
    }
    #expect(
      kinds == [
        "let", "option", "pipeline", "echo", "explain", "help", "history", "connect", "source",
        "exit",
      ])
  }

  @Test func everyErrorOfAScriptIsReportedAtOnce() {
    let (script, diagnostics) = KQLParser.parse(
      """
      find email=a@b.c
      find | deactvate
      echo fine
      set dry-rn on
      find | count | show
      """)
    #expect(diagnostics.map(\.range.start.line) == [2, 4, 5])
    #expect(script.statements.count == 2)
  }

  @Test func continuationAcrossLines() throws {
    let statements = try parse(
      "find email=a@b.c |\n  deactivate |   # comment\n  revoke\necho next")
    #expect(statements.count == 2)
    let joined = try parse("find state = active \\\n  | count")
    #expect(joined.count == 1)
  }

  @Test func shebangAndCommentsAreIgnored() throws {
    let statements = try parse(
      "#!/usr/bin/env kql\n# a comment\nfind email=a#b@c.d | count # trailing\n")
    #expect(statements.count == 1)
    guard case .pipeline(let pipeline)? = statements.first?.kind,
      case .find(.comparison(_, _, let value)?, _) = pipeline.stages[0].kind
    else { throw TestError("unexpected \(statements)") }
    #expect(value.kind == .string("a#b@c.d"))
  }

  @Test func positionsCountCharactersNotBytes() {
    let (_, diagnostics) = KQLParser.parse("find traits.name.first=\"山田\" | deactvate")
    #expect(diagnostics.first?.range.start.column == 31)
  }

  @Test func randomInputNeverCrashesOrHangs() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("find where |()=!<>~\"'$#;\\\n\t-.,*?abc123 山é--")
    for _ in 0..<2000 {
      let length = Int.random(in: 0..<60, using: &generator)
      let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
      _ = KQLParser.parse(text)
      _ = Continuation.needsMore(text)
    }
  }
}

struct TestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension ParserTests {
  /// Input nested thousands deep once overflowed the stack; it is now a parse error.
  @Test(arguments: [
    "find " + String(repeating: "(", count: 20_000) + "state=active"
      + String(repeating: ")", count: 20_000),
    "find | where " + String(repeating: "not ", count: 100_000) + "state=active",
    "echo " + String(repeating: "(", count: 100_000),
  ])
  func deepNestingIsRefused(source: String) {
    let (_, diagnostics) = KQLParser.parse(source)
    #expect(diagnostics.first?.message == "nested too deeply: more than 64 levels")
  }

  @Test func veryLongExpressionsAreRefused() {
    let source =
      "find | where " + Array(repeating: "state=active", count: 5000).joined(separator: " and ")
    let (_, diagnostics) = KQLParser.parse(source)
    #expect(diagnostics.first?.message == "expression too long: more than 1000 conditions")
  }

  @Test func scriptArgumentsAreCheckedWhenTheirCountIsKnown() {
    let (_, diagnostics) = KQLParser.parse("echo $1 \"and $3\"", arguments: 2)
    #expect(diagnostics.map(\.message) == ["script argument $3 was not given (there are 2)"])
    #expect(KQLParser.parse("echo $9").1.isEmpty)
  }
}

extension ParserTests {
  /// Input echoed in a diagnostic must not drive the terminal.
  @Test func diagnosticsNeutraliseControlCharacters() {
    let source = "fnd\u{1B}[31mRED | count"
    let (_, diagnostics) = KQLParser.parse(source)
    let text = diagnostics.map {
      DiagnosticRenderer.render($0, source: source, file: "a\u{7}.kql", color: false)
    }
    .joined()
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text.contains("unknown stage 'fnd\u{FFFD}[31mRED'"))
  }

  @Test func diagnosticsShowTheRightLineOfACRLFScript() {
    let source = "find | count\r\nfind | deactvate\r\n"
    let (_, diagnostics) = KQLParser.parse(source)
    let text = DiagnosticRenderer.render(diagnostics[0], source: source, file: nil, color: false)
    #expect(
      text
        == "2:8: error: unknown stage 'deactvate'\n  find | deactvate\n         ^~~~~~~~~\nhint: did you mean 'deactivate'?"
    )
  }
}

extension ParserTests {
  /// A 400 KB line once went to stderr whole; a window around the fault is shown instead.
  @Test func aVeryLongLineIsShownAsAWindowAroundTheFault() {
    let source = "find email=\"" + String(repeating: "a", count: 100_000) + "\" | deactvate"
    let (_, diagnostics) = KQLParser.parse(source)
    guard let diagnostic = diagnostics.first else {
      Issue.record("no diagnostic")
      return
    }
    let text = DiagnosticRenderer.render(diagnostic, source: source, file: nil, color: false)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[1].count < 200 && lines[1].hasSuffix("| deactvate"))
    #expect(lines[2].hasSuffix("^~~~~~~~~"))
    // The caret sits under the misspelt stage.
    #expect(lines[2].count == lines[1].count)
  }
}
