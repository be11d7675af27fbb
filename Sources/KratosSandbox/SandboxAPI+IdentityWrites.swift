import KratosModel

/// Creating, replacing, patching and deleting identities.
extension SandboxAPI {
  private static let createFields: Set<String> = [
    "schema_id", "traits", "state", "metadata_public", "metadata_admin", "verifiable_addresses",
    "recovery_addresses", "organization_id", "external_id", "credentials",
  ]

  /// The identity a create body describes, prepared and ready to insert.
  private func identity(fromCreateBody body: JSON, now: GoTime) throws(APIError) -> StoredIdentity {
    guard let object = body.objectValue else {
      throw APIError.badRequest(
        message:
          "json: cannot unmarshal \(JSONPatch.goTypeName(body)) into Go value of type "
          + "identity.CreateIdentityBody"
      )
    }
    if let unknown = object.keys.sorted().first(where: { !SandboxAPI.createFields.contains($0) }) {
      throw APIError.badRequest(message: "json: unknown field \"\(unknown)\"")
    }
    func string(_ key: String) throws(APIError) -> String? {
      guard let value = object[key], !value.isNull else { return nil }
      guard let text = value.stringValue else {
        throw APIError.badRequest(
          message: "json: cannot unmarshal \(JSONPatch.goTypeName(value)) into Go struct field "
            + "CreateIdentityBody.\(key) of type string")
      }
      return text
    }
    let state = try string("state") ?? ""
    if !state.isEmpty && state != "active" && state != "inactive" {
      throw APIError.badRequest(reason: "identity state is not valid")
    }
    let schemaID =
      try string("schema_id").flatMap { $0.isEmpty ? nil : $0 } ?? IdentitySchemaCatalog.defaultID
    var traits = object["traits"] ?? .null
    if traits.isNull { traits = .object([:]) }

    var fields: [String: JSON] = [
      "schema_id": .string(schemaID),
      "state": .string(state.isEmpty ? "active" : state),
      "traits": traits,
      "metadata_public": object["metadata_public"] ?? .null,
      "organization_id": .null,
      "created_at": now.json,
      "updated_at": now.json,
    ]
    if let admin = object["metadata_admin"], !admin.isNull { fields["metadata_admin"] = admin }
    if let organization = try string("organization_id"), !organization.isEmpty {
      guard let id = UUIDText.normalized(organization) else {
        throw APIError.badRequest(
          message: "uuid: incorrect UUID format in string \"\(organization)\"")
      }
      fields["organization_id"] = .string(id)
    }
    if let external = try string("external_id"), !external.isEmpty {
      fields["external_id"] = .string(external)
    }
    var decoder = SeedDecoder(ids: .random, now: now)
    for key in ["verifiable_addresses", "recovery_addresses"] {
      guard let list = object[key], !list.isNull else { continue }
      do {
        fields[key] = .array(
          try decoder.addresses(
            list, field: key, verifiable: key == "verifiable_addresses", createdAt: now))
      } catch {
        throw APIError.badRequest(message: error.message)
      }
    }
    var writer = IdentityWriter(now: now)
    if let credentials = object["credentials"], !credentials.isNull {
      var imported: [String: JSON] = [:]
      try writer.importCredentials(credentials, into: &imported)
      fields["credentials"] = .object(imported)
    }
    try writer.prepare(&fields)
    return StoredIdentity(id: IDGenerator.randomID(), fields: fields)
  }

  func createIdentity(_ call: Call) throws(APIError) -> HTTPResponse {
    guard let body = try SandboxAPI.jsonBody(call.request) else {
      throw APIError.badRequest(message: "EOF")
    }
    let identity = try identity(fromCreateBody: body, now: .now())
    try store.state.withLock { (state: inout StoreState) throws(APIError) in
      do throws(StoreState.WriteConflict) {
        try state.insert(identity)
      } catch {
        throw APIError.conflict(
          reason: "This identity conflicts with another identity that already exists.")
      }
    }
    var response = HTTPResponse.json(
      identity.rendered(baseURL: baseURL, credentials: .withoutConfig, adminMetadata: true),
      status: 201)
    response.addHeader("Location", "\(baseURL)/admin/identities/\(identity.id)")
    return response
  }

