import KratosModel
import Testing

@testable import KratosSandbox

/// Single-identity reads and writes: GET, POST, PUT, DELETE and the error format.
@Suite struct IdentityRouteTests {
  @Test func getShowsCredentialsWithoutConfigAndMalformedIDIs404() throws {
    let store = SandboxStore.synthetic(count: 1)
    let id = try #require(store.identityIDs.first)
    try withSandbox(store) { (server, client) throws in
      let response = try client.get("/admin/identities/\(id)")
      #expect(response.status == 200)
      let json = try response.json()
      #expect(json["id"] == .string(id))
      #expect(json[path: "credentials", "password", "identifiers"] == ["user0@example.com"])
      #expect(json[path: "credentials", "password", "config"] == nil)
      #expect(json["schema_url"] == .string("\(server.baseURL)/schemas/ZGVmYXVsdA"))
      #expect(json["organization_id"] == .null)

      let malformed = try client.get("/admin/identities/not-a-uuid")
      #expect(malformed.status == 404)
      #expect(malformed.headers["content-type"] == "application/json")
      #expect(malformed.headers["ory-error-id"] != nil)
      #expect(
        try malformed.json()
          == [
            "error": [
              "code": 404, "status": "Not Found", "message": "Unable to locate the resource",
            ]
          ])
      #expect(try client.get("/admin/identities/\(UUIDText.zero)").status == 404)
    }
  }

  @Test func createIsStrictAnd201WithLocationAndDuplicatesConflict() throws {
    try withSandbox { (server, client) throws in
      let body =
        #"{"schema_id":"customer","traits":{"email":"New.User@Example.com"},"#
        + #""metadata_admin":{"a":1}}"#
      let created = try client.send("POST", "/admin/identities", body: body)
      #expect(created.status == 201)
      let json = try created.json()
      let id = try #require(json["id"]?.stringValue)
      #expect(created.headers["location"] == "\(server.baseURL)/admin/identities/\(id)")
      #expect(json[path: "credentials", "password", "identifiers"] == ["new.user@example.com"])
      #expect(json["verifiable_addresses"]?.arrayValue?.first?["value"] == "new.user@example.com")
      #expect(json["metadata_admin"] == ["a": 1])
      #expect(json["state"] == "active")

      let duplicate = try client.send("POST", "/admin/identities", body: body)
      #expect(duplicate.status == 409)

      let unknown = try client.send(
        "POST", "/admin/identities", body: #"{"traits":{"email":"x@y.z"},"nope":1}"#)
      #expect(unknown.status == 400)
      #expect(try unknown.json()[path: "error", "message"] == #"json: unknown field "nope""#)

      let invalid = try client.send(
        "POST", "/admin/identities", body: #"{"schema_id":"employee","traits":{"email":"e@x.y"}}"#)
      #expect(invalid.status == 400)
      #expect(
        try invalid.json()[path: "error", "reason"]?.stringValue?.contains("department") == true)
      #expect(server.store.identityCount == 1)
    }
  }

  @Test func putOverwritesAndNeedsJSONContentType() throws {
    let store = SandboxStore()
    let id = try store.addIdentity([
      "traits": ["email": "p@example.com"], "metadata_public": ["keep": false],
      "external_id": "ext-1",
      "credentials": [
        "password": ["identifiers": ["p@example.com"], "config": ["hashed_password": "h"]]
      ],
    ])
    try withSandbox(store) { (_, client) throws in
      let wrongType = try client.send(
        "PUT", "/admin/identities/\(id)", body: #"{"traits":{"email":"p@example.com"}}"#,
        contentType: "text/plain")
      #expect(wrongType.status == 400)
      let empty = try client.send("PUT", "/admin/identities/\(id)", body: "")
      #expect(empty.status == 400)

      let response = try client.send(
        "PUT", "/admin/identities/\(id)",
        body: #"{"traits":{"email":"q@example.com"},"state":"inactive","bogus":1}"#)
      #expect(response.status == 200)
      let json = try response.json()
      #expect(json["metadata_public"] == .null)
      #expect(json["external_id"] == nil)
      #expect(json["state"] == "inactive")
      #expect(json["state_changed_at"] != nil)
      #expect(json[path: "credentials", "password", "identifiers"] == ["q@example.com"])
      #expect(
        store.identity(id: id)?[path: "credentials", "password", "config", "hashed_password"] == "h"
      )
      #expect(
        try client.send("PUT", "/admin/identities/\(UUIDText.zero)", body: "{}").status == 404)
    }
  }

  @Test func deleteCascadesSessionsAnd404sAfterwards() throws {
    let store = SandboxStore.synthetic(count: 2, sessionsPerIdentity: 2)
    let id = try #require(store.identityIDs.first)
    try withSandbox(store) { (_, client) throws in
      #expect(try client.send("DELETE", "/admin/identities/\(id)").status == 204)
      #expect(store.sessionCount == 2)
      #expect(try client.send("DELETE", "/admin/identities/\(id)").status == 404)
      #expect(try client.send("DELETE", "/admin/identities/garbage").status == 404)
    }
  }

  @Test func byExternalID() throws {
    let store = SandboxStore()
    let id = try store.addIdentity(["traits": ["email": "e@example.com"], "external_id": "crm/42"])
    try withSandbox(store) { (_, client) throws in
      let found = try client.get("/admin/identities/by/external/crm%2F42")
      #expect(found.status == 200)
      #expect(try found.json()["id"] == .string(id))
      #expect(try client.get("/admin/identities/by/external/unknown").status == 404)
    }
  }

  @Test func unknownRouteAndWrongMethodUseHerodotFormat() throws {
    try withSandbox { (_, client) throws in
      let missing = try client.get("/admin/nothing/here")
      #expect(missing.status == 404)
      #expect(try missing.json()[path: "error", "status"] == "Not Found")
      let wrong = try client.send("PUT", "/admin/sessions")
      #expect(wrong.status == 405)
      #expect(wrong.headers["allow"] == "GET")
      let echoed = try client.send("GET", "/admin/nothing", headers: [("X-Request-ID", "req-7")])
      #expect(try echoed.json()[path: "error", "request"] == "req-7")
    }
  }

  @Test func healthVersionAndSchemas() throws {
    try withSandbox { (_, client) throws in
      for path in ["/health/alive", "/health/ready", "/admin/health/alive"] {
        let response = try client.get(path)
        #expect(response.status == 200)
        #expect(try response.json() == ["status": "ok"])
      }
      #expect(try client.get("/version").json() == ["version": "v26.2.0"])
      let schemas = try #require(try client.get("/schemas").json().arrayValue)
      #expect(schemas.compactMap { $0["id"]?.stringValue } == IdentitySchemaCatalog.ids)
      let customer = try client.get("/admin/schemas/customer")
      #expect(customer.status == 200)
      #expect(try customer.json()[path: "properties", "traits", "required"] == ["email"])
      #expect(try client.get("/schemas/nope").status == 404)
    }
  }
}

