/// A problem found in source text, with where it is.
public struct Diagnostic: Sendable, Hashable, Error {
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    case note
  }

  public var severity: Severity
  /// Lower case, no trailing full stop, e.g. `unknown stage 'deactvate'`.
  public var message: String
  public var range: SourceRange
  /// A hint shown after the message, e.g. `did you mean 'deactivate'?`.
  public var hint: String?

  public init(
    _ severity: Severity = .error, _ message: String, at range: SourceRange, hint: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.hint = hint
  }
}
