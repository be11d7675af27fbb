import Synchronization
import Testing

@testable import KQLShell

@Suite struct LineEditorTests {
  /// An editor that reads `script` and records the prompts it showed.
  final class ScriptedInput: Sendable {
    let reads: Mutex<[LineEditor.LineRead]>
    let prompts = Mutex<[String]>([])

    init(_ script: [LineEditor.LineRead]) { reads = Mutex(script) }

    func next(_ prompt: String) -> LineEditor.LineRead {
      prompts.withLock { $0.append(prompt) }
      return reads.withLock { $0.isEmpty ? .end : $0.removeFirst() }
    }
  }

  func editor(_ input: ScriptedInput, interactive: Bool, recorder: RecordingSink) -> LineEditor {
    LineEditor(
      history: HistoryStore(directory: nil), interactive: interactive,
      writer: ConsoleWriter(statusAllowed: false, sink: recorder.sink), onHistoryError: { _ in },
      readLine: input.next)
  }

  func read(_ editor: LineEditor) -> String? {
    editor.readStatement(prompt: "kql> ", continuationPrompt: "...> ") {
      $0.hasSuffix("|") || $0.hasSuffix("\\")
    }
  }

  @Test func continuedLinesMakeOneStatementAndOneHistoryEntry() {
    let input = ScriptedInput([.line("find state=active |"), .line("  show"), .line("count")])
    let editor = editor(input, interactive: true, recorder: RecordingSink())
    #expect(read(editor) == "find state=active |\n  show")
    #expect(read(editor) == "count")
    #expect(input.prompts.withLock { $0 } == ["kql> ", "...> ", "kql> "])
    #expect(editor.history.entries == ["find state=active |\n  show", "count"])
  }

  @Test func ctrlCDropsThePendingStatementAndPromptsAgain() {
    let input = ScriptedInput([.line("find x |"), .interrupted, .line("ids")])
    let recorder = RecordingSink()
    let editor = editor(input, interactive: true, recorder: recorder)
    #expect(read(editor) == "ids")
    #expect(input.prompts.withLock { $0 } == ["kql> ", "...> ", "kql> "])
    #expect(recorder.texts == ["^C\n"])
    #expect(editor.history.entries == ["ids"])
  }

  @Test func ctrlDEndsTheInputOnATerminal() {
    let input = ScriptedInput([.line("find x |"), .end, .line("never read")])
    let editor = editor(input, interactive: true, recorder: RecordingSink())
    #expect(read(editor) == nil)
    #expect(read(editor) == nil)
    #expect(editor.history.entries.isEmpty)
  }

  @Test func fromAFileThePendingStatementReachesTheParser() {
    let input = ScriptedInput([.line("ids"), .line("find x |")])
    let editor = editor(input, interactive: false, recorder: RecordingSink())
    #expect(read(editor) == "ids")
    #expect(read(editor) == "find x |")
    #expect(read(editor) == nil)
    #expect(editor.history.entries.isEmpty)
  }

  @Test func secretsStayOutOfTheHistory() {
    let input = ScriptedInput([.line("connect --api-key ory_pat_x"), .line("ids")])
    let editor = editor(input, interactive: true, recorder: RecordingSink())
    #expect(read(editor) == "connect --api-key ory_pat_x")
    #expect(read(editor) == "ids")
    #expect(editor.history.entries == ["ids"])
  }
}
