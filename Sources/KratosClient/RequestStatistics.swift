/// Counters over everything a client has sent since it was created.
public struct RequestStatistics: Sendable, Hashable {
  /// HTTP attempts, retries included.
  public var requests = 0
  /// Attempts with a method other than GET.
  public var writes = 0
  /// Attempts that repeated an earlier one after a 429, a 5xx or a connection failure.
  public var retries = 0
  /// Answers with status 429.
  public var rateLimited = 0
  /// Attempts that got no HTTP response.
  public var transportFailures = 0
  /// Request body bytes sent.
  public var bytesSent = 0
  /// Response bytes received, headers included.
  public var bytesReceived = 0

  public init() {}
}

/// One finished HTTP attempt, as handed to the client's observer (for `--verbose` and progress).
public struct RequestRecord: Sendable, Hashable {
  /// Method, path and shortened query; never a secret.
  public var request: RequestLine
  /// The HTTP status, or `nil` when no response arrived.
  public var status: Int?
  /// Why no response arrived, when `status` is `nil`.
  public var problem: TransportProblem?
  public var duration: Duration
  /// 1 for the first attempt, 2 for the first retry, and so on.
  public var attempt: Int
}
