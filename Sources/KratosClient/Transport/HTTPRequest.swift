/// The HTTP methods the admin API uses.
public enum HTTPMethod: String, Sendable, Hashable {
  case get = "GET"
  case post = "POST"
  case put = "PUT"
  case patch = "PATCH"
  case delete = "DELETE"

  /// Whether the request changes nothing on the server, so that repeating it is harmless.
  public var isRead: Bool { self == .get }
}

/// One HTTP request as the transport sends it: a full URL, extra headers and an optional body.
struct HTTPRequest: Sendable {
  var method: HTTPMethod
  var url: String
  var headers: [(name: String, value: String)]
  var body: [UInt8]?
}
