import Foundation
import KratosModel
import Synchronization
import Testing

@testable import KratosClient

@Suite(.timeLimit(.minutes(1))) struct TransportTests {
  let someID = Fixtures.id(1)

  @Test func rateLimitWaitsForTheResetHeaderThenSucceeds() async throws {
    let server = try TestHTTPServer { _, index in
      index == 0
        ? .respond(status: 429, headers: [("x-ratelimit-reset", "1")], body: "{}")
        : .respond(status: 200, body: Fixtures.identityJSON(Fixtures.id(1)))
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let start = ContinuousClock.now
    let identity = try await client.identity(id: someID)
    #expect(identity?.id == someID)
    #expect(Fixtures.elapsed(since: start) >= 0.95)
    let statistics = client.statistics
    #expect(statistics.requests == 2)
    #expect(statistics.retries == 1)
    #expect(statistics.rateLimited == 1)
  }

  @Test func rateLimitGivesUpAfterTheConfiguredRetries() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(status: 429, body: #"{"error":{"code":429,"message":"Too many requests"}}"#)
    }
    defer { server.stop() }
    var retries = Fixtures.fastRetries
    retries.rateLimitRetries = 2
    let client = try Fixtures.client(server.url, retries: retries)
    await #expect {
      _ = try await client.deleteIdentity(id: someID)
    } throws: { error in
      (error as? KratosClientError)?.status == 429
        && "\(error)"
          == "DELETE /admin/identities/\(someID): 429 too many requests: Too many requests"
    }
    #expect(server.requests.count == 3)
  }

  @Test func writesAreNotRetriedOnServerErrors() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 503, body: "") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect(throws: KratosClientError.self) {
      _ = try await client.patchIdentity(id: someID, operations: [.remove(path: "/traits/x")])
    }
    #expect(server.requests.count == 1)
  }

  @Test func readsRetryBadGatewayThenSucceed() async throws {
    let server = try TestHTTPServer { _, index in
      index < 2
        ? .respond(status: 502, body: "<html><body>bad gateway</body></html>")
        : .respond(status: 200, body: Fixtures.identityJSON(Fixtures.id(1)))
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.identity(id: someID) != nil)
    #expect(client.statistics.retries == 2)
  }

  @Test func htmlErrorPageNamesRequestStatusAndPosition() async throws {
    let page = "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>"
    let server = try TestHTTPServer { _, _ in .respond(status: 502, body: page) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identity(id: someID)
    } throws: { error in
      "\(error)" == "GET /admin/identities/\(someID): 502 bad gateway with a body that is not json"
        + " (line 1, column 1: unexpected character '<'); it starts"
        + " \"<html> <head><title>502 Bad Gateway</title></head> </html>\""
    }
    #expect(server.requests.count == 4)
  }

  @Test func garbageJSONInASuccessIsAnErrorNotACrash() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: #"[{"id": "x",]"#) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      for try await _ in client.identityPages() {}
    } throws: { error in
      "\(error)".hasPrefix(
        "GET /admin/identities?page_size=500: 200 ok with a body that is not json")
        && "\(error)".contains("line 1, column 13")
    }
  }

  @Test func wellFormedJSONOfTheWrongShapeIsAnUnexpectedReply() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: #"[{"id":"nope"}]"#) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in
      "\(error)"
        == "GET /admin/identities?page_size=500: unexpected reply (200 ok):"
        + " element 0: identity id \"nope\" is not a UUID"
    }
  }

  @Test func kratosErrorBodyGivesMessageAndReasonAndTrustsTheHTTPStatus() async throws {
    let body =
      #"{"error":{"code":500,"status":"Internal Server Error","#
      + #""message":"The request was malformed","reason":"bad state","request":"r-1"}}"#
    let server = try TestHTTPServer { _, _ in .respond(status: 400, body: body) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.patchIdentity(
        id: someID, operations: [.replace(path: "/state", value: "gone")])
    } throws: { error in
      guard case .server(_, let status, let serverError)? = error as? KratosClientError else {
        return false
      }
      return status == 400 && serverError?.code == 500 && serverError?.requestID == "r-1"
        && "\(error)"
          == "PATCH /admin/identities/\(someID): 400 bad request:"
          + " The request was malformed (bad state)"
    }
  }

  @Test func errorBodyWithOnlyAMessageAndMissingFields() {
    let error = ServerError(json: [
      "error": ["message": "Unable to locate the resource", "details": nil]
    ])
    #expect(error?.message == "Unable to locate the resource")
    #expect(error?.reason == nil)
    #expect(error?.details == nil)
    #expect(ServerError(json: ["something": "else"]) == nil)
  }

  @Test func aRedirectPointsAtThePublicPortMistake() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(status: 307, headers: [("Location", "http://127.0.0.1:4434/admin/identities")])
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in
      "\(error)"
        == "GET /admin/identities?page_size=500: 307 temporary redirect to"
        + " http://127.0.0.1:4434/admin/identities; is the endpoint kratos's public port?"
        + " use the admin api (port 4434)"
    }
    #expect(server.requests.count == 1)
  }

  @Test func connectionRefusedNamesTheEndpointAfterRetryingReads() async throws {
    let port = try TestHTTPServer.unusedPort()
    let log = RecordLog()
    let client = try Fixtures.client("http://127.0.0.1:\(port)/", observer: log.append)
    await #expect {
      _ = try await client.identity(id: someID)
    } throws: { error in
      "\(error)" == "cannot connect to http://127.0.0.1:\(port): connection refused"
    }
    #expect(client.statistics.transportFailures == 4)
    #expect(log.all.map(\.attempt) == [1, 2, 3, 4])
    #expect(log.all.allSatisfy { $0.status == nil && $0.problem != nil })
  }

  @Test func cancellingAbortsASlowRequestPromptly() async throws {
    let server = try TestHTTPServer { _, _ in .delayed(30, status: 200, body: "{}") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let task = Task { try await client.identity(id: someID) }
    try await Task.sleep(for: .milliseconds(300))
    let start = ContinuousClock.now
    task.cancel()
    let result = await task.result
    // Far below the 30 s the server would take: the transfer was aborted, not awaited.
    #expect(Fixtures.elapsed(since: start) < 5)
    #expect(throws: CancellationError.self) { try result.get() }
    #expect(server.requests.count == 1)
  }

  @Test func cancellingDuringARateLimitWaitIsPrompt() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(status: 429, headers: [("x-ratelimit-reset", "30")], body: "")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let task = Task { try await client.deleteIdentity(id: someID) }
    try await Task.sleep(for: .milliseconds(300))
    let start = ContinuousClock.now
    task.cancel()
    let result = await task.result
    // Far below the 30 s the server asked to wait.
    #expect(Fixtures.elapsed(since: start) < 5)
    #expect(throws: CancellationError.self) { try result.get() }
  }

  @Test func stalledServerTimesOut() async throws {
    let server = try TestHTTPServer { _, _ in .stall }
    defer { server.stop() }
    let client = try Fixtures.client(server.url, requestTimeout: .seconds(1))
    let start = ContinuousClock.now
    await #expect {
      _ = try await client.identity(id: someID)
    } throws: { error in
      "\(error)"
        == "GET /admin/identities/\(someID): no complete answer from \(server.url) within 1 s"
    }
    // Well under the 60 s default: the 1 s timeout applied (the bound leaves room for a busy machine).
    #expect(Fixtures.elapsed(since: start) < 10)
    #expect(server.requests.count == 1)
  }

  @Test func headersAndBodyAreSentAsKratosExpects() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(status: 200, body: Fixtures.identityJSON(Fixtures.id(1), state: "inactive"))
    }
    defer { server.stop() }
    let key = try #require(APIKey("ory_pat_SECRETVALUE"))
    let log = RecordLog()
    let client = try Fixtures.client(server.url, apiKey: key, observer: log.append)
    let result = try await client.setState(.inactive, of: Fixtures.identity(someID))
    guard case .changed(let identity) = result else {
      Issue.record("expected a change, got \(result)")
      return
    }
    #expect(identity.state == .inactive)

    let request = try #require(server.requests.first)
    #expect(request.method == "PATCH")
    #expect(request.path == "/admin/identities/\(someID)")
    #expect(request.headers["user-agent"] == "kql/1.2.3")
    #expect(request.headers["accept"] == "application/json")
    #expect(request.headers["content-type"] == "application/json")
    #expect(request.headers["authorization"] == "Bearer ory_pat_SECRETVALUE")
    #expect(
      String(decoding: request.body, as: UTF8.self)
        == #"[{"op":"replace","path":"/state","value":"inactive"}]"#)
    #expect(log.all.map(\.request.description) == ["PATCH /admin/identities/\(someID)"])
    #expect(log.all.first?.status == 200)
    #expect(!"\(log.all)".contains("SECRETVALUE"))
    #expect(client.statistics.writes == 1)
    #expect(client.statistics.bytesSent == request.body.count)
    #expect(client.statistics.bytesReceived > 0)
  }

  @Test func noAuthorizationWithoutAKeyAndNoKeyInErrors() async throws {
    let server = try TestHTTPServer { request, _ in
      request.headers["authorization"] == nil
        ? .respond(status: 200, body: "[]")
        : .respond(status: 401, body: #"{"error":{"message":"bad key ory_pat_SECRETVALUE"}}"#)
    }
    defer { server.stop() }
    #expect(try await Fixtures.client(server.url).identityPages().collect().isEmpty)

    let client = try Fixtures.client(server.url, apiKey: APIKey("ory_pat_SECRETVALUE"))
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in
      // The server's own text is shown as sent; the client adds nothing of the key.
      "\(error)".hasSuffix("; check the api key and the endpoint")
        && !"\(error)".replacingOccurrences(of: "bad key ory_pat_SECRETVALUE", with: "")
          .contains("SECRETVALUE")
    }
  }

  @Test func connectionsAreReusedAndLimited() async throws {
    let server = try TestHTTPServer { _, _ in .delayed(0.02, status: 200, body: "[]") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url, concurrency: 3)
    for _ in 0..<10 { _ = try await client.identityPages().collect() }
    #expect(server.connections == 1)

    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<30 {
        group.addTask { _ = try await client.identityPages().collect() }
      }
      try await group.waitForAll()
    }
    #expect(server.connections <= 3)
    #expect(server.requests.count == 40)
  }
}

extension TransportTests {
  /// A server streaming hundreds of megabytes once grew the client without bound.
  @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
    let huge = "[\"" + String(repeating: "a", count: 70 * 1_048_576) + "\"]"
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: huge) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in "\(error)".contains("is larger than 64 MiB; stopped reading it") }
  }
}
