import KratosModel

extension KratosClient {
  /// The largest page Kratos serves for identities, and the most ids one request may carry.
  public static let maximumIdentityPageSize = 500

  /// The identities matching `filter`, page by page (keyset paging, `Link` `rel="next"`).
  ///
  /// `pageSize` is clamped to 1…500, as Kratos does silently. An `ids` filter is validated,
  /// de-duplicated and sent in chunks of 500 with `page_size=500`; an empty list yields nothing
  /// (Kratos would list every identity). Malformed arguments are thrown by the first `next()`.
  public func identityPages(
    filter: IdentityFilter = .none, pageSize: Int = 500, includeCredentials: [CredentialType] = []
  ) -> Pages<Identity> {
    let size = min(max(pageSize, 1), Self.maximumIdentityPageSize)
    let credentials = includeCredentials.map { ("include_credential", $0.rawValue) }
    var requests: [APIRequest] = []
    var argumentError: KratosClientError?

    func request(_ items: [(String, String)], pageSize: Int) -> APIRequest {
      let query = QueryString.encode([("page_size", String(pageSize))] + items + credentials)
      return APIRequest(method: .get, path: "/admin/identities", query: query)
    }
    func nonEmpty(_ value: String, _ what: String) -> String? {
      let trimmed = value.trimmingCharactersInWhitespace()
      if trimmed.isEmpty { argumentError = .invalidArgument("the \(what) to look for is empty") }
      return trimmed.isEmpty ? nil : value
    }

    switch filter {
    case .none:
      requests = [request([], pageSize: size)]
    case .credentialsIdentifier(let value):
      if let value = nonEmpty(value, "login identifier") {
        requests = [request([("credentials_identifier", value)], pageSize: size)]
      }
    case .similarIdentifier(let value):
      if let value = nonEmpty(value, "identifier") {
        requests = [request([("preview_credentials_identifier_similar", value)], pageSize: size)]
      }
    case .organizationID(let value):
      if let id = UUIDText.normalized(value) {
        requests = [request([("organization_id", id)], pageSize: size)]
      } else {
        argumentError = .invalidArgument("organization id \"\(value)\" is not a uuid")
      }
    case .ids(let values):
      switch Self.normalizedIDs(values, what: "identity") {
      case .success(let ids):
        let chunkSize = Self.maximumIdentityPageSize
        requests = stride(from: 0, to: ids.count, by: chunkSize).map { start in
          let chunk = ids[start..<min(start + chunkSize, ids.count)]
          return request(chunk.map { ("ids", $0) }, pageSize: chunkSize)
        }
      case .failure(let error):
        argumentError = error
      }
    }
    return Pages(
      client: self, firstRequests: argumentError == nil ? requests : [],
      decode: { json throws(ModelDecodingError) in try Identity.decodeList(json) },
      key: { $0.id }, argumentError: argumentError)
  }

  /// The identities with login identifier `identifier`, looked up as Kratos compares them.
  ///
  /// Password, code and webauthn identifiers are stored trimmed and lower-cased, so the trimmed,
  /// lower-cased value is looked up. OIDC and SAML identifiers (`provider:subject`) are compared
  /// exactly, so when the trimmed value has upper-case letters it is looked up as given too,
  /// and the results are merged without duplicates.
  public func identities(withLoginIdentifier identifier: String) async throws -> [Identity] {
    let trimmed = identifier.trimmingCharactersInWhitespace()
    let lowered = LoginIdentifier.normalized(identifier)
    var found = try await identityPages(filter: .credentialsIdentifier(lowered)).collect()
    if trimmed != lowered {
      let seen = Set(found.map(\.id))
      let exact = try await identityPages(filter: .credentialsIdentifier(trimmed)).collect()
      found += exact.filter { !seen.contains($0.id) }
    }
    return found
  }

