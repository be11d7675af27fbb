/// The base URL of a Kratos admin API, checked and normalised.
///
/// Accepts `http` and `https` only. A trailing slash and a trailing `/admin` are dropped, because
/// the client adds `/admin/…` to every API path itself; any path before it is kept, so a Kratos
/// behind a reverse proxy at `https://host/kratos` is reached at `https://host/kratos/admin/…`.
/// User names, passwords, queries and fragments are refused: a secret in a URL ends up in logs.
public struct KratosEndpoint: Sendable, Hashable, CustomStringConvertible {
  /// `http` or `https`.
  public let scheme: String
  /// Host name or address in lower case; an IPv6 address keeps its brackets.
  public let host: String
  public let port: Int?
  /// The path before `/admin`, without a trailing slash; empty for most servers.
  public let pathPrefix: String

  /// Where a self-hosted Kratos listens for admin requests by default.
  public static let defaultURL = "http://127.0.0.1:4434"

  public init(_ text: String) throws(KratosClientError) {
    let text = text.trimmingCharactersInWhitespace()
    func invalid(_ reason: String) -> KratosClientError { .invalidEndpoint(text, reason: reason) }
    guard !text.isEmpty else { throw invalid("the url is empty") }
    guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
      throw invalid("the url contains spaces or control characters")
    }
    guard let schemeEnd = text.range(of: "://") else {
      throw invalid("no scheme; write it as http://host:port or https://host")
    }
    let scheme = text[..<schemeEnd.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else {
      throw invalid("the scheme must be http or https, not \"\(scheme)\"")
    }

    let rest = text[schemeEnd.upperBound...]
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    let path = rest[authorityEnd...]
    guard !authority.contains("@") else {
      // The message must not repeat the URL: it may hold a password.
      throw .invalidEndpoint(
        "\(scheme)://…", reason: "user names and passwords in the url are not supported")
    }
    guard !path.contains("?"), !path.contains("#") else {
      throw invalid("the url must not have a query or a fragment")
    }

    let (host, port) = try Self.splitAuthority(authority, invalid: invalid)
    var prefix = String(path)
    while prefix.hasSuffix("/") { prefix.removeLast() }
    if prefix.lowercased().hasSuffix("/admin") { prefix.removeLast("/admin".count) }
    while prefix.hasSuffix("/") { prefix.removeLast() }

    self.scheme = scheme
    self.host = host
    self.port = port
    self.pathPrefix = prefix
  }

  /// Splits `host[:port]` or `[v6]:port` and checks both parts.
  private static func splitAuthority(
    _ authority: Substring, invalid: (String) -> KratosClientError
  ) throws(KratosClientError) -> (String, Int?) {
    var host: Substring
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        throw invalid("unclosed [ in the host")
      }
      host = authority[...close]
      let after = authority[authority.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
        portText = after.dropFirst()
      }
      let inner = host.dropFirst().dropLast()
      guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        throw invalid("\"\(host)\" is not an IPv6 address")
      }
    } else {
      let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count <= 2 else { throw invalid("too many ':' in the host") }
      host = parts[0]
      portText = parts.count == 2 ? parts[1] : nil
      guard !host.isEmpty else { throw invalid("the host is missing") }
      let allowed = host.allSatisfy {
        $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0))
      }
      guard allowed else { throw invalid("\"\(host)\" is not a valid host name") }
    }
    var port: Int?
    if let portText {
      guard let value = Int(portText), portText.allSatisfy(\.isASCII), (1...65535).contains(value)
      else { throw invalid("the port must be a number from 1 to 65535") }
      port = value
    }
    return (host.lowercased(), port)
  }

  /// The normalised base URL, without `/admin`.
  public var description: String {
    "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix)"
  }

  /// Whether this is an Ory Network project URL, where an API key is required.
  public var isOryNetwork: Bool {
    host.hasSuffix(".oryapis.com") || host == "oryapis.com"
  }

  /// The full URL of `path` (which starts with `/`) with an already encoded query.
  func url(path: String, query: String) -> String {
    description + path + (query.isEmpty ? "" : "?" + query)
  }
}
