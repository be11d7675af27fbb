@preconcurrency import CEditLine
import CTerminal
@preconcurrency import Glibc
import Synchronization

/// The one place kql talks to libedit's readline-compatible API.
///
/// libedit keeps one line editor per process and its completion hook carries no user data, so
/// the state the hook needs lives here behind a lock.
enum LibEditBridge {
  struct CompletionState {
    var engine: CompletionEngine?
    /// Earlier lines of a statement being continued, so a continuation line completes in context.
    var pendingText = ""
    var candidates: [String] = []
  }

  static let completion = Mutex(CompletionState())

  /// Characters that end a word for libedit, matching how the completion engine splits words.
  private static let wordBreaks = " \t\n\"'|;=<>!~(),"

  /// Sets up libedit once: locale (without it UTF-8 input is dropped), name, completion hook.
  static func setUp(historyLimit: Int) {
    setlocale(LC_ALL, "")
    rl_readline_name = UnsafePointer(strdup("kql"))
    rl_attempted_completion_function = attemptCompletion
    // Ctrl-C at the prompt must end the read; libedit's own reader retries it.
    kql_install_getc()
    let breaks = strdup(wordBreaks)
    rl_completer_word_break_characters = breaks
    rl_basic_word_break_characters = UnsafePointer(breaks)
    _ = rl_initialize()
    stifle_history(Int32(clamping: historyLimit))
  }

  /// Replaces libedit's in-memory history with `entries`, oldest first.
  static func replaceHistory(with entries: [String]) {
    clear_history()
    for entry in entries { add_history(entry) }
  }

  /// Reads one line with `prompt` (wraps `readline`). Returns nil at end of input or when the
  /// read was interrupted; `errno` tells which.
  static func readLine(prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    return String(cString: raw)
  }

  /// The text before libedit's cursor. `rl_point` counts characters (libedit edits wide
  /// characters) while `rl_line_buffer` holds UTF-8, so the prefix is cut by Unicode scalars.
  static func textBeforeCursor() -> String {
    guard let buffer = rl_line_buffer else { return "" }
    let line = String(cString: buffer)
    let point = Int(rl_point)
    let scalars = line.unicodeScalars
    let end =
      scalars.index(scalars.startIndex, offsetBy: max(0, point), limitedBy: scalars.endIndex)
      ?? scalars.endIndex
    return String(scalars[..<end])
  }

  /// Rewrites engine candidates, which replace `engineWord`, to replace libedit's own word
  /// `editorWord` instead; the two differ when they split a word at different characters.
  static func align(_ candidates: [String], engineWord: String, editorWord: String) -> [String] {
    if engineWord == editorWord { return candidates }
    if engineWord.hasSuffix(editorWord) {
      let extra = String(engineWord.dropLast(editorWord.count))
      return candidates.filter { $0.hasPrefix(extra) }.map { String($0.dropFirst(extra.count)) }
    }
    if editorWord.hasSuffix(engineWord) {
      let extra = String(editorWord.dropLast(engineWord.count))
      return candidates.map { extra + $0 }
    }
    return []
  }
}

/// libedit's completion hook (`rl_attempted_completion_function`, an `rl_completion_func_t`).
private func attemptCompletion(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rl_attempted_completion_over = 1
  rl_completion_append_character = 0x20
  guard let text else { return nil }
  let editorWord = String(cString: text)
  let (engine, pending) = LibEditBridge.completion.withLock { ($0.engine, $0.pendingText) }
  guard let engine else { return nil }
  let result = engine.complete(beforeCursor: pending + LibEditBridge.textBeforeCursor())
  if result.wantsFileNames {
    // Let libedit list files itself.
    rl_attempted_completion_over = 0
    return nil
  }
  let candidates = LibEditBridge.align(
    result.candidates, engineWord: result.word, editorWord: editorWord)
  guard !candidates.isEmpty else { return nil }
  if candidates.count == 1, let only = candidates.first, !Completion.isComplete(only) {
    rl_completion_append_character = 0
  }
  LibEditBridge.completion.withLock { $0.candidates = candidates }
  return rl_completion_matches(text, generateCandidate)
}

/// Hands libedit the candidates one by one (`rl_compentry_func_t`); each must be a fresh
/// `malloc`ed string, which libedit frees.
private func generateCandidate(
  _ text: UnsafePointer<CChar>?, _ state: Int32
)
  -> UnsafeMutablePointer<CChar>?
{
  LibEditBridge.completion.withLock { completion in
    Int(state) < completion.candidates.count ? strdup(completion.candidates[Int(state)]) : nil
  }
}
