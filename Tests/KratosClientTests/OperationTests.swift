import Foundation
import KratosModel
import Synchronization
import Testing

@testable import KratosClient

/// Operations against a loopback server scripted per test, for the request shapes and the status
/// rules that do not need a full Kratos.
@Suite(.timeLimit(.minutes(1))) struct OperationTests {
  /// Answers `GET …/identities` like Kratos's keyset paging over `total` identities, with links
  /// relative to `/admin` as Kratos writes them even when it sits behind a path prefix.
  static func pagingServer(total: Int) throws -> TestHTTPServer {
    try TestHTTPServer { request, _ in
      let items = request.query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
      let pageSize = Int(items.first { $0.first == "page_size" }?.last ?? "") ?? 250
      let token = items.first { $0.first == "page_token" }.map { String($0.last ?? "") }
      let start = token.flatMap { t in (1...max(total, 1)).first { Fixtures.id($0) == t } } ?? 0
      let ids = total > start ? Array((start + 1)...min(start + pageSize, total)) : []
      let body =
        "[" + ids.map { Fixtures.identityJSON(Fixtures.id($0)) }.joined(separator: ",") + "]"
      var link =
        "</admin/identities?page_size=\(pageSize)&page_token=\(Fixtures.id(0))>; rel=\"first\""
      if let last = ids.last, last < total {
        link +=
          ",</admin/identities?page_size=\(pageSize)&page_token=\(Fixtures.id(last))>; rel=\"next\""
      }
      return .respond(status: 200, headers: [("Link", link)], body: body)
    }
  }

  @Test func pagingFollowsRelativeLinksUnderAPathPrefix() async throws {
    let server = try Self.pagingServer(total: 5)
    defer { server.stop() }
    let client = try Fixtures.client(server.url + "/kratos/admin/")
    var pages: [[String]] = []
    for try await page in client.identityPages(pageSize: 2) { pages.append(page.map(\.id)) }
    #expect(
      pages == [
        [Fixtures.id(1), Fixtures.id(2)], [Fixtures.id(3), Fixtures.id(4)], [Fixtures.id(5)],
      ])
    #expect(server.requests.map(\.path) == Array(repeating: "/kratos/admin/identities", count: 3))
    #expect(server.requests.last?.query == "page_size=2&page_token=\(Fixtures.id(4))")
  }

  @Test func pageSizeIsClampedToWhatKratosServes() async throws {
    let server = try Self.pagingServer(total: 0)
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    _ = try await client.identityPages(pageSize: 5000).collect()
    _ = try await client.identityPages(pageSize: 0).collect()
    _ = try await client.sessionPages(pageSize: 5000).collect()
    #expect(server.requests.map(\.query) == ["page_size=500", "page_size=1", "page_size=1000"])
  }

  @Test func stoppingEarlyFetchesNoFurtherPage() async throws {
    let server = try Self.pagingServer(total: 10)
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    for try await page in client.identityPages(pageSize: 2) {
      #expect(page.count == 2)
      break
    }
    #expect(server.requests.count == 1)
  }

  @Test func aLinkBackToTheSamePageIsAnErrorNotALoop() async throws {
    let server = try TestHTTPServer { request, _ in
      .respond(
        status: 200, headers: [("Link", "<\(request.target)>; rel=next")],
        body: "[\(Fixtures.identityJSON(Fixtures.id(1)))]")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in "\(error)".hasSuffix("the next-page link points to this page") }
    #expect(server.requests.count == 1)
  }

  @Test func anAbsoluteLinkToAnotherHostStaysOnTheConfiguredServer() async throws {
    let server = try TestHTTPServer { request, _ in
      request.query.contains("page_token")
        ? .respond(status: 200, body: "[\(Fixtures.identityJSON(Fixtures.id(2)))]")
        : .respond(
          status: 200,
          headers: [("Link", "<http://elsewhere.example/identities?page_token=abc>; rel=next")],
          body: "[\(Fixtures.identityJSON(Fixtures.id(1)))]")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url + "/prefix")
    let ids = try await client.identityPages().collect().map(\.id)
    #expect(ids == [Fixtures.id(1), Fixtures.id(2)])
    #expect(
      server.requests.map(\.target) == [
        "/prefix/admin/identities?page_size=500", "/prefix/admin/identities?page_token=abc",
      ])
  }

  @Test func idsAreValidatedDeduplicatedAndSentInChunksOf500() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: "[]") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let ids = (1...1201).map(Fixtures.id) + [Fixtures.id(7).uppercased(), " \(Fixtures.id(8)) "]
    #expect(try await client.identityPages(filter: .ids(ids)).collect().isEmpty)

    let counts = server.requests.map { request in
      request.query.split(separator: "&").filter { $0.hasPrefix("ids=") }.count
    }
    #expect(counts == [500, 500, 201])
    #expect(server.requests.allSatisfy { $0.query.hasPrefix("page_size=500&ids=") })
    #expect(server.requests.last?.query.hasSuffix("ids=\(Fixtures.id(1201))") == true)
  }

  @Test func emptyOrMalformedFiltersSendNothing() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: "[]") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.identityPages(filter: .ids([])).collect().isEmpty)
    await #expect {
      _ = try await client.identityPages(filter: .ids([Fixtures.id(1), "nope"])).collect()
    } throws: { error in "\(error)" == "identity id \"nope\" is not a uuid" }
    await #expect(throws: KratosClientError.self) {
      _ = try await client.identityPages(filter: .credentialsIdentifier("  ")).collect()
    }
    await #expect(throws: KratosClientError.self) {
      _ = try await client.identityPages(filter: .organizationID("acme")).collect()
    }
    await #expect(throws: KratosClientError.self) { _ = try await client.identity(id: "x") }
    #expect(server.requests.isEmpty)
  }

  @Test func filtersAndCredentialsAreEncoded() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 200, body: "[]") }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    _ = try await client.identityPages(
      filter: .similarIdentifier("a+b@x"), pageSize: 10, includeCredentials: [.password, .oidc]
    ).collect()
    _ = try await client.identityPages(filter: .organizationID(Fixtures.id(9).uppercased()))
      .collect()
    #expect(
      server.requests.map(\.query) == [
        "page_size=10&preview_credentials_identifier_similar=a%2Bb%40x"
          + "&include_credential=password&include_credential=oidc",
        "page_size=500&organization_id=\(Fixtures.id(9))",
      ])
  }

  @Test func loginIdentifierIsLookedUpLowerCasedAndAsGivenWhenTheyDiffer() async throws {
    let server = try TestHTTPServer { request, _ in
      let body =
        request.query.contains("github%3Aabc")
        ? "[\(Fixtures.identityJSON(Fixtures.id(1)))]"
        : "[\(Fixtures.identityJSON(Fixtures.id(2))),\(Fixtures.identityJSON(Fixtures.id(1)))]"
      return .respond(status: 200, body: body)
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let found = try await client.identities(withLoginIdentifier: "  GitHub:AbC\n")
    #expect(found.map(\.id) == [Fixtures.id(1), Fixtures.id(2)])
    #expect(
      server.requests.map(\.query) == [
        "page_size=500&credentials_identifier=github%3Aabc",
        "page_size=500&credentials_identifier=GitHub%3AAbC",
      ])

    _ = try await client.identities(withLoginIdentifier: " ann@example.com ")
    #expect(server.requests.count == 3)
    #expect(server.requests.last?.query == "page_size=500&credentials_identifier=ann%40example.com")
  }

  @Test func setStateSkipsTheRequestWhenTheStateAlreadyMatches() async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: 500) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let identity = try Fixtures.identity(Fixtures.id(3), state: "inactive")
    #expect(try await client.setState(.inactive, of: identity) == .unchanged(identity))
    #expect(server.requests.isEmpty)
    #expect(client.statistics.requests == 0)
  }

  @Test(arguments: [
    (204, true, SessionRevocation.revoked), (204, false, .revoked),
    (404, true, .noSessions), (404, false, .identityNotFound),
  ])
  func revokeSessionsReadsA404AsTheCallerKnows(
    _ status: Int, _ exists: Bool, _ expected: SessionRevocation
  ) async throws {
    let server = try TestHTTPServer { _, _ in .respond(status: status) }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let result = try await client.revokeSessions(identityID: Fixtures.id(4), identityExists: exists)
    #expect(result == expected)
    #expect(
      server.requests.map { "\($0.method) \($0.path)" } == [
        "DELETE /admin/identities/\(Fixtures.id(4))/sessions"
      ])
  }

  @Test func notFoundIsAnAnswerWhereTheAPIPromisesOne() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(
        status: 404, body: #"{"error":{"code":404,"message":"Unable to locate the resource"}}"#)
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let id = Fixtures.id(5)
    #expect(try await client.identity(id: id) == nil)
    #expect(try await client.deleteIdentity(id: id) == false)
    #expect(try await client.session(id: id) == nil)
    #expect(try await client.revokeSession(id: id) == false)
    #expect(try await client.createRecoveryCode(identityID: id) == nil)
    await #expect {
      _ = try await client.patchIdentity(id: id, operations: [.remove(path: "/traits/x")])
    } throws: { error in
      "\(error)" == "PATCH /admin/identities/\(id): 404 not found: Unable to locate the resource"
    }
  }

  @Test func sessionCountReadsTheTotalHeaderOrCountsPages() async throws {
    let server = try TestHTTPServer { request, index in
      if index == 0 {
        return .respond(status: 200, headers: [("X-Total-Count", "7")], body: "[]")
      }
      let session = { (n: Int) in #"{"id":"\#(Fixtures.id(n))","active":true}"# }
      if request.query.contains("page=1") {
        return .respond(status: 200, body: "[\(session(3))]")
      }
      return .respond(
        status: 200,
        headers: [("Link", "</admin/identities/x/sessions?page=1&per_page=2>; rel=\"next\"")],
        body: "[\(session(1)),\(session(2))]")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.sessionCount(identityID: Fixtures.id(6)) == 7)
    #expect(try await client.sessionCount(identityID: Fixtures.id(6), active: true) == 3)
    #expect(server.requests.first?.query == "page_size=1")
    #expect(server.requests.last?.path == "/admin/identities/\(Fixtures.id(6))/sessions")
  }

  @Test func recoveryLinkTellsAnUnknownIdentityFromOtherBadRequests() async throws {
    let server = try TestHTTPServer { request, _ in
      switch (request.method, request.path) {
      case ("POST", _):
        .respond(status: 400, body: #"{"error":{"code":400,"message":"bad expires_in"}}"#)
      case ("GET", "/admin/identities/\(Fixtures.id(1))"):
        .respond(status: 200, body: Fixtures.identityJSON(Fixtures.id(1)))
      default:
        .respond(status: 404)
      }
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.createRecoveryLink(identityID: Fixtures.id(2)) == nil)
    await #expect {
      _ = try await client.createRecoveryLink(identityID: Fixtures.id(1), expiresIn: .seconds(90.5))
    } throws: { error in "\(error)" == "POST /admin/recovery/link: 400 bad request: bad expires_in"
    }
    let body = try JSON(parsing: server.requests[2].body)
    #expect(body == ["identity_id": .string(Fixtures.id(1)), "expires_in": "91s"])
  }

  @Test func recoveryCodeIsReadFromA201() async throws {
    let server = try TestHTTPServer { _, _ in
      .respond(
        status: 201,
        body:
          #"{"recovery_link":"https://x/r","recovery_code":"123456","#
          + #""expires_at":"2026-01-02T03:04:05.5Z"}"#
      )
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let code = try await client.createRecoveryCode(
      identityID: Fixtures.id(1), expiresIn: .seconds(3600))
    #expect(code?.code == "123456")
    #expect(code?.link == "https://x/r")
    #expect(code?.expiresAt == Timestamp.parse("2026-01-02T03:04:05.5Z"))
    let body = try JSON(parsing: server.requests[0].body)
    #expect(
      body == ["identity_id": .string(Fixtures.id(1)), "expires_in": "3600s", "flow_type": "api"])
  }

  @Test func writesToOneIdentityNeverOverlapButOthersDo() async throws {
    let inFlight = Mutex<[String: Int]>([:])
    let peaks = Mutex<(perIdentity: Int, total: Int)>((0, 0))
    let order = Mutex<[Int]>([])
    let server = try TestHTTPServer { request, _ in
      let key = request.path.replacingOccurrences(of: "/sessions", with: "")
      inFlight.withLock { flights in
        flights[key, default: 0] += 1
        let total = flights.values.reduce(0, +)
        peaks.withLock { $0 = (max($0.perIdentity, flights[key] ?? 0), max($0.total, total)) }
      }
      if let value = try? JSON(parsing: request.body).arrayValue?.first?["value"]?.intValue {
        order.withLock { $0.append(value) }
      }
      Thread.sleep(forTimeInterval: 0.05)
      inFlight.withLock { $0[key, default: 0] -= 1 }
      return .respond(
        status: request.method == "PATCH" ? 200 : 204,
        body: request.method == "PATCH" ? Fixtures.identityJSON(Fixtures.id(1)) : "")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for n in 0..<4 {
        group.addTask {
          _ = try await client.patchIdentity(
            id: Fixtures.id(1), operations: [.add(path: "/metadata_admin/n", value: .integer(n))])
        }
        group.addTask {
          _ = try await client.revokeSessions(identityID: Fixtures.id(1), identityExists: true)
        }
        group.addTask {
          _ = try await client.deleteIdentity(id: Fixtures.id(10 + n))
        }
        // Let each patch reach the lock before the next one, so their order is known.
        try await Task.sleep(for: .milliseconds(5))
      }
      try await group.waitForAll()
    }
    #expect(peaks.withLock { $0.perIdentity } == 1)
    #expect(peaks.withLock { $0.total } >= 2)
    #expect(order.withLock { $0 } == [0, 1, 2, 3])
    #expect(server.requests.count == 12)
  }

  @Test func readinessAndVersion() async throws {
    let server = try TestHTTPServer { request, _ in
      switch request.path {
      case "/health/ready": .respond(status: 503, body: #"{"errors":{"database":"unreachable"}}"#)
      case "/version": .respond(status: 200, body: #"{"version":"v26.2.0"}"#)
      default: .respond(status: 404)
      }
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.ready() == .notReady("database: unreachable"))
    #expect(try await client.version() == "v26.2.0")
    #expect(server.requests.count == 2)
  }
}

extension OperationTests {
  /// A server whose next links go on forever while it serves the same rows: the client must stop.
  @Test func aServerRepeatingItsPagesIsStoppedNotFollowedForever() async throws {
    let counter = Mutex(0)
    let server = try TestHTTPServer { _, _ in
      let page = counter.withLock { value -> Int in
        value += 1
        return value
      }
      return .respond(
        status: 200, headers: [("Link", "</admin/identities?page_token=t\(page)>; rel=\"next\"")],
        body: "[\(Fixtures.identityJSON(Fixtures.id(1)))]")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    await #expect {
      _ = try await client.identityPages().collect()
    } throws: { error in "\(error)".contains("pages in a row with nothing new") }
    #expect(server.requests.count == 4)
  }

  /// Kratos serves page 0 of an identity's sessions again as page 1; the repeat is dropped and
  /// the pages after it are still read.
  @Test func repeatedItemsAreHandedOnOnce() async throws {
    let server = try TestHTTPServer { request, _ in
      switch request.query {
      case let query where query.contains("page_token=b"):
        return .respond(status: 200, body: "[\(Fixtures.identityJSON(Fixtures.id(2)))]")
      case let query where query.contains("page_token=a"):
        return .respond(
          status: 200, headers: [("Link", "</admin/identities?page_token=b>; rel=\"next\"")],
          body: "[\(Fixtures.identityJSON(Fixtures.id(1)))]")
      default:
        return .respond(
          status: 200, headers: [("Link", "</admin/identities?page_token=a>; rel=\"next\"")],
          body: "[\(Fixtures.identityJSON(Fixtures.id(1)))]")
      }
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    let ids = try await client.identityPages().collect().map(\.id)
    #expect(ids == [Fixtures.id(1), Fixtures.id(2)])
  }
}

extension OperationTests {
  /// Kratos links an empty offset-paged list (an identity without sessions) to a next page.
  @Test func anEmptyPageEndsTheListingWhateverItsLinksSay() async throws {
    let server = try TestHTTPServer { request, _ in
      .respond(
        status: 200,
        headers: [("Link", "</admin/identities?page=\(request.target.count)>; rel=\"next\"")],
        body: "[]")
    }
    defer { server.stop() }
    let client = try Fixtures.client(server.url)
    #expect(try await client.sessions(ofIdentity: Fixtures.id(1)).isEmpty)
    #expect(server.requests.count == 1)
  }
}
