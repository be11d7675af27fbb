@preconcurrency import Foundation
import KQLLanguage
import KratosModel
import Synchronization

/// Writes records to standard output in one format as they arrive: a `RecordRenderer` joined
/// to a `ConsoleWriter`, safe to feed from any thread.
public final class RecordPrinter: Sendable {
  private let renderer: Mutex<RecordRenderer>
  private let writer: ConsoleWriter

  public init(renderer: RecordRenderer, writer: ConsoleWriter = .standard) {
    self.renderer = Mutex(renderer)
    self.writer = writer
  }

  /// A printer for this process's standard output: the format defaults to a table on a
  /// terminal and JSON lines elsewhere; the table fits the terminal and is coloured when allowed.
  public static func standardOutput(
    format: OutputFormat?, columns: [String] = [], wide: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> RecordPrinter {
    let table = RecordRenderer.TableOptions(
      terminalWidth: Terminal.width(of: .standardOutput, environment: environment),
      wide: wide,
      colour: Terminal.colourAllowed(on: .standardOutput, environment: environment))
    let renderer = RecordRenderer(
      format: format ?? Terminal.defaultOutputFormat(), columns: columns, table: table)
    return RecordPrinter(renderer: renderer)
  }

  /// Renders and writes one record (a table may hold it back until its columns are sized).
  public func print(_ record: JSON) {
    renderer.withLock { renderer in writer.writeOutput(renderer.add(record)) }
  }

  /// Writes whatever the format still holds back.
  public func finish() {
    renderer.withLock { renderer in writer.writeOutput(renderer.finish()) }
  }

  /// Whether the reader of standard output has gone away, so producing more is pointless.
  public var outputClosed: Bool { writer.outputClosed }
}
