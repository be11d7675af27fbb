import KratosModel
import Synchronization

/// A client for the Kratos admin API over libcurl.
///
/// All operations are `async` and may be called from many tasks at once. Requests run on one
/// dedicated thread that drives a curl multi handle, reusing up to `concurrency` connections.
/// Cancelling a task aborts its request and throws `CancellationError`. Errors are
/// `KratosClientError`, apart from `CancellationError`.
public final class KratosClient: Sendable {
  public let configuration: KratosClientConfiguration
  let loop: TransferLoop
  let writeLocks = IdentityWriteLocks()
  private let counters = Mutex(RequestStatistics())

  public init(configuration: KratosClientConfiguration) throws(KratosClientError) {
    self.configuration = configuration
    let settings = TransportSettings(
      userAgent: "kql/\(configuration.clientVersion)",
      connectTimeoutMilliseconds: Self.milliseconds(configuration.connectTimeout),
      requestTimeoutMilliseconds: Self.milliseconds(configuration.requestTimeout),
      maximumConnections: max(1, configuration.concurrency))
    do {
      loop = try TransferLoop(settings: settings)
    } catch {
      throw .setup(error.description)
    }
  }

  deinit {
    loop.stop()
  }

  public var endpoint: KratosEndpoint { configuration.endpoint }

  /// The counters so far; safe to read from any thread at any time.
  public var statistics: RequestStatistics {
    counters.withLock { $0 }
  }

  func count(_ update: (inout RequestStatistics) -> Void) {
    counters.withLock { update(&$0) }
  }

  private static func milliseconds(_ duration: Duration) -> Int {
    let parts = duration.components
    return max(1, Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000))
  }
}
