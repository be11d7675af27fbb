import Testing

@testable import KQLShell

@Suite struct CompletionEngineTests {
  let engine = CompletionEngine(
    fieldPaths: { ["traits.email", "traits.name.first", "traits.name.last", "traits.phone"] },
    schemaIDs: { ["customer", "default", "employee"] })

  /// The candidates with the cursor at the end of `line`.
  func candidates(_ line: String) -> [String] {
    engine.complete(line: line, cursor: line.unicodeScalars.count).candidates
  }

  @Test func statementStartOffersCommandsAndSourceStages() {
    #expect(candidates("fi") == ["find"])
    #expect(candidates("se") == ["sessions", "set"])
    #expect(candidates("so") == ["source"])
    #expect(candidates("").contains("help"))
    #expect(!candidates("").contains("deactivate"))
  }

  @Test func afterPipeOffersEveryStage() {
    #expect(candidates("find state=active | de") == ["deactivate", "delete"])
    #expect(candidates("find x |sh") == ["show"])
    #expect(candidates("find x | take 3 | j") == ["json", "jsonl"])
    #expect(candidates("explain fi") == ["find"])
  }

  @Test func continuationLinesCompleteInContext() {
    #expect(candidates("find state=active |\n  rev") == ["revoke"])
    #expect(candidates("find state=active \\\n  --no") == ["--no-scan"])
  }

  @Test func optionsOfTheCurrentStage() {
    #expect(candidates("find x | show --w") == ["--wide"])
    #expect(candidates("sessions --") == ["--active", "--inactive"])
    #expect(candidates("find --") == ["--no-scan"])
    #expect(candidates("find x | count --").isEmpty)
  }

  @Test func fieldPathsCompleteOneComponentAtATime() {
    #expect(candidates("find tr") == ["traits."])
    #expect(
      candidates("find traits.") == [
        "traits.email", "traits.name.", "traits.phone",
      ])
    #expect(candidates("find traits.na") == ["traits.name."])
    #expect(candidates("find traits.name.") == ["traits.name.first", "traits.name.last"])
    #expect(candidates("find x | select traits.e") == ["traits.email"])
    #expect(candidates("find x | sort created") == ["created_at"])
    #expect(candidates("find x | set traits.ph") == ["traits.phone"])
  }

  @Test func stageKeywordsBesideFields() {
    #expect(candidates("find x | sort created_at d") == ["desc", "devices."])
    #expect(candidates("find x | recover l") == ["link"])
    #expect(
      candidates("find state=active a")
        == [
          "active", "and", "authenticated_at", "authentication_methods.",
          "authenticator_assurance_level",
        ])
  }

  @Test func knownValues() {
    #expect(candidates("find state=") == ["active", "inactive"])
    #expect(candidates("find state=in") == ["inactive"])
    #expect(candidates("find x | where state != a") == ["active"])
    #expect(candidates("find schema_id=") == ["customer", "default", "employee"])
    #expect(candidates("find schema_id in (customer, em") == ["employee"])
    #expect(candidates("find traits.email=").isEmpty)
  }

  @Test func theWordIsTheValueAfterAnOperator() {
    let completion = engine.complete(beforeCursor: "find state=ac")
    #expect(completion.word == "ac")
    #expect(completion.candidates == ["active"])
  }

  @Test func settings() {
    #expect(
      candidates("set ")
        == ["concurrency", "confirm", "dry-run", "on-error", "output", "scan", "timing", "wide"])
    #expect(candidates("set on-error ") == ["continue", "stop"])
    #expect(candidates("set dry-run ") == ["off", "on"])
    #expect(candidates("set output ") == ["csv", "ids", "json", "jsonl", "table"])
    #expect(candidates("set output j") == ["json", "jsonl"])
  }

  @Test func helpTopics() {
    #expect(candidates("help deac") == ["deactivate"])
    #expect(candidates("help hist") == ["history"])
  }

  @Test(arguments: ["load ./ids", "find x | save out", "source scr", "load "])
  func fileNamesAreLeftToTheEditor(line: String) {
    let completion = engine.complete(beforeCursor: line)
    #expect(completion.wantsFileNames)
    #expect(completion.candidates.isEmpty)
  }

  @Test func nothingInsideQuotesOrAfterLet() {
    #expect(candidates("find traits.email=\"a").isEmpty)
    #expect(candidates("let x = ").isEmpty)
  }

  @Test func cursorInTheMiddleOfTheLine() {
    let line = "find tr | show"
    #expect(engine.complete(line: line, cursor: 7).candidates == ["traits."])
    let wide = "find nom=日本 traits.na | show"
    #expect(engine.complete(line: wide, cursor: 21).candidates == ["traits.name."])
  }

  @Test func customClassificationIsUsed() {
    let custom = CompletionEngine(classify: { _ in
      CompletionRequest(context: .settingValue(setting: "output"), word: "c")
    })
    #expect(custom.complete(beforeCursor: "anything").candidates == ["csv"])
  }

  @Test func wholeWordsGetASpaceButPathsDoNot() {
    #expect(Completion.isComplete("find"))
    #expect(!Completion.isComplete("traits."))
    #expect(!Completion.isComplete("dir/"))
  }

  @Test func candidatesAreAlignedToTheEditorsWord() {
    #expect(LibEditBridge.align(["name~john"], engineWord: "name~jo", editorWord: "jo") == ["john"])
    #expect(LibEditBridge.align(["john"], engineWord: "jo", editorWord: "name~jo") == ["name~john"])
    #expect(LibEditBridge.align(["a"], engineWord: "x", editorWord: "y").isEmpty)
  }
}
