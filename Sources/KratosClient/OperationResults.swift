import Foundation
import KratosModel

/// What `setState(_:of:)` did.
public enum StateChange: Sendable, Hashable {
  /// The identity already had the state; no request was sent.
  case unchanged(Identity)
  /// The state was changed; the identity as the server returned it.
  case changed(Identity)
}

/// What `revokeSessions(identityID:identityExists:)` did.
public enum SessionRevocation: Sendable, Hashable {
  /// The identity's sessions were deleted.
  case revoked
  /// The identity exists but had no sessions.
  case noSessions
  /// The identity does not exist (or had no sessions and the caller could not tell).
  case identityNotFound
}

/// A recovery link made by `POST /admin/recovery/link`.
public struct RecoveryLink: Sendable, Hashable {
  public var link: String
  public var expiresAt: Date?
}

/// A recovery code made by `POST /admin/recovery/code`.
public struct RecoveryCode: Sendable, Hashable {
  public var link: String
  public var code: String
  public var expiresAt: Date?
}

/// One identity schema as the server lists it.
public struct IdentitySchema: Sendable, Hashable {
  public var id: String
  public var schema: JSON
}

/// The answer of `GET /health/ready`.
public enum Readiness: Sendable, Hashable {
  case ready
  /// The server is up but not ready; the text joins the reasons it gave.
  case notReady(String)
}
