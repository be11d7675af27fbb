import KQLLanguage
import KratosModel

/// Turns a stream of records into output lines in one format.
///
/// Pure and incremental: feed records with `add(_:)` and write the lines it returns, then write
/// the lines from `finish()`. A table holds back its first rows (up to `sampleSize`, or until the
/// stream ends) to choose column widths, then streams the rest with those widths.
public struct RecordRenderer: Sendable {
  /// Table settings that do not apply to the other formats.
  public struct TableOptions: Sendable {
    /// The width to fit; ignored when `wide` is set.
    public var terminalWidth: Int
    /// No fitting: every column as wide as its widest value.
    public var wide: Bool
    /// Colour states and errors.
    public var colour: Bool
    /// Rows held back to size the columns.
    public var sampleSize: Int

    public init(
      terminalWidth: Int = 80, wide: Bool = false, colour: Bool = false, sampleSize: Int = 100
    ) {
      self.terminalWidth = terminalWidth
      self.wide = wide
      self.colour = colour
      self.sampleSize = max(1, sampleSize)
    }
  }

  public let format: OutputFormat
  /// Dotted field paths; empty means the first record's top-level fields (`id` first).
  public private(set) var columns: [String]
  public let table: TableOptions

  private var held: [JSON] = []
  private var widths: [Int]?
  private var started = false
  private var count = 0

  public init(format: OutputFormat, columns: [String] = [], table: TableOptions = TableOptions()) {
    self.format = format
    self.columns = columns
    self.table = table
  }

  /// How many records were added so far.
  public var recordCount: Int { count }

  /// Takes one record; returns the lines that can be written now.
  public mutating func add(_ record: JSON) -> [String] {
    count += 1
    switch format {
    case .jsonl:
      return [record.serialized]
    case .ids:
      guard let id = record["id"]?.stringValue else { return [] }
      return [RecordField.printable(id)]
    case .json:
      var lines: [String] = []
      if !started {
        started = true
        lines.append("[")
      }
      if let previous = held.first { lines.append(previous.serialized + ",") }
      held = [record]
      return lines
    case .csv:
      var lines: [String] = []
      if !started {
        started = true
        chooseColumns(from: record)
        lines.append(CSVField.row(columns))
      }
      lines.append(CSVField.row(columns.map { RecordField.text(at: $0, in: record) }))
      return lines
    case .table:
      if let widths { return [tableRow(record, widths: widths)] }
      held.append(record)
      if held.count >= table.sampleSize { return flushTable() }
      return []
    }
  }

  /// Ends the stream; returns the remaining lines (the closing `]`, held table rows…).
  public mutating func finish() -> [String] {
    switch format {
    case .jsonl, .ids:
      return []
    case .json:
      guard started else { return ["[]"] }
      let lines = held.map(\.serialized) + ["]"]
      held = []
      return lines
    case .csv:
      // With no record there is no way to know the columns unless they were given.
      return started || columns.isEmpty ? [] : [CSVField.row(columns)]
    case .table:
      return widths == nil ? flushTable() : []
    }
  }

  /// Sizes the columns from the held rows and returns the header and those rows.
  private mutating func flushTable() -> [String] {
    guard let first = held.first else { return [] }
    chooseColumns(from: first)
    let cells = held.map { record in columns.map { cellText($0, record) } }
    var natural = columns.map { DisplayWidth.of($0.uppercased()) }
    for row in cells {
      for (i, cell) in row.enumerated() { natural[i] = max(natural[i], DisplayWidth.of(cell)) }
    }
    let ids = Set(columns.indices.filter { columns[$0] == "id" || columns[$0].hasSuffix("_id") })
    let chosen =
      table.wide
      ? natural : TableLayout.fit(natural: natural, totalWidth: table.terminalWidth, keep: ids)
    widths = chosen
    let header = layout(columns.map { $0.uppercased() }, widths: chosen, styles: [])
    let lines =
      [ANSIStyle.bold.apply(header, enabled: table.colour)]
      + held.map { tableRow($0, widths: chosen) }
    held = []
    return lines
  }

  private mutating func chooseColumns(from record: JSON) {
    guard columns.isEmpty else { return }
    let keys = (record.objectValue?.keys).map { Array($0).sorted() } ?? []
    columns = keys.contains("id") ? ["id"] + keys.filter { $0 != "id" } : keys
  }

  private func cellText(_ column: String, _ record: JSON) -> String {
    RecordField.printable(RecordField.text(at: column, in: record))
  }

  private func tableRow(_ record: JSON, widths: [Int]) -> String {
    let cells = columns.map { cellText($0, record) }
    let styles = zip(columns, cells).map { Self.style(column: $0, value: $1) }
    return layout(cells, widths: widths, styles: styles)
  }

  /// Cells padded and truncated to `widths`, joined by the gap; the last cell is not padded.
  private func layout(_ cells: [String], widths: [Int], styles: [ANSIStyle?]) -> String {
    var line = ""
    // The last column may use whatever the terminal has left, not just what the sampled rows
    // needed: a later row's longer value (a failure message, say) is then shown whole.
    let others = widths.dropLast().reduce(0, +) + max(0, widths.count - 1) * TableLayout.gap
    let room = max(widths.last ?? 0, table.terminalWidth - others)
    for (i, cell) in cells.enumerated() {
      let isLast = i == cells.count - 1
      let width = isLast ? room : (i < widths.count ? widths[i] : DisplayWidth.of(cell))
      let cut = table.wide ? cell : DisplayWidth.truncate(cell, to: width)
      let shown = i < styles.count ? (styles[i]?.apply(cut, enabled: table.colour) ?? cut) : cut
      if i > 0 { line += String(repeating: " ", count: TableLayout.gap) }
      line += shown
      if !isLast {
        let padding = width - DisplayWidth.of(cut)
        if padding > 0 { line += String(repeating: " ", count: padding) }
      }
    }
    return line
  }

  /// The colour of a cell: states and session activity by value, errors in red.
  static func style(column: String, value: String) -> ANSIStyle? {
    let name = column.split(separator: ".").last.map(String.init) ?? column
    switch (name, value) {
    case ("state", "active"), ("active", "true"): return .green
    case ("state", "inactive"): return .yellow
    case ("active", "false"): return .dim
    case ("error", _), ("errors", _): return value.isEmpty ? nil : .red
    case ("status", "error"), ("status", "failed"): return .red
    // Action reports: a failure anywhere in the list of what was done.
    case ("result", _) where ["failed", "not found", "interrupted"].contains(where: value.contains):
      return .red
    default: return nil
    }
  }
}
