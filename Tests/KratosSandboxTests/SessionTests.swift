import KratosModel
import Testing

@testable import KratosSandbox

/// Session routes: listing, revocation, extension, an identity's sessions, and the computed
/// `active` field.
@Suite struct SessionTests {
  /// One active identity with a live, an expired and a revoked session; one inactive identity
  /// with a live session; one identity with none.
  static func store() throws -> (SandboxStore, active: String, inactive: String, bare: String) {
    let store = SandboxStore()
    let active = try store.addIdentity([
      "traits": ["email": "a@example.com"],
      "sessions": [
        [
          "id": "aaaaaaaa-0000-4000-8000-000000000001", "authenticated_at": "2026-01-01T10:00:00Z",
          "expires_at": "2999-01-01T00:00:00Z",
        ],
        [
          "id": "aaaaaaaa-0000-4000-8000-000000000002", "authenticated_at": "2026-01-01T11:00:00Z",
          "expires_at": "2020-01-01T00:00:00Z",
        ],
        [
          "id": "aaaaaaaa-0000-4000-8000-000000000003", "authenticated_at": "2026-01-01T12:00:00Z",
          "expires_at": "2999-01-01T00:00:00Z", "active": false,
        ],
      ],
    ])
    let inactive = try store.addIdentity([
      "traits": ["email": "i@example.com"], "state": "inactive",
      "sessions": [
        [
          "id": "bbbbbbbb-0000-4000-8000-000000000001", "authenticated_at": "2026-01-01T09:00:00Z",
          "expires_at": "2999-01-01T00:00:00Z",
        ]
      ],
    ])
    let bare = try store.addIdentity(["traits": ["email": "b@example.com"]])
    return (store, active, inactive, bare)
  }

