import Dispatch
import KQLShell
import Synchronization

/// Runs async work from the main thread and waits for it there.
///
/// The main thread owns the terminal: it reads lines with libedit and takes Ctrl-C. Work runs in a
/// detached task on the cooperative pool while the main thread waits on a semaphore; a Ctrl-C in
/// the meantime cancels that task, which stops the work cleanly (nothing new starts, the summary
/// says what was done). The task is detached so that it never waits for the blocked main thread.
enum MainThread {
  static func run<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    let task = Task.detached {
      let value = await work()
      result.withLock { $0 = value }
      done.signal()
    }
    InterruptMonitor.shared.whileRunning(onInterrupt: { task.cancel() }) { done.wait() }
    // The task set the value before signalling.
    return result.withLock { $0 }!
  }
}
