import Synchronization

/// How many identities the last complete scan read, kept for the session so that estimates
/// (`explain`, the e-mail fallback) have a number when the server reports none.
public final class ScanMemory: Sendable {
  private let count = Mutex<Int?>(nil)

  public init() {}

  public var lastCount: Int? { count.withLock { $0 } }

  func remember(_ identities: Int) { count.withLock { $0 = identities } }
}
