@preconcurrency import Dispatch
import KQLLanguage
import Synchronization

/// A progress line on standard error for long work: done/total, rate and time left.
///
/// It appears only once the work has run for `delay` seconds, redraws at most ten times a
/// second in place, steps aside whenever the `ConsoleWriter` writes another line, and is erased
/// by `finish()`. On a non-terminal it draws nothing at all.
public final class ProgressLine: Sendable {
  private struct State {
    var done = 0
    var total: Int?
    var finished = false
  }

  private let state = Mutex(State())
  private let writer: ConsoleWriter
  private let label: String
  private let delay: Double
  private let started: DispatchTime
  private let timer: DispatchSourceTimer?

  /// Starts timing now. `total` may be given later with `setTotal(_:)`.
  public init(
    label: String = "", total: Int? = nil, writer: ConsoleWriter = .standard, delay: Double = 1.0
  ) {
    self.writer = writer
    self.label = label
    self.delay = delay
    self.started = .now()
    state.withLock { $0.total = total }
    guard writer.statusAllowed else {
      timer = nil
      return
    }
    let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "kql.progress"))
    self.timer = timer
    timer.schedule(deadline: .now() + delay, repeating: .milliseconds(100))
    timer.setEventHandler { [weak self] in self?.redraw() }
    timer.resume()
  }

  /// A progress line dropped without `finish()` still erases itself.
  deinit { finish() }

  /// Counts `count` more items as done.
  public func advance(by count: Int = 1) {
    state.withLock { $0.done += count }
  }

  /// Sets how many items there are in all, once known.
  public func setTotal(_ total: Int?) {
    state.withLock { $0.total = total }
  }

  /// Stops redrawing and erases the line.
  public func finish() {
    let wasFinished = state.withLock { state in
      defer { state.finished = true }
      return state.finished
    }
    guard !wasFinished else { return }
    timer?.cancel()
    writer.clearStatus()
  }

  /// The numbers so far, for tests and summaries.
  public var snapshot: (done: Int, total: Int?) {
    state.withLock { ($0.done, $0.total) }
  }

  /// Draws the line. The state lock is held while drawing so that `finish()` can never be
  /// followed by a late redraw.
  private func redraw() {
    let width = Terminal.width(of: .standardError)
    state.withLock { state in
      guard !state.finished else { return }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
      guard elapsed >= delay else { return }
      let text = ProgressText.render(
        done: state.done, total: state.total, elapsed: elapsed, label: label)
      writer.showStatus(DisplayWidth.truncate(text, to: max(1, width - 1)))
    }
  }
}
