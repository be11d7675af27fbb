import KratosModel

/// `GET /admin/identities`, `GET /admin/identities/{id}` and the lookup by external id.
extension SandboxAPI {
  /// Keyset pages of at most 500 identities, or the legacy page mode up to item 1000.
  func listIdentities(_ call: Call) throws(APIError) -> HTTPResponse {
    var query = call.query
    var filters = 0
    var filter = IdentityFilter.none

    let ids = query.values("ids")
    if !ids.isEmpty {
      filters += 1
      var normalized = Set<String>()
      for value in ids {
        guard let id = UUIDText.normalized(value) else {
          throw APIError.badRequest(reason: "Invalid UUID value `\(value)` for parameter `ids`.")
        }
        normalized.insert(id)
      }
      if ids.count > 500 {
        throw APIError.badRequest(reason: "The number of ids to filter must not exceed 500.")
      }
      filter = .ids(normalized)
    }
    let organization = query.first("organization_id")
    if !organization.isEmpty {
      filters += 1
      guard let id = UUIDText.normalized(organization) else {
        throw APIError.badRequest(
          reason: "Invalid UUID value `\(organization)` for parameter `organization_id`.")
      }
      filter = .organization(id)
    }
    let identifier = query.first("credentials_identifier")
    if !identifier.isEmpty {
      filters += 1
      filter = .identifier(identifier)
    }
    let similar = query.first("preview_credentials_identifier_similar")
    if !similar.isEmpty {
      filters += 1
      if identifier.isEmpty { filter = .identifierPrefix(similar) }
    }
    let included = try includedCredentials(query)
    if filters > 1 {
      throw APIError.badRequest(reason: "You cannot combine multiple filters in this API")
    }
    let view: CredentialView =
      filter.selectsByCredentials || included != nil ? .withConfig(included ?? []) : .omitted

    var response: HTTPResponse
    let rendered: [JSON]
    if !query.has("page_token") && !query.has("page_size") && query.has("page") {
      let page = SandboxAPI.pageNumber(query.first("page"))
      let perPage = min(max(Int(query.first("per_page")) ?? 250, 1), 500)
      if page * perPage > 1000 {
        throw APIError.badRequest(
          reason: "Legacy pagination is not supported for enumerating over 1000 items. "
            + "Please switch to using page_token and page_size.")
      }
      let (rows, total) = store.state.withLock { state -> ([StoredIdentity], Int) in
        let selected = state.filteredIDs(filter) ?? state.order
        let start = min(page * perPage, selected.count)
        let end = min(start + perPage, selected.count)
        let rows = selected[start..<end].compactMap { state.identities[$0] }
        return (rows, state.identities.count)
      }
      rendered = rows.map { $0.rendered(baseURL: baseURL, credentials: view, adminMetadata: true) }
      response = .json(.array(rendered))
      let count = identifier.isEmpty ? total : rows.count
      response.addHeader("X-Total-Count", String(count))
      response.addHeader(
        "Link",
        PaginationLinks.offset(
          path: call.path, query: query, total: count, page: page, perPage: perPage, style: .pages))
      return response
    }

    if query.has("per_page") && !query.has("page_size") {
      query.set("page_size", query.first("per_page"))
      query.remove("per_page")
    }
    let (token, size) = try keysetParameters(query, defaultSize: 250, maximumSize: 500)
    guard let after = UUIDText.normalized(token) else {
      throw APIError.badRequest(
        reason: "The page token is invalid, do not craft your own page tokens")
    }
    let (rows, isLast) = store.state.withLock { state -> ([StoredIdentity], Bool) in
      var rows: [StoredIdentity] = []
      if let selected = state.filteredIDs(filter) {
        for id in selected where id > after {
          guard rows.count <= size else { break }
          if let row = state.identities[id] { rows.append(row) }
        }
      } else {
        var index = state.upperBound(of: after)
        while index < state.order.count && rows.count <= size {
          if let row = state.identities[state.order[index]] { rows.append(row) }
          index += 1
        }
      }
      let isLast = rows.count <= size
      if !isLast { rows.removeLast() }
      return (rows, isLast)
    }
    rendered = rows.map { $0.rendered(baseURL: baseURL, credentials: view, adminMetadata: true) }
    response = .json(.array(rendered))
    response.addHeader(
      "Link",
      PaginationLinks.keyset(
        path: call.path, query: query, firstToken: UUIDText.zero,
        nextToken: isLast ? nil : rows.last?.id, size: size))
    return response
  }

  /// ory/x's keyset parameters: the first non-empty `page_token` (unescaped once more) and the
  /// page size after clamping.
  func keysetParameters(
    _ query: QueryParameters, defaultSize: Int, maximumSize: Int,
    defaultToken: String = UUIDText.zero
  ) throws(APIError) -> (token: String, size: Int) {
    var token = defaultToken
    if let raw = query.values("page_token").first(where: { !$0.isEmpty }) {
      guard let unescaped = QueryParameters.unescape(raw) else {
        throw APIError.badRequest(reason: "invalid URL escape in page_token")
      }
      token = unescaped
    }
    var size = 0
    if let raw = query.values("page_size").first(where: { !$0.isEmpty }) {
      size = try SandboxAPI.atoi(raw).get()
    }
    if size <= 0 { size = defaultSize }
    return (token, min(size, maximumSize))
  }

  func getIdentity(_ call: Call) throws(APIError) -> HTTPResponse {
    let included = try includedCredentials(call.query)
    guard let id = UUIDText.normalized(call.segments[1]),
      let row = store.state.withLock({ $0.identities[id] })
    else { throw APIError.missingRow }
    return .json(
      row.rendered(baseURL: baseURL, credentials: .withConfig(included ?? []), adminMetadata: true))
  }

  func getIdentityByExternalID(_ call: Call) throws(APIError) -> HTTPResponse {
    let external = call.segments[3]
    guard !external.isEmpty else {
      throw APIError.badRequest(reason: "The external ID must not be empty.")
    }
    let included = try includedCredentials(call.query)
    let row = store.state.withLock { state in
      state.externalIDs[external].flatMap { state.identities[$0] }
    }
    guard let row else { throw APIError.missingRow }
    return .json(
      row.rendered(baseURL: baseURL, credentials: .withConfig(included ?? []), adminMetadata: true))
  }
}
