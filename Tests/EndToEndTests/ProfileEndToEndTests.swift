import Foundation
import Testing

/// Named profiles, `connect`, and API keys that never show.
@Suite(.serialized) struct ProfileEndToEndTests {
  func environment(profiles: String) throws -> [String: String] {
    let environment = try KQLProcess.scratchEnvironment(["TERM": "xterm"])
    let directory = environment["XDG_CONFIG_HOME", default: ""] + "/kql"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try profiles.write(toFile: directory + "/profiles.json", atomically: true, encoding: .utf8)
    return environment
  }

  @Test func aProfileNamesTheEndpointAndWhereTheKeyIs() throws {
    let server = try SandboxProcess()
    let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kql-key-\(UUID().uuidString)"
    ).path
    try "ory_pat_profilesecret\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
    chmod(keyFile, 0o600)
    let environment = try environment(
      profiles: #"{"local": {"endpoint": "\#(server.baseURL)", "api_key_file": "\#(keyFile)"}}"#)
    let result = try KQLProcess.run(
      ["--profile", "local", "--verbose", "-c", "find | count"], environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 40)
    #expect(result.stderr.contains("GET /admin/identities"))
    #expect(!(result.stdout + result.stderr).contains("profilesecret"))
  }

  @Test func profileMistakesAreUsageErrors() throws {
    let environment = try environment(
      profiles:
        #"{"prod": {"endpoint": "https://acme.projects.oryapis.com", "api_key": "ory_pat_inline"}}"#
    )
    let unknown = try KQLProcess.run(
      ["--profile", "staging", "-c", "find"], environment: environment)
    #expect(unknown.status == 2)
    #expect(
      unknown.stderr.contains("no profile 'staging'") && unknown.stderr.contains("it has: prod"))
    let inline = try KQLProcess.run(["--profile", "prod", "-c", "find"], environment: environment)
    #expect(inline.status == 2)
    #expect(inline.stderr.contains("unknown field \"api_key\""))
    #expect(!inline.stderr.contains("ory_pat_inline"))
  }

  @Test func theShellPromptShowsTheProfileAndConnectSwitches() throws {
    let first = try SandboxProcess()
    let second = try SandboxProcess(arguments: ["--synthetic", "3"])
    let environment = try environment(profiles: #"{"staging": {"endpoint": "\#(first.baseURL)"}}"#)
    let shell = try PseudoTerminal(
      executable: try KQLProcess.executable.path, arguments: ["--profile", "staging"],
      environment: environment)
    try shell.waitFor("kql staging> ")
    var mark = shell.output.count
    shell.send("connect \(second.baseURL)\r")
    let host = second.baseURL.replacingOccurrences(of: "http://", with: "")
    try shell.waitFor("kql \(host)> ", after: mark)
    mark = shell.output.count
    shell.send("find | count\r")
    try shell.waitFor("\n3\r\n", after: mark)
    mark = shell.output.count
    shell.send("connect staging\r")
    try shell.waitFor("kql staging> ", after: mark)
    shell.send("exit\r")
    #expect(try shell.waitForExit() == 0)
  }
}

extension ProfileEndToEndTests {
  @Test func connectToADeadEndpointKeepsTheCurrentOne() throws {
    let result = try KQLProcess.run(["--sandbox", "-c", "connect http://127.0.0.1:9"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("cannot connect to http://127.0.0.1:9"), "\(result.stderr)")
    #expect(result.stderr.contains("still connected to http://127.0.0.1:"))
  }
}
