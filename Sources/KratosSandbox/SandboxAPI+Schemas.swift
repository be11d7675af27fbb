import KratosModel

/// `GET /schemas` and `GET /schemas/{id}`, served on the sandbox's one port both with and
/// without the `/admin` prefix (Kratos serves them on its public port, where both exist).
extension SandboxAPI {
  func listSchemas(_ call: Call) throws(APIError) -> HTTPResponse {
    let query = call.query
    var page = 0
    var perPage = 250
    if query.has("page_token") || query.has("page_size") {
      if let size = Int(query.first("page_size")) { perPage = size }
      perPage = min(max(perPage, 1), 1000)
      let offset = PaginationLinks.offset(fromToken: query.first("page_token"))
      page = offset > 0 ? offset / perPage : 0
    } else {
      page = SandboxAPI.pageNumber(query.first("page"))
      if let size = Int(query.first("per_page")) { perPage = size }
      perPage = min(max(perPage, 1), 1000)
    }
    let ids = IdentitySchemaCatalog.ids
    let start = min(page * perPage, ids.count)
    let end = min(start + perPage, ids.count)
    let list: [JSON] = ids[start..<end].compactMap { id in
      IdentitySchemaCatalog.document(id: id).map { ["id": .string(id), "schema": $0] }
    }
    var response = HTTPResponse.json(.array(list))
    response.addHeader("X-Total-Count", String(ids.count))
    response.addHeader(
      "Link",
      PaginationLinks.offset(
        path: call.path, query: query, total: ids.count, page: page, perPage: perPage,
        style: .pagesAndTokens))
    return response
  }

  func getSchema(_ call: Call) throws(APIError) -> HTTPResponse {
    let id = call.segments[1]
    guard let document = IdentitySchemaCatalog.document(id: id) else {
      throw APIError.notFound(reason: "Identity schema `\(id)` could not be found.")
    }
    return .json(document)
  }
}
