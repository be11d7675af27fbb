/// One request as the sandbox's handlers see it.
struct HTTPRequest: Sendable {
  var method: String
  /// The request target as sent: path and query.
  var target: String
  /// The path, still percent-encoded.
  var path: String
  var query: QueryParameters
  /// Header names in lower case, in the order received.
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
    self.method = method
    self.target = target
    self.headers = headers
    self.body = body
    if let mark = target.firstIndex(of: "?") {
      path = String(target[..<mark])
      query = QueryParameters(parsing: target[target.index(after: mark)...])
    } else {
      path = target
      query = QueryParameters()
    }
  }

  /// The first value of a header, matched case-insensitively.
  func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name == lower }?.value
  }
}
