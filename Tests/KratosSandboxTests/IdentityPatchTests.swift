import KratosModel
import Testing

@testable import KratosSandbox

/// JSON Patch on identities: allowed operations, the deny-list and the state rules.
@Suite struct IdentityPatchTests {
  static func store() throws -> (SandboxStore, String) {
    let store = SandboxStore()
    let id = try store.addIdentity([
      "schema_id": "customer",
      "traits": ["email": "pat@example.com", "name": ["first": "Pat"]],
      "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
      "credentials": [
        "password": ["identifiers": ["pat@example.com"], "config": ["hashed_password": "h"]],
        "oidc": [
          "identifiers": ["google:1"],
          "config": ["providers": [["provider": "google", "subject": "1"]]],
        ],
      ],
    ])
    return (store, id)
  }

  func patch(
    _ client: LoopbackClient, _ id: String, _ body: String
  ) throws
    -> LoopbackClient.Response
  {
    try client.send("PATCH", "/admin/identities/\(id)", body: body)
  }

  @Test func replaceOnAbsentPathAddsItAndBumpsUpdatedAt() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id,
        #"[{"op":"replace","path":"/metadata_public/tier/level","value":"gold"},"#
          + #"{"op":"add","path":"/traits/name/last","value":"Lee"}]"#)
      #expect(response.status == 200)
      let json = try response.json()
      #expect(json["metadata_public"] == ["tier": ["level": "gold"]])
      #expect(json[path: "traits", "name"] == ["first": "Pat", "last": "Lee"])
      #expect(json["updated_at"] != "2025-01-01T00:00:00Z")
      #expect(json["created_at"] == "2025-01-01T00:00:00Z")
      #expect(json[path: "credentials", "password", "config"] == nil)
    }
  }

  @Test(arguments: ["move", "copy", "test"])
  func onlyAddRemoveReplaceAreAllowed(op: String) throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id, #"[{"op":"\#(op)","from":"/traits","path":"/metadata_public"}]"#)
      #expect(response.status == 400)
      let error = try response.json()["error"]
      #expect(error?["message"] == .string("unsupported operation: \(op)"))
      #expect(error?["reason"] == "An error occured when applying the JSON patch")
    }
  }

  @Test(arguments: [
    "/id", "/ID", "/stateChangedAt", "/credentials", "/credentials/oidc/config",
    "/Credentials/OIDC/identifiers/0",
  ])
  func deniedPathsAreRefusedCaseInsensitively(path: String) throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(client, id, #"[{"op":"replace","path":"\#(path)","value":"x"}]"#)
      #expect(response.status == 400)
      #expect(
        try response.json()[path: "error", "message"]
          == .string("patch includes denied path: \(path)"))
    }
  }

  @Test func otherCredentialPathsArePatchable() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id,
        #"[{"op":"replace","path":"/credentials/password/config/hashed_password","value":"new"}]"#)
      #expect(response.status == 200)
      #expect(
        store.identity(id: id)?[path: "credentials", "password", "config", "hashed_password"]
          == "new")
    }
  }

  @Test func removeOfMissingPathGives400AndNothingIsSaved() throws {
    let (store, id) = try IdentityPatchTests.store()
    let before = store.identity(id: id)
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id,
        #"[{"op":"add","path":"/metadata_admin","value":{"a":1}},"#
          + #"{"op":"remove","path":"/traits/missing"}]"#
      )
      #expect(response.status == 400)
      #expect(store.identity(id: id) == before)
      #expect(try patch(client, id, "").status == 400)
    }
  }

  @Test func stateChangeSetsStateChangedAtAndBadStateIsRefused() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let bad = try patch(client, id, #"[{"op":"replace","path":"/state","value":"paused"}]"#)
      #expect(bad.status == 400)
      #expect(
        try bad.json()[path: "error", "reason"]?.stringValue?.hasPrefix(
          "The supplied state ('paused')") == true)
      #expect(store.identity(id: id)?["state"] == "active")

      let deactivated = try patch(
        client, id, #"[{"op":"replace","path":"/state","value":"inactive"}]"#)
      #expect(deactivated.status == 200)
      let changed = try #require(try deactivated.json()["state_changed_at"]?.stringValue)
      #expect(changed != "2025-01-01T00:00:00Z")
      #expect(Timestamp.parse(changed) != nil)
    }
  }

  /// The deny-list names `/stateChangedAt`, so the snake-case field is writable when the state
  /// does not change.
  @Test func stateChangedAtIsNotDenied() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id, #"[{"op":"add","path":"/state_changed_at","value":"2001-02-03T04:05:06Z"}]"#)
      #expect(response.status == 200)
      #expect(try response.json()["state_changed_at"] == "2001-02-03T04:05:06Z")
    }
  }

  @Test func traitsAreValidatedAgainstTheSchema() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let removed = try patch(client, id, #"[{"op":"remove","path":"/traits/email"}]"#)
      #expect(removed.status == 400)
      let wrongType = try patch(
        client, id, #"[{"op":"replace","path":"/traits/email","value":42}]"#)
      #expect(wrongType.status == 400)
      #expect(store.identity(id: id)?[path: "traits", "email"] == "pat@example.com")
      #expect(try patch(client, UUIDText.zero, "[]").status == 404)
      #expect(try patch(client, "bad-id", "[]").status == 404)
    }
  }

  @Test func changingTheEmailMovesTheLoginIdentifier() throws {
    let (store, id) = try IdentityPatchTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try patch(
        client, id, #"[{"op":"replace","path":"/traits/email","value":"Pat.New@Example.com"}]"#)
      #expect(response.status == 200)
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=pat.new@example.com")) == [
          id
        ])
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=pat@example.com")) == [])
    }
  }

  @Test func globMatchesLikeGobwas() {
    let deny = GlobPattern("{/id,/credentials,/credentials/oidc/**}")
    #expect(deny.matches("/id"))
    #expect(deny.matches("/credentials"))
    #expect(deny.matches("/credentials/oidc/config/providers/0"))
    #expect(!deny.matches("/credentials/oidc"))
    #expect(!deny.matches("/credentials/password/config"))
    #expect(!deny.matches("/identity"))
    #expect(GlobPattern("/a/*").matches("/a/b"))
    #expect(!GlobPattern("/a/*").matches("/a/b/c"))
  }
}
