import KratosModel

/// The admin session routes and an identity's sessions.
extension SandboxAPI {
  /// How long a session lives; `extend` moves `expires_at` this far past now.
  static let sessionLifespan = 86_400

  /// The identity as it appears inside a session: no credentials, no admin metadata.
  private func expandedIdentity(_ id: String, in state: StoreState) -> (json: JSON, active: Bool)? {
    guard let identity = state.identities[id] else { return nil }
    return (
      identity.rendered(baseURL: baseURL, credentials: .omitted, adminMetadata: false),
      identity.isActive
    )
  }

  private func render(
    _ session: StoredSession, expansion: SessionExpansion, state: StoreState, now: GoTime
  ) -> JSON {
    let identity = expansion.identity ? expandedIdentity(session.identityID, in: state) : nil
    return session.rendered(identity: identity, devices: expansion.devices, now: now)
  }

  private func activeFilter(_ query: QueryParameters) throws(APIError) -> Bool? {
    let raw = query.first("active")
    guard !raw.isEmpty else { return nil }
    guard let value = SandboxAPI.parseBool(raw) else {
      throw APIError.badRequest(message: "could not parse parameter active")
    }
    return value
  }

  private func expansion(_ query: QueryParameters) throws(APIError) -> SessionExpansion {
    var expansion = SessionExpansion()
    for value in query.values("expand") {
      switch value.lowercased() {
      case "identity": expansion.identity = true
      case "devices": expansion.devices = true
      default: throw APIError.badRequest(reason: "Could not parse expand option: \(value)")
      }
    }
    return expansion
  }

  private func sessionID(_ text: String) throws(APIError) -> String {
    guard let id = UUIDText.normalized(text) else { throw APIError.malformedUUID(text) }
    return id
  }

  /// The opaque keyset token of `/admin/sessions`: base64 of `created_at=…/id=…`.
  private static func sessionToken(createdAt: GoTime, id: String) -> String {
    PaginationLinks.base64Raw(Array("created_at=\(createdAt.text)/id=\(id)".utf8))
  }

  /// Where the first page starts: later than any session.
  private static let firstSessionToken = sessionToken(
    createdAt: GoTime(seconds: 7_258_118_400), id: UUIDText.zero)

  /// Newest first, keyset pages of up to 1000.
  func listSessions(_ call: Call) throws(APIError) -> HTTPResponse {
    let active = try activeFilter(call.query)
    let token: String
    let size: Int
    do throws(APIError) {
      (token, size) = try keysetParameters(
        call.query, defaultSize: 250, maximumSize: 1000, defaultToken: SandboxAPI.firstSessionToken)
    } catch {
      throw APIError.badRequest(message: "could not parse parameter page_size")
    }
    guard let decoded = PaginationLinks.decodeBase64(token, urlAlphabet: false) else {
      throw APIError.badRequest(message: "could not parse parameter page_size")
    }
    var parts: [String: String] = [:]
    for part in String(decoding: decoded, as: UTF8.self).split(separator: "/") {
      let pair = part.split(separator: "=", maxSplits: 1)
      if pair.count == 2 { parts[String(pair[0])] = String(pair[1]) }
    }
    guard let afterID = parts["id"].flatMap({ UUIDText.normalized($0) }) else {
      throw APIError.badRequest(
        reason: "The page token is invalid, do not craft your own page tokens")
    }
    let afterTime = parts["created_at"].flatMap { GoTime.parse($0) }
    let expansion = try expansion(call.query)
    let now = GoTime.now()

    let (rendered, next) = store.state.withLock { state -> ([JSON], String?) in
      var rows: [StoredSession] = []
      let start = afterTime.map { state.firstSessionIndex(after: $0, id: afterID) } ?? 0
      for id in state.sessionOrder[start...] {
        guard let session = state.sessions[id] else { continue }
        if afterTime == nil && session.id <= afterID { continue }
        if let active, session.isLive(at: now) != active { continue }
        rows.append(session)
        if rows.count > size { break }
      }
      var next: String?
      if rows.count > size {
        rows.removeLast()
        if let last = rows.last {
          next = SandboxAPI.sessionToken(createdAt: last.createdAt, id: last.id)
        }
      }
      return (rows.map { render($0, expansion: expansion, state: state, now: now) }, next)
    }
    var response = HTTPResponse.json(.array(rendered))
    response.addHeader(
      "Link",
      PaginationLinks.keyset(
        path: call.path, query: call.query, firstToken: SandboxAPI.firstSessionToken,
        nextToken: next, size: size))
    return response
  }

