import KratosModel

extension KratosClient {
  /// The identity schemas the server uses, from `GET /schemas`, following `Link` paging.
  ///
  /// Schemas are served outside `/admin`: on the admin port Kratos routes `/schemas` to its
  /// admin handler, and Ory Network serves it on the project URL.
  public func identitySchemas() async throws -> [IdentitySchema] {
    let request = APIRequest(
      method: .get, path: "/schemas", query: QueryString.encode([("page_size", "500")]))
    let pages = Pages(
      client: self, firstRequests: [request],
      decode: { json throws(ModelDecodingError) -> [IdentitySchema] in
        guard case .array(let elements) = json else {
          throw ModelDecodingError("expected a JSON array of schemas")
        }
        var schemas: [IdentitySchema] = []
        for (index, element) in elements.enumerated() {
          guard let id = element["id"]?.stringValue else {
            throw ModelDecodingError("element \(index): schema has no string \"id\"")
          }
          schemas.append(IdentitySchema(id: id, schema: element["schema"] ?? .null))
        }
        return schemas
      },
      key: { $0.id }, argumentError: nil)
    return try await pages.collect()
  }

  /// Whether the server and its database are ready (`GET /health/ready`).
  ///
  /// A 503 is an answer here, not a failure, so it is not retried.
  public func ready() async throws -> Readiness {
    var request = APIRequest(method: .get, path: "/health/ready")
    request.retriesServerErrors = false
    let response = try await send(request)
    switch response.status {
    case 200:
      return .ready
    case 503:
      let errors = (try? JSON(parsing: response.body))?["errors"]?.objectValue ?? [:]
      let reasons = errors.sorted { $0.key < $1.key }.map {
        "\($0.key): \($0.value.stringValue ?? $0.value.serialized)"
      }
      return .notReady(reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; "))
    default:
      throw failure(response, for: request)
    }
  }

  /// The Kratos version the server reports (`GET /version`).
  public func version() async throws -> String {
    let request = APIRequest(method: .get, path: "/version")
    let response = try await send(request)
    guard response.status == 200 else { throw failure(response, for: request) }
    return try decode(response, for: request) { json throws(ModelDecodingError) in
      guard let version = json["version"]?.stringValue else {
        throw ModelDecodingError("no string \"version\" in the reply")
      }
      return version
    }
  }
}
