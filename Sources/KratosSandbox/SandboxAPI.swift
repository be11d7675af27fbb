import KratosModel

/// Routes requests to the Kratos behaviours the sandbox reproduces and turns failures into
/// herodot error bodies.
final class SandboxAPI: Sendable {
  let store: SandboxStore
  /// Where this server is reached; used for `schema_url`, `Location` and recovery links.
  let baseURL: String

  init(store: SandboxStore, baseURL: String) {
    self.store = store
    self.baseURL = baseURL
  }

  func handle(_ request: HTTPRequest) -> HTTPResponse {
    var response: HTTPResponse
    do {
      response = try route(request)
    } catch {
      response = error.response(requestID: request.header("x-request-id"))
    }
    if request.method == "GET" {
      response.addHeader("Cache-Control", "private, no-cache, no-store, must-revalidate")
    }
    return response
  }

  /// The path as Kratos's router sees it: trailing slash trimmed, empty and `.` segments dropped,
  /// `..` resolved (Go's `path.Join`).
  static func cleaned(_ path: String) -> String {
    var segments: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..": _ = segments.popLast()
      default: segments.append(segment)
      }
    }
    return "/" + segments.joined(separator: "/")
  }

  /// A request with its path split into decoded segments after `/admin`.
  struct Call {
    let request: HTTPRequest
    /// The path with the `/admin` prefix Kratos v26 adds when it is missing.
    let path: String
    let segments: [String]
    var query: QueryParameters { request.query }
    var method: String { request.method == "HEAD" ? "GET" : request.method }
  }

  private func route(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
    var path = SandboxAPI.cleaned(request.path)
    if path != "/admin" && !path.hasPrefix("/admin/") {
      path = "/admin" + (path == "/" ? "" : path)
    }
    var segments: [String] = []
    for raw in path.dropFirst("/admin/".count).split(
      separator: "/", omittingEmptySubsequences: false)
    {
      guard let segment = QueryParameters.unescape(raw, plusIsSpace: false) else {
        throw APIError.badRequest(reason: "The request path is not valid URL encoding.")
      }
      segments.append(segment)
    }
    let call = Call(request: request, path: path, segments: segments)

    switch segments.count {
    case 1:
      switch segments[0] {
      case "identities":
        return try dispatch(
          call, ["GET": listIdentities, "POST": createIdentity, "PATCH": batchCreate])
      case "sessions":
        return try dispatch(call, ["GET": listSessions])
      case "schemas":
        return try dispatch(call, ["GET": listSchemas])
      case "version":
        return try dispatch(call, ["GET": { _ throws(APIError) in .json(["version": "v26.2.0"]) }])
      default:
        break
      }
    case 2:
      switch segments[0] {
      case "identities":
        return try dispatch(
          call,
          [
            "GET": getIdentity, "PUT": updateIdentity, "PATCH": patchIdentity,
            "DELETE": deleteIdentity,
          ])
      case "sessions":
        return try dispatch(call, ["GET": getSession, "DELETE": revokeSession])
      case "schemas":
        return try dispatch(call, ["GET": getSchema])
      case "health" where segments[1] == "alive" || segments[1] == "ready":
        return try dispatch(call, ["GET": { _ throws(APIError) in .json(["status": "ok"]) }])
      case "recovery" where segments[1] == "link":
        return try dispatch(call, ["POST": createRecoveryLink])
      case "recovery" where segments[1] == "code":
        return try dispatch(call, ["POST": createRecoveryCode])
      default:
        break
      }
    case 3:
      if segments[0] == "identities" && segments[2] == "sessions" {
        return try dispatch(call, ["GET": listIdentitySessions, "DELETE": deleteIdentitySessions])
      }
      if segments[0] == "sessions" && segments[2] == "extend" {
        return try dispatch(call, ["PATCH": extendSession])
      }
    case 4:
      if segments[0] == "identities" && segments[1] == "by" && segments[2] == "external" {
        return try dispatch(call, ["GET": getIdentityByExternalID])
      }
      if segments[0] == "identities" && segments[2] == "credentials" {
        return try dispatch(call, ["DELETE": deleteCredential])
      }
    default:
      break
    }
    throw APIError.notFound(reason: "No route matches \(request.method) \(request.path).")
  }

  private typealias Handler = (Call) throws(APIError) -> HTTPResponse

  private func dispatch(
    _ call: Call, _ handlers: [String: Handler]
  ) throws(APIError)
    -> HTTPResponse
  {
    guard let handler = handlers[call.method] else {
      let allowed = handlers.keys.sorted().joined(separator: ", ")
      var response = APIError(
        code: 405, message: "The requested method is not allowed for this resource",
        reason: "Allowed methods: \(allowed)."
      )
      .response(requestID: call.request.header("x-request-id"))
      response.addHeader("Allow", allowed)
      return response
    }
    return try handler(call)
  }

  // MARK: Shared parsing

  /// The `include_credential` values, each checked against the known types.
  func includedCredentials(_ query: QueryParameters) throws(APIError) -> Set<String>? {
    let values = query.values("include_credential")
    guard !values.isEmpty else { return nil }
    for value in values where !CredentialType.all.contains(value) {
      throw APIError.badRequest(
        reason: "Invalid value `\(value)` for parameter `include_credential`.")
    }
    return Set(values)
  }

  /// Pages beyond this are treated as this one; it keeps offset arithmetic far from overflow.
  static let lastPage = 1 << 40

  /// A `page` parameter as Kratos reads it (unreadable or negative means 0), bounded by
  /// `lastPage`.
  static func pageNumber(_ text: String) -> Int {
    min(max(Int(text) ?? 0, 0), lastPage)
  }

  /// Go's `strconv.ParseBool`.
  static func parseBool(_ text: String) -> Bool? {
    switch text {
    case "1", "t", "T", "TRUE", "true", "True": return true
    case "0", "f", "F", "FALSE", "false", "False": return false
    default: return nil
    }
  }

  /// Go's `strconv.Atoi` for the sizes and pages Kratos reads, with its error text.
  static func atoi(_ text: String) -> Result<Int, APIError> {
    var digits = Substring(text)
    if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return .failure(
        .badRequest(reason: "strconv.Atoi: parsing \(JSON.string(text).serialized): invalid syntax")
      )
    }
    guard let value = Int(text) else {
      return .failure(
        .badRequest(
          reason: "strconv.Atoi: parsing \(JSON.string(text).serialized): value out of range"))
    }
    return .success(value)
  }

  /// The body as a JSON value; `nil` for an empty body.
  static func jsonBody(_ request: HTTPRequest) throws(APIError) -> JSON? {
    guard !request.body.isEmpty else { return nil }
    do {
      return try JSON(parsing: request.body)
    } catch {
      throw APIError.badRequest(message: "invalid JSON in request body: \(error.description)")
    }
  }
}
