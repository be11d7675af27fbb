import Foundation
@preconcurrency import Glibc
import KratosModel
import Testing

/// A minimal HTTP/1.1 client over one loopback socket, kept open between requests so tests can
/// check keep-alive. Test-only; it trusts the server to send `Content-Length`.
final class LoopbackClient {
  let port: UInt16
  private var socket: Int32 = -1
  private var buffer: [UInt8] = []

  init(port: UInt16) { self.port = port }

  deinit { disconnect() }

  /// One parsed response.
  struct Response {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> JSON {
      try JSON(parsing: body)
    }

    /// The `Link` header's URLs by relation.
    var links: [String: String] {
      var result: [String: String] = [:]
      for part in (headers["link"] ?? "").split(separator: ",") {
        guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"),
          let relStart = part.range(of: "rel=\"")
        else { continue }
        let rel = part[relStart.upperBound...].prefix { $0 != "\"" }
        result[String(rel)] = String(part[part.index(after: open)..<close])
      }
      return result
    }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  func connect() throws {
    disconnect()
    socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Failure(description: "socket failed") }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else { throw Failure(description: "connect failed: errno \(errno)") }
    buffer = []
  }

  func disconnect() {
    if socket >= 0 { close(socket) }
    socket = -1
  }

  var isConnected: Bool { socket >= 0 }

  /// Sends a request on the open connection (connecting first if needed) and reads the answer.
  func send(
    _ method: String, _ target: String, body: String? = nil,
    headers: [(String, String)] = [], contentType: String? = "application/json"
  ) throws -> Response {
    if socket < 0 { try connect() }
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body {
      if let contentType { head += "Content-Type: \(contentType)\r\n" }
      head += "Content-Length: \(body.utf8.count)\r\n"
    }
    head += "\r\n"
    try write(Array((head + (body ?? "")).utf8))
    return try readResponse(method: method)
  }

  func get(_ target: String) throws -> Response { try send("GET", target) }

  func write(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes.withUnsafeBytes {
        Glibc.send(
          socket, $0.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
      offset += sent
    }
  }

  /// Reads until the server closes the connection (or the timeout), for raw exchanges.
  func readToEnd() -> String {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      buffer += chunk[0..<count]
    }
    defer { buffer = [] }
    return String(decoding: buffer, as: UTF8.self)
  }

  private func fill() throws {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    guard count > 0 else {
      disconnect()
      throw Failure(description: "connection closed by the server")
    }
    buffer += chunk[0..<count]
  }

  func readResponse(method: String = "GET", skipInterim: Bool = true) throws -> Response {
    var end: Int?
    var scanned = 0
    while end == nil {
      var i = scanned
      while i + 3 < buffer.count {
        if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
          end = i
          break
        }
        i += 1
      }
      scanned = max(0, buffer.count - 3)
      if end == nil { try fill() }
    }
    guard let end else { throw Failure(description: "no header end") }
    let head = String(decoding: buffer[0..<end], as: UTF8.self)
    buffer.removeFirst(end + 4)
    var lines = head.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst().split(separator: " ")
    guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
      throw Failure(description: "bad status line in \(head)")
    }
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      headers[name] = headers[name].map { $0 + ", " + value } ?? value
    }
    if status == 100 {
      return skipInterim
        ? try readResponse(method: method) : Response(status: 100, headers: headers, body: [])
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    while buffer.count < length { try fill() }
    let body = Array(buffer[0..<length])
    buffer.removeFirst(length)
    if headers["connection"]?.lowercased() == "close" { disconnect() }
    return Response(status: status, headers: headers, body: body)
  }
}
