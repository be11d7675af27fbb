@preconcurrency import CEditLine
import CTerminal
@preconcurrency import Dispatch
@preconcurrency import Glibc
import Synchronization

/// Turns Ctrl-C into cancellation of the running pipeline instead of the end of the process.
///
/// One SIGINT handler serves the whole process (signal dispositions are process-wide). The raw
/// handler, written in C, only counts the signal and writes a byte to a pipe; a dispatch source
/// reads the pipe and calls the cancel action of the pipeline running at that moment, outside
/// signal context. At the prompt no action is registered, and libedit's readline, which chains
/// to the handler while it reads, returns with the line abandoned; `LineEditor` sees the count
/// move and shows a fresh prompt.
public final class InterruptMonitor: Sendable {
  private struct State {
    var installed = false
    var source: DispatchSourceRead?
    var action: (@Sendable () -> Void)?
    var interruptsInScope = 0
  }

  private let state = Mutex(State())
  /// After this many Ctrl-C within one running pipeline, the process exits with status 130:
  /// the way out when the work does not stop.
  public let forceExitAfter: Int

  /// The monitor of this process.
  public static let shared = InterruptMonitor()

  private init(forceExitAfter: Int = 3) {
    self.forceExitAfter = forceExitAfter
  }

  /// Makes the calling thread take every Ctrl-C. The thread that reads lines must call this:
  /// the kernel hands a SIGINT to any thread of the process, and only a signal on the reading
  /// thread interrupts its blocked read.
  public func routeToCurrentThread() {
    kql_sigint_route_to_this_thread()
  }

  /// How many SIGINTs arrived since the handler was installed.
  public var count: Int { Int(kql_sigint_count()) }

  /// Installs the handler. Safe to call more than once. Throws when no pipe can be made.
  public func install() throws(InterruptError) {
    try state.withLock { (state: inout State) throws(InterruptError) in
      guard !state.installed else { return }
      var fds: [Int32] = [-1, -1]
      guard kql_make_signal_pipe(&fds) == 0 else {
        throw .cannotInstall(String(cString: strerror(errno)))
      }
      let source = DispatchSource.makeReadSource(
        fileDescriptor: fds[0], queue: DispatchQueue(label: "kql.interrupt"))
      let readFD = fds[0]
      source.setEventHandler { [weak self] in
        var buffer = [UInt8](repeating: 0, count: 64)
        var received = 0
        while true {
          let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
          if n <= 0 { break }
          received += n
        }
        if received > 0 { self?.deliver(received) }
      }
      let writeFD = fds[1]
      // The pipe is closed only once the source can no longer read it.
      source.setCancelHandler {
        close(readFD)
        close(writeFD)
      }
      source.resume()
      guard kql_sigint_install(fds[1]) == 0 else {
        source.cancel()
        throw .cannotInstall(String(cString: strerror(errno)))
      }
      state = State(installed: true, source: source)
    }
  }

  /// Puts back the default SIGINT behaviour (Ctrl-C ends the process).
  public func uninstall() {
    state.withLock { state in
      guard state.installed else { return }
      _ = kql_sigint_restore_default()
      state.source?.cancel()
      state = State()
    }
  }

  /// Runs `body` with Ctrl-C bound to `onInterrupt` (for example a task's `cancel()` or a flag
  /// the evaluator checks). `onInterrupt` runs on a private queue, once per Ctrl-C.
  public func whileRunning<T>(
    onInterrupt: @escaping @Sendable () -> Void, _ body: () throws -> T
  ) rethrows -> T {
    let outer = bind(onInterrupt)
    defer { restore(outer) }
    return try body()
  }

  /// Async form of `whileRunning(onInterrupt:_:)`.
  public func whileRunning<T>(
    onInterrupt: @escaping @Sendable () -> Void, _ body: () async throws -> T
  ) async rethrows -> T {
    let outer = bind(onInterrupt)
    defer { restore(outer) }
    return try await body()
  }

  /// The binding in force before `action`, so nested scopes give it back when they end.
  private struct Binding {
    var action: (@Sendable () -> Void)?
    var interrupts: Int
  }

  private func bind(_ action: @escaping @Sendable () -> Void) -> Binding {
    state.withLock { state in
      defer {
        state.action = action
        state.interruptsInScope = 0
      }
      return Binding(action: state.action, interrupts: state.interruptsInScope)
    }
  }

  private func restore(_ binding: Binding) {
    state.withLock { state in
      state.action = binding.action
      state.interruptsInScope = binding.interrupts
    }
  }

  private func deliver(_ signals: Int) {
    let (action, total) = state.withLock { state in
      if state.action != nil { state.interruptsInScope += signals }
      return (state.action, state.interruptsInScope)
    }
    guard let action else { return }
    if total >= forceExitAfter {
      _ = ConsoleWriter.writeToDescriptor(.standardError, "\ninterrupted\n")
      _exit(130)
    }
    action()
  }
}

/// Why Ctrl-C could not be taken over.
public enum InterruptError: Error, Sendable, Equatable, CustomStringConvertible {
  case cannotInstall(String)

  public var description: String {
    switch self {
    case .cannotInstall(let reason): "cannot install the interrupt handler: \(reason)"
    }
  }
}
