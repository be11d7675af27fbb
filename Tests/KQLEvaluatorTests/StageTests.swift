import Foundation
import KQLEvaluator
import KratosModel
import KratosSandbox
import Testing

/// One test per stage against the demo data.
@Suite struct StageTests {
  let yes = Settings.with { $0.assumeYes = true }

  @Test func whereTakeSortAndSelect() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find schema_id=customer | where state = active | sort traits.name.first desc | take 3 | select id traits.name.first | jsonl"
    )
    #expect(status == .success, "\(console.everything)")
    let names = console.records.compactMap { $0["traits.name.first"]?.stringValue }
    #expect(names.count == 3)
    #expect(names == names.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedDescending })
    #expect(
      console.records.allSatisfy { $0.objectValue?.keys.sorted() == ["id", "traits.name.first"] })
  }

  @Test func showProjectsColumnsAndJoinsArrays() async throws {
    let sandbox = try Sandbox()
    let (_, console) = await sandbox.run(
      "find email=alice@example.com | show id, verifiable_addresses.value, traits.nope")
    let row = try #require(console.records.first)
    #expect(row["verifiable_addresses.value"] == "alice@example.com")
    #expect(row["traits.nope"] == .null)
    #expect(console.requests.first?.columns == ["id", "verifiable_addresses.value", "traits.nope"])
  }

  @Test func outputShapeNeverDependsOnTheCount() async throws {
    let sandbox = try Sandbox()
    for query in [
      "find email=nobody@nowhere.example --no-scan", "find email=alice@example.com",
      "find schema_id=employee",
    ] {
      let (_, console) = await sandbox.run("\(query) | json")
      #expect(console.requests.map(\.format) == [.json])
    }
    let (_, counted) = await sandbox.run("find email=nobody@nowhere.example --no-scan | count")
    #expect(counted.printed == ["0"])
  }

  @Test func csvAndIDsOutputs() async throws {
    let sandbox = try Sandbox()
    let (_, csv) = await sandbox.run("find schema_id=phone | csv id traits.phone")
    #expect(csv.requests.first?.format == .csv)
    #expect(csv.records.count == 6)
    let (_, ids) = await sandbox.run("find schema_id=phone | ids")
    #expect(ids.requests.first?.format == .ids)
    #expect(ids.records.allSatisfy { UUIDText.isValid($0["id"]?.stringValue ?? "") })
  }

  @Test func setAndUnsetPatchOnlyWhatChanges() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find email=alice@example.com | set metadata_public.plan=enterprise traits.name.first=Alicia",
      settings: yes)
    #expect(status == .success, "\(console.everything)")
    #expect(console.results == ["updated"])
    var alice = try await sandbox.identity(email: "alice@example.com")
    #expect(alice.json["metadata_public"]?["plan"] == "enterprise")
    #expect(alice.traits["name"]?["first"] == "Alicia")

    sandbox.server.resetStatistics()
    let (_, again) = await sandbox.run(
      "find email=alice@example.com | set metadata_public.plan=enterprise", settings: yes)
    #expect(again.results == ["unchanged"])
    #expect(sandbox.server.statistics.count("PATCH") == 0)

    let (_, unset) = await sandbox.run(
      "find email=alice@example.com | unset metadata_public.plan", settings: yes)
    #expect(unset.results == ["updated"])
    alice = try await sandbox.identity(email: "alice@example.com")
    #expect(alice.json["metadata_public"]?["plan"] == nil)
  }

  @Test func setRefusesFieldsOutsideTraitsAndMetadata() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find email=alice@example.com | set state=inactive", settings: yes)
    #expect(status == .usage)
    #expect(console.errors.joined().contains("traits, metadata_public or metadata_admin"))
  }

  @Test func deleteBacksUpFirstWithCredentials() async throws {
    let sandbox = try Sandbox()
    let alice = try await sandbox.identity(email: "alice@example.com")
    let (status, console) = await sandbox.run(
      "find email=alice@example.com | delete", settings: yes)
    #expect(status == .success, "\(console.everything)")
    #expect(console.results == ["deleted"])
    #expect(try await sandbox.client.identity(id: alice.id) == nil)
    let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.backups)
    let file = sandbox.backups + "/" + (try #require(files.first))
    #expect(
      (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
    let saved = try JSON(
      parsing: try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .newlines))
    #expect(saved["id"]?.stringValue == alice.id)
    #expect(saved["credentials"]?["password"]?["config"] != nil)
    #expect(console.notes.contains { $0.contains(file) })
  }

  @Test func recoverPrintsALinkOrACode() async throws {
    let sandbox = try Sandbox()
    let (status, link) = await sandbox.run(
      "find email=alice@example.com | recover link --expires 1h", settings: yes)
    #expect(status == .success, "\(link.everything)")
    #expect(link.records.first?["recovery_link"]?.stringValue?.hasPrefix("http") == true)
    let (_, code) = await sandbox.run("find email=alice@example.com | recover code", settings: yes)
    #expect(code.records.first?["recovery_code"]?.stringValue?.isEmpty == false)
  }

  @Test func sessionsAsSourceAndPerIdentity() async throws {
    let sandbox = try Sandbox()
    let (status, all) = await sandbox.run("sessions | count")
    #expect(status == .success)
    #expect(Int(all.printed.first ?? "") == sandbox.store.sessionCount)

    let alice = try await sandbox.identity(email: "alice@example.com")
    let (_, mine) = await sandbox.run("find email=alice@example.com | sessions | jsonl")
    #expect(mine.records.count >= 2)
    #expect(mine.records.allSatisfy { $0["identity_id"]?.stringValue == alice.id })
  }

  @Test func revokeAfterSessionsRevokesEachSession() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find email=alice@example.com | sessions --active | revoke", settings: yes)
    #expect(status == .success, "\(console.everything)")
    #expect(console.results.allSatisfy { $0 == "revoked" } && !console.results.isEmpty)
    #expect(
      sandbox.server.statistics.log.contains {
        $0.method == "DELETE" && $0.target.hasPrefix("/admin/sessions/")
      })
  }

  @Test func actionsRefuseRecordsOfTheWrongKind() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run("sessions | deactivate", settings: yes)
    #expect(status == .usage)
    #expect(console.errors.joined().contains("works on identities"))
  }

  @Test func explainPrintsThePlanWithoutChangingAnything() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run(
      "explain find email=alice@example.com | deactivate | revoke")
    #expect(status == .success)
    let text = console.printed.joined(separator: "\n")
    #expect(text.contains("credentials_identifier=alice@example.com"))
    #expect(text.contains("full scan"))
    #expect(text.contains("PATCH"))
    #expect(sandbox.server.statistics.writes == 0)
  }
}

