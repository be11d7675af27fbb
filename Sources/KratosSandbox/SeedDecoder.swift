import KratosModel

/// Turns identities in Kratos's own JSON shape (as `GET /admin/identities/{id}` returns them,
/// plus credentials with identifiers and an optional `sessions` array) into stored rows.
///
/// Missing ids and timestamps are generated; anything Kratos would not have stored is refused
/// with a message naming the field, so a typo in a seed file does not go unnoticed.
struct SeedDecoder {
  var ids: IDGenerator
  /// Stands in for every missing timestamp.
  var now: GoTime

  /// A problem with one element, without the element's index (the caller adds it).
  struct Problem: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }

  private static let identityFields: Set<String> = [
    "id", "schema_id", "schema_url", "state", "state_changed_at", "traits", "metadata_public",
    "metadata_admin", "verifiable_addresses", "recovery_addresses", "organization_id",
    "external_id", "credentials", "created_at", "updated_at", "sessions",
  ]

  private static let sessionFields: Set<String> = [
    "id", "active", "expires_at", "authenticated_at", "issued_at", "created_at",
    "authenticator_assurance_level", "authentication_methods", "devices", "identity", "tokenized",
  ]

  mutating func identity(_ json: JSON) throws(Problem) -> (StoredIdentity, [StoredSession]) {
    guard let object = json.objectValue else { throw Problem("an identity must be a JSON object") }
    if let unknown = object.keys.sorted().first(where: { !SeedDecoder.identityFields.contains($0) })
    {
      throw Problem("unknown field \"\(unknown)\"")
    }
    let id = try uuid(object["id"], field: "id") ?? ids.next()
    let schemaID =
      try string(object["schema_id"], field: "schema_id") ?? IdentitySchemaCatalog.defaultID
    guard IdentitySchemaCatalog.document(id: schemaID) != nil else {
      let known = IdentitySchemaCatalog.ids.joined(separator: ", ")
      throw Problem("unknown schema_id \"\(schemaID)\" (known: \(known))")
    }
    let state = try string(object["state"], field: "state") ?? "active"
    guard state == "active" || state == "inactive" else {
      throw Problem("state must be \"active\" or \"inactive\", not \"\(state)\"")
    }
    let traits = object["traits"] ?? .object([:])
    if let violation = TraitsValidator(schemaID: schemaID).violation(in: traits) {
      throw Problem("traits do not match schema \"\(schemaID)\": \(violation)")
    }
    let createdAt = try time(object["created_at"], field: "created_at") ?? now
    let updatedAt = try time(object["updated_at"], field: "updated_at") ?? createdAt

    var fields: [String: JSON] = [
      "schema_id": .string(schemaID),
      "state": .string(state),
      "traits": traits,
      "metadata_public": object["metadata_public"] ?? .null,
      "organization_id": .null,
      "created_at": createdAt.json,
      "updated_at": updatedAt.json,
    ]
    if let changed = try time(object["state_changed_at"], field: "state_changed_at") {
      fields["state_changed_at"] = changed.json
    }
    if let admin = object["metadata_admin"], !admin.isNull { fields["metadata_admin"] = admin }
    if let organization = try uuid(object["organization_id"], field: "organization_id") {
      fields["organization_id"] = .string(organization)
    }
    if let external = try string(object["external_id"], field: "external_id"), !external.isEmpty {
      fields["external_id"] = .string(external)
    }
    if let list = object["verifiable_addresses"], !list.isNull {
      fields["verifiable_addresses"] = .array(
        try addresses(list, field: "verifiable_addresses", verifiable: true, createdAt: createdAt))
    }
    if let list = object["recovery_addresses"], !list.isNull {
      fields["recovery_addresses"] = .array(
        try addresses(list, field: "recovery_addresses", verifiable: false, createdAt: createdAt))
    }
    if let credentials = object["credentials"], !credentials.isNull {
      let decoded = try self.credentials(credentials, createdAt: createdAt)
      if !decoded.isEmpty { fields["credentials"] = .object(decoded) }
    }

    var sessions: [StoredSession] = []
    if let list = object["sessions"], !list.isNull {
      guard let elements = list.arrayValue else { throw Problem("sessions must be an array") }
      for (index, element) in elements.enumerated() {
        do {
          sessions.append(try session(element, identityID: id))
        } catch {
          throw Problem("sessions[\(index)]: \(error.message)")
        }
      }
    }
    return (StoredIdentity(id: id, fields: fields), sessions)
  }

  mutating func session(_ json: JSON, identityID: String) throws(Problem) -> StoredSession {
    guard let object = json.objectValue else { throw Problem("a session must be a JSON object") }
    if let unknown = object.keys.sorted().first(where: { !SeedDecoder.sessionFields.contains($0) })
    {
      throw Problem("unknown field \"\(unknown)\"")
    }
    let id = try uuid(object["id"], field: "id") ?? ids.next()
    var active = true
    if let flag = object["active"], !flag.isNull {
      guard let value = flag.boolValue else { throw Problem("active must be true or false") }
      active = value
    }
    let authenticatedAt = try time(object["authenticated_at"], field: "authenticated_at") ?? now
    let issuedAt = try time(object["issued_at"], field: "issued_at") ?? authenticatedAt
    let createdAt = try time(object["created_at"], field: "created_at") ?? issuedAt
    let expiresAt =
      try time(object["expires_at"], field: "expires_at") ?? authenticatedAt.adding(seconds: 86_400)
    let level =
      try string(object["authenticator_assurance_level"], field: "authenticator_assurance_level")
      ?? "aal1"
    guard ["aal0", "aal1", "aal2", "aal3"].contains(level) else {
      throw Problem("authenticator_assurance_level must be aal0 to aal3, not \"\(level)\"")
    }
    var methods: JSON = [
      ["method": "password", "aal": "aal1", "completed_at": authenticatedAt.json]
    ]
    if let given = object["authentication_methods"], !given.isNull {
      guard given.arrayValue != nil else {
        throw Problem("authentication_methods must be an array")
      }
      methods = given
    }
    var devices: [JSON] = []
    if let given = object["devices"], !given.isNull {
      guard let list = given.arrayValue else { throw Problem("devices must be an array") }
      for (index, device) in list.enumerated() {
        guard case .object(var members) = device else {
          throw Problem("devices[\(index)] must be an object")
        }
        if members["id"] == nil { members["id"] = .string(ids.next()) }
        devices.append(.object(members))
      }
    }
    return StoredSession(
      id: id, identityID: identityID, active: active, expiresAt: expiresAt,
      authenticatedAt: authenticatedAt, issuedAt: issuedAt, createdAt: createdAt,
      assuranceLevel: level, authenticationMethods: methods, devices: devices)
  }

  mutating func addresses(
    _ json: JSON, field: String, verifiable: Bool, createdAt: GoTime
  ) throws(Problem) -> [JSON] {
    guard let list = json.arrayValue else { throw Problem("\(field) must be an array") }
    var result: [JSON] = []
    for (index, element) in list.enumerated() {
      guard case .object(var members) = element else {
        throw Problem("\(field)[\(index)] must be an object")
      }
      guard let value = members["value"]?.stringValue else {
        throw Problem("\(field)[\(index)] needs a string \"value\"")
      }
      members["value"] = .string(value)
      members["id"] = .string(try uuid(members["id"], field: "\(field)[\(index)].id") ?? ids.next())
      if members["via"] == nil { members["via"] = "email" }
      if members["created_at"] == nil { members["created_at"] = createdAt.json }
      if members["updated_at"] == nil { members["updated_at"] = members["created_at"] }
      if verifiable {
        let verified = members["verified"]?.boolValue ?? false
        members["verified"] = .bool(verified)
        if members["status"] == nil { members["status"] = verified ? "completed" : "pending" }
      }
      result.append(.object(members))
    }
    return result
  }

  private mutating func credentials(
    _ json: JSON, createdAt: GoTime
  ) throws(Problem) -> [String:
    JSON]
  {
    guard let object = json.objectValue else { throw Problem("credentials must be an object") }
    var result: [String: JSON] = [:]
    for (type, credential) in object.sorted(by: { $0.key < $1.key }) {
      guard CredentialType.all.contains(type) else {
        throw Problem("unknown credential type \"\(type)\"")
      }
      guard case .object(var members) = credential else {
        throw Problem("credentials.\(type) must be an object")
      }
      var identifiers: [JSON] = []
      if let list = members["identifiers"], !list.isNull {
        guard let values = list.arrayValue?.compactMap(\.stringValue),
          values.count == list.arrayValue?.count
        else { throw Problem("credentials.\(type).identifiers must be an array of strings") }
        identifiers = values.map { .string(CredentialType.normalize($0, type: type)) }
      }
      members["type"] = .string(type)
      members["identifiers"] = .array(identifiers)
      if members["version"] == nil { members["version"] = 0 }
      if members["config"] == nil { members["config"] = .object([:]) }
      if members["created_at"] == nil { members["created_at"] = createdAt.json }
      if members["updated_at"] == nil { members["updated_at"] = members["created_at"] }
      result[type] = .object(members)
    }
    return result
  }

  private func string(_ json: JSON?, field: String) throws(Problem) -> String? {
    guard let json, !json.isNull else { return nil }
    guard let text = json.stringValue else { throw Problem("\(field) must be a string") }
    return text
  }

  private func uuid(_ json: JSON?, field: String) throws(Problem) -> String? {
    guard let text = try string(json, field: field) else { return nil }
    guard let id = UUIDText.normalized(text) else {
      throw Problem("\(field) \"\(text)\" is not a UUID")
    }
    return id
  }

  private func time(_ json: JSON?, field: String) throws(Problem) -> GoTime? {
    guard let text = try string(json, field: field) else { return nil }
    guard let time = GoTime.parse(text) else {
      throw Problem("\(field) \"\(text)\" is not an RFC 3339 timestamp")
    }
    return time
  }
}
