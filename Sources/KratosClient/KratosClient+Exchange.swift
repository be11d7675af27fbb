import KratosModel

/// A request to the admin API before it becomes HTTP.
struct APIRequest: Sendable {
  var method: HTTPMethod
  /// The API path, starting with `/`; the endpoint's prefix is added in front.
  var path: String
  var query: String = ""
  var body: JSON? = nil
  /// The identity whose write lock the request must hold, for writes to one identity.
  var identityLock: String? = nil
  /// Whether a GET answered 502, 503 or 504 is sent again; off where 503 is itself an answer.
  var retriesServerErrors = true

  var line: RequestLine { RequestLine(method: method, path: path, query: query) }
}

extension KratosClient {
  /// Sends `request`, retrying as the retry policy allows, and returns the final response
  /// whatever its status.
  func send(_ request: APIRequest) async throws -> HTTPResponse {
    if let key = request.identityLock {
      return try await writeLocks.withLock(key) { try await sendWithRetries(request) }
    }
    return try await sendWithRetries(request)
  }

  private func sendWithRetries(_ request: APIRequest) async throws -> HTTPResponse {
    let http = httpRequest(for: request)
    let policy = configuration.retryPolicy
    var rateLimitRetries = 0
    var failureRetries = 0
    var attempt = 0
    while true {
      try Task.checkCancellation()
      attempt += 1
      let started = ContinuousClock.now
      let bodySize = http.body?.count ?? 0
      count { statistics in
        statistics.requests += 1
        if request.method != .get { statistics.writes += 1 }
        if attempt > 1 { statistics.retries += 1 }
        statistics.bytesSent += bodySize
      }

      let response: HTTPResponse
      do {
        response = try await loop.perform(http)
      } catch let failure as TransportFailure {
        count { $0.transportFailures += 1 }
        report(request, status: nil, problem: failure.problem, since: started, attempt: attempt)
        if request.method.isRead, failure.problem.isRetryableForReads,
          failureRetries < policy.failureRetries
        {
          failureRetries += 1
          try await Task.sleep(for: policy.backoff(retry: failureRetries))
          continue
        }
        throw KratosClientError.transport(
          request.line, endpoint: endpoint.description, failure.problem)
      }

      count { $0.bytesReceived += response.bytesReceived }
      report(request, status: response.status, problem: nil, since: started, attempt: attempt)
      if response.status == 429 {
        count { $0.rateLimited += 1 }
        if rateLimitRetries < policy.rateLimitRetries {
          rateLimitRetries += 1
          let delay = policy.rateLimitDelay(
            reset: response.header("x-ratelimit-reset"), retry: rateLimitRetries)
          try await Task.sleep(for: delay)
          continue
        }
      }
      if request.method.isRead, request.retriesServerErrors,
        [502, 503, 504].contains(response.status),
        failureRetries < policy.failureRetries
      {
        failureRetries += 1
        try await Task.sleep(for: policy.backoff(retry: failureRetries))
        continue
      }
      return response
    }
  }

  private func report(
    _ request: APIRequest, status: Int?, problem: TransportProblem?,
    since start: ContinuousClock.Instant,
    attempt: Int
  ) {
    guard let observer = configuration.observer else { return }
    observer(
      RequestRecord(
        request: request.line, status: status, problem: problem,
        duration: ContinuousClock.now - start, attempt: attempt))
  }

  private func httpRequest(for request: APIRequest) -> HTTPRequest {
    var headers: [(name: String, value: String)] = [(name: "Accept", value: "application/json")]
    if let key = configuration.apiKey {
      headers.append((name: "Authorization", value: "Bearer \(key.secret)"))
    }
    var body: [UInt8]?
    if let json = request.body {
      headers.append((name: "Content-Type", value: "application/json"))
      body = Array(json.serialized.utf8)
    }
    return HTTPRequest(
      method: request.method, url: endpoint.url(path: request.path, query: request.query),
      headers: headers, body: body)
  }

  // MARK: - Reading responses

  /// The response body as JSON; a body that is not JSON becomes `.notJSON`.
  func json(of response: HTTPResponse, for request: APIRequest) throws(KratosClientError) -> JSON {
    do {
      return try JSON(parsing: response.body)
    } catch {
      throw .notJSON(
        request.line, status: response.status, syntax: error.description,
        excerpt: Self.excerpt(of: response.body))
    }
  }

  /// Decodes a successful body with `decode`, turning model errors into `.unexpectedReply`.
  func decode<T>(
    _ response: HTTPResponse, for request: APIRequest,
    _ decode: (JSON) throws(ModelDecodingError) -> T
  ) throws(KratosClientError) -> T {
    let value = try json(of: response, for: request)
    do {
      return try decode(value)
    } catch {
      throw .unexpectedReply(request.line, status: response.status, problem: error.message)
    }
  }

  /// The error for a response whose status the operation does not accept.
  func failure(_ response: HTTPResponse, for request: APIRequest) -> KratosClientError {
    if (300..<400).contains(response.status) {
      return .redirected(
        request.line, status: response.status, location: response.header("location"))
    }
    let trimmed = response.body.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
    guard !trimmed.isEmpty else {
      return .server(request.line, status: response.status, error: nil)
    }
    do {
      let body = try json(of: response, for: request)
      return .server(request.line, status: response.status, error: ServerError(json: body))
    } catch {
      return error
    }
  }

  /// The first printable characters of a body, for errors about bodies that are not JSON.
  static func excerpt(of body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(200), as: UTF8.self)
    var out = ""
    var lastWasSpace = true
    for character in text {
      if character.isWhitespace || character.isNewline {
        if !lastWasSpace { out.append(" ") }
        lastWasSpace = true
      } else if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
        out.append(character)
        lastWasSpace = false
      }
      if out.count >= 60 { return out + "…" }
    }
    return out.trimmingCharactersInWhitespace()
  }
}
