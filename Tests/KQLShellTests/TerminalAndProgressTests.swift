import KQLLanguage
import Synchronization
import Testing

@testable import KQLShell

@Suite struct TerminalTests {
  @Test func widthPrefersTheKernelThenCOLUMNS() {
    #expect(Terminal.resolvedWidth(kernelColumns: 120, environment: ["COLUMNS": "90"]) == 120)
    #expect(Terminal.resolvedWidth(kernelColumns: 0, environment: ["COLUMNS": "90"]) == 90)
    #expect(Terminal.resolvedWidth(kernelColumns: 0, environment: ["COLUMNS": "wide"]) == 80)
    #expect(Terminal.resolvedWidth(kernelColumns: 0, environment: [:]) == 80)
  }

  @Test func colourNeedsATerminalAndNoNO_COLOR() {
    #expect(Terminal.colourAllowed(isTerminal: true, environment: [:]))
    #expect(Terminal.colourAllowed(isTerminal: true, environment: ["NO_COLOR": ""]))
    #expect(!Terminal.colourAllowed(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!Terminal.colourAllowed(isTerminal: false, environment: [:]))
  }

  @Test func defaultFormat() {
    #expect(Terminal.defaultOutputFormat(stdoutIsTerminal: true) == .table)
    #expect(Terminal.defaultOutputFormat(stdoutIsTerminal: false) == .jsonl)
  }

  @Test func styles() {
    #expect(ANSIStyle.red.apply("x", enabled: true) == "\u{1B}[31mx\u{1B}[0m")
    #expect(ANSIStyle.red.apply("x", enabled: false) == "x")
  }
}

@Suite struct ProgressTextTests {
  @Test func withTotal() {
    #expect(
      ProgressText.render(done: 1200, total: 5000, elapsed: 4)
        == "1200/5000 24% · 300/s · eta 13s")
  }

  @Test func withoutTotal() {
    #expect(
      ProgressText.render(done: 25, total: nil, elapsed: 10, label: "scanning")
        == "scanning 25 · 2.5/s")
  }

  @Test func atTheStartAndAtTheEnd() {
    #expect(ProgressText.render(done: 0, total: 10, elapsed: 0) == "0/10 0%")
    #expect(ProgressText.render(done: 10, total: 10, elapsed: 2) == "10/10 100% · 5.0/s")
  }

  @Test(arguments: [(45.0, "45s"), (0.2, "1s"), (185.0, "3m05s"), (7440.0, "2h04m")])
  func durations(seconds: Double, text: String) {
    #expect(ProgressText.formatDuration(seconds) == text)
  }
}

/// Records what a `ConsoleWriter` writes, stream by stream, in order.
final class RecordingSink: Sendable {
  let writes = Mutex<[(Terminal.Stream, String)]>([])
  let accept: Bool

  init(accept: Bool = true) { self.accept = accept }

  var sink: ConsoleWriter.Sink {
    { stream, text in
      self.writes.withLock { $0.append((stream, text)) }
      return self.accept
    }
  }

  var texts: [String] { writes.withLock { $0.map(\.1) } }
}

@Suite struct ConsoleWriterTests {
  @Test func statusLineIsErasedBeforeOtherOutput() {
    let recorder = RecordingSink()
    let writer = ConsoleWriter(statusAllowed: true, sink: recorder.sink)
    writer.showStatus("3/10")
    writer.writeOutput(["a", "b"])
    writer.writeError("warning: x")
    #expect(
      recorder.texts == [
        ANSIStyle.clearLine + "3/10", ANSIStyle.clearLine, "a\nb\n", "warning: x\n",
      ])
  }

  @Test func noStatusLineOffATerminal() {
    let recorder = RecordingSink()
    let writer = ConsoleWriter(statusAllowed: false, sink: recorder.sink)
    writer.showStatus("3/10")
    writer.clearStatus()
    #expect(recorder.texts.isEmpty)
  }

  @Test func concurrentWritersNeverSplitALine() async {
    let recorder = RecordingSink()
    let writer = ConsoleWriter(statusAllowed: false, sink: recorder.sink)
    await withTaskGroup(of: Void.self) { group in
      for task in 0..<8 {
        group.addTask {
          for i in 0..<100 { writer.writeOutput("task \(task) line \(i)") }
        }
      }
    }
    let texts = recorder.texts
    #expect(texts.count == 800)
    #expect(texts.allSatisfy { $0.hasPrefix("task ") && $0.hasSuffix("\n") })
  }

  @Test func aClosedOutputStopsFurtherWrites() {
    let recorder = RecordingSink(accept: false)
    let writer = ConsoleWriter(statusAllowed: false, sink: recorder.sink)
    writer.writeOutput("a")
    #expect(writer.outputClosed)
    writer.writeOutput("b")
    #expect(recorder.texts == ["a\n"])
  }

  @Test func progressLineAppearsAfterTheDelayAndIsErased() async throws {
    let recorder = RecordingSink()
    let writer = ConsoleWriter(statusAllowed: true, sink: recorder.sink)
    let progress = ProgressLine(label: "work", total: 4, writer: writer, delay: 0.2)
    progress.advance(by: 2)
    #expect(recorder.texts.isEmpty)
    try await Task.sleep(for: .milliseconds(600))
    progress.finish()
    let texts = recorder.texts
    #expect(texts.contains { $0.hasPrefix(ANSIStyle.clearLine + "work 2/4 50%") })
    #expect(texts.last == ANSIStyle.clearLine)
    let count = texts.count
    try await Task.sleep(for: .milliseconds(300))
    #expect(recorder.texts.count == count)
  }
}