extension StageTests {
  @Test func saveForImportWritesCreateBodiesKratosAccepts() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-import-\(UUID().uuidString)"
    ).path
    let (status, console) = await sandbox.run(
      "find email=alice@example.com or identifier=google:104327718342098475621 | save \(file) --import"
    )
    #expect(status == .success, "\(console.everything)")
    let saved = try JSON(parsing: try String(contentsOfFile: file, encoding: .utf8))
    let bodies = try #require(saved.arrayValue)
    #expect(bodies.count == 2)
    #expect(
      bodies.allSatisfy { $0["id"] == nil && $0["schema_url"] == nil && $0["created_at"] == nil })
    #expect(
      bodies.contains { $0["credentials"]?["password"]?["config"]?["hashed_password"] != nil })
    #expect(bodies.contains { $0["credentials"]?["oidc"]?["config"]?["providers"] != nil })

    // Deleted, then created again from the file, the identities come back with their logins.
    let (deleted, _) = await sandbox.run(
      "find email=alice@example.com or identifier=google:104327718342098475621 | delete",
      settings: .with { $0.assumeYes = true })
    #expect(deleted == .success)
    for body in bodies { _ = try await sandbox.client.createIdentity(body) }
    let (_, found) = await sandbox.run("find email=alice@example.com | count")
    #expect(found.printed == ["1"])
    let (_, social) = await sandbox.run("find identifier=google:104327718342098475621 | count")
    #expect(social.printed == ["1"])
  }

  @Test func saveOfNothingForImportIsAnEmptyArray() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-import-\(UUID().uuidString)"
    ).path
    let (status, _) = await sandbox.run(
      "find email=nobody@nowhere.example --no-scan | save \(file) --import")
    #expect(status == .success)
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "[]\n")
  }
}

extension StageTests {
  /// An identity whose sessions were all revoked has none to list; this once paged for ever.
  @Test func sessionsOfAnIdentityWithoutSessions() async throws {
    let sandbox = try Sandbox()
    _ = await sandbox.run("find email=alice@example.com | revoke")
    let (status, console) = await sandbox.run("find email=alice@example.com | sessions | count")
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["0"])
  }
}

extension StageTests {
  @Test(arguments: ["asc", "desc"])
  func sortPutsMissingValuesLastEitherWay(direction: String) async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find | sort traits.name.last \(direction) | select id traits.name.last | jsonl")
    #expect(status == .success)
    let names = console.records.map { $0["traits.name.last"]?.stringValue }
    let present = names.prefix { $0 != nil }
    #expect(present.count > 10)
    #expect(names.dropFirst(present.count).allSatisfy { $0 == nil })
  }
}

extension StageTests {
  /// A field's shape must not depend on how many elements it holds.
  @Test func selectKeepsArraysAsArrays() async throws {
    let sandbox = try Sandbox()
    _ = await sandbox.run(
      "find email=alice@example.com | set metadata_public.one=(a) metadata_public.none=()",
      settings: .with { $0.assumeYes = true })
    let (_, console) = await sandbox.run(
      "find email=alice@example.com | select metadata_public.one metadata_public.none verifiable_addresses | jsonl"
    )
    let row = try #require(console.records.first)
    #expect(row["metadata_public.one"] == ["a"])
    #expect(row["metadata_public.none"] == [])
    #expect(row["verifiable_addresses"]?.arrayValue?.count == 1)
  }
}

extension StageTests {
  @Test func explainCountsTheSecondLookupOfAnIdentifierWithCapitals() async throws {
    let sandbox = try Sandbox()
    let (_, console) = await sandbox.run("explain find identifier=Google:ABC")
    #expect(console.printed.first?.contains("=google:abc and =Google:ABC (2 requests)") == true)
  }
}
