import Foundation
import KQLEvaluator
import KQLLanguage
import KQLShell
import KratosClient
import KratosModel
import KratosSandbox

/// The `kql` command: parses the command line, connects, and runs the shell, a script or `-c`.
@main
enum KQL {
  static let version = "0.1.0"

  /// The main thread reads lines and takes Ctrl-C; the work itself runs in tasks off it (see
  /// `MainThread.run`), so a blocking line editor never holds up the cooperative thread pool.
  static func main() {
    setlocale(LC_ALL, "")
    // A closed pipe (`kql … | head`) should end the output quietly, not kill the process mid-run.
    signal(SIGPIPE, SIG_IGN)
    InterruptMonitor.shared.routeToCurrentThread()
    let status = run(Array(CommandLine.arguments.dropFirst()))
    exit(status.rawValue)
  }

  static func run(_ arguments: [String]) -> ExitCode {
    let environment = ProcessInfo.processInfo.environment
    let invocation: Invocation
    do {
      invocation = try Invocation.parse(arguments)
    } catch {
      StandardError.write("kql: \(error.description)\nTry 'kql --help'.\n")
      return .usage
    }
    switch invocation.mode {
    case .help:
      print(Invocation.usage)
      return .success
    case .version:
      print("kql \(version)")
      return .success
    case .sandbox(let port, let seed, let synthetic, let latency, let verbose):
      return SandboxCommand.serve(
        port: port, seed: seed, synthetic: synthetic, latencyMilliseconds: latency, verbose: verbose
      )
    default:
      break
    }

    let connection: Connection
    do {
      connection = try Connection.open(invocation, environment: environment, version: version)
    } catch {
      StandardError.write("kql: \(error)\n")
      return .usage
    }
    defer { connection.close() }
    for warning in connection.warnings { StandardError.write("kql: warning: \(warning)\n") }

    let directories = XDGDirectories(environment: environment)
    switch invocation.mode {
    case .command(let text):
      let console = StandardConsole(environment: environment)
      return runScript(
        text, file: nil, arguments: [], invocation: invocation, connection: connection,
        console: console,
        input: StandardInputLines(isScript: false), directories: directories)
    case .script(let path, let scriptArguments):
      guard let data = FileManager.default.contents(atPath: path) else {
        StandardError.write("kql: cannot read \(path)\n")
        return .usage
      }
      guard let text = String(validating: data, as: UTF8.self) else {
        StandardError.write("kql: \(path) is not UTF-8 text\n")
        return .usage
      }
      let console = StandardConsole(environment: environment)
      return runScript(
        text, file: path, arguments: scriptArguments, invocation: invocation,
        connection: connection,
        console: console, input: StandardInputLines(isScript: false), directories: directories)
    default:
      if Terminal.inputIsTerminal {
        return InteractiveShell(
          invocation: invocation, connection: connection, directories: directories,
          environment: environment
        ).run()
      }
      guard
        let text = String(validating: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
      else {
        StandardError.write("kql: the script on standard input is not UTF-8 text\n")
        return .usage
      }
      let console = StandardConsole(environment: environment)
      return runScript(
        text, file: "<stdin>", arguments: [], invocation: invocation, connection: connection,
        console: console,
        input: StandardInputLines(isScript: true), directories: directories)
    }
  }

  /// Parses the whole text first; any error means nothing runs.
  static func runScript(
    _ text: String, file: String?, arguments: [String], invocation: Invocation,
    connection: Connection,
    console: StandardConsole, input: StandardInputLines, directories: XDGDirectories
  ) -> ExitCode {
    let interpreter = Interpreter(
      backend: connection.client, console: console, input: input, settings: invocation.settings,
      arguments: arguments, variables: invocation.variables,
      backupDirectory: directories.state + "/backups",
      render: { console.render($0, source: $1, file: $2) })
    let host = SessionHost(
      connection: connection, invocation: invocation,
      environment: ProcessInfo.processInfo.environment,
      console: console)
    interpreter.host = host
    defer { host.connection.close() }
    let (script, diagnostics) = KQLParser.parse(
      text, predeclared: interpreter.predeclaredVariables, arguments: arguments.count)
    for diagnostic in diagnostics {
      console.error(console.render(diagnostic, source: text, file: file))
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      let count = diagnostics.filter { $0.severity == .error }.count
      console.error("\(count) error\(count == 1 ? "" : "s"); nothing was run")
      return .usage
    }
    // Ctrl-C stops the run the way it stops a pipeline in the shell: nothing new starts, and
    // the summary says what was done.
    try? InterruptMonitor.shared.install()
    return MainThread.run { await interpreter.run(script, source: text, file: file).status }
  }
}
