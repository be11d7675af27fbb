import Synchronization

/// A flag one thread raises and another polls: how a cancelled task tells a thread blocked on
/// the terminal to give up.
final class CancelFlag: Sendable {
  private let raised = Mutex(false)

  var isRaised: Bool { raised.withLock { $0 } }

  func raise() { raised.withLock { $0 = true } }
}