  @Test func listIsNewestFirstAndActiveFilterUsesFlagAndExpiryOnly() throws {
    let (store, _, _, _) = try SessionTests.store()
    try withSandbox(store) { (_, client) throws in
      let all = try #require(try client.get("/admin/sessions").json().arrayValue)
      #expect(
        all.compactMap { $0["id"]?.stringValue } == [
          "aaaaaaaa-0000-4000-8000-000000000003", "aaaaaaaa-0000-4000-8000-000000000002",
          "aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000001",
        ])
      #expect(all.allSatisfy { $0["identity"] == .null })
      let live = try #require(try client.get("/admin/sessions?active=true").json().arrayValue)
      // The inactive identity's session passes the filter; its JSON `active` is true because the
      // identity was not loaded.
      #expect(
        live.compactMap { $0["id"]?.stringValue } == [
          "aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000001",
        ])
      #expect(live.last?["active"] == true)
      let expanded = try #require(
        try client.get("/admin/sessions?active=true&expand=Identity").json().arrayValue)
      #expect(expanded.last?["active"] == false)
      #expect(expanded.last?[path: "identity", "metadata_admin"] == nil)
      #expect(try client.get("/admin/sessions?active=maybe").status == 400)
      #expect(try client.get("/admin/sessions?expand=everything").status == 400)
      #expect(try client.get("/admin/sessions?page_token=!!!").status == 400)
    }
  }

  @Test func sessionKeysetPagingWalksEverything() throws {
    let store = SandboxStore.synthetic(count: 40, sessionsPerIdentity: 3)
    try withSandbox(store) { (_, client) throws in
      let pages = try walk(client, from: "/admin/sessions?page_size=7")
      let all = pages.flatMap { $0 }
      #expect(all.count == 120)
      #expect(Set(all).count == 120)
      let capped = try client.get("/admin/sessions?page_size=5000")
      #expect(capped.links["first"]?.contains("page_size=1000") == true)
    }
  }

  @Test func getAndRevokeDistinguishMalformedFromUnknown() throws {
    let (store, _, _, _) = try SessionTests.store()
    try withSandbox(store) { (_, client) throws in
      let id = "aaaaaaaa-0000-4000-8000-000000000001"
      #expect(try client.get("/admin/sessions/\(id)").status == 200)
      #expect(try client.get("/admin/sessions/not-a-uuid").status == 400)
      #expect(try client.get("/admin/sessions/\(UUIDText.zero)").status == 404)

      #expect(try client.send("DELETE", "/admin/sessions/\(id)").status == 204)
      #expect(try client.send("DELETE", "/admin/sessions/\(id)").status == 204)
      let revoked = try client.get("/admin/sessions/\(id)")
      #expect(try revoked.json()["active"] == false)
      #expect(try client.send("DELETE", "/admin/sessions/\(UUIDText.zero)").status == 404)
      #expect(try client.send("DELETE", "/admin/sessions/xyz").status == 400)
      #expect(store.sessionCount == 4)
    }
  }

  @Test func extendMovesExpiry() throws {
    let (store, _, _, _) = try SessionTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try client.send(
        "PATCH", "/admin/sessions/aaaaaaaa-0000-4000-8000-000000000002/extend")
      #expect(response.status == 200)
      let json = try response.json()
      let expires = try #require(json["expires_at"]?.stringValue.flatMap { Timestamp.parse($0) })
      #expect(expires.timeIntervalSinceNow > 80_000)
      #expect(json[path: "identity", "id"] != nil)
      #expect(try client.send("PATCH", "/admin/sessions/\(UUIDText.zero)/extend").status == 404)
    }
  }

  @Test func identitySessionsExpandEverythingAndCount() throws {
    let (store, active, inactive, _) = try SessionTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try client.get("/admin/identities/\(active)/sessions")
      #expect(response.status == 200)
      #expect(response.headers["x-total-count"] == "3")
      let list = try #require(try response.json().arrayValue)
      #expect(list.map { $0["active"] } == [false, false, true])
      #expect(
        list.allSatisfy { $0[path: "identity", "id"] == .string(active) && $0["devices"] == [] })
      #expect(
        try client.get("/admin/identities/\(active)/sessions?active=true").headers["x-total-count"]
          == "1")
      let disabled = try #require(
        try client.get("/admin/identities/\(inactive)/sessions").json().arrayValue)
      #expect(disabled.first?["active"] == false)
      let unknown = try client.get("/admin/identities/\(UUIDText.zero)/sessions")
      #expect(unknown.status == 200)
      #expect(unknown.text == "[]")
      #expect(try client.get("/admin/identities/nope/sessions").status == 400)
    }
  }

  /// Kratos passes its 0-based page to a 1-based paginator: pages 0 and 1 are the same.
  @Test func identitySessionPagesZeroAndOneAreTheSame() throws {
    let store = SandboxStore.synthetic(count: 1, sessionsPerIdentity: 5)
    let id = try #require(store.identityIDs.first)
    try withSandbox(store) { (_, client) throws in
      let zero = try ids(of: client.get("/admin/identities/\(id)/sessions?page=0&per_page=2"))
      let one = try ids(of: client.get("/admin/identities/\(id)/sessions?page=1&per_page=2"))
      let two = try ids(of: client.get("/admin/identities/\(id)/sessions?page=2&per_page=2"))
      #expect(zero == one)
      #expect(zero.count == 2)
      #expect(Set(two).isDisjoint(with: zero))
    }
  }

  @Test func deletingIdentitySessionsIs404WhenNothingWasDeleted() throws {
    let (store, active, _, bare) = try SessionTests.store()
    try withSandbox(store) { (_, client) throws in
      #expect(try client.send("DELETE", "/admin/identities/\(active)/sessions").status == 204)
      #expect(store.sessions(identityID: active).isEmpty)
      let again = try client.send("DELETE", "/admin/identities/\(active)/sessions")
      #expect(again.status == 404)
      #expect(try again.json()[path: "error", "message"] == "Unable to locate the resource")
      #expect(try client.send("DELETE", "/admin/identities/\(bare)/sessions").status == 404)
      #expect(
        try client.send("DELETE", "/admin/identities/\(UUIDText.zero)/sessions").status == 404)
      #expect(try client.send("DELETE", "/admin/identities/bad/sessions").status == 400)
    }
  }

  @Test func recoveryLinkAndCode() throws {
    let (store, active, _, _) = try SessionTests.store()
    try withSandbox(store) { (server, client) throws in
      let link = try client.send(
        "POST", "/admin/recovery/link", body: #"{"identity_id":"\#(active)","expires_in":"90m"}"#)
      #expect(link.status == 200)
      let linkJSON = try link.json()
      #expect(
        linkJSON["recovery_link"]?.stringValue?.hasPrefix(
          "\(server.baseURL)/self-service/recovery?flow=") == true)
      let expires = try #require(
        linkJSON["expires_at"]?.stringValue.flatMap { Timestamp.parse($0) })
      #expect(abs(expires.timeIntervalSinceNow - 5_400) < 60)
      #expect(
        try client.send(
          "POST", "/admin/recovery/link", body: #"{"identity_id":"\#(UUIDText.zero)"}"#
        ).status == 400)
      #expect(
        try client.send(
          "POST", "/admin/recovery/link", body: #"{"identity_id":"\#(active)","expires_in":"soon"}"#
        ).status == 400)

      let code = try client.send(
        "POST", "/admin/recovery/code", body: #"{"identity_id":"\#(active)"}"#)
      #expect(code.status == 201)
      #expect(try code.json()["recovery_code"]?.stringValue?.count == 6)
      #expect(
        try client.send(
          "POST", "/admin/recovery/code", body: #"{"identity_id":"\#(UUIDText.zero)"}"#
        ).status == 404)
      #expect(
        try client.send(
          "POST", "/admin/recovery/code", body: #"{"identity_id":"\#(active)","flow_type":"x"}"#
        ).status == 400)
    }
  }
}
