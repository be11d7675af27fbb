import Foundation
import KratosModel
import Synchronization
import Testing

@testable import KratosSandbox

/// The HTTP server itself: keep-alive, malformed input, limits, statistics, latency, stopping.
@Suite struct ServerTests {
  @Test func keepAliveReusesOneConnection() throws {
    try withSandbox(.synthetic(count: 3)) { (server, client) throws in
      for _ in 0..<5 { #expect(try client.get("/admin/identities").status == 200) }
      #expect(
        try client.send("POST", "/admin/identities", body: #"{"traits":{"email":"k@example.com"}}"#)
          .status == 201)
      #expect(client.isConnected)
      let statistics = server.statistics
      #expect(statistics.connections == 1)
      #expect(statistics.requests == 6)
      #expect(statistics.count("GET") == 5)
      #expect(statistics.writes == 1)
      #expect(
        statistics.log.last
          == SandboxRequestRecord(method: "POST", target: "/admin/identities", status: 201))
    }
  }

  @Test(arguments: [
    "garbage\r\n\r\n",
    "GET /admin/identities\r\n\r\n",
    "GET /admin/identities HTTP/9.9\r\nHost: x\r\n\r\n",
    "GET /admin/identities HTTP/1.1\r\n\r\n",
    "GET /admin/identities HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
    "POST /admin/identities HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    "POST /admin/identities HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    "\u{0}\u{1}\u{2}\r\n\r\n",
  ])
  func malformedRequestsGet400AndTheServerLivesOn(raw: String) throws {
    try withSandbox { (server, client) throws in
      try client.connect()
      try client.write(Array(raw.utf8))
      let answer = client.readToEnd()
      #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
      let fresh = LoopbackClient(port: server.port)
      #expect(try fresh.get("/health/alive").status == 200)
    }
  }

