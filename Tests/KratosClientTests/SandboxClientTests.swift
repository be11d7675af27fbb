import Foundation
import KratosModel
import KratosSandbox
import Testing

@testable import KratosClient

/// The client against the in-process Kratos sandbox: paging, filters and status rules end to end.
@Suite(.timeLimit(.minutes(2))) struct SandboxClientTests {
  /// A sandbox holding `count` identities with password identifiers `user<n>@example.com`.
  static func sandbox(identities count: Int) throws -> SandboxServer {
    let store = SandboxStore()
    for n in 0..<count {
      try store.addIdentity(user(n))
    }
    return try SandboxServer(store: store)
  }

  static func user(_ n: Int, identifier: String? = nil) -> JSON {
    let email = identifier ?? "user\(n)@example.com"
    return [
      "traits": ["email": .string(email)],
      "credentials": ["password": ["identifiers": [.string(email)]]],
    ]
  }

  static func identityListRequests(_ server: SandboxServer) -> Int {
    server.statistics.log.filter { $0.method == "GET" && $0.target.hasPrefix("/admin/identities?") }
      .count
  }

  @Test(arguments: [
    (1, 0), (1, 1), (1, 7), (2, 0), (2, 6), (2, 7), (499, 998), (499, 1000), (500, 0),
    (500, 500), (500, 1000), (500, 1001), (501, 500), (501, 1001),
  ])
  func pagingReturnsEveryIdentityOnceInOrder(_ pageSize: Int, _ total: Int) async throws {
    let server = try Self.sandbox(identities: total)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    var pages: [[Identity]] = []
    for try await page in client.identityPages(pageSize: pageSize) { pages.append(page) }

    #expect(pages.flatMap { $0.map(\.id) } == server.store.identityIDs)
    let size = min(pageSize, 500)
    #expect(pages.dropLast().allSatisfy { $0.count == size })
    #expect(pages.count == (total + size - 1) / size)
    #expect(Self.identityListRequests(server) <= pages.count + 1)
  }

  @Test func idsFilterOverMoreThan500IsChunkedAndComplete() async throws {
    let server = try Self.sandbox(identities: 1200)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    let wanted = Array(server.store.identityIDs.dropFirst(50).prefix(1100))
    let unknown = (1...3).map { Fixtures.id($0) }
    let found = try await client.identityPages(filter: .ids(wanted + unknown)).collect()
    #expect(found.map(\.id).sorted() == wanted.sorted())
    #expect(Self.identityListRequests(server) == 3)
  }

  @Test func emptyServerYieldsNoPage() async throws {
    let server = try Self.sandbox(identities: 0)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    var pages = 0
    for try await _ in client.identityPages() { pages += 1 }
    #expect(pages == 0)
    #expect(try await client.sessionPages().collect().isEmpty)
  }

  @Test func loginIdentifierLookupFollowsKratosNormalisation() async throws {
    let store = SandboxStore()
    let ann = try store.addIdentity(Self.user(0, identifier: "ann@example.com"))
    let social = try store.addIdentity([
      "traits": ["email": "bob@example.com"],
      "credentials": ["oidc": ["identifiers": ["github:AbC"]]],
    ])
    let server = try SandboxServer(store: store)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    #expect(
      try await client.identities(withLoginIdentifier: " Ann@Example.COM ").map(\.id) == [ann])
    #expect(try await client.identities(withLoginIdentifier: "github:AbC").map(\.id) == [social])
    #expect(try await client.identities(withLoginIdentifier: "nobody@example.com").isEmpty)
  }

  @Test func setStateSendsNothingWhenUnchangedAndPatchesOtherwise() async throws {
    let server = try Self.sandbox(identities: 1)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    let id = try #require(server.store.identityIDs.first)
    let identity = try #require(try await client.identity(id: id))
    server.resetStatistics()

    #expect(try await client.setState(.active, of: identity) == .unchanged(identity))
    #expect(server.statistics.requests == 0)

    guard case .changed(let changed) = try await client.setState(.inactive, of: identity) else {
      Issue.record("expected the state to change")
      return
    }
    #expect(changed.state == .inactive)
    #expect(server.statistics.count("PATCH") == 1)
    #expect(server.store.identity(id: id)?["state"] == "inactive")
  }

  @Test func revokeSessionsTellsNoSessionsFromNoIdentity() async throws {
    let store = SandboxStore()
    let id = try store.addIdentity(Self.user(0))
    try store.addSession([:], identityID: id)
    try store.addSession([:], identityID: id)
    let server = try SandboxServer(store: store)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)

    #expect(try await client.sessionCount(identityID: id) == 2)
    #expect(try await client.sessions(ofIdentity: id).count == 2)
    #expect(try await client.revokeSessions(identityID: id, identityExists: true) == .revoked)
    #expect(try await client.sessionCount(identityID: id) == 0)
    #expect(try await client.revokeSessions(identityID: id, identityExists: true) == .noSessions)
    #expect(
      try await client.revokeSessions(identityID: Fixtures.id(99), identityExists: false)
        == .identityNotFound)
  }

  @Test func singleSessionsAndIdentitiesByID() async throws {
    let store = SandboxStore()
    let id = try store.addIdentity(Self.user(0))
    let sessionID = try store.addSession([:], identityID: id)
    let server = try SandboxServer(store: store)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)

    let session = try #require(try await client.session(id: sessionID))
    #expect(session.identityID == id)
    #expect(session.active)
    #expect(try await client.revokeSession(id: sessionID))
    #expect(try await client.session(id: sessionID)?.active == false)
    #expect(try await client.sessionPages(active: true).collect().isEmpty)
    #expect(try await client.sessionPages().collect().map(\.id) == [sessionID])
    #expect(try await client.session(id: Fixtures.id(98)) == nil)

    #expect(try await client.identity(id: Fixtures.id(98)) == nil)
    #expect(try await client.deleteIdentity(id: id))
    #expect(try await client.deleteIdentity(id: id) == false)
    #expect(try await client.identity(id: id) == nil)
  }

  @Test func racingWritesToOneIdentityNeverOverlapAndKeepTheirOrder() async throws {
    let server = try SandboxServer(store: SandboxStore(), latency: .milliseconds(20))
    defer { server.stop() }
    let id = try server.store.addIdentity(Self.user(0))
    let log = RecordLog()
    let client = try Fixtures.client(server.baseURL, retries: .none, observer: log.append)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for n in 0..<6 {
        group.addTask {
          _ = try await client.patchIdentity(
            id: id, operations: [.replace(path: "/metadata_admin/last", value: .integer(n))])
        }
        group.addTask {
          _ = try await client.revokeSessions(identityID: id, identityExists: true)
        }
        try await Task.sleep(for: .milliseconds(5))
      }
      try await group.waitForAll()
    }
    #expect(server.store.identity(id: id)?["metadata_admin"]?["last"] == 5)
    #expect(client.statistics.rateLimited == 0)
    let spans = log.intervals.filter { $0.request.method != .get }.map(\.span)
      .sorted { $0.lowerBound < $1.lowerBound }
    #expect(spans.count == 12)
    for (earlier, later) in zip(spans, spans.dropFirst()) {
      #expect(earlier.upperBound <= later.lowerBound, "two writes to one identity overlapped")
    }
  }

  @Test func recoverySchemasAndServerInformation() async throws {
    let server = try Self.sandbox(identities: 1)
    defer { server.stop() }
    let client = try Fixtures.client(server.baseURL)
    let id = try #require(server.store.identityIDs.first)

    let link = try #require(
      try await client.createRecoveryLink(identityID: id, expiresIn: .seconds(600)))
    #expect(!link.link.isEmpty)
    let code = try #require(try await client.createRecoveryCode(identityID: id))
    #expect(!code.code.isEmpty)
    #expect(try await client.createRecoveryLink(identityID: Fixtures.id(97)) == nil)
    #expect(try await client.createRecoveryCode(identityID: Fixtures.id(97)) == nil)

    let schemas = try await client.identitySchemas()
    #expect(schemas.map(\.id).contains("default"))
    #expect(schemas.allSatisfy { $0.schema.objectValue != nil })
    #expect(try await client.ready() == .ready)
    #expect(try await client.version() == "v26.2.0")
  }
}
