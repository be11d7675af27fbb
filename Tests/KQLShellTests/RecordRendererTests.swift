import KQLLanguage
import KratosModel
import Testing

@testable import KQLShell

@Suite struct RecordRendererTests {
  let alice: JSON = [
    "id": "a1", "state": "active",
    "traits": ["email": "alice@example.com", "name": ["first": "Alice"]],
    "recovery_addresses": [["value": "alice@example.com"], ["value": "a@example.org"]],
  ]
  let bob: JSON = ["id": "b2", "state": "inactive", "traits": ["email": "bob@example.com"]]

  /// Every line the renderer produces for `records`.
  func render(_ renderer: RecordRenderer, _ records: [JSON]) -> [String] {
    var renderer = renderer
    var lines: [String] = []
    for record in records { lines += renderer.add(record) }
    return lines + renderer.finish()
  }

  @Test func jsonIsOneArrayWithARecordPerLine() throws {
    let lines = render(RecordRenderer(format: .json), [alice, bob])
    #expect(lines.count == 4)
    #expect(lines.first == "[")
    #expect(lines[1] == alice.serialized + ",")
    #expect(lines[2] == bob.serialized)
    #expect(lines.last == "]")
    let parsed = try JSON(parsing: lines.joined(separator: "\n"))
    #expect(parsed == [alice, bob])
  }

  @Test func jsonOfOneAndOfNone() throws {
    #expect(render(RecordRenderer(format: .json), []) == ["[]"])
    let one = render(RecordRenderer(format: .json), [bob])
    #expect(one == ["[", bob.serialized, "]"])
    #expect(try JSON(parsing: one.joined(separator: "\n")) == [bob])
  }

  @Test func jsonLines() {
    #expect(
      render(RecordRenderer(format: .jsonl), [alice, bob]) == [alice.serialized, bob.serialized])
    #expect(render(RecordRenderer(format: .jsonl), []).isEmpty)
  }

  @Test func ids() {
    let noID: JSON = ["error": "x"]
    #expect(render(RecordRenderer(format: .ids), [alice, noID, bob]) == ["a1", "b2"])
    #expect(render(RecordRenderer(format: .ids), []).isEmpty)
  }

  @Test func csvQuotesAndHeader() {
    let odd: JSON = ["id": "c3", "state": "active", "traits": ["email": "say \"hi\", ok"]]
    let lines = render(
      RecordRenderer(format: .csv, columns: ["id", "traits.email", "recovery_addresses.value"]),
      [alice, odd])
    #expect(
      lines == [
        "id,traits.email,recovery_addresses.value",
        "a1,alice@example.com,\"alice@example.com, a@example.org\"",
        "c3,\"say \"\"hi\"\", ok\",",
      ])
  }

  @Test func csvOfNoneIsTheHeaderWhenColumnsAreKnown() {
    #expect(render(RecordRenderer(format: .csv, columns: ["id", "state"]), []) == ["id,state"])
    #expect(render(RecordRenderer(format: .csv), []).isEmpty)
  }

  @Test func csvFieldQuoting() {
    #expect(CSVField.quoted("plain") == "plain")
    #expect(CSVField.quoted("a\nb") == "\"a\nb\"")
    #expect(CSVField.quoted(" lead") == "\" lead\"")
    #expect(CSVField.quoted("") == "")
  }

  @Test func tableAlignsColumnsUnderAHeader() {
    let renderer = RecordRenderer(
      format: .table, columns: ["id", "state", "traits.email"],
      table: .init(terminalWidth: 200))
    #expect(
      render(renderer, [alice, bob]) == [
        "ID  STATE     TRAITS.EMAIL",
        "a1  active    alice@example.com",
        "b2  inactive  bob@example.com",
      ])
  }

  @Test func tableOfNoneIsEmpty() {
    #expect(render(RecordRenderer(format: .table, columns: ["id"]), []).isEmpty)
  }

  @Test func tableFitsTheTerminalByShrinkingTheWidestColumn() {
    let long: JSON = [
      "id": "x", "note": .string(String(repeating: "n", count: 50)), "tag": "abcdefgh",
    ]
    let renderer = RecordRenderer(
      format: .table, columns: ["id", "note", "tag"], table: .init(terminalWidth: 30))
    let lines = render(renderer, [long])
    for line in lines { #expect(DisplayWidth.of(line) <= 30) }
    #expect(lines[1] == "x   " + String(repeating: "n", count: 15) + "…  abcdefgh")
  }

  @Test func wideTableIsNotFitted() {
    let long: JSON = ["id": "x", "note": .string(String(repeating: "n", count: 50))]
    let renderer = RecordRenderer(
      format: .table, columns: ["id", "note"], table: .init(terminalWidth: 20, wide: true))
    #expect(render(renderer, [long])[1] == "x   " + String(repeating: "n", count: 50))
  }

  @Test func tableCountsDisplayWidth() {
    let wide: JSON = ["id": "日本語", "n": "e\u{301}"]
    let narrow: JSON = ["id": "abcdef", "n": "x"]
    let lines = render(RecordRenderer(format: .table, columns: ["id", "n"]), [wide, narrow])
    #expect(lines == ["ID      N", "日本語  e\u{301}", "abcdef  x"])
  }

  @Test func tableTruncatesWideCharactersByColumns() {
    let record: JSON = ["a": "日本語日本語日本語", "b": "x"]
    let lines = render(
      RecordRenderer(format: .table, columns: ["a", "b"], table: .init(terminalWidth: 14)), [record]
    )
    #expect(lines[1] == "日本語日本…  x")
    #expect(DisplayWidth.of(lines[1]) <= 14)
  }

  @Test func tableStreamsAfterTheSample() {
    var renderer = RecordRenderer(
      format: .table, columns: ["id", "result"], table: .init(terminalWidth: 20, sampleSize: 2))
    #expect(renderer.add(["id": "1", "result": "ok"]).isEmpty)
    #expect(renderer.add(["id": "2", "result": "ok"]) == ["ID  RESULT", "1   ok", "2   ok"])
    // Widths are fixed now: a longer value is cut to the sampled width, except in the last
    // column, which may use the rest of the terminal line.
    #expect(
      renderer.add(["id": "12345678", "result": "failed: a long reason"]) == [
        "1…  failed: a long …"
      ])
    #expect(renderer.finish().isEmpty)
  }

  @Test func tableColoursStatesOnlyWhenEnabled() {
    let coloured = render(
      RecordRenderer(format: .table, columns: ["id", "state"], table: .init(colour: true)),
      [alice, bob])
    #expect(coloured[0] == "\u{1B}[1mID  STATE\u{1B}[0m")
    #expect(coloured[1] == "a1  \u{1B}[32mactive\u{1B}[0m")
    #expect(coloured[2] == "b2  \u{1B}[33minactive\u{1B}[0m")
    let plain = render(RecordRenderer(format: .table, columns: ["id", "state"]), [alice])
    #expect(!plain.joined().contains("\u{1B}"))
  }

  @Test func errorsAreRed() {
    #expect(RecordRenderer.style(column: "error", value: "not found") == .red)
    #expect(RecordRenderer.style(column: "error", value: "") == nil)
  }

  @Test func cellsCannotCarryControlCharacters() {
    let evil: JSON = ["id": "x\u{1B}[2Jy\nz"]
    let lines = render(RecordRenderer(format: .table, columns: ["id"]), [evil])
    #expect(lines[1] == "x\u{FFFD}[2Jy\\nz")
  }

  @Test func columnsDefaultToTheFirstRecordsFieldsIdFirst() {
    let lines = render(RecordRenderer(format: .csv), [["state": "active", "id": "1", "a": 2]])
    #expect(lines == ["id,a,state", "1,2,active"])
  }

  @Test func fieldPathsIntoArraysAndMissingFields() {
    #expect(
      RecordField.text(at: "recovery_addresses.value", in: alice)
        == "alice@example.com, a@example.org")
    #expect(RecordField.text(at: "traits.name.first", in: alice) == "Alice")
    #expect(RecordField.text(at: "traits.missing", in: alice) == "")
    #expect(RecordField.text(at: "traits.name", in: alice) == #"{"first":"Alice"}"#)
  }
}

