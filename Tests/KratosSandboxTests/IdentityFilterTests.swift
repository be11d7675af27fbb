import KratosModel
import Testing

@testable import KratosSandbox

/// The filters of `GET /admin/identities` and what they show of credentials.
@Suite struct IdentityFilterTests {
  static func store() throws -> (SandboxStore, alice: String, social: String) {
    let store = SandboxStore()
    let alice = try store.addIdentity([
      "schema_id": "customer",
      "traits": ["email": "Alice.Smith@Example.com", "name": ["first": "Alice", "last": "Smith"]],
      "metadata_admin": ["note": "vip"],
      "organization_id": "11111111-2222-4333-8444-555555555555",
      "credentials": [
        "password": [
          "identifiers": ["Alice.Smith@Example.com"], "config": ["hashed_password": "$2a$secret"],
        ]
      ],
    ])
    let social = try store.addIdentity([
      "schema_id": "customer",
      "traits": ["email": "sam@example.com"],
      "credentials": ["oidc": ["identifiers": ["google:AbC123"], "config": ["providers": []]]],
    ])
    store.addSynthetic(count: 5)
    return (store, alice, social)
  }

  @Test(arguments: [
    "alice.smith@example.com", "ALICE.SMITH@EXAMPLE.COM", "%20Alice.Smith%40Example.com%20",
  ])
  func credentialsIdentifierIsCaseInsensitiveForPasswords(value: String) throws {
    let (store, alice, _) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      let response = try client.get("/admin/identities?credentials_identifier=\(value)")
      #expect(try ids(of: response) == [alice])
      let first = try #require(try response.json().arrayValue?.first)
      #expect(first[path: "credentials", "password", "identifiers"] == ["alice.smith@example.com"])
      #expect(first[path: "credentials", "password", "config"] == nil)
      #expect(first["metadata_admin"] == ["note": "vip"])
    }
  }

  @Test func oidcIdentifiersAreComparedAsTheyAre() throws {
    let (store, _, social) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=google:AbC123")) == [
          social
        ])
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=google:abc123")) == [])
      // Traits are not searched.
      #expect(
        try ids(of: client.get("/admin/identities?credentials_identifier=sam@example.com")) == [])
    }
  }

  @Test func similarSearchIsANormalisedPrefix() throws {
    let (store, alice, _) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      #expect(
        try ids(of: client.get("/admin/identities?preview_credentials_identifier_similar=ALICE.S"))
          == [alice])
      #expect(
        try ids(of: client.get("/admin/identities?preview_credentials_identifier_similar=user"))
          .count == 5)
    }
  }

  @Test func listingWithoutFilterOmitsCredentialsButIncludeCredentialShowsConfig() throws {
    let (store, alice, _) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      let plain = try #require(try client.get("/admin/identities").json().arrayValue)
      #expect(plain.allSatisfy { $0["credentials"] == nil })
      let declassified = try client.get(
        "/admin/identities?ids=\(alice)&include_credential=password")
      let row = try #require(try declassified.json().arrayValue?.first)
      #expect(row[path: "credentials", "password", "config", "hashed_password"] == "$2a$secret")
      #expect(try client.get("/admin/identities?include_credential=profile").status == 400)
    }
  }

  @Test(arguments: [
    "ids=11111111-2222-4333-8444-555555555555&credentials_identifier=a",
    "organization_id=11111111-2222-4333-8444-555555555555&credentials_identifier=a",
    "credentials_identifier=a&preview_credentials_identifier_similar=b",
  ])
  func combiningFiltersGives400(query: String) throws {
    try withSandbox { (_, client) throws in
      let response = try client.get("/admin/identities?\(query)")
      #expect(response.status == 400)
      #expect(
        try response.json()[path: "error", "reason"]
          == "You cannot combine multiple filters in this API")
    }
  }

  @Test func idsFilterChecksEachValueAndTheCount() throws {
    let (store, alice, social) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      #expect(
        try ids(of: client.get("/admin/identities?ids=\(social)&ids=\(alice.uppercased())"))
          == [alice, social].sorted())
      #expect(try client.get("/admin/identities?ids=nope").status == 400)
      var generator = IDGenerator(seed: 9)
      let many = (0..<501).map { _ in "ids=\(generator.next())" }.joined(separator: "&")
      let tooMany = try client.get("/admin/identities?\(many)")
      #expect(tooMany.status == 400)
      #expect(
        try tooMany.json()[path: "error", "reason"]
          == "The number of ids to filter must not exceed 500.")
      let fiveHundred = (0..<500).map { _ in "ids=\(generator.next())" }.joined(separator: "&")
      #expect(try client.get("/admin/identities?\(fiveHundred)").status == 200)
    }
  }

  @Test func organizationFilter() throws {
    let (store, alice, _) = try IdentityFilterTests.store()
    try withSandbox(store) { (_, client) throws in
      #expect(
        try ids(
          of: client.get("/admin/identities?organization_id=11111111-2222-4333-8444-555555555555"))
          == [alice])
      #expect(try client.get("/admin/identities?organization_id=acme").status == 400)
    }
  }
}
