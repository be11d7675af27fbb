import KratosModel

/// The credential types Kratos v26.2.0 knows (`include_credential` accepts exactly these).
enum CredentialType {
  static let all: Set<String> = [
    "password", "oidc", "saml", "totp", "lookup_secret", "webauthn", "code", "passkey",
    "link_recovery", "code_recovery",
  ]

  /// Types whose identifiers Kratos trims and lower-cases.
  static let normalizedTypes: Set<String> = ["password", "code", "webauthn"]

  /// Types searched by `credentials_identifier`, the others are ignored by that filter.
  static let searchable: Set<String> = ["password", "code", "webauthn", "oidc", "saml"]

  static func normalize(_ identifier: String, type: String) -> String {
    normalizedTypes.contains(type) ? LoginIdentifier.normalized(identifier) : identifier
  }
}
