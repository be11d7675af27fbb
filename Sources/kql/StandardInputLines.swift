import Foundation
import KQLEvaluator
import Synchronization

/// Standard input as identity IDs for `ids` and pipelines that start with an action.
///
/// Read once, on first use, and only when it is neither the script itself nor a terminal, so that
/// a pipeline never sits waiting for keyboard input it did not ask for.
final class StandardInputLines: StandardInput {
  private let isScript: Bool
  private let lines = Mutex<[String]??>(nil)

  init(isScript: Bool) {
    self.isScript = isScript
  }

  func allLines() -> [String]? {
    lines.withLock { cached in
      if let cached { return cached }
      let result: [String]?
      if isScript || isatty(STDIN_FILENO) == 1 {
        result = nil
      } else {
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        result = IDList.lines(of: text)
      }
      cached = .some(result)
      return result
    }
  }
}
