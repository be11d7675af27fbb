/// A request as errors and logs name it: method, path and a shortened query.
///
/// It never holds a secret: the API key travels only in a header.
public struct RequestLine: Sendable, Hashable, CustomStringConvertible {
  public let method: HTTPMethod
  /// The API path, such as `/admin/identities/<id>`, without the endpoint's prefix.
  public let path: String
  /// The encoded query, possibly empty.
  public let query: String

  public init(method: HTTPMethod, path: String, query: String = "") {
    self.method = method
    self.path = path
    self.query = query
  }

  /// Longer queries (an `ids` filter holds up to 500 UUIDs) are cut with `…`.
  static let maximumQueryLength = 120

  public var description: String {
    guard !query.isEmpty else { return "\(method.rawValue) \(path)" }
    let shown =
      query.count > Self.maximumQueryLength
      ? query.prefix(Self.maximumQueryLength) + "…" : Substring(query)
    return "\(method.rawValue) \(path)?\(shown)"
  }
}
