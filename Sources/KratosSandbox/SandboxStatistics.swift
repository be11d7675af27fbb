/// What a sandbox server has been asked so far; tests use it to check, for example, that no
/// write was sent or that a client reused its connection.
public struct SandboxStatistics: Sendable, Equatable {
  /// Requests read and answered (malformed ones that could not be parsed are not counted).
  public var requests = 0
  /// Requests by HTTP method, e.g. `["GET": 3, "PATCH": 1]`.
  public var byMethod: [String: Int] = [:]
  /// TCP connections accepted.
  public var connections = 0
  /// Answered requests in order; only the most recent (at most `logLimit`) are kept, so long
  /// benchmark runs do not grow without bound.
  public var log: [SandboxRequestRecord] = []

  public static let logLimit = 100_000

  public init() {}

  /// Requests that are not GET or HEAD.
  public var writes: Int {
    byMethod.filter { $0.key != "GET" && $0.key != "HEAD" }.values.reduce(0, +)
  }

  public func count(_ method: String) -> Int { byMethod[method.uppercased()] ?? 0 }
}

/// One answered request.
public struct SandboxRequestRecord: Sendable, Equatable {
  public var method: String
  /// Path and query as sent.
  public var target: String
  public var status: Int

  public init(method: String, target: String, status: Int) {
    self.method = method
    self.target = target
    self.status = status
  }
}
