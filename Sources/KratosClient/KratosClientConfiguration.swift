/// Everything a `KratosClient` needs to know before its first request.
public struct KratosClientConfiguration: Sendable {
  public var endpoint: KratosEndpoint
  /// Sent as `Authorization: Bearer …` when set (Ory Network); a self-hosted admin port needs
  /// none.
  public var apiKey: APIKey?
  /// kql's version, sent as `User-Agent: kql/<version>`.
  public var clientVersion: String
  /// The most requests in flight and connections open at once.
  public var concurrency: Int
  public var connectTimeout: Duration
  /// The longest a whole exchange may take, connection included.
  public var requestTimeout: Duration
  public var retryPolicy: RetryPolicy
  /// Called after every finished HTTP attempt, from the task that made it.
  public var observer: (@Sendable (RequestRecord) -> Void)?

  public init(
    endpoint: KratosEndpoint, apiKey: APIKey? = nil, clientVersion: String,
    concurrency: Int = 8, connectTimeout: Duration = .seconds(10),
    requestTimeout: Duration = .seconds(60), retryPolicy: RetryPolicy = RetryPolicy(),
    observer: (@Sendable (RequestRecord) -> Void)? = nil
  ) {
    self.endpoint = endpoint
    self.apiKey = apiKey
    self.clientVersion = clientVersion
    self.concurrency = concurrency
    self.connectTimeout = connectTimeout
    self.requestTimeout = requestTimeout
    self.retryPolicy = retryPolicy
    self.observer = observer
  }
}
