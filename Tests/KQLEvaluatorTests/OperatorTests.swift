import Foundation
import KQLEvaluator
import KratosModel
import KratosSandbox
import Testing

/// Every operator, against identities with missing fields, null traits, arrays and unicode.
@Suite struct OperatorTests {
  /// A small store whose identities exercise the edge cases.
  static func store() throws -> SandboxStore {
    let store = SandboxStore()
    let seed = """
      [
        {"id": "10000000-0000-4000-8000-000000000001", "schema_id": "customer", "state": "active",
         "traits": {"email": "Zoë.Ünïcode@Example.com", "name": {"first": "Zoë", "last": "Müller"}},
         "metadata_public": {"plan": "pro", "seats": 12}, "created_at": "2024-01-31T10:00:00Z",
         "verifiable_addresses": [{"value": "zoe@example.com", "via": "email", "verified": true, "status": "completed"},
                                  {"value": "zoe@work.example", "via": "email", "verified": false, "status": "sent"}]},
        {"id": "10000000-0000-4000-8000-000000000002", "schema_id": "customer", "state": "inactive",
         "traits": {"email": "bob@example.org", "name": {"first": "Bob"}}, "metadata_public": null,
         "created_at": "2020-05-01T00:00:00.5+02:00"},
        {"id": "10000000-0000-4000-8000-000000000003", "schema_id": "phone", "state": "active",
         "traits": {"phone": "+4915112345678"}, "metadata_public": {"plan": "free", "seats": 3},
         "created_at": "2025-06-15T12:30:00.123456789Z"}
      ]
      """
    try store.load(seed: Array(seed.utf8))
    return store
  }

  static let cases: [(String, [Int])] = [
    ("state = active", [1, 3]),
    ("state != active", [2]),
    ("traits.name.first = zoë", [1]),
    ("traits.name.last = null", [2, 3]),
    ("traits.name.last != Müller", [2, 3]),
    ("metadata_public.seats > 5", [1]),
    ("metadata_public.seats <= 3", [3]),
    ("metadata_public.seats >= 3", [1, 3]),
    ("metadata_public.seats < 100", [1, 3]),
    ("metadata_public.plan = null", [2]),
    ("traits.email ~ EXAMPLE", [1, 2]),
    ("traits.email =~ \"^bob@\"", [2]),
    ("traits.email = *@example.com", [1]),
    ("traits.email = '*@example.com'", []),
    ("verifiable_addresses.value = zoe@work.example", [1]),
    ("verifiable_addresses.verified = false", [1]),
    ("schema_id in (phone, nobody)", [3]),
    ("schema_id not in (phone)", [1, 2]),
    ("has metadata_public.plan", [1, 3]),
    ("not has traits.email", [3]),
    ("created_at < 2021-01-01", [2]),
    ("created_at > 2024-01-01 and created_at < 2025-01-01", [1]),
    ("created_at = 2024-01-31", [1]),
    ("created_at = 2025-06-15T12:30:00.123456789Z", [3]),
    ("created_at < 90d", [1, 2, 3]),
    ("created_at > 36500d", [1, 2, 3]),
    ("(state = inactive or schema_id = phone) and not traits.phone ~ 4915", [2]),
    ("email = zoe@example.com", [1]),
    ("id = 10000000-0000-4000-8000-000000000002", [2]),
    ("id in (10000000-0000-4000-8000-000000000001, 10000000-0000-4000-8000-000000000003)", [1, 3]),
    ("traits.nothing.here = x", []),
    ("traits.nothing.here != x", [1, 2, 3]),
  ]

  @Test(arguments: cases)
  func operatorMatches(expression: String, expected: [Int]) async throws {
    let sandbox = try Sandbox(store: Self.store())
    let (status, console) = await sandbox.run("find | where \(expression) | ids")
    #expect(status == .success, "\(console.everything)")
    let got = console.records.compactMap { $0["id"]?.stringValue }.compactMap { Int($0.suffix(1)) }
    #expect(got == expected, "where \(expression)")
    // find with the same predicate must agree with where, whatever plan it picks.
    let (_, found) = await sandbox.run("find \(expression) | ids")
    #expect(
      found.records.compactMap { $0["id"]?.stringValue }.compactMap { Int($0.suffix(1)) }
        == expected)
  }

  @Test func badRegularExpressionIsReportedBeforeAnyRequest() async throws {
    let sandbox = try Sandbox(store: Self.store())
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run("find traits.email =~ \"(\" | count")
    #expect(status == .usage)
    #expect(console.errors.joined().contains("not a valid regular expression"))
    #expect(sandbox.server.statistics.requests == 0)
  }

  @Test func socialSignInOnlyIdentitiesAreFoundByIdentifier() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run("find identifier=google:104327718342098475621 | ids")
    #expect(status == .success)
    #expect(console.records.count == 1)
    let (_, scanned) = await sandbox.run("find identifier = google:* | count")
    #expect(scanned.printed == ["2"])
  }
}

extension OperatorTests {
  /// Listings carry login identifiers only on request; every source must ask when a stage reads
  /// them, or `identifier != x` would match the very identity it was meant to spare.
  @Test(arguments: [
    "find | where identifier != alice@example.com | count",
    "find | where not identifier = alice@example.com | count",
  ])
  func identifierPredicatesInWhereSeeTheIdentifiers(pipeline: String) async throws {
    let sandbox = try Sandbox()
    let (_, all) = await sandbox.run("find | count")
    let (status, console) = await sandbox.run(pipeline)
    #expect(status == .success)
    #expect(Int(console.printed.first ?? "") == (Int(all.printed.first ?? "") ?? 0) - 1)
  }

  @Test func everySourceFetchesIdentifiersWhenAStageReadsThem() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    for pipeline in [
      "get \(alice.id) | where identifier = alice@example.com | count",
      "find id=\(alice.id) and identifier=alice@example.com | count",
      "find | where identifier=alice@example.com | count",
    ] {
      let (_, console) = await sandbox.run(pipeline)
      #expect(console.printed == ["1"], "\(pipeline)")
    }
    let (_, shown) = await sandbox.run("get \(alice.id) | show id identifier")
    #expect(shown.records.first?["identifier"] == "alice@example.com")
    // The identifiers come without the credentials' configuration (password hashes).
    let (_, json) = await sandbox.run("get \(alice.id) | where has identifier | jsonl")
    #expect(json.records.first?["credentials"]?["password"]?["config"] == nil)
    #expect(json.records.first?["credentials"]?["password"]?["identifiers"] != nil)
  }
}
