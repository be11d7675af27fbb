import Foundation
import KratosModel
import Synchronization

@testable import KratosClient

/// Clients, identities and timing helpers shared by the tests.
enum Fixtures {
  /// Retries with delays short enough for tests.
  static let fastRetries = RetryPolicy(
    rateLimitRetries: 5, failureRetries: 3, initialDelay: .milliseconds(5),
    maximumDelay: .milliseconds(20))

  static func client(
    _ url: String, apiKey: APIKey? = nil, retries: RetryPolicy = fastRetries,
    concurrency: Int = 8, requestTimeout: Duration = .seconds(10),
    observer: (@Sendable (RequestRecord) -> Void)? = nil
  ) throws -> KratosClient {
    try KratosClient(
      configuration: KratosClientConfiguration(
        endpoint: KratosEndpoint(url), apiKey: apiKey, clientVersion: "1.2.3",
        concurrency: concurrency, requestTimeout: requestTimeout, retryPolicy: retries,
        observer: observer))
  }

  /// The UUID whose last group is `n`, so tests can make many predictable ids.
  static func id(_ n: Int) -> String {
    let hex = String(n, radix: 16)
    return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
  }

  static func identityJSON(_ id: String, state: String = "active") -> String {
    #"{"id":"\#(id)","schema_id":"default","state":"\#(state)","#
      + #""traits":{"email":"x@example.com"},"metadata_public":null}"#
  }

  static func identity(_ id: String, state: String = "active") throws -> Identity {
    try Identity(json: JSON(parsing: identityJSON(id, state: state)))
  }

  /// Seconds since `start`.
  static func elapsed(since start: ContinuousClock.Instant) -> Double {
    RetryPolicy.seconds(ContinuousClock.now - start)
  }
}

/// Thread-safe list of observer records, each with the time it arrived.
final class RecordLog: Sendable {
  private let records = Mutex<[(RequestRecord, ContinuousClock.Instant)]>([])
  func append(_ record: RequestRecord) {
    let now = ContinuousClock.now
    records.withLock { $0.append((record, now)) }
  }
  var all: [RequestRecord] { records.withLock { $0.map(\.0) } }

  /// The time each attempt was on the wire, in the order they finished.
  var intervals: [(request: RequestLine, span: ClosedRange<ContinuousClock.Instant>)] {
    records.withLock { list in
      list.map { record, end in (record.request, (end - record.duration)...end) }
    }
  }
}
