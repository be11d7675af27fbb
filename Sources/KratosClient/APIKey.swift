import Foundation

/// An Ory Network API key, sent as `Authorization: Bearer …` and never shown.
///
/// Printing, interpolating, debugging or dumping the value gives `<redacted>`; no error message
/// and no log line of the client contains it.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  /// The secret itself; only the transport reads it, to build the header.
  let secret: String

  /// A key from its text, trimmed; `nil` when empty or when it holds spaces or control
  /// characters, which no Ory key has and which would corrupt the header.
  public init?(_ text: String) {
    let trimmed = text.trimmingCharactersInWhitespace()
    guard !trimmed.isEmpty,
      !trimmed.unicodeScalars.contains(where: {
        $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
      })
    else { return nil }
    secret = trimmed
  }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "APIKey(<redacted>)" }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

  /// The environment variables read for a key, in order of preference.
  public static let environmentVariables = ["ORY_PROJECT_API_KEY", "ORY_API_KEY"]

  /// The key from `ORY_PROJECT_API_KEY`, else `ORY_API_KEY`; `nil` when neither holds one.
  public static func fromEnvironment(
    _ environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> APIKey? {
    for name in environmentVariables {
      if let value = environment[name], let key = APIKey(value) { return key }
    }
    return nil
  }

  /// Reads the key from the first line of the file at `path`.
  ///
  /// Errors name the path and the problem, never the file's content.
  public static func load(fromFile path: String) throws(KratosClientError) -> APIKeyFile {
    func failure(_ reason: String) -> KratosClientError { .apiKeyFile(path: path, reason: reason) }
    func systemReason() -> String { String(cString: strerror(errno)).lowercased() }

    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(systemReason()) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw failure(systemReason()) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw failure("not a regular file") }

    // A key is short; reading a bounded prefix keeps a wrong path from filling memory.
    let limit = 64 * 1024
    var bytes = [UInt8](repeating: 0, count: limit)
    var count = 0
    while count < limit {
      let n = bytes.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        return read(descriptor, base + count, limit - count)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw failure(systemReason())
      }
      if n == 0 { break }
      count += n
    }
    let firstLine =
      bytes[..<count].split(
        separator: UInt8(ascii: "\n"), maxSplits: 1,
        omittingEmptySubsequences: false
      ).first ?? []
    guard let text = String(validating: firstLine, as: UTF8.self) else {
      throw failure("the first line is not UTF-8 text")
    }
    guard let key = APIKey(text) else {
      throw failure(
        text.trimmingCharactersInWhitespace().isEmpty
          ? "the first line is empty" : "the first line holds spaces or control characters")
    }
    let readableByOthers = (info.st_mode & (S_IRGRP | S_IROTH)) != 0
    return APIKeyFile(key: key, path: path, isReadableByOthers: readableByOthers)
  }
}

/// An API key read from a file, with what the caller may want to warn about.
public struct APIKeyFile: Sendable {
  public let key: APIKey
  public let path: String
  /// The file's mode lets its group or everyone read it.
  public let isReadableByOthers: Bool

  /// A lower-case warning when the file is readable by others, else `nil`.
  public var warning: String? {
    guard isReadableByOthers else { return nil }
    return "api key file \(path) is readable by other users; consider chmod 600"
  }
}
