import Synchronization

/// One async lock per identity id, so that writes to the same identity never overlap.
///
/// Ory Network answers a second concurrent write to one identity with an immediate 429; holding
/// this lock around every write keeps callers that race from ever causing that. Waiters are
/// served first come, first served, and a cancelled waiter leaves the queue at once.
final class IdentityWriteLocks: Sendable {
  private struct Waiter {
    let id: UInt64
    let continuation: CheckedContinuation<Void, Error>
  }

  private struct State: ~Copyable {
    var nextID: UInt64 = 0
    /// Keys currently held, each with the waiters queued behind its holder.
    var queues: [String: [Waiter]] = [:]
  }

  private let state = Mutex(State())

  /// Runs `body` while holding the lock for `key`.
  func withLock<T: Sendable>(
    _ key: String, _ body: () async throws -> T
  ) async throws -> T {
    try await acquire(key)
    do {
      let result = try await body()
      release(key)
      return result
    } catch {
      release(key)
      throw error
    }
  }

  private func acquire(_ key: String) async throws {
    let id: UInt64? = state.withLock { state in
      guard state.queues[key] != nil else {
        state.queues[key] = []
        return nil
      }
      state.nextID += 1
      return state.nextID
    }
    guard let id else { return }
    try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        // The holder may have released the lock since the check above.
        let granted = state.withLock { state in
          guard state.queues[key] != nil else {
            state.queues[key] = []
            return true
          }
          state.queues[key, default: []].append(Waiter(id: id, continuation: continuation))
          return false
        }
        if granted {
          continuation.resume()
        } else if Task.isCancelled {
          abandon(key, id)
        }
      }
    } onCancel: {
      abandon(key, id)
    }
  }

  /// Hands the lock to the next waiter, or frees it.
  private func release(_ key: String) {
    let next: Waiter? = state.withLock { state in
      guard var queue = state.queues[key] else { return nil }
      if queue.isEmpty {
        state.queues[key] = nil
        return nil
      }
      let next = queue.removeFirst()
      state.queues[key] = queue
      return next
    }
    next?.continuation.resume()
  }

  /// Takes a cancelled waiter out of the queue; a waiter already handed the lock is left alone.
  private func abandon(_ key: String, _ id: UInt64) {
    let waiter: Waiter? = state.withLock { state in
      guard var queue = state.queues[key], let index = queue.firstIndex(where: { $0.id == id })
      else { return nil }
      let waiter = queue.remove(at: index)
      state.queues[key] = queue
      return waiter
    }
    waiter?.continuation.resume(throwing: CancellationError())
  }
}
