import Foundation
import Synchronization
import Testing

@testable import KQLShell

/// Serialized: the SIGINT disposition belongs to the whole test process.
@Suite(.serialized) struct InterruptMonitorTests {
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

extension InterruptMonitorTests {
  @Test func nestedWorkGivesCtrlCBackToTheOuterWork() throws {
    let monitor = InterruptMonitor.shared
    try monitor.install()
    defer { monitor.uninstall() }
    let calls = Mutex<[String]>([])

    func waitFor(_ count: Int) {
      let deadline = Date().addingTimeInterval(5)
      while calls.withLock({ $0.count }) < count && Date() < deadline { usleep(10_000) }
    }

    monitor.whileRunning(onInterrupt: { calls.withLock { $0.append("outer") } }) {
      monitor.whileRunning(onInterrupt: { calls.withLock { $0.append("inner") } }) {
        kill(getpid(), SIGINT)
        waitFor(1)
      }
      kill(getpid(), SIGINT)
      waitFor(2)
    }
    #expect(calls.withLock { $0 } == ["inner", "outer"])
  }
}