  @Test func extremeParametersAreAnsweredWithoutCrashing() throws {
    let store = SandboxStore.synthetic(count: 1, sessionsPerIdentity: 1)
    let id = try #require(store.identityIDs.first)
    try withSandbox(store) { (_, client) throws in
      let huge = "4611686018427387903"
      #expect(try client.get("/admin/identities?page=\(huge)&per_page=500").status == 400)
      #expect(
        try client.get("/admin/identities/\(id)/sessions?page=\(huge)&per_page=1000").status == 200)
      #expect(try client.get("/schemas?page=\(huge)").status == 200)
      #expect(try client.get("/admin/identities?page_size=\(huge)").status == 200)
      let deep = String(repeating: "/a", count: 100_000)
      let patch = try client.send(
        "PATCH", "/admin/identities/\(id)", body: #"[{"op":"add","path":"\#(deep)","value":1}]"#)
      #expect(patch.status == 400)
      let link = try client.send(
        "POST", "/admin/recovery/link",
        body: #"{"identity_id":"\#(id)","expires_in":"99999999999999999999h"}"#)
      #expect(link.status == 400)
      #expect(try client.get("/health/alive").status == 200)
    }
  }

  @Test func randomBytesNeverTakeTheServerDown() throws {
    try withSandbox(.synthetic(count: 2), idleTimeout: .milliseconds(300)) { (server, _) throws in
      var generator = IDGenerator(seed: 77)
      for round in 0..<40 {
        let length = Int(generator.nextWord() % 600)
        var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.nextWord()) }
        if round % 2 == 0 { bytes = Array("GET /admin/identities?".utf8) + bytes }
        bytes += Array("\r\n\r\n".utf8)
        let client = LoopbackClient(port: server.port)
        try client.connect()
        try? client.write(bytes)
        _ = client.readToEnd()
      }
      #expect(try LoopbackClient(port: server.port).get("/admin/identities").status == 200)
    }
  }

  @Test func http10ClosesUnlessAskedToKeepAlive() throws {
    try withSandbox { (_, client) throws in
      try client.connect()
      try client.write(Array("GET /version HTTP/1.0\r\n\r\n".utf8))
      let answer = client.readToEnd()
      #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
      #expect(answer.contains("Connection: close\r\n"))
      #expect(answer.hasSuffix(#"{"version":"v26.2.0"}"#))
    }
  }

  @Test func chunkedBodiesAreRefusedWith411() throws {
    try withSandbox { (_, client) throws in
      try client.connect()
      let request =
        "POST /admin/identities HTTP/1.1\r\nHost: x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
      try client.write(Array(request.utf8))
      #expect(client.readToEnd().hasPrefix("HTTP/1.1 411 "))
    }
  }

  @Test func bodiesOverFiveMegabytesAreRefused() throws {
    try withSandbox { (server, client) throws in
      try client.connect()
      try client.write(
        Array("POST /admin/identities HTTP/1.1\r\nHost: x\r\nContent-Length: 5242881\r\n\r\n".utf8))
      let response = try client.readResponse()
      #expect(response.status == 413)
      #expect(try response.json()[path: "error", "code"] == 413)
      #expect(server.store.identityCount == 0)
    }
  }

  @Test func expectContinueIsAnswered() throws {
    try withSandbox { (_, client) throws in
      try client.connect()
      let body = #"{"traits":{"email":"c@example.com"}}"#
      try client.write(
        Array(
          ("POST /admin/identities HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n").utf8))
      let interim = try client.readResponse(skipInterim: false)
      #expect(interim.status == 100)
      try client.write(Array(body.utf8))
      #expect(try client.readResponse().status == 201)
    }
  }

  @Test func connectionCloseIsHonoured() throws {
    try withSandbox { (_, client) throws in
      let response = try client.send("GET", "/version", headers: [("Connection", "close")])
      #expect(response.status == 200)
      #expect(response.headers["connection"] == "close")
      #expect(!client.isConnected)
    }
  }

  @Test func idleConnectionsTimeOut() throws {
    try withSandbox(idleTimeout: .milliseconds(200)) { (_, client) throws in
      #expect(try client.get("/version").status == 200)
      let started = Date()
      let rest = client.readToEnd()
      #expect(rest.isEmpty)
      #expect(Date().timeIntervalSince(started) < 5)
    }
  }

  @Test func latencyIsAddedAndStopDoesNotWaitForIt() throws {
    let server = try SandboxServer(store: SandboxStore(), latency: .milliseconds(300))
    let client = LoopbackClient(port: server.port)
    let started = Date()
    #expect(try client.get("/version").status == 200)
    #expect(Date().timeIntervalSince(started) >= 0.29)

    let slow = try SandboxServer(store: SandboxStore(), latency: .seconds(30))
    let waiting = LoopbackClient(port: slow.port)
    try waiting.connect()
    try waiting.write(Array("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
    Thread.sleep(forTimeInterval: 0.1)
    let stopping = Date()
    slow.stop()
    #expect(Date().timeIntervalSince(stopping) < 10)
    #expect(waiting.readToEnd().isEmpty)
    server.stop()
  }

  @Test func stopClosesTheListenerAndOpenConnections() throws {
    let server = try SandboxServer(store: SandboxStore())
    let client = LoopbackClient(port: server.port)
    #expect(try client.get("/version").status == 200)
    server.stop()
    #expect(client.readToEnd().isEmpty)
    #expect(throws: (any Error).self) { try LoopbackClient(port: server.port).get("/version") }
    server.stop()
  }

  @Test func aTakenPortIsReportedByNumber() throws {
    let first = try SandboxServer(store: SandboxStore())
    defer { first.stop() }
    #expect(throws: SandboxError(.portInUse(first.port))) {
      try SandboxServer(store: SandboxStore(), port: first.port)
    }
    #expect(SandboxError(.portInUse(4434)).description == "port 4434 is in use")
  }

  @Test func requestLogLines() throws {
    let lines = LogLines()
    let server = try SandboxServer(store: SandboxStore(), log: { lines.append($0) })
    defer { server.stop() }
    let client = LoopbackClient(port: server.port)
    _ = try client.get("/admin/identities?page_size=1")
    _ = try client.get("/admin/identities/nope")
    let logged = lines.all
    #expect(logged.count == 2)
    #expect(logged.first?.hasPrefix("GET /admin/identities?page_size=1 200 ") == true)
    #expect(logged.last?.hasPrefix("GET /admin/identities/nope 404 ") == true)
    #expect(logged.allSatisfy { $0.hasSuffix("ms") })
  }

  @Test func concurrentClientsAreServed() throws {
    let store = SandboxStore.synthetic(count: 50)
    try withSandbox(store) { (server, _) throws in
      let failures = LogLines()
      DispatchQueue.concurrentPerform(iterations: 8) { worker in
        let client = LoopbackClient(port: server.port)
        for _ in 0..<20 {
          do {
            let response = try client.get("/admin/identities?page_size=10")
            if response.status != 200 { failures.append("status \(response.status)") }
          } catch {
            failures.append("worker \(worker): \(error)")
          }
        }
      }
      #expect(failures.all.isEmpty)
      #expect(server.statistics.requests == 160)
      #expect(server.statistics.connections == 8)
    }
  }
}

/// Lines collected from several threads.
final class LogLines: Sendable {
  private let lines = Mutex<[String]>([])
  func append(_ line: String) { lines.withLock { $0.append(line) } }
  var all: [String] { lines.withLock { $0 } }
}
