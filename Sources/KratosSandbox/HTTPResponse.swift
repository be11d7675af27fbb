import KratosModel

/// One response, written out by the connection.
struct HTTPResponse: Sendable {
  var status: Int
  var headers: [(name: String, value: String)] = []
  var body: [UInt8] = []

  /// A success with a JSON body, typed as Kratos types its successes.
  static func json(_ value: JSON, status: Int = 200) -> HTTPResponse {
    HTTPResponse(
      status: status,
      headers: [("Content-Type", "application/json; charset=utf-8")],
      body: Array(value.serialized.utf8))
  }

  static let noContent = HTTPResponse(status: 204)

  mutating func addHeader(_ name: String, _ value: String) { headers.append((name, value)) }

  static func reasonPhrase(_ status: Int) -> String {
    switch status {
    case 100: return "Continue"
    case 200: return "OK"
    case 201: return "Created"
    case 204: return "No Content"
    case 307: return "Temporary Redirect"
    case 400: return "Bad Request"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 408: return "Request Timeout"
    case 409: return "Conflict"
    case 411: return "Length Required"
    case 413: return "Request Entity Too Large"
    case 415: return "Unsupported Media Type"
    case 431: return "Request Header Fields Too Large"
    case 500: return "Internal Server Error"
    case 501: return "Not Implemented"
    case 505: return "HTTP Version Not Supported"
    default: return "Status \(status)"
    }
  }
}
