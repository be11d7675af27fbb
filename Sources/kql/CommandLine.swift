import KQLEvaluator

/// The parsed command line.
struct Invocation {
  enum Mode: Equatable {
    /// Interactive shell, or a script on standard input when it is not a terminal.
    case standard
    /// `-c TEXT`
    case command(String)
    /// `FILE [ARGS…]`
    case script(path: String, arguments: [String])
    /// `kql sandbox [--port N] [--seed FILE] [--latency DURATION]`
    case sandbox(
      port: UInt16, seed: String?, synthetic: Int?, latencyMilliseconds: Int, verbose: Bool)
    case help
    case version
  }

  var mode = Mode.standard
  var useSandbox = false
  var endpoint: String?
  var apiKeyFile: String?
  var profile: String?
  var variables: [String: String] = [:]
  var settings = Settings()
  var verbose = false
}

/// A command-line mistake; `kql` prints it with a pointer to `--help` and exits with status 2.
struct UsageError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension Invocation {
  /// Parses the arguments after the program name. Options come first; the first word that is not
  /// an option names a script, and everything after it belongs to the script as `$1`…`$9`.
  static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
    let invocation = try parseOptions(arguments)
    try invocation.checkConflicts()
    return invocation
  }

  static func parseOptions(_ arguments: [String]) throws(UsageError) -> Invocation {
    var invocation = Invocation()
    var rest = arguments[...]
    if rest.first == "sandbox" {
      return try parseSandbox(rest.dropFirst())
    }
    func value(for flag: String, inline: String?) throws(UsageError) -> String {
      if let inline { return inline }
      guard let next = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
      return next
    }
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("-"), argument != "-" else {
        if case .command = invocation.mode {
          throw UsageError("unexpected argument '\(argument)' after -c (quote the whole pipeline)")
        }
        invocation.mode = .script(path: argument, arguments: Array(rest))
        return invocation
      }
      if argument == "--" {
        guard let path = rest.popFirst() else {
          throw UsageError("-- must be followed by a script file")
        }
        invocation.mode = .script(path: path, arguments: Array(rest))
        return invocation
      }
      let (flag, inline) = split(argument)
      if inline != nil, !valuedFlags.contains(flag) { throw UsageError("\(flag) takes no value") }
      func setting(_ name: String, _ text: String) throws(UsageError) {
        do {
          try invocation.settings.set(name, to: text)
        } catch {
          throw UsageError("\(flag): \(error.description)")
        }
      }
      switch flag {
      case "-h", "--help": invocation.mode = .help
      case "--version": invocation.mode = .version
      case "-c", "--command":
        if case .command = invocation.mode { throw UsageError("-c given twice") }
        invocation.mode = .command(try value(for: flag, inline: inline))
      case "--sandbox": invocation.useSandbox = true
      case "--endpoint", "-e": invocation.endpoint = try value(for: flag, inline: inline)
      case "--api-key-file": invocation.apiKeyFile = try value(for: flag, inline: inline)
      case "--api-key":
        throw UsageError(
          "--api-key is not accepted: a key on the command line ends up in shell history and process "
            + "listings; use ORY_PROJECT_API_KEY or --api-key-file PATH")
      case "--profile", "-p": invocation.profile = try value(for: flag, inline: inline)
      case "--concurrency": try setting("concurrency", try value(for: flag, inline: inline))
      case "--output", "-o": try setting("output", try value(for: flag, inline: inline))
      case "--dry-run", "-n": invocation.settings.dryRun = true
      case "--yes", "-y": invocation.settings.assumeYes = true
      case "--no-scan": invocation.settings.scan = false
      case "--wide": invocation.settings.wide = true
      case "--timing": invocation.settings.timing = true
      case "--on-error": try setting("on-error", try value(for: flag, inline: inline))
      case "--verbose": invocation.verbose = true
      case "-v", "--var":
        let assignment = try value(for: flag, inline: inline)
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
          throw UsageError("\(flag) takes NAME=VALUE, not '\(assignment)'")
        }
        let name = String(assignment[..<equals])
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
          name.first?.isNumber == false
        else {
          throw UsageError(
            "'\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
        }
        invocation.variables[name] = String(assignment[assignment.index(after: equals)...])
      default:
        throw UsageError("unknown option '\(flag)'")
      }
    }
    return invocation
  }

  /// Refuses options that contradict each other instead of letting one win silently.
  func checkConflicts() throws(UsageError) {
    guard useSandbox else { return }
    let conflicting = [
      endpoint.map { _ in "--endpoint" }, profile.map { _ in "--profile" },
      apiKeyFile.map { _ in "--api-key-file" },
    ].compactMap { $0 }
    if let flag = conflicting.first {
      throw UsageError(
        "--sandbox and \(flag) cannot be used together: the sandbox is its own endpoint")
    }
  }

  static func parseSandbox(_ arguments: ArraySlice<String>) throws(UsageError) -> Invocation {
    var port: UInt16 = 4434
    var seed: String?
    var synthetic: Int?
    var latency = 0
    var verbose = false
    var rest = arguments
    while let argument = rest.popFirst() {
      let (flag, inline) = split(argument)
      func value() throws(UsageError) -> String {
        if let inline { return inline }
        guard let next = rest.popFirst() else { throw UsageError("sandbox \(flag) needs a value") }
        return next
      }
      switch flag {
      case "--port":
        let text = try value()
        guard let number = UInt16(text) else {
          throw UsageError("sandbox --port takes 0 to 65535, not '\(text)'")
        }
        port = number
      case "--seed": seed = try value()
      case "--synthetic":
        let text = try value()
        guard let count = Int(text), (0...1_000_000).contains(count) else {
          throw UsageError(
            "sandbox --synthetic takes a number of identities from 0 to 1000000, not '\(text)'")
        }
        synthetic = count
      case "--latency":
        let text = try value()
        guard let ms = Int(text.hasSuffix("ms") ? String(text.dropLast(2)) : text),
          (0...60_000).contains(ms)
        else {
          throw UsageError("sandbox --latency takes milliseconds from 0 to 60000, not '\(text)'")
        }
        latency = ms
      case "--verbose": verbose = true
      case "-h", "--help": return Invocation(mode: .help)
      default:
        throw UsageError(
          flag.hasPrefix("-") ? "unknown sandbox option '\(flag)'" : "unexpected argument '\(flag)'"
        )
      }
    }
    if seed != nil, synthetic != nil {
      throw UsageError("sandbox takes --seed or --synthetic, not both")
    }
    return Invocation(
      mode: .sandbox(
        port: port, seed: seed, synthetic: synthetic, latencyMilliseconds: latency, verbose: verbose
      ))
  }

  /// The long options that take a value, which may also be written `--name=value`.
  static let valuedFlags: Set = [
    "--command", "--endpoint", "--api-key-file", "--profile", "--concurrency", "--output",
    "--on-error", "--var",
  ]

  /// `--name=value` into its two halves; other arguments unchanged.
  static func split(_ argument: String) -> (String, String?) {
    guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
      return (argument, nil)
    }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  static let usage = """
    usage: kql [OPTIONS]                      interactive shell (a script when stdin is not a terminal)
           kql [OPTIONS] -c 'PIPELINE'        run one statement; stdin holds identity IDs
           kql [OPTIONS] FILE.kql [ARGS…]     run a script; ARGS are $1…$9, stdin holds identity IDs
           kql sandbox [--port N] [--seed FILE | --synthetic N] [--latency MS] [--verbose]
                                              serve the built-in Kratos sandbox on 127.0.0.1

    connection:
      --endpoint URL, -e URL  Kratos admin API (default: $KRATOS_ADMIN_URL or http://127.0.0.1:4434)
      --api-key-file PATH     read the bearer API key from PATH (else $ORY_PROJECT_API_KEY, $ORY_API_KEY)
      --profile NAME, -p      use a profile from $XDG_CONFIG_HOME/kql/profiles.json
      --sandbox               run against a built-in sandbox with demo data (no server needed)
      --verbose               log each request (method, path, status, time) to stderr

    running:
      --dry-run, -n           read only; print each request that would change something
      --yes, -y               agree in advance to confirmations (needed for bulk changes without a terminal)
      --concurrency N         identities worked on at once (default 8)
      --no-scan               never fall back to a full scan for find email=…
      --on-error stop|continue  whether a script stops at the first failed statement (default stop)
      -v NAME=VALUE           set $NAME for the script
      --output FORMAT, -o     table, json, jsonl, csv or ids (default: table on a terminal, else jsonl)
      --wide                  do not fit tables to the terminal width
      --timing                print wall time and request count after each pipeline
      --help, -h; --version

    exit status: 0 all done, 1 some item or request failed, 2 usage or parse error.
    Language reference: docs/language.md; `help` inside the shell.
    """
}