  func getSession(_ call: Call) throws(APIError) -> HTTPResponse {
    let id = try sessionID(call.segments[1])
    let expansion = try expansion(call.query)
    let now = GoTime.now()
    let rendered = store.state.withLock { state in
      state.sessions[id].map { render($0, expansion: expansion, state: state, now: now) }
    }
    guard let rendered else { throw APIError.missingRow }
    return .json(rendered)
  }

  /// Revokes: the row stays, its stored flag goes false.
  func revokeSession(_ call: Call) throws(APIError) -> HTTPResponse {
    let id = try sessionID(call.segments[1])
    let found = store.state.withLock { state -> Bool in
      guard state.sessions[id] != nil else { return false }
      state.sessions[id]?.active = false
      return true
    }
    guard found else { throw APIError.missingRow }
    return .noContent
  }

  /// Self-hosted default: 200 with the session (identity expanded), expiry moved a lifespan past
  /// now.
  func extendSession(_ call: Call) throws(APIError) -> HTTPResponse {
    let id = try sessionID(call.segments[1])
    let now = GoTime.now()
    let rendered = store.state.withLock { state -> JSON? in
      guard var session = state.sessions[id] else { return nil }
      session.expiresAt = now.adding(seconds: SandboxAPI.sessionLifespan)
      state.sessions[id] = session
      return render(session, expansion: SessionExpansion(identity: true), state: state, now: now)
    }
    guard let rendered else { throw APIError.missingRow }
    return .json(rendered)
  }

  /// Offset pages with identity and devices expanded; an unknown identity is an empty list.
  ///
  /// Kratos hands its 0-based page number to a 1-based paginator, so pages 0 and 1 are the same
  /// rows; the sandbox does the same.
  func listIdentitySessions(_ call: Call) throws(APIError) -> HTTPResponse {
    let identityID = try sessionID(call.segments[1])
    let active = try activeFilter(call.query)
    let query = call.query
    var page = 0
    var perPage = 250
    if query.has("page_token") || query.has("page_size") {
      if let size = Int(query.first("page_size")) { perPage = size }
      perPage = min(max(perPage, 1), 1000)
      let offset =
        query.first("page_token").isEmpty
        ? 0 : PaginationLinks.offset(fromToken: query.first("page_token"))
      page = offset > 0 ? offset / perPage : 0
    } else {
      page = SandboxAPI.pageNumber(query.first("page"))
      if let size = Int(query.first("per_page")) { perPage = size }
      perPage = min(max(perPage, 1), 1000)
    }
    let now = GoTime.now()
    let (rendered, total) = store.state.withLock { state -> ([JSON], Int) in
      let matching = state.sessions(ofIdentity: identityID).filter {
        active == nil || $0.isLive(at: now) == active
      }
      let start = min((max(page, 1) - 1) * perPage, matching.count)
      let end = min(start + perPage, matching.count)
      let rows = matching[start..<end].map {
        render($0, expansion: .everything, state: state, now: now)
      }
      return (rows, matching.count)
    }
    var response = HTTPResponse.json(.array(rendered))
    response.addHeader("X-Total-Count", String(total))
    response.addHeader(
      "Link",
      PaginationLinks.offset(
        path: call.path, query: query, total: total, page: page, perPage: perPage,
        style: .pagesAndTokens))
    return response
  }

  /// Hard-deletes the rows; 404 when there were none, whether or not the identity exists.
  func deleteIdentitySessions(_ call: Call) throws(APIError) -> HTTPResponse {
    let identityID = try sessionID(call.segments[1])
    let deleted = store.state.withLock { $0.deleteSessions(identityID: identityID) }
    guard deleted > 0 else { throw APIError.missingRow }
    return .noContent
  }
}
