@preconcurrency import Glibc

/// Reads HTTP/1.x requests from one accepted socket and writes the responses.
///
/// Only `Content-Length` bodies are read, up to `bodyLimit` bytes. Anything the connection cannot
/// make sense of is answered with a plain-text 4xx, as Go's server does, and the connection is
/// closed; nothing a client sends can make it spin or crash.
struct HTTPConnection {
  let socket: Int32
  /// Kratos limits request bodies to 5 MB.
  static let bodyLimit = 5 * 1024 * 1024
  static let headerLimit = 64 * 1024

  private var buffer: [UInt8] = []
  /// Reused for every `recv`, so reading does not allocate per call.
  private var chunk = [UInt8](repeating: 0, count: 65_536)

  init(socket: Int32) { self.socket = socket }

  /// What reading the next request gave.
  enum Outcome {
    case request(HTTPRequest, keepAlive: Bool)
    /// The peer closed, the idle timeout passed, or the server is stopping.
    case closed
    /// The request was unacceptable; send this and close.
    case reject(HTTPResponse)
  }

  mutating func nextRequest() -> Outcome {
    var headerEnd: (content: Int, next: Int)?
    var scanned = 0
    while true {
      if let end = HTTPConnection.findHeaderEnd(buffer, from: scanned) {
        headerEnd = end
        break
      }
      scanned = max(0, buffer.count - 3)
      if buffer.count > HTTPConnection.headerLimit {
        return .reject(HTTPConnection.plain(431))
      }
      guard fill() else { return .closed }
    }
    guard let headerEnd else { return .closed }
    let head = Array(buffer[0..<headerEnd.content])
    buffer.removeFirst(headerEnd.next)

    guard let parsed = HTTPConnection.parseHead(head) else {
      return .reject(HTTPConnection.plain(400))
    }
    let (method, target, version, headers) = parsed
    func value(_ name: String) -> [String] { headers.filter { $0.name == name }.map(\.value) }

    if version == "HTTP/1.1" && value("host").isEmpty { return .reject(HTTPConnection.plain(400)) }
    if !value("transfer-encoding").isEmpty { return .reject(HTTPConnection.plain(411)) }
    let lengths = Set(value("content-length").map { $0.trimmingSpaces })
    guard lengths.count <= 1 else { return .reject(HTTPConnection.plain(400)) }
    var length = 0
    if let text = lengths.first {
      guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
        let number = Int(text)
      else { return .reject(HTTPConnection.plain(400)) }
      length = number
    }
    if length > HTTPConnection.bodyLimit {
      let error = APIError(
        code: 413, message: "http: request body too large",
        reason: "Request bodies are limited to 5 MB.")
      return .reject(error.response(requestID: nil))
    }
    let connection = value("connection").joined(separator: ",").lowercased()
    let keepAlive =
      version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")

    if length > buffer.count,
      value("expect").contains(where: { $0.lowercased() == "100-continue" })
    {
      guard send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .closed }
    }
    while buffer.count < length {
      guard fill() else { return .closed }
    }
    let body = Array(buffer[0..<length])
    buffer.removeFirst(length)
    let request = HTTPRequest(method: method, target: target, headers: headers, body: body)
    return .request(request, keepAlive: keepAlive)
  }

  /// Writes a response; `false` when the peer is gone.
  func write(_ response: HTTPResponse, keepAlive: Bool, omitBody: Bool) -> Bool {
    var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reasonPhrase(response.status))\r\n"
    for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
    if response.status != 204 && response.status >= 200 {
      head += "Content-Length: \(response.body.count)\r\n"
    }
    if !keepAlive { head += "Connection: close\r\n" }
    head += "\r\n"
    var bytes = Array(head.utf8)
    if !omitBody { bytes += response.body }
    return send(bytes)
  }

  private func send(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes { raw in
        Glibc.send(
          socket, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
      }
      if sent < 0 && errno == EINTR { continue }
      guard sent > 0 else { return false }
      offset += sent
    }
    return true
  }

  /// Reads more bytes; `false` on end of stream, error or idle timeout.
  private mutating func fill() -> Bool {
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return false }
      buffer.append(contentsOf: chunk[0..<count])
      return true
    }
  }

  /// Where the head ends: the index of the blank line and the index after it. Bare `\n` line
  /// ends are accepted, as Go accepts them.
  static func findHeaderEnd(_ bytes: [UInt8], from start: Int) -> (content: Int, next: Int)? {
    var i = start
    let newline = UInt8(ascii: "\n")
    let carriage = UInt8(ascii: "\r")
    while i < bytes.count {
      if bytes[i] == newline {
        if i + 1 < bytes.count, bytes[i + 1] == newline { return (i + 1, i + 2) }
        if i + 2 < bytes.count, bytes[i + 1] == carriage, bytes[i + 2] == newline {
          return (i + 1, i + 3)
        }
      }
      i += 1
    }
    return nil
  }

  /// Splits the request line and headers; `nil` when either is malformed.
  static func parseHead(
    _ head: [UInt8]
  ) -> (method: String, target: String, version: String, headers: [(name: String, value: String)])?
  {
    var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
      line -> ArraySlice<UInt8> in
      line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    guard let requestLine = lines.first else { return nil }
    let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    guard parts.count == 3, let method = token(parts[0]), !parts[1].isEmpty,
      parts[1].allSatisfy({ $0 > 32 && $0 < 127 }), parts[1].first == UInt8(ascii: "/")
    else { return nil }
    let version = String(decoding: parts[2], as: UTF8.self)
    guard version == "HTTP/1.1" || version == "HTTP/1.0" else { return nil }
    var headers: [(name: String, value: String)] = []
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")),
        let name = token(line[line.startIndex..<colon])
      else { return nil }
      let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces
      headers.append((name.lowercased(), value))
    }
    return (method, String(decoding: parts[1], as: UTF8.self), version, headers)
  }

  /// `bytes` as an HTTP token (method or header name), or `nil` if it is not one.
  private static func token(_ bytes: ArraySlice<UInt8>) -> String? {
    let allowed = Set("!#$%&'*+-.^_`|~".utf8)
    guard !bytes.isEmpty,
      bytes.allSatisfy({
        ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || allowed.contains($0)
      })
    else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The plain-text answer Go's server gives to a request it cannot parse.
  static func plain(_ status: Int) -> HTTPResponse {
    let text = "\(status) \(HTTPResponse.reasonPhrase(status))"
    return HTTPResponse(
      status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
      body: Array(text.utf8))
  }
}

extension String {
  /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
  var trimmingSpaces: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
      let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
    else { return "" }
    return String(scalars[first...last])
  }
}
