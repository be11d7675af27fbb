import KratosModel

/// When and how long the client waits before sending a request again.
///
/// A 429 is retried for every method, since the server rejected the request without acting on
/// it: after `x-ratelimit-reset` seconds when the header is there, else after an exponential
/// backoff with jitter. GETs are also retried after connection failures and 502, 503 and 504.
/// Writes are never retried for anything but 429: the first attempt may have taken effect.
public struct RetryPolicy: Sendable, Hashable {
  /// How many times a request answered with 429 is sent again.
  public var rateLimitRetries: Int
  /// How many times a GET that failed to connect or got 502/503/504 is sent again.
  public var failureRetries: Int
  /// The first backoff delay; each further attempt doubles it.
  public var initialDelay: Duration
  /// The longest backoff delay.
  public var maximumDelay: Duration
  /// The longest wait honoured from `x-ratelimit-reset`.
  public var maximumRateLimitWait: Duration

  public init(
    rateLimitRetries: Int = 5, failureRetries: Int = 3, initialDelay: Duration = .milliseconds(500),
    maximumDelay: Duration = .seconds(30), maximumRateLimitWait: Duration = .seconds(60)
  ) {
    self.rateLimitRetries = rateLimitRetries
    self.failureRetries = failureRetries
    self.initialDelay = initialDelay
    self.maximumDelay = maximumDelay
    self.maximumRateLimitWait = maximumRateLimitWait
  }

  /// No retries at all.
  public static let none = RetryPolicy(rateLimitRetries: 0, failureRetries: 0)

  /// The delay before retry number `retry` (from 1): doubling from `initialDelay`, capped at
  /// `maximumDelay`, then a random point in its upper half so that parallel workers spread out.
  func backoff(retry: Int) -> Duration {
    let exponent = min(max(retry - 1, 0), 30)
    let ceiling = min(initialDelay * (1 << exponent), maximumDelay)
    let seconds = Self.seconds(ceiling)
    return .seconds(Double.random(in: (seconds / 2)...max(seconds, seconds / 2)))
  }

  /// The delay after a 429: `x-ratelimit-reset` seconds (capped) plus a little jitter, or the
  /// backoff when the header is missing or unreadable.
  func rateLimitDelay(reset: String?, retry: Int) -> Duration {
    guard let reset, let seconds = Self.parseSeconds(reset) else { return backoff(retry: retry) }
    let capped = min(seconds, Self.seconds(maximumRateLimitWait))
    return .seconds(capped + Double.random(in: 0...0.1))
  }

  /// Reads `x-ratelimit-reset`: a number of seconds, possibly the first of a comma-separated list.
  static func parseSeconds(_ text: String) -> Double? {
    let first = text.split(separator: ",").first.map(String.init) ?? text
    guard let value = Double(first.trimmingCharactersInWhitespace()), value.isFinite, value >= 0
    else { return nil }
    return value
  }

  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }
}
