import Foundation
import Testing

/// The built `kql` binary doing the main job in every way it can be run.
@Suite(.serialized) struct MainJobEndToEndTests {
  static let mainJob = "find email=alice@example.com | deactivate | revoke"

  @Test func oneLinerOnTheSandbox() throws {
    let result = try KQLProcess.run(["--sandbox", "-c", Self.mainJob])
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(result.stdout.split(separator: "\n").first)
    #expect(line.contains("\"identity\":\"alice@example.com\""))
    #expect(line.contains("deactivated, revoked 2 sessions"))
    #expect(result.stderr.contains("1 identity: 1 deactivated, 2 sessions revoked"))
  }

  @Test func scriptFileWithArgumentsCommentsAndContinuation() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let script = directory.appendingPathComponent("offboard.kql")
    try """
    #!/usr/bin/env kql
    # Offboard one user by e-mail: deactivate, then end every session.
    find email=$1 |
      deactivate |   # no new logins
      revoke
    echo "offboarded $1"
    """.write(to: script, atomically: true, encoding: .utf8)
    let result = try KQLProcess.run(["--sandbox", script.path, "Alice@Example.com"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("deactivated, revoked 2 sessions"))
    #expect(result.stdout.contains("offboarded Alice@Example.com"))
  }

  @Test func identityIDsOnStandardInput() throws {
    let lookup = try KQLProcess.run(["--sandbox", "-c", "find email=alice@example.com | ids"])
    let id = lookup.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(id.count == 36, "\(lookup.stderr)")
    let result = try KQLProcess.run(
      ["--sandbox", "-c", "deactivate | revoke"], stdin: "# leavers\n\(id)\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("deactivated, revoked 2 sessions"))
  }

  @Test func aBadIDLineChangesNothing() throws {
    let result = try KQLProcess.run(
      ["--sandbox", "--yes", "-c", "deactivate | revoke"],
      stdin: "00000000-0000-4000-8000-000000000001\nnot-an-id\n")
    #expect(result.status == 2)
    #expect(result.stderr.contains("standard input line 2"))
    #expect(result.stderr.contains("nothing was changed"))
  }

  @Test func scriptOnStandardInput() throws {
    let result = try KQLProcess.run(
      ["--sandbox"], stdin: "find email=alice@example.com | count\necho done\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "1\ndone\n")
  }

  @Test func againstASeparatelyStartedSandbox() throws {
    let server = try SandboxProcess()
    let endpoint = ["--endpoint", server.baseURL]
    let result = try KQLProcess.run(endpoint + ["-c", Self.mainJob])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("deactivated, revoked 2 sessions"))
    // The change is on the server: a second kql process sees it.
    let state = try KQLProcess.run(endpoint + ["-c", "find email=alice@example.com | csv state"])
    #expect(state.stdout.contains("inactive"), "\(state.stdout)\(state.stderr)")
    let again = try KQLProcess.run(endpoint + ["-c", Self.mainJob])
    #expect(again.stdout.contains("already inactive, no sessions"))
  }

  @Test func endpointFromTheEnvironment() throws {
    let server = try SandboxProcess()
    let environment = try KQLProcess.scratchEnvironment(["KRATOS_ADMIN_URL": server.baseURL])
    let result = try KQLProcess.run(["-c", "find | count"], environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 40)
  }

  @Test func anUnreachableServerIsAClearError() throws {
    let result = try KQLProcess.run(["--endpoint", "http://127.0.0.1:9", "-c", "find | count"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot connect to http://127.0.0.1:9"), "\(result.stderr)")
    // No count that looks like an answer.
    #expect(result.stdout.isEmpty)
  }
}

/// `kql sandbox` started as its own process on a free port, stopped when the value goes away.
final class SandboxProcess {
  let process = Process()
  let baseURL: String

  init(arguments: [String] = []) throws {
    process.executableURL = try KQLProcess.executable
    process.arguments = ["sandbox", "--port", "0"] + arguments
    process.environment = try KQLProcess.scratchEnvironment()
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // The first line names the address: "kql sandbox: Kratos admin API on http://127.0.0.1:PORT …".
    var line = Data()
    let handle = output.fileHandleForReading
    while let byte = try handle.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
      line.append(byte)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression)
    else {
      process.terminate()
      throw TestFailure("kql sandbox did not say where it listens: \(text)")
    }
    baseURL = String(text[range])
  }

  deinit {
    process.interrupt()
    process.waitUntilExit()
  }
}

extension MainJobEndToEndTests {
  @Test func identityIDsWithCRLFLineEndings() throws {
    let lookup = try KQLProcess.run(["--sandbox", "-c", "find schema_id=phone | ids"])
    let ids = lookup.stdout.split(separator: "\n").prefix(2).joined(separator: "\r\n") + "\r\n"
    let result = try KQLProcess.run(["--sandbox", "--yes", "-c", "ids | count"], stdin: ids)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "2\n")
  }
}
