import KratosModel

/// What the evaluator needs from a Kratos admin API.
///
/// `KratosClient` provides it for real servers (see `KratosClient+AdminBackend.swift`); keeping the
/// evaluator on this seam keeps it readable alone and lets the planner be explained without a server.
public protocol AdminBackend: Sendable {
  /// Pages of identities as the server sends them, fetched lazily while the consumer iterates.
  func identityPages(_ query: IdentityQuery) -> AsyncThrowingStream<[Identity], any Error>
  /// The identity, or `nil` when the server answers 404.
  func identity(id: String, includeCredentials: Bool) async throws -> Identity?
  /// Identities whose login identifier is exactly `identifier`, normalised as Kratos does.
  func identities(withLoginIdentifier identifier: String) async throws -> [Identity]
  /// Sets the state unless it already matches; returns the identity as the server now has it.
  func setState(_ state: IdentityState, of identity: Identity) async throws -> StateChange
  func patchIdentity(id: String, operations: [PatchOperation]) async throws -> Identity
  /// `false` when the identity did not exist.
  func deleteIdentity(id: String) async throws -> Bool
  /// How many session rows the identity has.
  func sessionCount(identityID: String) async throws -> Int
  func revokeSessions(identityID: String, identityExists: Bool) async throws -> SessionRevocation
  func sessionPages(active: Bool?) -> AsyncThrowingStream<[Session], any Error>
  func sessions(ofIdentity identityID: String, active: Bool?) async throws -> [Session]
  /// `false` when the session did not exist.
  func revokeSession(id: String) async throws -> Bool
  /// The server's answer: `recovery_link`, `expires_at`, and for codes `recovery_code`.
  func createRecovery(method: RecoveryKind, identityID: String, expiresIn: String?) async throws -> JSON
  /// How many identities the server holds, if it says; for `explain` and scan estimates.
  func identityCount() async throws -> Int?
  /// Each identity schema's id and JSON Schema document.
  func identitySchemas() async throws -> [(id: String, schema: JSON)]
  /// Requests sent so far, for `set timing on` and tests.
  var requestCount: Int { get }
}

/// How to ask for a list of identities. Kratos accepts at most one filter per request.
public enum IdentityQuery: Sendable, Hashable {
  case all(includeCredentials: Bool)
  /// At most 500 ids.
  case ids([String])
  case credentialsIdentifier(String)
  case organizationID(String)
}

public enum StateChange: Sendable {
  case changed(Identity)
  case unchanged(Identity)
}

public enum SessionRevocation: Sendable, Equatable {
  case revoked
  case noSessions
  case identityNotFound
}

public enum RecoveryKind: String, Sendable {
  case link
  case code
}

/// One RFC 6902 operation of the kinds Kratos accepts.
public struct PatchOperation: Sendable, Hashable {
  public enum Kind: String, Sendable { case add, remove, replace }
  public var kind: Kind
  /// A JSON Pointer such as `/traits/name/first`.
  public var path: String
  public var value: JSON?

  public init(_ kind: Kind, _ path: String, _ value: JSON? = nil) {
    self.kind = kind
    self.path = path
    self.value = value
  }

  public var json: JSON {
    var object: [String: JSON] = ["op": .string(kind.rawValue), "path": .string(path)]
    if let value { object["value"] = value }
    return .object(object)
  }
}

/// A failed request, as the evaluator needs to see it.
public protocol BackendFailure: Error, CustomStringConvertible {
  /// The HTTP status the server answered, or `nil` when no answer came.
  var httpStatus: Int? { get }
}

extension Error {
  /// Whether this failure concerns one item only, so a bulk run may go on with the others.
  ///
  /// The server rejected that item's request (400, 404, 409). Anything else — no connection, a
  /// rejected key, a server error after retries — would fail every item alike, so the run stops.
  var concernsOneItem: Bool {
    guard let failure = self as? any BackendFailure, let status = failure.httpStatus else { return false }
    return status == 400 || status == 404 || status == 409 || status == 422
  }
}