  /// `PATCH /admin/identities`: creates up to 1000 identities and reports each one's outcome
  /// inside a 200.
  func batchCreate(_ call: Call) throws(APIError) -> HTTPResponse {
    guard let body = try SandboxAPI.jsonBody(call.request), let object = body.objectValue else {
      throw APIError.badRequest(
        message: "The request body must be a JSON object with \"identities\".")
    }
    if let unknown = object.keys.sorted().first(where: { $0 != "identities" }) {
      throw APIError.badRequest(message: "json: unknown field \"\(unknown)\"")
    }
    let items = object["identities"]?.arrayValue ?? []
    if items.count > 1000 {
      throw APIError.badRequest(reason: "The maximum number of identities in a batch is 1000.")
    }
    let plaintext = items.filter {
      $0["create"]?["credentials"]?["password"]?["config"]?["password"] != nil
    }
    if plaintext.count > 200 {
      throw APIError.badRequest(
        reason: "The maximum number of identities with plaintext passwords in a batch is 200.")
    }
    let now = GoTime.now()
    var results: [JSON] = []
    for item in items {
      var result: [String: JSON] = [:]
      if let patchID = item["patch_id"], !patchID.isNull { result["patch_id"] = patchID }
      do throws(APIError) {
        guard let create = item["create"] else {
          throw APIError.badRequest(reason: "Only the \"create\" action is supported.")
        }
        let identity = try identity(fromCreateBody: create, now: now)
        try store.state.withLock { (state: inout StoreState) throws(APIError) in
          do throws(StoreState.WriteConflict) {
            try state.insert(identity)
          } catch {
            throw APIError.conflict(
              reason: "This identity conflicts with another identity that already exists.")
          }
        }
        result["action"] = "create"
        result["identity"] = .string(identity.id)
      } catch {
        result["action"] = "error"
        var detail: [String: JSON] = [
          "code": .integer(error.code), "status": .string(APIError.statusText(error.code)),
          "message": .string(error.message),
        ]
        if let reason = error.reason { detail["reason"] = .string(reason) }
        result["error"] = .object(detail)
      }
      results.append(.object(result))
    }
    return .json(["identities": .array(results)])
  }

  /// `PUT`: traits, both metadata and external_id are overwritten; credentials are imported on
  /// top; an empty schema_id or state keeps the current value.
  func updateIdentity(_ call: Call) throws(APIError) -> HTTPResponse {
    let contentType = call.request.header("content-type")?.lowercased() ?? ""
    let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingSpaces } ?? ""
    guard mediaType == "application/json" else {
      throw APIError.badRequest(
        reason:
          "Unable to decode body because HTTP Request Method was \"PUT\" but the Content-Type "
          + "was \"\(contentType)\" which is not supported. Expected \"application/json\".")
    }
    guard let body = try SandboxAPI.jsonBody(call.request) else {
      throw APIError.badRequest(reason: "Unable to decode JSON payload: the request body is empty.")
    }
    guard let object = body.objectValue else {
      throw APIError.badRequest(reason: "Unable to decode JSON payload: expected a JSON object.")
    }
    guard let id = UUIDText.normalized(call.segments[1]),
      var identity = store.state.withLock({ $0.identities[id] })
    else { throw APIError.missingRow }

