/// Everything that can go wrong in the Kratos client, with its message written in one place.
///
/// Messages are lower case, name the request (`GET /admin/identities/…`) and keep the server's
/// own text. No message contains the API key.
public enum KratosClientError: Error, Sendable, Hashable, CustomStringConvertible {
  /// `--endpoint` / `KRATOS_ADMIN_URL` is not a usable URL.
  case invalidEndpoint(String, reason: String)
  /// The API key file could not be used.
  case apiKeyFile(path: String, reason: String)
  /// A caller passed something the API cannot take, such as a malformed UUID.
  case invalidArgument(String)
  /// libcurl could not be set up at all.
  case setup(String)
  /// No HTTP response arrived.
  case transport(RequestLine, endpoint: String, TransportProblem)
  /// The server answered with an error status; `error` is its error body when it sent one.
  case server(RequestLine, status: Int, error: ServerError?)
  /// The server redirected, which the admin API never does; Kratos's public port does it.
  case redirected(RequestLine, status: Int, location: String?)
  /// The body is not JSON: `syntax` says where the parser stopped, `excerpt` how the body starts.
  case notJSON(RequestLine, status: Int, syntax: String, excerpt: String)
  /// The body is JSON but not what this request returns.
  case unexpectedReply(RequestLine, status: Int, problem: String)

  /// The HTTP status of a server answer, if there was one.
  public var status: Int? {
    switch self {
    case .server(_, let status, _), .redirected(_, let status, _), .notJSON(_, let status, _, _),
      .unexpectedReply(_, let status, _):
      status
    default: nil
    }
  }

  public var description: String {
    switch self {
    case .invalidEndpoint(let url, let reason):
      return "invalid endpoint \(url): \(reason)"
    case .apiKeyFile(let path, let reason):
      return "cannot read the api key from \(path): \(reason)"
    case .invalidArgument(let message):
      return message
    case .setup(let message):
      return "cannot set up http: \(message)"
    case .transport(let request, let endpoint, let problem):
      return Self.describe(problem, request: request, endpoint: endpoint)
    case .server(let request, let status, let error):
      var text = "\(request): \(HTTPStatus.describe(status))"
      if let error { text += ": \(error.summary)" }
      if status == 401 || status == 403 { text += "; check the api key and the endpoint" }
      return text
    case .redirected(let request, let status, let location):
      var text = "\(request): \(HTTPStatus.describe(status))"
      if let location { text += " to \(location)" }
      return text + "; is the endpoint kratos's public port? use the admin api (port 4434)"
    case .notJSON(let request, let status, let syntax, let excerpt):
      var text = "\(request): \(HTTPStatus.describe(status)) with a body that is not json"
      text += " (\(syntax))"
      if !excerpt.isEmpty { text += "; it starts \"\(excerpt)\"" }
      return text
    case .unexpectedReply(let request, let status, let problem):
      return "\(request): unexpected reply (\(HTTPStatus.describe(status))): \(problem)"
    }
  }

  private static func describe(
    _ problem: TransportProblem, request: RequestLine, endpoint: String
  ) -> String {
    switch problem {
    case .cannotConnect(let reason): "cannot connect to \(endpoint): \(reason)"
    case .cannotResolveHost: "cannot connect to \(endpoint): host name not found"
    case .connectTimeout(let seconds):
      "cannot connect to \(endpoint): no connection within \(seconds) s"
    case .timeout(let seconds):
      "\(request): no complete answer from \(endpoint) within \(seconds) s"
    case .connectionLost(let reason): "\(request): connection to \(endpoint) lost: \(reason)"
    case .tls(let reason): "cannot connect securely to \(endpoint): \(reason)"
    case .protocolError(let reason): "\(request): \(endpoint) did not answer in http: \(reason)"
    case .clientClosed: "\(request): the client was closed before the answer arrived"
    case .responseTooLarge(let bytes):
      "\(request): the answer from \(endpoint) is larger than \(bytes / 1_048_576) MiB; stopped reading it"
    case .other(let reason): "\(request) to \(endpoint) failed: \(reason)"
    }
  }
}

/// Reason phrases for the statuses Kratos and proxies send, in lower case.
enum HTTPStatus {
  static func describe(_ status: Int) -> String {
    let phrase: String? =
      switch status {
      case 200: "ok"
      case 201: "created"
      case 204: "no content"
      case 301: "moved permanently"
      case 302: "found"
      case 307: "temporary redirect"
      case 308: "permanent redirect"
      case 400: "bad request"
      case 401: "unauthorized"
      case 403: "forbidden"
      case 404: "not found"
      case 405: "method not allowed"
      case 409: "conflict"
      case 413: "payload too large"
      case 422: "unprocessable entity"
      case 429: "too many requests"
      case 500: "internal server error"
      case 502: "bad gateway"
      case 503: "service unavailable"
      case 504: "gateway timeout"
      default: nil
      }
    return phrase.map { "\(status) \($0)" } ?? "status \(status)"
  }
}
