/// What an action did to one record, in the words the run report uses.
public enum ActionResult: Sendable, Hashable {
  case deactivated
  case alreadyInactive
  case activated
  case alreadyActive
  /// All of an identity's sessions deleted; the count is what the server listed just before.
  case revokedSessions(Int)
  case noSessions
  case revokedSession
  case updated
  case unchanged
  case deleted
  case recoveryCreated
  case notFound
  /// `--dry-run`: the request that would have been sent, and the value it would change.
  case wouldSend(action: String, request: String, current: String)
  case failed(String)
  case interrupted

  /// The word printed for this record.
  public var text: String {
    switch self {
    case .deactivated: "deactivated"
    case .alreadyInactive: "already inactive"
    case .activated: "activated"
    case .alreadyActive: "already active"
    case .revokedSessions(let n): n == 1 ? "revoked 1 session" : "revoked \(n) sessions"
    case .noSessions: "no sessions"
    case .revokedSession: "revoked"
    case .updated: "updated"
    case .unchanged: "unchanged"
    case .deleted: "deleted"
    case .recoveryCreated: "recovery created"
    case .notFound: "not found"
    case .wouldSend(let action, let request, let current):
      "would \(action): \(request) (now \(current))"
    case .failed(let message): "failed: \(message)"
    case .interrupted: "interrupted, outcome unknown"
    }
  }

  /// The heading this result is counted under in the summary.
  var tally: String {
    switch self {
    case .revokedSessions: "sessions revoked"
    case .wouldSend(let action, _, _): "would \(action)"
    case .failed: "failed"
    default: text
    }
  }

  var isFailure: Bool {
    switch self {
    case .failed, .notFound, .interrupted: true
    default: false
    }
  }

  /// Whether the server state changed (or may have, for an interrupted request).
  var changedSomething: Bool {
    switch self {
    case .deactivated, .activated, .revokedSessions, .revokedSession, .updated, .deleted,
      .recoveryCreated, .interrupted:
      true
    default: false
    }
  }
}
