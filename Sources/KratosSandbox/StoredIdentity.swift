import KratosModel

/// One identity as the sandbox keeps it: Kratos's full admin JSON view (credentials with their
/// configuration included) minus `schema_url`, which depends on the server's address and is
/// added when the identity is written out.
struct StoredIdentity: Sendable {
  let id: String
  /// Every field of the admin view except `id` and `schema_url`.
  var fields: [String: JSON]

  var state: String { fields["state"]?.stringValue ?? "active" }
  var isActive: Bool { state == "active" }
  var schemaID: String { fields["schema_id"]?.stringValue ?? IdentitySchemaCatalog.defaultID }
  var externalID: String? { fields["external_id"]?.stringValue }
  var organizationID: String? { fields["organization_id"]?.stringValue }
  var credentials: [String: JSON] { fields["credentials"]?.objectValue ?? [:] }

  /// Each login identifier with its credential type, as stored.
  var typedIdentifiers: [(type: String, identifier: String)] {
    credentials.sorted { $0.key < $1.key }.flatMap { type, credential in
      (credential["identifiers"]?.arrayValue ?? []).compactMap(\.stringValue).map { (type, $0) }
    }
  }

  /// The full admin view with every credential's configuration, the document a JSON Patch is
  /// applied to.
  func fullView(baseURL: String) -> JSON {
    var object = fields
    object["id"] = .string(id)
    object["schema_url"] = .string(IdentitySchemaCatalog.schemaURL(baseURL: baseURL, id: schemaID))
    return .object(object)
  }

  /// The identity as a response shows it.
  ///
  /// - Parameters:
  ///   - credentials: whether `credentials` appear, and which types keep their `config`.
  ///   - adminMetadata: whether `metadata_admin` appears (admin responses; not inside sessions).
  func rendered(baseURL: String, credentials view: CredentialView, adminMetadata: Bool) -> JSON {
    var object = fields
    object["id"] = .string(id)
    object["schema_url"] = .string(IdentitySchemaCatalog.schemaURL(baseURL: baseURL, id: schemaID))
    if !adminMetadata { object["metadata_admin"] = nil }
    switch view {
    case .omitted:
      object["credentials"] = nil
    case .withConfig(let types):
      var shown: [String: JSON] = [:]
      for (type, credential) in credentials {
        guard case .object(var members) = credential else { continue }
        if !types.contains(type) { members["config"] = nil }
        shown[type] = .object(members)
      }
      object["credentials"] = shown.isEmpty ? nil : .object(shown)
    }
    return .object(object)
  }
}

/// How much of an identity's credentials a response shows.
enum CredentialView: Sendable {
  case omitted
  /// Credentials listed; only the named types keep their `config`.
  case withConfig(Set<String>)

  static let withoutConfig = CredentialView.withConfig([])
}
