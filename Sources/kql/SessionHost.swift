import Foundation
import KQLEvaluator
import KQLShell
import KratosClient

/// What the interpreter asks of the program around it: `help`, `history` and `connect`, the same
/// for scripts and the interactive shell.
final class SessionHost: InterpreterHost {
  private(set) var connection: Connection
  let invocation: Invocation
  let environment: [String: String]
  let console: StandardConsole
  /// The shell's history; scripts keep none.
  var history: HistoryStore?
  /// Called after `connect` switched servers.
  var connected: ((Connection) -> Void)?

  init(
    connection: Connection, invocation: Invocation, environment: [String: String],
    console: StandardConsole
  ) {
    self.connection = connection
    self.invocation = invocation
    self.environment = environment
    self.console = console
  }

  func help(topic: String?) {
    console.print(
      HelpText.render(
        topic: topic, colour: console.outputColour, width: Terminal.width(of: .standardOutput)))
  }

  func showHistory() {
    guard let history else {
      console.note("history is kept only in the interactive shell")
      return
    }
    for line in history.listing() { console.print(line) }
  }

  /// Switches to `target`, a URL or the name of a profile, once one listing request shows that
  /// the endpoint answers and takes the key; otherwise stays where it was.
  func connect(to target: String) async throws -> KratosClient {
    var changed = invocation
    changed.useSandbox = false
    if target.contains("://") {
      changed.endpoint = target
      changed.profile = nil
    } else {
      changed.profile = target
      changed.endpoint = nil
    }
    let next = try Connection.open(changed, environment: environment, version: KQL.version)
    do {
      for try await _ in next.client.identityPages(pageSize: 1) { break }
    } catch {
      next.close()
      throw ConnectError(
        description: "\(error); still connected to \(connection.client.endpoint)")
    }
    for warning in next.warnings { console.warning(warning) }
    connection.close()
    connection = next
    console.note("connected to \(next.client.endpoint)")
    connected?(next)
    return next.client
  }
}

/// Why `connect` kept the current connection.
struct ConnectError: Error, CustomStringConvertible {
  var description: String
}
