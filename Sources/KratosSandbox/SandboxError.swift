@preconcurrency import Glibc

/// Why the sandbox could not start or could not load its data.
///
/// Every message is written here, lower case, so the front end prints them as they are.
public struct SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, with what the message needs to name.
  public enum Kind: Sendable, Equatable {
    /// The port is taken by another process.
    case portInUse(UInt16)
    /// A socket call failed; `call` names the C function, `code` is `errno`.
    case socket(call: String, code: Int32)
    /// The seed file could not be read.
    case unreadableSeed(path: String, reason: String)
    /// The seed document is not valid JSON.
    case seedSyntax(line: Int, column: Int, message: String)
    /// The seed document is valid JSON but not a list of identities.
    case seedShape(String)
    /// Element `index` of the seed (0-based) is not an acceptable identity.
    case seedElement(index: Int, message: String)
    /// An identity or session added through the store's API is not acceptable.
    case invalidData(String)
  }

  public let kind: Kind

  public init(_ kind: Kind) { self.kind = kind }

  public var description: String {
    switch kind {
    case .portInUse(let port):
      return "port \(port) is in use"
    case .socket(let call, let code):
      return "\(call) failed: \(SandboxError.errnoText(code))"
    case .unreadableSeed(let path, let reason):
      return "cannot read seed file \(path): \(reason)"
    case .seedSyntax(let line, let column, let message):
      return "seed file is not valid JSON: line \(line), column \(column): \(message)"
    case .seedShape(let message):
      return "seed file: \(message)"
    case .seedElement(let index, let message):
      return "seed file, element \(index): \(message)"
    case .invalidData(let message):
      return message
    }
  }

  /// The C library's text for `code`, lower-cased to match the other messages.
  static func errnoText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
  }
}
