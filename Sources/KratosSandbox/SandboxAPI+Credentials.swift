import KratosModel

/// `DELETE /admin/identities/{id}/credentials/{type}`.
extension SandboxAPI {
  /// Removes TOTP, lookup secrets, WebAuthn, a password, or one OIDC/SAML provider link (named by
  /// `?identifier=provider:subject`). Passwords and provider links may not be the last first
  /// factor; other types cannot be deleted.
  func deleteCredential(_ call: Call) throws(APIError) -> HTTPResponse {
    guard let id = UUIDText.normalized(call.segments[1]),
      var identity = store.state.withLock({ $0.identities[id] })
    else { throw APIError.missingRow }
    let type = call.segments[3]
    var credentials = identity.credentials
    guard let credential = credentials[type] else {
      throw APIError.notFound(
        reason: "You tried to remove a \(type) but this user have no \(type) set up.")
    }

    switch type {
    case "lookup_secret", "totp", "webauthn":
      credentials[type] = nil
    case "password", "oidc", "saml":
      if SandboxAPI.firstFactorCount(credentials) < 2 {
        throw APIError.badRequest(reason: "You cannot remove the last first factor credential.")
      }
      if type == "password" {
        credentials[type] = nil
      } else {
        credentials[type] = try withoutProvider(
          credential, type: type, identifier: call.query.first("identifier"))
      }
    default:
      throw APIError.badRequest(reason: "Credentials type \(type) cannot be deleted.")
    }

    let now = GoTime.now()
    identity.fields["credentials"] = credentials.isEmpty ? nil : .object(credentials)
    var writer = IdentityWriter(now: now)
    try writer.prepare(&identity.fields)
    identity.fields["updated_at"] = now.json
    try store.state.withLock { (state: inout StoreState) throws(APIError) in
      guard state.identities[identity.id] != nil else { throw APIError.missingRow }
      do throws(StoreState.WriteConflict) {
        try state.update(identity)
      } catch {
        throw APIError(
          code: 409,
          message: "Unable to insert or update resource because a resource with that value exists "
            + "already")
      }
    }
    return .noContent
  }

  /// `credential` without the provider `identifier` names, or `nil` when none is left.
  private func withoutProvider(
    _ credential: JSON, type: String, identifier: String
  )
    throws(APIError)
    -> JSON?
  {
    guard !identifier.isEmpty else {
      throw APIError.badRequest(
        reason: "The identifier parameter is required to delete \(type) credentials.")
    }
    guard case .object(var members) = credential else { return nil }
    let providers = members["config"]?["providers"]?.arrayValue ?? []
    let kept = providers.filter {
      "\($0["provider"]?.stringValue ?? ""):\($0["subject"]?.stringValue ?? "")" != identifier
    }
    let identifiers = (members["identifiers"]?.arrayValue ?? []).filter {
      $0.stringValue != identifier
    }
    guard
      kept.count < providers.count
        || identifiers.count < (members["identifiers"]?.arrayValue?.count ?? 0)
    else {
      throw APIError.notFound(
        reason: "You tried to remove a \(type) credential with identifier \(identifier) but it "
          + "does not exist.")
    }
    if kept.isEmpty && identifiers.isEmpty { return nil }
    members["identifiers"] = .array(identifiers)
    members["config"] = ["providers": .array(kept)]
    return .object(members)
  }

  /// First factors a user could still sign in with: a set password, each OIDC or SAML provider
  /// link, and a passkey.
  static func firstFactorCount(_ credentials: [String: JSON]) -> Int {
    var count = 0
    if let config = credentials["password"]?["config"],
      !(config["hashed_password"]?.stringValue ?? "").isEmpty
        || config["use_password_migration_hook"]?.boolValue == true
    {
      count += 1
    }
    for type in ["oidc", "saml"] {
      count += credentials[type]?["config"]?["providers"]?.arrayValue?.count ?? 0
    }
    if credentials["passkey"] != nil { count += 1 }
    return count
  }
}