@Suite struct TableLayoutTests {
  @Test func fitsByShrinkingTheWidestFirst() {
    #expect(TableLayout.fit(natural: [10, 40, 20], totalWidth: 60) == [10, 26, 20])
    #expect(TableLayout.fit(natural: [10, 40, 30], totalWidth: 50) == [10, 18, 18])
  }

  @Test func leavesFittingTablesAlone() {
    #expect(TableLayout.fit(natural: [3, 4], totalWidth: 80) == [3, 4])
  }

  @Test func givesUpRatherThanCutEveryColumnToNothing() {
    // 50 columns for an id, a state, an e-mail and a timestamp: fitting would leave `ina…`.
    #expect(
      TableLayout.fit(natural: [36, 8, 30, 30], totalWidth: 50, keep: [0]) == [36, 8, 30, 30])
    #expect(TableLayout.fit(natural: [2, 30, 30], totalWidth: 5) == [2, 30, 30])
  }

  @Test func keepsIDsWholeWhileOthersCanGive() {
    #expect(TableLayout.fit(natural: [36, 40, 20], totalWidth: 80, keep: [0]) == [36, 20, 20])
  }
}

@Suite struct RecordPrinterTests {
  @Test func printsThroughTheWriter() {
    let recorder = RecordingSink()
    let printer = RecordPrinter(
      renderer: RecordRenderer(format: .json),
      writer: ConsoleWriter(statusAllowed: false, sink: recorder.sink))
    printer.print(["id": "1"])
    printer.print(["id": "2"])
    printer.finish()
    #expect(recorder.texts.joined() == "[\n{\"id\":\"1\"},\n{\"id\":\"2\"}\n]\n")
  }
}
