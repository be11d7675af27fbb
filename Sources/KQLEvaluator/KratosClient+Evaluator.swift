import KratosClient
import KratosModel

extension KratosClient {
  /// The identities `filter` selects, with login identifiers when `includeCredentials` is set.
  ///
  /// Kratos lists credentials only when asked with `include_credential`, and then includes each
  /// type's configuration, password hashes among them. kql needs the identifiers only, so the
  /// configurations are dropped as each page arrives and never reach output or logs.
  func identities(
    filter: IdentityFilter, includeCredentials: Bool
  ) -> AsyncThrowingMapSequence<Pages<Identity>, [Identity]> {
    let types: [CredentialType] =
      includeCredentials ? [.password, .oidc, .saml, .code, .webauthn, .passkey] : []
    return identityPages(filter: filter, includeCredentials: types).map { page in
      includeCredentials ? page.map(\.withoutCredentialConfiguration) : page
    }
  }
}

extension Identity {
  /// The identity with each credential's `config` removed.
  var withoutCredentialConfiguration: Identity {
    guard case .object(var members) = json, case .object(var credentials)? = members["credentials"]
    else {
      return self
    }
    for (type, credential) in credentials {
      if case .object(var fields) = credential {
        fields["config"] = nil
        credentials[type] = .object(fields)
      }
    }
    members["credentials"] = .object(credentials)
    return (try? Identity(json: .object(members))) ?? self
  }
}

extension Error {
  /// Whether this failure concerns one item only, so a bulk run may go on with the others.
  ///
  /// The server rejected that item's request (400, 404, 409, 422). Anything else — no connection,
  /// a rejected key, a server error after retries — would fail every item alike, so the run stops.
  var concernsOneItem: Bool {
    guard let error = self as? KratosClientError else { return false }
    if case .invalidArgument = error { return true }
    guard let status = error.status else { return false }
    return [400, 404, 409, 422].contains(status)
  }
}
