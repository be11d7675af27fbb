import Foundation
import KQLEvaluator
import KQLLanguage
import KQLShell
import KratosModel
import Synchronization

/// The evaluator's console on the process's standard streams: tables and colour on a terminal,
/// JSON lines and plain text elsewhere, progress only on a terminal, questions only where someone
/// can answer them.
final class StandardConsole: Console {
  let writer: ConsoleWriter
  let outputIsTerminal: Bool
  let outputColour: Bool
  let errorColour: Bool
  /// Asks a yes/no question at the terminal, giving up (no) once the flag is raised; `nil` when
  /// nobody can be asked.
  let ask: (@Sendable (String, CancelFlag) -> Bool?)?
  /// Field paths of the records written, for completion.
  let seen: (@Sendable (JSON) -> Void)?
  private let progressLine = Mutex<(label: String, line: ProgressLine)?>(nil)

  init(
    environment: [String: String], writer: ConsoleWriter = .standard,
    ask: (@Sendable (String, CancelFlag) -> Bool?)? = nil,
    seen: (@Sendable (JSON) -> Void)? = nil
  ) {
    self.writer = writer
    outputIsTerminal = Terminal.isTerminal(.standardOutput)
    outputColour = Terminal.colourAllowed(on: .standardOutput, environment: environment)
    errorColour = Terminal.colourAllowed(on: .standardError, environment: environment)
    self.ask = ask
    self.seen = seen
  }

  var defaultFormat: OutputFormat { outputIsTerminal ? .table : .jsonl }

  func makeWriter(_ request: OutputRequest) -> any RecordWriter {
    let format = request.format
    let options = RecordRenderer.TableOptions(
      terminalWidth: Terminal.width(of: .standardOutput), wide: request.wide, colour: outputColour)
    let renderer = RecordRenderer(format: format, columns: request.columns, table: options)
    return RendererWriter(printer: RecordPrinter(renderer: renderer, writer: writer), seen: seen)
  }

  func print(_ line: String) { writer.writeOutput(PrintableText.sanitized(line)) }

  func note(_ line: String) {
    writer.writeError(ANSIStyle.dim.apply(PrintableText.sanitized(line), enabled: errorColour))
  }

  func warning(_ line: String) {
    writer.writeError(
      ANSIStyle.yellow.apply("warning:", enabled: errorColour) + " " + PrintableText.sanitized(line)
    )
  }

  /// Writes an error; text that is not already a rendered diagnostic gets an `error:` label.
  func error(_ text: String) {
    if text.range(of: #"^([^\s:]*:)?\d+:\d+: "#, options: .regularExpression) != nil {
      writer.writeError(text)
    } else {
      let body = PrintableText.sanitized(
        text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text)
      writer.writeError(ANSIStyle.red.apply("error:", enabled: errorColour) + " " + body)
    }
  }

  func confirm(_ question: String) async -> Bool? {
    guard let ask else { return nil }
    finishProgress()
    writer.clearStatus()
    // Ctrl-C cancels the task that asks; the question then gives up at once.
    let cancelled = CancelFlag()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        // Reading the answer blocks; keep it off the cooperative thread pool.
        Thread { continuation.resume(returning: ask("\(question) [y/N] ", cancelled)) }.start()
      }
    } onCancel: {
      cancelled.raise()
    }
  }

  func progress(_ event: ProgressEvent) {
    guard writer.statusAllowed else { return }
    switch event {
    case .update(let label, let done, let total):
      progressLine.withLock { current in
        if current?.label != label {
          current?.line.finish()
          current = (label, ProgressLine(label: label, total: total, writer: writer))
        }
        guard let line = current?.line else { return }
        line.setTotal(total)
        line.advance(by: max(0, done - line.snapshot.done))
      }
    case .finished:
      finishProgress()
    }
  }

  func finishProgress() {
    progressLine.withLock { current in
      current?.line.finish()
      current = nil
    }
  }

  /// A diagnostic with its source line and caret, coloured on a terminal.
  func render(_ diagnostic: Diagnostic, source: String, file: String?) -> String {
    DiagnosticRenderer.render(diagnostic, source: source, file: file, color: errorColour)
  }
}

/// One output stage's records, printed through the shell's `RecordPrinter`.
struct RendererWriter: RecordWriter {
  let printer: RecordPrinter
  /// Told about every record, so that completion learns the fields of what was shown.
  let seen: (@Sendable (JSON) -> Void)?

  func write(_ record: JSON) {
    seen?(record)
    printer.print(record)
  }

  func finish() { printer.finish() }
}
