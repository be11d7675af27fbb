import Foundation
import KQLLanguage
import KratosClient
import KratosModel

/// The per-record work of action stages. Each function takes one item and returns it with the
/// action's result appended; it never throws, so one identity's failure cannot hide another's
/// result.
struct Actions: Sendable {
  let backend: KratosClient
  let dryRun: Bool
  let backups: BackupFile?

  /// Runs `body` for items that are still going, turning a failure into the item's result.
  func perform(
    _ item: Item, _ body: (inout Item) async throws -> ActionResult
  ) async -> Item {
    var item = item
    guard !item.stopped else { return item }
    if case .missing = item.record {
      if !item.results.contains(.notFound) { item.results.append(.notFound) }
      item.stopped = true
      return item
    }
    do {
      let result = try await body(&item)
      item.results.append(result)
      if result.isFailure { item.stopped = true }
    } catch {
      item.stop(because: error)
    }
    return item
  }

  func setState(_ state: IdentityState, _ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .identity(let identity) = item.record else { return .failed("not an identity") }
      let already: ActionResult = state == .inactive ? .alreadyInactive : .alreadyActive
      if identity.state == state { return already }
      if dryRun {
        let patch = JSON.array([
          JSONPatchOperation.replace(path: "/state", value: .string(state.rawValue)).json
        ])
        var json = identity.json
        if case .object(var members) = json {
          members["state"] = .string(state.rawValue)
          json = .object(members)
        }
        item.record = .identity(try Identity(json: json))
        return .wouldSend(
          action: state == .inactive ? "deactivate" : "activate",
          request: "PATCH /admin/identities/\(identity.id) \(patch.serialized)",
          current: "state \(identity.state?.rawValue ?? "unknown")")
      }
      switch try await backend.setState(state, of: identity) {
      case .unchanged(let now):
        item.record = .identity(now)
        return already
      case .changed(let now):
        item.record = .identity(now)
        return state == .inactive ? .deactivated : .activated
      }
    }
  }

  /// Deletes every session of an identity. Kratos answers 404 both for "no sessions" and "no such
  /// identity"; the identity reached this stage from the server, so a 404 here means no sessions.
  func revokeSessions(_ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .identity(let identity) = item.record else { return .failed("not an identity") }
      let count = try await backend.sessionCount(identityID: identity.id)
      if dryRun {
        guard count > 0 else { return .noSessions }
        return .wouldSend(
          action: "revoke", request: "DELETE /admin/identities/\(identity.id)/sessions",
          current: count == 1 ? "1 session" : "\(count) sessions")
      }
      switch try await backend.revokeSessions(identityID: identity.id, identityExists: true) {
      case .revoked: return .revokedSessions(count)
      case .noSessions: return .noSessions
      case .identityNotFound: return .notFound
      }
    }
  }

  func revokeSession(_ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .session(let session) = item.record else { return .failed("not a session") }
      if dryRun {
        return .wouldSend(
          action: "revoke", request: "DELETE /admin/sessions/\(session.id)",
          current: session.active ? "active" : "inactive")
      }
      return try await backend.revokeSession(id: session.id) ? .revokedSession : .notFound
    }
  }

  /// Applies `set`/`unset` as one JSON Patch, skipping operations that would change nothing.
  func patch(_ changes: [FieldChange], _ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .identity(let identity) = item.record else { return .failed("not an identity") }
      var operations: [JSONPatchOperation] = []
      for change in changes {
        let current = JSONPointer.value(in: identity.json, at: change.path)
        switch change.value {
        case .some(let value):
          if current != value {
            operations.append(.replace(path: JSONPointer.string(change.path), value: value))
          }
        case .none:
          if current != nil { operations.append(.remove(path: JSONPointer.string(change.path))) }
        }
      }
      guard !operations.isEmpty else { return .unchanged }
      if dryRun {
        let now = changes.map {
          JSONPointer.value(in: identity.json, at: $0.path)?.serialized ?? "absent"
        }
        var json = identity.json
        for operation in operations { JSONPointer.apply(operation, to: &json) }
        item.record = .identity(try Identity(json: json))
        return .wouldSend(
          action: "update",
          request:
            "PATCH /admin/identities/\(identity.id) \(JSON.array(operations.map(\.json)).serialized)",
          current: now.joined(separator: ", "))
      }
      item.record = .identity(
        try await backend.patchIdentity(id: identity.id, operations: operations))
      return .updated
    }
  }

  /// Saves the full identity, credentials included, to the backup file, then deletes it.
  func delete(_ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .identity(let identity) = item.record else { return .failed("not an identity") }
      if dryRun {
        return .wouldSend(
          action: "delete", request: "DELETE /admin/identities/\(identity.id)",
          current: "state \(identity.state?.rawValue ?? "unknown")")
      }
      guard
        let full = try await backend.identity(
          id: identity.id, includeCredentials: CredentialType.allCases)
      else {
        return .notFound
      }
      guard let backups else {
        return .failed("no backup file is available, so nothing was deleted")
      }
      try backups.append(full.json)
      return try await backend.deleteIdentity(id: identity.id) ? .deleted : .notFound
    }
  }

  func recover(_ method: RecoveryMethod, expiresIn: Duration?, _ item: Item) async -> Item {
    await perform(item) { item throws -> ActionResult in
      guard case .identity(let identity) = item.record else { return .failed("not an identity") }
      if dryRun {
        return .wouldSend(
          action: "create a recovery \(method.rawValue)",
          request: "POST /admin/recovery/\(method.rawValue)",
          current: "state \(identity.state?.rawValue ?? "unknown")")
      }
      let expiresAt: Date?
      switch method {
      case .link:
        guard
          let link = try await backend.createRecoveryLink(
            identityID: identity.id, expiresIn: expiresIn)
        else {
          return .notFound
        }
        item.extra["recovery_link"] = link.link
        expiresAt = link.expiresAt
      case .code:
        guard
          let code = try await backend.createRecoveryCode(
            identityID: identity.id, expiresIn: expiresIn)
        else {
          return .notFound
        }
        item.extra["recovery_link"] = code.link
        item.extra["recovery_code"] = code.code
        expiresAt = code.expiresAt
      }
      if let expiresAt { item.extra["expires_at"] = Timestamp.format(expiresAt) }
      return .recoveryCreated
    }
  }

  /// The identity as a single GET returns it with its password, OIDC and SAML credentials.
  func withCredentials(_ item: Item) async -> Item {
    guard !item.stopped, case .identity(let identity) = item.record else { return item }
    do {
      guard
        let full = try await backend.identity(
          id: identity.id, includeCredentials: [.password, .oidc, .saml])
      else {
        var missing = item
        missing.record = .missing(id: identity.id)
        return missing
      }
      var updated = item
      updated.record = .identity(full)
      return updated
    } catch {
      var failed = item
      failed.stop(because: error)
      return failed
    }
  }

  /// The identity's sessions as records of their own, each knowing its identity's id.
  func sessions(of item: Item, active: Bool?) async -> [Item] {
    guard !item.stopped else { return [item] }
    guard case .identity(let identity) = item.record else { return [item] }
    do {
      let sessions = try await backend.sessions(ofIdentity: identity.id, active: active)
      return sessions.map { session in
        var json = session.json
        if case .object(var members) = json, members["identity_id"] == nil {
          members["identity_id"] = .string(identity.id)
          json = .object(members)
        }
        return Item(.session((try? Session(json: json)) ?? session))
      }
    } catch {
      var failed = item
      failed.stop(because: error)
      return [failed]
    }
  }
}

/// One `set PATH=VALUE` (with a value) or `unset PATH` (without).
struct FieldChange: Sendable {
  var path: [String]
  var value: JSON?
}
