import Foundation
import KratosModel
import Testing

@testable import KratosSandbox

/// Seed documents, the demo data set and synthetic data.
@Suite struct SeedTests {
  @Test func seedWithDefaultsAndSessionsLoads() throws {
    let store = try SandboxStore(
      seed: """
        [
          {"traits": {"email": "Seed@Example.com"},
           "credentials": {"password": {"identifiers": ["Seed@Example.com"]}},
           "sessions": [{}, {"active": false}]},
          {"id": "0b0b0b0b-0000-4000-8000-000000000000", "schema_id": "phone", "state": "inactive",
           "traits": {"phone": "+15550001"}, "created_at": "2024-05-06T07:08:09.5Z",
           "metadata_admin": {"source": "import"}}
        ]
        """)
    #expect(store.identityCount == 2)
    #expect(store.sessionCount == 2)
    let imported = try #require(store.identity(id: "0B0B0B0B-0000-4000-8000-000000000000"))
    #expect(imported["updated_at"] == "2024-05-06T07:08:09.5Z")
    #expect(imported["state"] == "inactive")
    try withSandbox(store) { (_, client) throws in
      let found = try ids(
        of: client.get("/admin/identities?credentials_identifier=seed@example.com"))
      #expect(found.count == 1)
    }
  }

  @Test(arguments: [
    ("[1]", "seed file, element 0: an identity must be a JSON object"),
    (
      #"[{"traits":{"email":"a@b.c"}},{"traits":{"email":"x@y.z"},"colour":"red"}]"#,
      #"seed file, element 1: unknown field "colour""#
    ),
    (
      #"[{"id":"nope","traits":{"email":"a@b.c"}}]"#,
      #"seed file, element 0: id "nope" is not a UUID"#
    ),
    (
      #"[{"schema_id":"employee","traits":{"email":"a@b.c"}}]"#,
      #"seed file, element 0: traits do not match schema "employee": I[#/traits] "#
        + #"S[#/properties/traits/required] missing properties: "department""#
    ),
    (
      #"[{"traits":{"email":"a@b.c"},"sessions":[{"expires_at":"tomorrow"}]}]"#,
      #"seed file, element 0: sessions[0]: expires_at "tomorrow" is not an RFC 3339 timestamp"#
    ),
    (
      #"[{"traits":{"email":"a@b.c"},"credentials":{"password":{"identifiers":["a@b.c"]}}},"#
        + #"{"traits":{"email":"A@B.C"},"credentials":{"password":{"identifiers":["A@b.c"]}}}]"#,
      #"seed file, element 1: another identity already uses the login identifier "a@b.c""#
    ),
    (#"{"identities":[]}"#, "seed file: the document must be a JSON array of identities"),
    ("[\n  {\"traits\": }\n]", "seed file is not valid JSON: line 2, column 14: "),
  ])
  func badSeedsNameTheElementAndProblem(seed: String, expected: String) {
    #expect {
      try SandboxStore(seed: seed)
    } throws: { error in
      "\(error)".hasPrefix(expected)
    }
  }

  @Test func seedFileErrorsNameThePath() throws {
    #expect {
      try SandboxStore(seedFile: "/nonexistent/kql-seed.json")
    } throws: { error in
      "\(error)".hasPrefix("cannot read seed file /nonexistent/kql-seed.json: ")
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-seed-\(getpid()).json"
    ).path
    try Data(#"[{"traits":{"email":"file@example.com"}}]"#.utf8).write(
      to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(try SandboxStore(seedFile: path).identityCount == 1)
  }

  @Test func demoIsDeterministicAndRealistic() throws {
    let first = SandboxStore.demo()
    let second = SandboxStore.demo()
    #expect(first.identityIDs == second.identityIDs)
    #expect((40...60).contains(first.identityCount))
    let identities = first.identityIDs.compactMap { first.identity(id: $0) }
    #expect(
      Set(identities.compactMap { $0["schema_id"]?.stringValue }) == [
        "customer", "employee", "phone",
      ])
    #expect(identities.contains { $0["state"] == "inactive" && $0["state_changed_at"] != nil })
    #expect(
      identities.contains { $0["verifiable_addresses"] == nil && $0["recovery_addresses"] == nil })
    #expect(
      identities.contains {
        $0["credentials"]?["oidc"] != nil && $0["credentials"]?["password"] == nil
      })
    #expect(
      identities.contains { $0["organization_id"]?.stringValue != nil && $0["external_id"] != nil })
    #expect(identities.contains { $0[path: "traits", "name", "first"] == "Zoë" })
    #expect(identities.contains { $0[path: "traits", "name", "last"] == "山田" })

    try withSandbox(first) { (_, client) throws in
      let alice = try #require(
        try client.get("/admin/identities?credentials_identifier=alice@example.com").json()
          .arrayValue?.first)
      #expect(alice["schema_id"] == "customer")
      #expect(alice["state"] == "active")
      let id = try #require(alice["id"]?.stringValue)
      let sessions = try #require(
        try client.get("/admin/identities/\(id)/sessions?active=true").json().arrayValue)
      #expect(sessions.count == 2)
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=Bob.Jones@Example.com"))
          .count == 1)
      let all = try #require(try client.get("/admin/sessions?expand=identity").json().arrayValue)
      #expect(all.contains { $0["active"] == false })
      #expect(all.contains { $0["active"] == true })
    }
  }

  @Test func syntheticDataIsDeterministic() throws {
    let big = SandboxStore.synthetic(count: 20_000)
    #expect(big.identityCount == 20_000)
    #expect(
      SandboxStore.synthetic(count: 3).identityIDs == SandboxStore.synthetic(count: 3).identityIDs)
    #expect(big.identityIDs == big.identityIDs.sorted())
    big.addSynthetic(count: 10)
    #expect(big.identityCount == 20_010)
  }
}
