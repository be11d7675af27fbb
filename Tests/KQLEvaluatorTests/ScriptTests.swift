import Foundation
import KQLEvaluator
import KratosModel
import KratosSandbox
import Testing

/// Scripts: parsed whole before running, variables and arguments, on-error modes.
@Suite struct ScriptTests {
  @Test func aSyntaxErrorOnTheLastLineRunsNothing() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let script = """
      find email=alice@example.com | deactivate
      find email=bob.jones@example.com | revoke
      find | deactvate
      """
    let (status, console) = await sandbox.run(script, settings: .with { $0.assumeYes = true })
    #expect(status == .usage)
    #expect(console.errors.joined().contains("3:"))
    #expect(sandbox.server.statistics.requests == 0)
  }

  @Test func variablesAndScriptArguments() async throws {
    let sandbox = try Sandbox()
    let script = """
      let dept = Engineering
      find traits.department=$dept | count
      echo "args: $# first: $1"
      get $2 | ids
      """
    let alice = try await sandbox.identity(email: "alice@example.com")
    let (status, console) = await sandbox.run(script, arguments: ["one", alice.id])
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["3", "args: 2 first: one"])
    #expect(console.records.first?["id"]?.stringValue == alice.id)
  }

  @Test func variablesFromTheCommandLine() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find schema_id=$schema | count", variables: ["schema": "phone"])
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["6"])
  }

  @Test func aMissingArgumentIsAnErrorBeforeAnythingRuns() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run(
      "find email=bob.jones@example.com | deactivate\necho $2", arguments: ["one"])
    #expect(status == .usage)
    #expect(console.errors.joined().contains("$2 was not given (there is 1)"))
    #expect(sandbox.server.statistics.requests == 0)
  }

  @Test func onErrorStopStopsAtTheFirstFailedStatement() async throws {
    let sandbox = try Sandbox()
    let script = """
      echo one
      get 00000000-0000-4000-8000-00000000dead | ids
      echo three
      """
    let (status, console) = await sandbox.run(script)
    #expect(status == .failure)
    #expect(console.printed == ["one"])
    #expect(console.errors.joined().contains("stopped at line 2"))
  }

  @Test func onErrorContinueRunsTheRest() async throws {
    let sandbox = try Sandbox()
    let script = """
      set on-error continue
      echo one
      get 00000000-0000-4000-8000-00000000dead | ids
      echo three
      """
    let (status, console) = await sandbox.run(script)
    #expect(status == .failure)
    #expect(console.printed == ["one", "three"])
  }

  @Test func setOptionsAreChecked() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run("set concurrency lots")
    #expect(status == .usage)
    #expect(console.errors.joined().contains("concurrency takes a number"))
  }

  @Test func sourceRunsAnotherFile() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-\(UUID().uuidString).kql")
    try "let plan = pro\necho sourced\n".write(to: file, atomically: true, encoding: .utf8)
    let (status, console) = await sandbox.run("source \(file.path)\necho $plan")
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["sourced", "pro"])
  }
}

/// Dry runs, confirmations and interruption: nothing changes that the operator did not agree to.
@Suite struct SafetyTests {
  @Test func dryRunSendsNoWrite() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let settings = Settings.with { $0.dryRun = true }
    let (status, console) = await sandbox.run(
      "find schema_id=customer | deactivate | revoke | set metadata_public.x=1", settings: settings)
    #expect(status == .success, "\(console.everything)")
    #expect(sandbox.server.statistics.writes == 0)
    #expect(
      console.results.contains {
        $0.contains("would deactivate: PATCH /admin/identities/")
          && $0.contains("(now state active)")
      })
    #expect(console.notes.last?.hasPrefix("dry run, nothing was changed") == true)
  }

  @Test func bulkActionsWithNobodyToAskAreRefused() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run("find schema_id=employee | deactivate")
    #expect(status == .failure)
    #expect(console.errors.joined().contains("refusing to deactivate"))
    #expect(console.errors.joined().contains("--yes"))
    #expect(sandbox.server.statistics.writes == 0)
  }

  @Test func oneIdentityNeedsNoConfirmationButDeleteAlwaysDoes() async throws {
    let sandbox = try Sandbox()
    let (status, _) = await sandbox.run("find email=alice@example.com | deactivate")
    #expect(status == .success)
    let (deleted, console) = await sandbox.run("find email=alice@example.com | delete")
    #expect(deleted == .failure)
    #expect(console.errors.joined().contains("delete always needs confirmation"))
  }

  @Test func aDeclinedConfirmationChangesNothing() async throws {
    let sandbox = try Sandbox()
    sandbox.server.resetStatistics()
    let (status, console) = await sandbox.run(
      "find schema_id=employee | deactivate", console: RecordingConsole(answer: false))
    #expect(status == .failure)
    #expect(console.questions.first?.contains("deactivate 10 identities") == true)
    #expect(sandbox.server.statistics.writes == 0)
    let (agreed, yes) = await sandbox.run(
      "find schema_id=employee | deactivate", console: RecordingConsole(answer: true))
    #expect(agreed == .success, "\(yes.everything)")
  }

  @Test func confirmOffNeedsNoAnswer() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "set confirm off\nfind schema_id=employee | deactivate")
    #expect(status == .success, "\(console.everything)")
  }

  @Test func cancellingStopsNewWorkAndReportsWhatWasDone() async throws {
    let sandbox = try Sandbox(store: .synthetic(count: 40), latency: .milliseconds(100))
    let settings = Settings.with {
      $0.assumeYes = true
      $0.concurrency = 2
    }
    let console = RecordingConsole()
    let task = Task { await sandbox.run("find | deactivate", settings: settings, console: console) }
    try await Task.sleep(for: .milliseconds(700))
    task.cancel()
    let started = Date()
    let (status, _) = await task.value
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(status == .failure)
    #expect(console.notes.contains { $0.contains("interrupted") })
    // Far fewer than all 40 were changed.
    #expect(sandbox.server.statistics.count("PATCH") < 20)
  }
}

extension ScriptTests {
  @Test func aSourcedFileSeesTheCallersVariables() async throws {
    let sandbox = try Sandbox()
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-\(UUID().uuidString).kql")
    try "echo \"plan is $plan\"\n".write(to: file, atomically: true, encoding: .utf8)
    let (status, console) = await sandbox.run("let plan = pro\nsource \(file.path)")
    #expect(status == .success, "\(console.everything)")
    #expect(console.printed == ["plan is pro"])
  }
}

extension ScriptTests {
  /// Exit status 2 says nothing ran; it must not follow a statement that changed the server.
  @Test func aLaterRefusedStatementIsAFailureNotAUsageError() async throws {
    let sandbox = try Sandbox()
    let (status, console) = await sandbox.run(
      "find email=alice@example.com | deactivate\nsource /no/such/file.kql")
    #expect(status == .failure, "\(console.everything)")
    #expect(console.errors.joined().contains("cannot read /no/such/file.kql"))
  }
}
