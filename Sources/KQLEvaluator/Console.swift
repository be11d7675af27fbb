import KQLLanguage
import KratosModel

/// What one output stage asks the console for.
public struct OutputRequest: Sendable {
  public var format: OutputFormat
  /// Column names in order; the records given to the writer are flat objects keyed by them. Empty
  /// for formats that write whole records (`json`, `jsonl`) or ids.
  public var columns: [String]
  /// Table output: do not fit the table to the terminal width.
  public var wide: Bool

  public init(format: OutputFormat, columns: [String], wide: Bool) {
    self.format = format
    self.columns = columns
    self.wide = wide
  }
}

/// Receives the records of one output stage, in order, then `finish()`.
public protocol RecordWriter: Sendable {
  func write(_ record: JSON)
  func finish()
}

/// Progress of long work, for a progress line on a terminal.
public enum ProgressEvent: Sendable {
  /// `done` items of `total` (when known) so far, of the work `label` names ("scanned", "done").
  case update(label: String, done: Int, total: Int?)
  case finished
}

/// Where the evaluator talks to the operator: results on standard output, everything else on
/// standard error, questions only where someone can answer.
public protocol Console: Sendable {
  func makeWriter(_ request: OutputRequest) -> any RecordWriter
  /// A line of plain output, as `echo` and `count` write it.
  func print(_ line: String)
  /// A note on standard error, such as a summary or the reason for a full scan.
  func note(_ line: String)
  func warning(_ line: String)
  /// An error already rendered with its position where it has one.
  func error(_ text: String)
  /// Asks a yes/no question; `nil` when there is nobody to ask (not a terminal).
  func confirm(_ question: String) async -> Bool?
  func progress(_ event: ProgressEvent)
  /// The format `show` uses when no `set output` is in force: a table on a terminal, JSON lines
  /// elsewhere.
  var defaultFormat: OutputFormat { get }
}
