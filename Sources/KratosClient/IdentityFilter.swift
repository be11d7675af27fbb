import KratosModel

/// The one filter `GET /admin/identities` may be given (Kratos refuses combinations).
public enum IdentityFilter: Sendable, Hashable {
  case none
  /// Exact match on a login identifier, sent as given (see `identities(withLoginIdentifier:)`).
  case credentialsIdentifier(String)
  /// These identities; sent in chunks of at most 500, the server's limit.
  case ids([String])
  case organizationID(String)
  /// Kratos's experimental prefix search on login identifiers.
  case similarIdentifier(String)
}

/// The credential types whose configuration `include_credential` can add to identities.
///
/// `password` adds the password hash: ask for it only when needed, and never log it.
public enum CredentialType: String, Sendable, Hashable, CaseIterable {
  case password
  case oidc
  case saml
  case totp
  case lookupSecret = "lookup_secret"
  case webauthn
  case code
  case passkey
  case linkRecovery = "link_recovery"
  case codeRecovery = "code_recovery"
}
