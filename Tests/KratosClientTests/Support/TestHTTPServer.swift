import Foundation
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for tests, answering each request with a scripted reply.
///
/// It exists to produce what a real Kratos never sends on purpose: 429s, HTML error pages,
/// broken JSON, answers that never come. Connections are kept alive, so tests can also see how
/// many the client opened. Every request is recorded.
final class TestHTTPServer: Sendable {
  /// A request as the server received it.
  struct Request: Sendable {
    var method: String
    var target: String
    /// Header fields with lower-case names.
    var headers: [String: String]
    var body: [UInt8]

    var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
    var query: String {
      let parts = target.split(separator: "?", maxSplits: 1)
      return parts.count == 2 ? String(parts[1]) : ""
    }
  }

  /// What to do with one request.
  enum Reply: Sendable {
    case respond(status: Int, headers: [(String, String)] = [], body: String = "")
    /// Waits, then responds; the connection is closed if the client has gone.
    case delayed(TimeInterval, status: Int, body: String)
    /// Never answers; waits until the client closes the connection.
    case stall
    /// Closes the connection without answering.
    case hangUp
  }

  let port: Int
  private let listener: Int32
  private let handler: @Sendable (Request, Int) -> Reply
  private let recorded = Mutex<[Request]>([])
  private let connectionCount = Mutex(0)

  /// Starts listening on an ephemeral loopback port; `handler` gets each request and its
  /// 0-based index among all requests.
  init(handler: @escaping @Sendable (Request, Int) -> Reply) throws {
    self.handler = handler
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestServerError("socket failed") }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 64) == 0 else {
      close(fd)
      throw TestServerError("bind or listen failed")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    listener = fd
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  /// Stops accepting; connections already open finish on their own.
  ///
  /// Only the accept thread closes the listening socket: closing it here could let another
  /// server reuse the descriptor while that thread is still about to call `accept` on it.
  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
  }

  var url: String { "http://127.0.0.1:\(port)" }
  var requests: [Request] { recorded.withLock { $0 } }
  var connections: Int { connectionCount.withLock { $0 } }

  /// A port on which nothing listens (bound, then closed again).
  static func unusedPort() throws -> Int {
    let server = try TestHTTPServer { _, _ in .hangUp }
    server.stop()
    return server.port
  }

  private func acceptLoop() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else {
        if errno == EINTR { continue }
        close(listener)
        return
      }
      connectionCount.withLock { $0 += 1 }
      let thread = Thread { [self] in serve(connection) }
      thread.start()
    }
  }

  private func serve(_ connection: Int32) {
    defer { close(connection) }
    var buffer: [UInt8] = []
    while let request = readRequest(connection, &buffer) {
      let index = recorded.withLock { list in
        list.append(request)
        return list.count - 1
      }
      switch handler(request, index) {
      case .respond(let status, let headers, let body):
        guard write(connection, status: status, headers: headers, body: body) else { return }
      case .delayed(let seconds, let status, let body):
        Thread.sleep(forTimeInterval: seconds)
        guard write(connection, status: status, headers: [], body: body) else { return }
      case .stall:
        var byte: UInt8 = 0
        while recv(connection, &byte, 1, 0) > 0 {}
        return
      case .hangUp:
        return
      }
    }
  }

  private func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Request? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    var headerEnd: Int?
    while true {
      if let end = find(separator, in: buffer) {
        headerEnd = end
        break
      }
      guard receive(connection, into: &buffer) else { return nil }
    }
    guard let headerEnd else { return nil }
    let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
    var lines = head.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    guard requestLine.count >= 2 else { return nil }
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] =
        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    let bodyStart = headerEnd + separator.count
    while buffer.count < bodyStart + length {
      guard receive(connection, into: &buffer) else { return nil }
    }
    let body = Array(buffer[bodyStart..<(bodyStart + length)])
    buffer.removeFirst(bodyStart + length)
    return Request(
      method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
  }

  private func receive(_ connection: Int32, into buffer: inout [UInt8]) -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let n = recv(connection, &chunk, chunk.count, 0)
    guard n > 0 else { return false }
    buffer += chunk[..<n]
    return true
  }

  private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }

  private func write(
    _ connection: Int32, status: Int, headers: [(String, String)], body: String
  ) -> Bool {
    var text = "HTTP/1.1 \(status) Status\r\nContent-Length: \(body.utf8.count)\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "\r\n" + body
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes {
        send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard n > 0 else { return false }
      sent += n
    }
    return true
  }
}

struct TestServerError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
