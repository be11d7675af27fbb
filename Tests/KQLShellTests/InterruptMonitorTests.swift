import Foundation
import Synchronization
import Testing

@testable import KQLShell

@Suite struct InterruptMonitorTests {
  @Test func ctrlCRunsTheCancelActionOfTheRunningWorkOnly() throws {
    let monitor = InterruptMonitor.shared
    try monitor.install()
    defer { monitor.uninstall() }
    let cancelled = Mutex(0)
    let before = monitor.count

    monitor.whileRunning(onInterrupt: { cancelled.withLock { $0 += 1 } }) {
      kill(getpid(), SIGINT)
      let deadline = Date().addingTimeInterval(5)
      while cancelled.withLock({ $0 }) == 0 && Date() < deadline { usleep(10_000) }
    }
    #expect(cancelled.withLock { $0 } == 1)
    #expect(monitor.count == before + 1)

    // At the prompt (no work running) Ctrl-C is counted but cancels nothing.
    kill(getpid(), SIGINT)
    usleep(200_000)
    #expect(cancelled.withLock { $0 } == 1)
    #expect(monitor.count == before + 2)
  }
}
