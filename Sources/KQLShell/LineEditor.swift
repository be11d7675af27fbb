@preconcurrency import Foundation
@preconcurrency import Glibc

/// Reads statements from the user: an editable line with history and completion on a terminal,
/// plain lines from a pipe or file otherwise.
///
/// A statement may span several lines: while `needsContinuation` says the text so far is
/// unfinished (a trailing `|` or `\`, an open quote or parenthesis), the continuation prompt asks
/// for more, and the whole statement becomes one history entry. Ctrl-C at the prompt drops the
/// line and any pending continuation and asks again; Ctrl-D on an empty line ends the input.
///
/// libedit has one editor per process, so create one `LineEditor`, and use it from one thread.
public final class LineEditor {
  /// What one attempt to read a line gave.
  public enum LineRead: Sendable, Equatable {
    case line(String)
    /// Ctrl-C while reading.
    case interrupted
    /// Ctrl-D on an empty line, or the end of a pipe or file.
    case end
  }

  /// Whether lines come from a terminal and are edited.
  public let isInteractive: Bool
  public let history: HistoryStore
  private let writer: ConsoleWriter
  /// Reads one line given the prompt to show.
  private let readLine: (String) -> LineRead
  /// Called when the history file cannot be written; the shell goes on with memory only.
  public var onHistoryError: (HistoryError) -> Void
  private var endOfInput = false
  /// Whether lines come from libedit, whose in-memory history must follow the store.
  private var usesLibEdit = false

  /// Sets up line editing when standard input is a terminal (`interactive` overrides the check)
  /// and, then only, takes over Ctrl-C through `interrupts`. From a pipe or file, Ctrl-C keeps
  /// whatever disposition the caller chose.
  public convenience init(
    history: HistoryStore,
    completion: CompletionEngine?,
    interrupts: InterruptMonitor = .shared,
    writer: ConsoleWriter = .standard,
    interactive: Bool = Terminal.inputIsTerminal,
    onHistoryError: @escaping (HistoryError) -> Void = { _ in }
  ) throws(InterruptError) {
    guard interactive else {
      self.init(
        history: history, interactive: false, writer: writer, onHistoryError: onHistoryError,
        readLine: { _ in Swift.readLine(strippingNewline: true).map(LineRead.line) ?? .end })
      return
    }
    LibEditBridge.setUp(historyLimit: history.limit)
    LibEditBridge.completion.withLock { $0.engine = completion }
    LibEditBridge.replaceHistory(with: history.entries)
    try interrupts.install()
    self.init(
      history: history, interactive: true, writer: writer, onHistoryError: onHistoryError,
      readLine: { prompt in
        let before = interrupts.count
        errno = 0
        if let line = LibEditBridge.readLine(prompt: prompt) { return .line(line) }
        return interrupts.count != before || errno == EINTR ? .interrupted : .end
      })
    usesLibEdit = true
  }

  /// An editor over any line source; `interactive` decides whether statements enter the
  /// history, Ctrl-C is echoed, and a statement pending at the end of input is dropped.
  init(
    history: HistoryStore, interactive: Bool, writer: ConsoleWriter,
    onHistoryError: @escaping (HistoryError) -> Void, readLine: @escaping (String) -> LineRead
  ) {
    self.history = history
    self.isInteractive = interactive
    self.writer = writer
    self.onHistoryError = onHistoryError
    self.readLine = readLine
  }

  /// Changes the completion engine, for example after connecting to another server.
  public func setCompletion(_ engine: CompletionEngine?) {
    LibEditBridge.completion.withLock { $0.engine = engine }
  }

  /// The next statement, or nil at the end of input. On a terminal, a statement still pending
  /// when Ctrl-D comes is dropped; from a pipe or file it is returned so the parser can report
  /// what is missing.
  public func readStatement(
    prompt: String, continuationPrompt: String, needsContinuation: (String) -> Bool
  ) -> String? {
    guard !endOfInput else { return nil }
    var lines: [String] = []
    while true {
      if usesLibEdit {
        let pending = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        LibEditBridge.completion.withLock { $0.pendingText = pending }
      }
      switch readLine(lines.isEmpty ? prompt : continuationPrompt) {
      case .interrupted:
        writer.writeOutput("^C")
        lines = []
      case .end:
        endOfInput = true
        if isInteractive {
          writer.writeOutput("")
          return nil
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
      case .line(let line):
        lines.append(line)
        let statement = lines.joined(separator: "\n")
        if needsContinuation(statement) { continue }
        if isInteractive { remember(statement) }
        return statement
      }
    }
  }

  /// Stores `statement` in the history file and in libedit's memory.
  private func remember(_ statement: String) {
    guard HistoryStore.isStorable(statement) else { return }
    do {
      try history.add(statement)
    } catch {
      onHistoryError(error)
    }
    if usesLibEdit { LibEditBridge.replaceHistory(with: history.entries) }
  }
}
