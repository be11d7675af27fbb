import KratosModel

/// One session row: the stored `active` flag and the times the `active` field is computed from.
struct StoredSession: Sendable {
  let id: String
  let identityID: String
  /// The stored flag; revocation clears it. The JSON `active` is computed from it.
  var active: Bool
  var expiresAt: GoTime
  var authenticatedAt: GoTime
  var issuedAt: GoTime
  /// Orders lists newest first; Kratos keys its session pages on it.
  var createdAt: GoTime
  var assuranceLevel: String
  var authenticationMethods: JSON
  var devices: [JSON]

  /// Stored flag and expiry only, as the `active` query filter sees a session.
  func isLive(at now: GoTime) -> Bool { active && expiresAt > now }

  /// The session as Kratos writes it.
  ///
  /// - Parameters:
  ///   - identity: the expanded identity and whether it is active, or `nil` when not loaded.
  ///   - devices: whether the devices were loaded.
  func rendered(
    identity: (json: JSON, active: Bool)?, devices showDevices: Bool, now: GoTime
  )
    -> JSON
  {
    let computedActive = isLive(at: now) && (identity?.active ?? true)
    return .object([
      "id": .string(id),
      "active": .bool(computedActive),
      "expires_at": expiresAt.json,
      "authenticated_at": authenticatedAt.json,
      "issued_at": issuedAt.json,
      "authenticator_assurance_level": .string(assuranceLevel),
      "authentication_methods": authenticationMethods,
      "identity": identity?.json ?? .null,
      "devices": showDevices ? .array(devices) : .null,
    ])
  }
}

/// Which related rows a session response loads (`expand=`).
struct SessionExpansion: Sendable, Equatable {
  var identity = false
  var devices = false

  static let everything = SessionExpansion(identity: true, devices: true)
}
