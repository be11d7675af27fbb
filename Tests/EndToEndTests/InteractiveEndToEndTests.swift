import Foundation
import Testing

/// The interactive shell on a real pseudo-terminal, as an operator types at it.
@Suite(.serialized) struct InteractiveEndToEndTests {
  func start(_ arguments: [String], environment: [String: String]) throws -> PseudoTerminal {
    try PseudoTerminal(
      executable: try KQLProcess.executable.path, arguments: arguments, environment: environment)
  }

  @Test func mainJobHistoryAndExit() throws {
    let environment = try KQLProcess.scratchEnvironment(["TERM": "xterm"])
    let shell = try start(["--sandbox"], environment: environment)
    try shell.waitFor("kql sandbox> ")
    var mark = shell.output.count
    shell.send("find email=alice@example.com | deactivate | revoke\r")
    try shell.waitFor("deactivated, revoked 2 sessions", after: mark)
    try shell.waitFor("kql sandbox> ", after: mark)

    // A line with a secret is run but never stored.
    mark = shell.output.count
    shell.send("echo ory_pat_notforhistory\r")
    try shell.waitFor("kql sandbox> ", after: mark)
    shell.send("exit\r")
    #expect(try shell.waitForExit() == 0)

    let history = try String(
      contentsOfFile: environment["XDG_STATE_HOME", default: ""] + "/kql/history", encoding: .utf8)
    #expect(history.contains("deactivate"))
    #expect(!history.contains("ory_pat_"))
    let mode =
      try FileManager.default.attributesOfItem(
        atPath: environment["XDG_STATE_HOME", default: ""] + "/kql/history")[.posixPermissions]
      as? Int
    #expect(mode == 0o600)

    // A second session recalls the first one's entries with Up (`exit`, then the main job) and
    // runs it on its own fresh sandbox.
    let second = try start(["--sandbox"], environment: environment)
    try second.waitFor("kql sandbox> ")
    mark = second.output.count
    second.send("\u{1b}[A\u{1b}[A")
    try second.waitFor("revoke", after: mark)
    second.send("\r")
    try second.waitFor("deactivated, revoked 2 sessions", after: mark)
    // Ctrl-D on an empty line leaves.
    try second.waitFor("kql sandbox> ", after: second.output.count - 14)
    second.send("\u{04}")
    #expect(try second.waitForExit() == 0)
  }

  @Test func completionAndMultiLineEntry() throws {
    let environment = try KQLProcess.scratchEnvironment(["TERM": "xterm"])
    let shell = try start(["--sandbox"], environment: environment)
    try shell.waitFor("kql sandbox> ")
    var mark = shell.output.count
    // Tab completes the stage names; the statement then runs as completed.
    shell.send("fi\t")
    try shell.waitFor("nd ", after: mark)
    shell.send("email=alice@example.com |\r")
    try shell.waitFor("...> ", after: mark)
    mark = shell.output.count
    shell.send("cou\t")
    try shell.waitFor("nt ", after: mark)
    shell.send("\r")
    try shell.waitFor("\n1\r\n", after: mark)
    // Field paths come from the server's identity schemas, values from what the field can hold.
    mark = shell.output.count
    shell.send("find traits.depa\t")
    try shell.waitFor("rtment", after: mark)
    shell.send("=Engineering state=ina\t")
    try shell.waitFor("ctive", after: mark)
    shell.send(" | count\r")
    try shell.waitFor("\n0\r\n", after: mark)
    shell.send("exit\r")
    #expect(try shell.waitForExit() == 0)
    let history = try String(
      contentsOfFile: environment["XDG_STATE_HOME", default: ""] + "/kql/history", encoding: .utf8)
    // The two lines went into history as one entry.
    #expect(history.contains("find email=alice@example.com |"))
    #expect(history.contains("count"))
  }

  @Test func ctrlCCancelsASlowPipelineAndTheShellCarriesOn() throws {
    let server = try SandboxProcess(arguments: ["--synthetic", "300", "--latency", "200"])
    let environment = try KQLProcess.scratchEnvironment(["TERM": "xterm"])
    let shell = try start(
      ["--endpoint", server.baseURL, "--yes", "--concurrency", "2"], environment: environment)
    try shell.waitFor("> ")
    var mark = shell.output.count
    shell.send("find | deactivate\r")
    usleep(1_500_000)
    shell.send("\u{03}")
    try shell.waitFor("interrupted", after: mark, timeout: 10)
    try shell.waitFor("> ", after: mark)
    // The shell still works.
    mark = shell.output.count
    // The quotes make the output differ from the echo of what was typed.
    shell.send("echo \"still\" \"here\"\r")
    try shell.waitFor("still here", after: mark)
    try shell.waitFor("> ", after: shell.output.count - 2)
    // Ctrl-C at the prompt clears the line instead of exiting.
    shell.send("find garbage")
    try shell.waitFor("garbage", after: mark)
    shell.send("\u{03}")
    try shell.waitFor("^C", after: mark)
    mark = shell.output.count
    shell.send("echo \"af\" \"ter\"\r")
    try shell.waitFor("af ter", after: mark)
    shell.send("exit\r")
    let status = try shell.waitForExit()
    #expect(status == 0, "\(shell.output)")
  }
}

extension InteractiveEndToEndTests {
  /// Ctrl-C at a confirmation once waited for Enter and then ate the next command.
  @Test func ctrlCAtAConfirmationDeclinesAtOnce() throws {
    let environment = try KQLProcess.scratchEnvironment(["TERM": "xterm"])
    let shell = try start(["--sandbox"], environment: environment)
    try shell.waitFor("kql sandbox> ")
    var mark = shell.output.count
    shell.send("find schema_id=employee | deactivate\r")
    try shell.waitFor("deactivate 10 identities? [y/N] ", after: mark)
    shell.send("\u{03}")
    try shell.waitFor("nothing was changed", after: mark, timeout: 5)
    try shell.waitFor("kql sandbox> ", after: mark)
    mark = shell.output.count
    shell.send("find schema_id=employee state=active | count\r")
    try shell.waitFor("\n8\r\n", after: mark)
    shell.send("exit\r")
    #expect(try shell.waitForExit() == 0)
  }
}
