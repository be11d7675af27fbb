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
  /// Whether lines come from a terminal and are edited.
  public let isInteractive: Bool
  public let history: HistoryStore
  private let interrupts: InterruptMonitor
  private let writer: ConsoleWriter
  /// Called when the history file cannot be written; the shell goes on with memory only.
  public var onHistoryError: (HistoryError) -> Void
  private var endOfInput = false

  /// Sets up line editing when standard input is a terminal (`interactive` overrides the check)
  /// and takes over Ctrl-C through `interrupts`.
  public init(
    history: HistoryStore,
    completion: CompletionEngine?,
    interrupts: InterruptMonitor = .shared,
    writer: ConsoleWriter = .standard,
    interactive: Bool = Terminal.inputIsTerminal,
    onHistoryError: @escaping (HistoryError) -> Void = { _ in }
  ) throws(InterruptError) {
    self.isInteractive = interactive
    self.history = history
    self.interrupts = interrupts
    self.writer = writer
    self.onHistoryError = onHistoryError
    guard interactive else { return }
    LibEditBridge.setUp(historyLimit: history.limit)
    LibEditBridge.completion.withLock { $0.engine = completion }
    LibEditBridge.replaceHistory(with: history.entries)
    try interrupts.install()
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
      let pending = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
      let line: String?
      if isInteractive {
        LibEditBridge.completion.withLock { $0.pendingText = pending }
        let interruptsBefore = interrupts.count
        errno = 0
        line = LibEditBridge.readLine(prompt: lines.isEmpty ? prompt : continuationPrompt)
        if line == nil && (interrupts.count != interruptsBefore || errno == EINTR) {
          writer.writeOutput("^C")
          lines = []
          continue
        }
      } else {
        line = Swift.readLine(strippingNewline: true)
      }
      guard let line else {
        endOfInput = true
        if isInteractive {
          writer.writeOutput("")
          return nil
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
      }
      lines.append(line)
      let statement = lines.joined(separator: "\n")
      if needsContinuation(statement) { continue }
      if isInteractive { remember(statement) }
      return statement
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
    LibEditBridge.replaceHistory(with: history.entries)
  }
}
