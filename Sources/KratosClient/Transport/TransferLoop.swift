import CCurl
import Foundation
import Synchronization

/// Runs every HTTP exchange of one client on a single dedicated thread around a curl multi handle.
///
/// Callers `await` `perform(_:)` from any task; the request is queued, the loop thread picks it
/// up, and the caller is resumed through a continuation when the response is complete. Blocking
/// waits (`curl_multi_poll`) happen only on the loop's own thread, never on the cooperative pool.
/// Cancelling the calling task takes the transfer off the multi handle and throws
/// `CancellationError` at once.
final class TransferLoop: Sendable {
  /// A request waiting for the loop, or running on it.
  private struct Submission: Sendable {
    let id: UInt64
    let request: HTTPRequest
    let continuation: CheckedContinuation<HTTPResponse, Error>
  }

  /// What the calling threads and the loop thread share.
  private struct SharedState: ~Copyable {
    var nextID: UInt64 = 0
    /// Submitted, not yet taken by the loop; whoever removes an entry resumes its continuation.
    var queued: [UInt64: Submission] = [:]
    /// Order of `queued`, so requests start in the order they were made.
    var order: [UInt64] = []
    /// Taken by the loop and not yet finished.
    var running: Set<UInt64> = []
    /// Running transfers whose callers were cancelled.
    var aborts: Set<UInt64> = []
    var stopping = false
  }

  private let shared = Mutex(SharedState())
  private let multi: CurlMulti
  private let settings: TransportSettings

  init(settings: TransportSettings) throws(CurlError) {
    self.settings = settings
    multi = try CurlMulti(connections: settings.maximumConnections)
    let thread = Thread { [self] in run() }
    thread.name = "kql-http"
    thread.start()
  }

  /// Sends `request` and waits for its complete response.
  ///
  /// Throws `TransportFailure` when no response arrived and `CancellationError` when the calling
  /// task was cancelled first.
  func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
    let id = shared.withLock { state in
      state.nextID += 1
      return state.nextID
    }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        let accepted = shared.withLock { state in
          guard !state.stopping else { return false }
          state.queued[id] = Submission(id: id, request: request, continuation: continuation)
          state.order.append(id)
          return true
        }
        guard accepted else {
          continuation.resume(throwing: TransportFailure(problem: .clientClosed))
          return
        }
        // The cancellation handler may have run before the submission was queued.
        if Task.isCancelled { cancel(id) } else { multi.wakeup() }
      }
    } onCancel: {
      cancel(id)
    }
  }

  /// Stops the loop; transfers still queued or running fail with `.clientClosed`.
  func stop() {
    shared.withLock { $0.stopping = true }
    multi.wakeup()
  }

  /// Cancels request `id` wherever it is: a queued one is resumed here, a running one by the loop.
  private func cancel(_ id: UInt64) {
    let queued: Submission? = shared.withLock { state in
      if let submission = state.queued.removeValue(forKey: id) {
        state.order.removeAll { $0 == id }
        return submission
      }
      if state.running.contains(id) { state.aborts.insert(id) }
      return nil
    }
    if let queued {
      queued.continuation.resume(throwing: CancellationError())
    } else {
      multi.wakeup()
    }
  }

  /// A transfer on the multi handle together with the caller waiting for it.
  private struct Running {
    let submission: Submission
    let transfer: CurlTransfer
  }

  /// The loop thread's body: start queued requests, abort cancelled ones, move transfers along,
  /// hand finished ones back, then sleep in `curl_multi_poll` until there is something to do.
  private func run() {
    var running: [ObjectIdentifier: Running] = [:]
    var byID: [UInt64: ObjectIdentifier] = [:]

    func finish(_ key: ObjectIdentifier, with result: Result<HTTPResponse, Error>) {
      guard let entry = running.removeValue(forKey: key) else { return }
      byID[entry.submission.id] = nil
      try? multi.remove(entry.transfer.easy)
      shared.withLock { state in
        state.running.remove(entry.submission.id)
        state.aborts.remove(entry.submission.id)
      }
      entry.submission.continuation.resume(with: result)
    }

    while true {
      let (started, aborted, stopping) = shared.withLock { state in
        let started = state.order.compactMap { state.queued[$0] }
        state.queued.removeAll()
        state.order.removeAll()
        for submission in started { state.running.insert(submission.id) }
        let aborted = state.aborts
        state.aborts.removeAll()
        return (started, aborted, state.stopping)
      }

      for submission in started {
        do {
          let transfer = try CurlTransfer(request: submission.request, settings: settings)
          try multi.add(transfer.easy)
          let key = ObjectIdentifier(transfer.easy)
          running[key] = Running(submission: submission, transfer: transfer)
          byID[submission.id] = key
        } catch {
          shared.withLock { _ = $0.running.remove(submission.id) }
          submission.continuation.resume(
            throwing: TransportFailure(problem: .other(error.description)))
        }
      }
      for id in aborted {
        if let key = byID[id] { finish(key, with: .failure(CancellationError())) }
      }
      if stopping {
        for key in Array(running.keys) {
          finish(key, with: .failure(TransportFailure(problem: .clientClosed)))
        }
        return
      }

      do {
        try multi.perform()
        for (easy, code) in multi.finishedTransfers() {
          let key = ObjectIdentifier(easy)
          guard let transfer = running[key]?.transfer else { continue }
          finish(key, with: transfer.finish(code).mapError { $0 })
        }
        try multi.poll(milliseconds: 1000)
      } catch {
        // The multi handle itself failed: nothing running can complete, so fail it all.
        for key in Array(running.keys) {
          finish(key, with: .failure(TransportFailure(problem: .other(error.description))))
        }
      }
    }
  }
}
