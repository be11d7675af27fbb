@preconcurrency import Foundation
@preconcurrency import Glibc
import Synchronization

/// Writes whole lines to standard output and standard error under one lock, so concurrent
/// writers never interleave inside a line, and keeps the status line (progress) out of the way:
/// it is erased before any other line is written and redrawn by its owner on its next tick.
public final class ConsoleWriter: Sendable {
  /// Where the bytes go; the process's own streams unless a test supplies a recorder.
  public typealias Sink = @Sendable (Terminal.Stream, String) -> Bool

  private struct State {
    var statusShown = false
    var closedOutput = false
  }

  private let state = Mutex(State())
  private let sink: Sink
  /// Whether standard error is a terminal; a status line is only ever drawn there.
  public let statusAllowed: Bool

  /// The writer of the whole process.
  public static let standard = ConsoleWriter(
    statusAllowed: Terminal.isTerminal(.standardError), sink: ConsoleWriter.writeToDescriptor)

  public init(statusAllowed: Bool, sink: @escaping Sink) {
    self.statusAllowed = statusAllowed
    self.sink = sink
  }

  /// Whether standard output was closed by its reader (a broken pipe): producers can stop.
  public var outputClosed: Bool { state.withLock { $0.closedOutput } }

  /// Writes `lines` to standard output, each followed by a newline, in one piece.
  public func writeOutput(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    write(lines, to: .standardOutput)
  }

  /// Writes one line to standard output.
  public func writeOutput(_ line: String) { write([line], to: .standardOutput) }

  /// Writes one line to standard error (diagnostics, warnings).
  public func writeError(_ line: String) { write([line], to: .standardError) }

  /// Writes `lines` to `stream`, first erasing the status line if one is shown.
  public func write(_ lines: [String], to stream: Terminal.Stream) {
    var text = ""
    for line in lines {
      text += line
      text += "\n"
    }
    state.withLock { state in
      if state.statusShown {
        _ = sink(.standardError, ANSIStyle.clearLine)
        state.statusShown = false
      }
      if stream == .standardOutput && state.closedOutput { return }
      if !sink(stream, text) && stream == .standardOutput { state.closedOutput = true }
    }
  }

  /// Draws `text` as the status line on standard error, replacing the previous one.
  public func showStatus(_ text: String) {
    guard statusAllowed else { return }
    state.withLock { state in
      _ = sink(.standardError, ANSIStyle.clearLine + text)
      state.statusShown = true
    }
  }

  /// Erases the status line if one is shown.
  public func clearStatus() {
    state.withLock { state in
      guard state.statusShown else { return }
      _ = sink(.standardError, ANSIStyle.clearLine)
      state.statusShown = false
    }
  }

  /// Writes all of `text` to the stream's file descriptor, retrying on EINTR and short writes.
  /// Returns false when the reader has gone away or the write fails.
  @Sendable public static func writeToDescriptor(_ stream: Terminal.Stream, _ text: String) -> Bool
  {
    var bytes = Array(text.utf8)
    let count = bytes.count
    var written = 0
    return bytes.withUnsafeMutableBytes { buffer -> Bool in
      guard let base = buffer.baseAddress else { return true }
      while written < count {
        let result = Glibc.write(stream.fileDescriptor, base + written, count - written)
        if result < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += result
      }
      return true
    }
  }
}
