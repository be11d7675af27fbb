import Foundation
import Testing

/// Command-line mistakes and bad scripts: exit status 2, a message that says where, nothing run.
@Suite struct UsageEndToEndTests {
  @Test(arguments: [
    (["--frobnicate"], "unknown option '--frobnicate'"),
    (["-c", "find | count", "extra"], "unexpected argument 'extra'"),
    (["-c"], "-c needs a value"),
    (["--concurrency", "0", "-c", "find"], "concurrency takes a number"),
    (["--api-key", "ory_pat_secret", "-c", "find"], "--api-key is not accepted"),
    (["--wide=yes"], "--wide takes no value"),
    (["sandbox", "--port", "http"], "sandbox --port takes"),
    (["--endpoint", "ftp://example", "-c", "find"], "invalid endpoint"),
    (
      ["--sandbox", "--endpoint", "http://127.0.0.1:1", "-c", "find"],
      "--sandbox and --endpoint cannot"
    ),
    (["--sandbox", "--profile", "prod", "x.kql"], "--sandbox and --profile cannot"),
  ])
  func usageErrors(arguments: [String], message: String) throws {
    let result = try KQLProcess.run(arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(!result.stderr.contains("ory_pat_secret"))
  }

  @Test func parseErrorsPointAtTheFault() throws {
    let result = try KQLProcess.run([
      "--sandbox", "-c", "find email=alice@example.com | deactvate | revoke",
    ])
    #expect(result.status == 2)
    #expect(result.stderr.contains("1:32: error:"), "\(result.stderr)")
    #expect(result.stderr.contains("deactivate"))
    #expect(result.stderr.contains("^"))
    #expect(result.stdout.isEmpty)
  }

  @Test func helpAndVersion() throws {
    let help = try KQLProcess.run(["--help"])
    #expect(help.status == 0)
    #expect(
      help.stdout.contains(
        "exit status: 0 all done, 1 some item or request failed, 2 usage or parse error"))
    let version = try KQLProcess.run(["--version"])
    #expect(version.stdout.hasPrefix("kql "))
  }

  @Test func anAPIKeyNeverAppearsInErrors() throws {
    let server = try SandboxProcess()
    let environment = try KQLProcess.scratchEnvironment([
      "ORY_PROJECT_API_KEY": "ory_pat_topsecret123"
    ])
    let result = try KQLProcess.run(
      [
        "--endpoint", server.baseURL, "--verbose", "-c",
        "get 00000000-0000-4000-8000-000000000001 | ids",
      ],
      environment: environment)
    #expect(result.status == 1)
    #expect(!(result.stdout + result.stderr).contains("topsecret"))
  }
}

extension UsageEndToEndTests {
  @Test func aScriptOnStandardInputMustBeUTF8() throws {
    // The bytes `echo \xE9`: a Swift string cannot hold the invalid byte, so it goes through a file.
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-bad-\(UUID().uuidString)")
    try Data([0x65, 0x63, 0x68, 0x6F, 0x20, 0xE9, 0x0A]).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "'\(try KQLProcess.executable.path)' --sandbox < '\(file.path)'"]
    process.environment = try KQLProcess.scratchEnvironment()
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 2)
    #expect(stderr.contains("not UTF-8 text"))
  }
}

extension UsageEndToEndTests {
  @Test(arguments: [("/", "it is a directory"), ("/no/such/seed.json", "no such file")])
  func unreadableSeedFiles(path: String, reason: String) throws {
    let result = try KQLProcess.run(["sandbox", "--port", "0", "--seed", path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot read seed file \(path): \(reason)"), "\(result.stderr)")
  }
}

extension UsageEndToEndTests {
  /// A save whose read fails once truncated the earlier export and said it had saved.
  @Test func aFailedSaveLeavesTheEarlierFileAlone() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-save-\(UUID().uuidString)"
    ).path
    let first = try KQLProcess.run(["--sandbox", "-c", "find | save \(file)"])
    #expect(first.status == 0, "\(first.stderr)")
    let before = try String(contentsOfFile: file, encoding: .utf8)
    #expect(before.split(separator: "\n").count == 48)
    let second = try KQLProcess.run([
      "--endpoint", "http://127.0.0.1:9", "-c", "find | save \(file)",
    ])
    #expect(second.status == 1)
    #expect(!second.stderr.contains("saved"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    #expect(!FileManager.default.fileExists(atPath: file + ".kql-partial"))
  }
}