  /// The identity with `id`, or `nil` when the server does not know it.
  public func identity(
    id: String, includeCredentials: [CredentialType] = []
  ) async throws -> Identity? {
    let id = try Self.normalizedID(id, what: "identity")
    let query = QueryString.encode(includeCredentials.map { ("include_credential", $0.rawValue) })
    let request = APIRequest(method: .get, path: "/admin/identities/\(id)", query: query)
    let response = try await send(request)
    switch response.status {
    case 200:
      return try decode(response, for: request) { json throws(ModelDecodingError) in
        try Identity(json: json)
      }
    case 404: return nil
    default: throw failure(response, for: request)
    }
  }

  /// Sets the state of `identity`, taken as last seen: when it already has `state`, nothing is
  /// sent and the result is `.unchanged`.
  ///
  /// Only `/state` is patched; `state_changed_at` is left to the server.
  public func setState(_ state: IdentityState, of identity: Identity) async throws -> StateChange {
    if identity.state == state { return .unchanged(identity) }
    let updated = try await patchIdentity(
      id: identity.id, operations: [.replace(path: "/state", value: .string(state.rawValue))])
    return .changed(updated)
  }

  /// Applies a JSON Patch to the identity and returns it as the server saved it.
  ///
  /// The patch is applied atomically; writes to one identity never overlap.
  public func patchIdentity(
    id: String, operations: [JSONPatchOperation]
  ) async throws -> Identity {
    let id = try Self.normalizedID(id, what: "identity")
    guard !operations.isEmpty else {
      throw KratosClientError.invalidArgument("a patch needs at least one operation")
    }
    let request = APIRequest(
      method: .patch, path: "/admin/identities/\(id)", body: .array(operations.map(\.json)),
      identityLock: id)
    let response = try await send(request)
    guard response.status == 200 else { throw failure(response, for: request) }
    return try decode(response, for: request) { json throws(ModelDecodingError) in
      try Identity(json: json)
    }
  }

  /// Deletes the identity (its sessions go with it); `false` when it did not exist.
  public func deleteIdentity(id: String) async throws -> Bool {
    let id = try Self.normalizedID(id, what: "identity")
    let request = APIRequest(method: .delete, path: "/admin/identities/\(id)", identityLock: id)
    let response = try await send(request)
    switch response.status {
    case 200, 204: return true
    case 404: return false
    default: throw failure(response, for: request)
    }
  }

  // MARK: - Arguments

  /// `text` as a lower-case UUID, or an error naming what it should have been.
  static func normalizedID(_ text: String, what: String) throws(KratosClientError) -> String {
    guard let id = UUIDText.normalized(text.trimmingCharactersInWhitespace()) else {
      throw .invalidArgument("\(what) id \"\(text)\" is not a uuid")
    }
    return id
  }

  /// The UUIDs in `values`, normalised, in order, without duplicates.
  static func normalizedIDs(
    _ values: [String], what: String
  ) -> Result<[String], KratosClientError> {
    var seen = Set<String>()
    var ids: [String] = []
    for value in values {
      do {
        let id = try normalizedID(value, what: what)
        if seen.insert(id).inserted { ids.append(id) }
      } catch {
        return .failure(error)
      }
    }
    return .success(ids)
  }
}

extension KratosClient {
  /// How many identities the server holds, from `X-Total-Count` of a one-item legacy page;
  /// `nil` when the server does not say.
  ///
  /// Keyset pages carry no count, but Kratos still answers the legacy `page`/`per_page` form
  /// with one, covering every identity.
  public func identityCount() async throws -> Int? {
    let request = APIRequest(
      method: .get, path: "/admin/identities",
      query: QueryString.encode([("page", "0"), ("per_page", "1")]))
    let response = try await send(request)
    guard response.status == 200 else { throw failure(response, for: request) }
    return response.header("x-total-count").flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
  }
}

extension KratosClient {
  /// Creates an identity from a create body (`POST /admin/identities`), which Kratos decodes
  /// strictly; returns it as the server saved it.
  public func createIdentity(_ body: JSON) async throws -> Identity {
    let request = APIRequest(method: .post, path: "/admin/identities", body: body)
    let response = try await send(request)
    guard response.status == 201 || response.status == 200 else {
      throw failure(response, for: request)
    }
    return try decode(response, for: request) { json throws(ModelDecodingError) in
      try Identity(json: json)
    }
  }
}