/// `DELETE /admin/identities/{id}/credentials/{type}`.
@Suite struct CredentialDeletionTests {
  @Test func lastFirstFactorStaysAndProvidersAreRemovedOneByOne() throws {
    let store = SandboxStore()
    let id = try store.addIdentity([
      "traits": ["email": "c@example.com"],
      "credentials": [
        "password": ["identifiers": ["c@example.com"], "config": ["hashed_password": "h"]],
        "oidc": [
          "identifiers": ["google:1"],
          "config": ["providers": [["provider": "google", "subject": "1"]]],
        ],
        "totp": ["config": ["totp_url": "otpauth://x"]],
      ],
    ])
    try withSandbox(store) { (_, client) throws in
      let base = "/admin/identities/\(id)/credentials"
      #expect(try client.send("DELETE", "\(base)/totp").status == 204)
      #expect(try client.send("DELETE", "\(base)/totp").status == 404)
      #expect(try client.send("DELETE", "\(base)/oidc").status == 400)
      #expect(try client.send("DELETE", "\(base)/oidc?identifier=google:2").status == 404)
      #expect(try client.send("DELETE", "\(base)/oidc?identifier=google:1").status == 204)
      #expect(store.identity(id: id)?[path: "credentials", "oidc"] == nil)
      let last = try client.send("DELETE", "\(base)/password")
      #expect(last.status == 400)
      #expect(
        try last.json()[path: "error", "reason"]
          == "You cannot remove the last first factor credential.")
      #expect(try client.send("DELETE", "/admin/identities/bad/credentials/password").status == 404)
    }
  }
}
