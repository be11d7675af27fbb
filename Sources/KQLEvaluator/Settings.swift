import KQLLanguage

/// The options `set OPTION VALUE` and command-line flags change.
public struct Settings: Sendable, Equatable {
  public enum OnError: String, Sendable {
    case stop
    case `continue`
  }

  /// Read everything, change nothing, and print each request that would change something.
  public var dryRun = false
  /// How many identities are worked on at once. Eight keeps a self-hosted Kratos and its database
  /// busy without queueing, matches the client's connection pool, and stays inside Ory Network's
  /// burst limits once its rate-limit backoff is counted in; one identity's own requests are
  /// always sequential whatever this is.
  public var concurrency = 8
  /// Whether a script stops at the first failed statement.
  public var onError = OnError.stop
  /// Overrides what `show` writes; `nil` means the console's default.
  public var output: OutputFormat?
  /// Actions on more identities than this ask first (or, with nobody to ask, refuse without
  /// `--yes`); `nil` turns confirmation off. `delete` always asks.
  public var confirmThreshold: Int? = 1
  /// Whether `find email=X` falls back to a full scan when no login identifier matches.
  public var scan = true
  /// Print wall time and request count after each pipeline.
  public var timing = false
  /// Do not fit tables to the terminal width.
  public var wide = false
  /// `--yes`: the operator has agreed in advance to every confirmation.
  public var assumeYes = false

  public init() {}

  /// Applies `set NAME VALUE`, or says what is wrong with the value.
  public mutating func set(_ name: String, to value: String) throws(SettingError) {
    func bool() throws(SettingError) -> Bool {
      switch value.lowercased() {
      case "on", "true", "yes": return true
      case "off", "false", "no": return false
      default: throw SettingError("\(name) takes on or off, not '\(value)'")
      }
    }
    switch name {
    case "dry-run": dryRun = try bool()
    case "scan": scan = try bool()
    case "timing": timing = try bool()
    case "wide": wide = try bool()
    case "concurrency":
      guard let n = Int(value), (1...64).contains(n) else {
        throw SettingError("concurrency takes a number from 1 to 64, not '\(value)'")
      }
      concurrency = n
    case "on-error":
      guard let mode = OnError(rawValue: value) else {
        throw SettingError("on-error takes stop or continue, not '\(value)'")
      }
      onError = mode
    case "output":
      guard let format = OutputFormat(rawValue: value) else {
        let names = OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")
        throw SettingError("output takes one of \(names), not '\(value)'")
      }
      output = format
    case "confirm":
      if value == "off" {
        confirmThreshold = nil
      } else if let n = Int(value), n >= 0 {
        confirmThreshold = n
      } else {
        throw SettingError("confirm takes a number of identities or off, not '\(value)'")
      }
    default:
      throw SettingError("unknown option '\(name)'")
    }
  }
}

public struct SettingError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