    let now = GoTime.now()
    if let schemaID = object["schema_id"]?.stringValue, !schemaID.isEmpty {
      identity.fields["schema_id"] = .string(schemaID)
    }
    if let state = object["state"]?.stringValue, !state.isEmpty, state != identity.state {
      guard state == "active" || state == "inactive" else {
        throw APIError.badRequest(reason: "identity state is not valid")
      }
      identity.fields["state"] = .string(state)
      identity.fields["state_changed_at"] = now.json
    }
    identity.fields["traits"] = object["traits"] ?? .null
    identity.fields["metadata_public"] = object["metadata_public"] ?? .null
    identity.fields["metadata_admin"] = object["metadata_admin"].flatMap { $0.isNull ? nil : $0 }
    identity.fields["external_id"] = object["external_id"]?.stringValue.flatMap {
      $0.isEmpty ? nil : .string($0)
    }
    var writer = IdentityWriter(now: now)
    if let credentials = object["credentials"], !credentials.isNull {
      var current = identity.credentials
      try writer.importCredentials(credentials, into: &current)
      identity.fields["credentials"] = .object(current)
    }
    try writer.prepare(&identity.fields)
    identity.fields["updated_at"] = now.json
    try save(identity)
    return .json(
      identity.rendered(baseURL: baseURL, credentials: .withoutConfig, adminMetadata: true))
  }

  /// Stores an updated identity, turning index clashes into Kratos's 409.
  private func save(_ identity: StoredIdentity) throws(APIError) {
    try store.state.withLock { (state: inout StoreState) throws(APIError) in
      guard state.identities[identity.id] != nil else { throw APIError.missingRow }
      do throws(StoreState.WriteConflict) {
        try state.update(identity)
      } catch {
        throw APIError(
          code: 409,
          message:
            "Unable to insert or update resource because a resource with that value exists already")
      }
    }
  }

  /// RFC 6902 on the full admin view, with Kratos's deny-list and state rules.
  func patchIdentity(_ call: Call) throws(APIError) -> HTTPResponse {
    guard let id = UUIDText.normalized(call.segments[1]),
      let old = store.state.withLock({ $0.identities[id] })
    else { throw APIError.missingRow }

    let patched: JSON
    do throws(JSONPatch.Failure) {
      let patch = try JSONPatch(
        body: call.request.body,
        deniedPaths: ["/id", "/stateChangedAt", "/credentials", "/credentials/oidc/**"])
      patched = try patch.apply(to: old.fullView(baseURL: baseURL))
    } catch {
      throw APIError(
        code: 400, message: error.message, reason: "An error occured when applying the JSON patch")
    }
    guard case .object(var fields) = patched else {
      throw APIError(
        code: 400,
        message:
          "json: cannot unmarshal \(JSONPatch.goTypeName(patched)) into Go value of type "
          + "identity.Identity",
        reason: "An error occured when applying the JSON patch")
    }
    try checkPatchedTypes(fields)

    let now = GoTime.now()
    let newState = fields["state"]?.stringValue ?? ""
    if newState != old.state {
      guard newState == "active" || newState == "inactive" else {
        throw APIError(
          code: 400, message: "identity state is not valid",
          reason:
            "The supplied state ('\(newState)') was not valid. "
            + "Valid states are ('active', 'inactive')."
        )
      }
      fields["state_changed_at"] = now.json
    }
    if fields["state_changed_at"]?.isNull == true { fields["state_changed_at"] = nil }
    fields["id"] = nil
    fields["schema_url"] = nil
    fields["created_at"] = old.fields["created_at"]
    if fields["schema_id"]?.stringValue?.isEmpty ?? true {
      fields["schema_id"] = old.fields["schema_id"]
    }
    if fields["metadata_public"] == nil { fields["metadata_public"] = .null }
    if fields["organization_id"] == nil { fields["organization_id"] = .null }
    if fields["external_id"]?.stringValue?.isEmpty ?? true { fields["external_id"] = nil }
    if fields["metadata_admin"]?.isNull == true { fields["metadata_admin"] = nil }
    if let credentials = fields["credentials"]?.objectValue {
      var cleaned: [String: JSON] = [:]
      for (type, credential) in credentials {
        guard case .object(var members) = credential else { continue }
        let identifiers = (members["identifiers"]?.arrayValue ?? []).compactMap(\.stringValue)
        members["identifiers"] = .array(
          identifiers.map { .string(CredentialType.normalize($0, type: type)) })
        members["type"] = .string(type)
        cleaned[type] = .object(members)
      }
      fields["credentials"] = cleaned.isEmpty ? nil : .object(cleaned)
    }
    var writer = IdentityWriter(now: now)
    try writer.prepare(&fields)
    fields["updated_at"] = now.json
    let updated = StoredIdentity(id: old.id, fields: fields)
    try save(updated)
    return .json(
      updated.rendered(baseURL: baseURL, credentials: .withoutConfig, adminMetadata: true))
  }

  /// Refuses what Go could not unmarshal into an identity after the patch.
  private func checkPatchedTypes(_ fields: [String: JSON]) throws(APIError) {
    func fail(_ key: String, _ value: JSON, _ type: String) -> APIError {
      APIError(
        code: 400,
        message: "json: cannot unmarshal \(JSONPatch.goTypeName(value)) into Go struct field "
          + "Identity.\(key) of type \(type)",
        reason: "An error occured when applying the JSON patch")
    }
    for key in ["state", "schema_id", "external_id"] {
      if let value = fields[key], !value.isNull, value.stringValue == nil {
        throw fail(key, value, "string")
      }
    }
    for key in ["state_changed_at", "created_at", "updated_at"] {
      if let value = fields[key], !value.isNull {
        guard let text = value.stringValue, GoTime.parse(text) != nil else {
          throw fail(key, value, "time.Time")
        }
      }
    }
    if let value = fields["organization_id"], !value.isNull {
      guard let text = value.stringValue, UUIDText.isValid(text) else {
        throw fail("organization_id", value, "uuid.NullUUID")
      }
    }
    for key in ["verifiable_addresses", "recovery_addresses"] {
      if let value = fields[key], !value.isNull, value.arrayValue == nil {
        throw fail(key, value, "[]")
      }
    }
    if let value = fields["credentials"], !value.isNull {
      guard let object = value.objectValue else { throw fail("credentials", value, "map") }
      for (type, credential) in object {
        guard CredentialType.all.contains(type), credential.objectValue != nil else {
          throw fail("credentials", credential, "identity.Credentials")
        }
        if let identifiers = credential["identifiers"], !identifiers.isNull,
          identifiers.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true
        {
          throw fail("credentials.identifiers", identifiers, "[]string")
        }
      }
    }
  }

  func deleteIdentity(_ call: Call) throws(APIError) -> HTTPResponse {
    guard let id = UUIDText.normalized(call.segments[1]),
      store.state.withLock({ $0.delete(identityID: id) })
    else { throw APIError.missingRow }
    return .noContent
  }
}
