import KratosModel

extension KratosClient {
  /// The largest page Kratos serves for sessions.
  public static let maximumSessionPageSize = 1000

  /// How many sessions the identity has, from `X-Total-Count` of a one-item page.
  ///
  /// When a server leaves the header out, the sessions are counted page by page. An unknown
  /// identity has no sessions (Kratos answers 200 with an empty list).
  public func sessionCount(identityID: String, active: Bool? = nil) async throws -> Int {
    let id = try Self.normalizedID(identityID, what: "identity")
    var items = [("page_size", "1")]
    if let active { items.append(("active", String(active))) }
    let request = APIRequest(
      method: .get, path: "/admin/identities/\(id)/sessions", query: QueryString.encode(items))
    let response = try await send(request)
    guard response.status == 200 else { throw failure(response, for: request) }
    if let header = response.header("x-total-count") {
      guard let total = Int(header), total >= 0 else {
        throw KratosClientError.unexpectedReply(
          request.line, status: response.status,
          problem: "x-total-count \"\(header)\" is not a count")
      }
      return total
    }
    return try await sessions(ofIdentity: id, active: active).count
  }

  /// Deletes every session of the identity (`DELETE /admin/identities/{id}/sessions`).
  ///
  /// Kratos answers 404 both when the identity does not exist and when it has no sessions, so a
  /// 404 is `.noSessions` only when the caller knows the identity exists (for example because
  /// it was just patched), and `.identityNotFound` otherwise.
  public func revokeSessions(
    identityID: String, identityExists: Bool
  ) async throws -> SessionRevocation {
    let id = try Self.normalizedID(identityID, what: "identity")
    let request = APIRequest(
      method: .delete, path: "/admin/identities/\(id)/sessions", identityLock: id)
    let response = try await send(request)
    switch response.status {
    case 200, 204: return .revoked
    case 404: return identityExists ? .noSessions : .identityNotFound
    default: throw failure(response, for: request)
    }
  }

  /// All sessions (`GET /admin/sessions`), newest first, page by page.
  ///
  /// `active` filters on the stored flag and expiry only; with `expandIdentity` the server also
  /// marks sessions of inactive identities as not active and includes each identity.
  public func sessionPages(
    active: Bool? = nil, expandIdentity: Bool = false, pageSize: Int = 1000
  ) -> Pages<Session> {
    var items = [("page_size", String(min(max(pageSize, 1), Self.maximumSessionPageSize)))]
    if let active { items.append(("active", String(active))) }
    if expandIdentity { items.append(("expand", "identity")) }
    let request = APIRequest(
      method: .get, path: "/admin/sessions", query: QueryString.encode(items))
    return Pages(
      client: self, firstRequests: [request],
      decode: { json throws(ModelDecodingError) in try Session.decodeList(json) },
      key: { $0.id }, argumentError: nil)
  }

  /// Every session of one identity, newest first, with the identity expanded.
  public func sessions(ofIdentity identityID: String, active: Bool? = nil) async throws -> [Session]
  {
    let id = try Self.normalizedID(identityID, what: "identity")
    var items = [("page_size", String(Self.maximumSessionPageSize))]
    if let active { items.append(("active", String(active))) }
    let request = APIRequest(
      method: .get, path: "/admin/identities/\(id)/sessions", query: QueryString.encode(items))
    let pages = Pages(
      client: self, firstRequests: [request],
      decode: { json throws(ModelDecodingError) in try Session.decodeList(json) },
      key: { $0.id }, argumentError: nil)
    return try await pages.collect()
  }

  /// One session, with its identity expanded so that `active` is accurate; `nil` when unknown.
  public func session(id: String, expandIdentity: Bool = true) async throws -> Session? {
    let id = try Self.normalizedID(id, what: "session")
    let query = expandIdentity ? QueryString.encode([("expand", "identity")]) : ""
    let request = APIRequest(method: .get, path: "/admin/sessions/\(id)", query: query)
    let response = try await send(request)
    switch response.status {
    case 200:
      return try decode(response, for: request) { json throws(ModelDecodingError) in
        try Session(json: json)
      }
    case 404: return nil
    default: throw failure(response, for: request)
    }
  }

  /// Marks one session inactive (`DELETE /admin/sessions/{id}`; it stays listed); `false` when
  /// the session does not exist.
  public func revokeSession(id: String) async throws -> Bool {
    let id = try Self.normalizedID(id, what: "session")
    let request = APIRequest(method: .delete, path: "/admin/sessions/\(id)")
    let response = try await send(request)
    switch response.status {
    case 200, 204: return true
    case 404: return false
    default: throw failure(response, for: request)
    }
  }
}
