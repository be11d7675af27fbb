@preconcurrency import CEditLine
import CTerminal
@preconcurrency import Foundation
import KQLLanguage

/// Facts about where output goes: a terminal or not, how wide it is, whether colour is welcome.
public enum Terminal {
  /// A standard stream by file descriptor.
  public enum Stream: Sendable {
    case standardOutput
    case standardError

    var fileDescriptor: Int32 {
      switch self {
      case .standardOutput: STDOUT_FILENO
      case .standardError: STDERR_FILENO
      }
    }
  }

  /// Whether the stream is attached to a terminal.
  public static func isTerminal(_ stream: Stream) -> Bool {
    isatty(stream.fileDescriptor) == 1
  }

  /// Whether standard input is attached to a terminal, so the shell should edit lines.
  public static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

  /// The width of the terminal behind `stream`: the kernel's window size, else `COLUMNS`, else 80.
  public static func width(
    of stream: Stream = .standardOutput,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Int {
    let columns = Int(kql_terminal_columns(stream.fileDescriptor))
    return resolvedWidth(kernelColumns: columns, environment: environment)
  }

  /// The width to use given what the kernel reported (0 for unknown) and the environment.
  public static func resolvedWidth(kernelColumns: Int, environment: [String: String]) -> Int {
    if kernelColumns > 0 { return kernelColumns }
    if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
    return 80
  }

  /// Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value.
  public static func colourAllowed(
    on stream: Stream,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Bool {
    colourAllowed(isTerminal: isTerminal(stream), environment: environment)
  }

  /// The pure rule behind `colourAllowed(on:environment:)`.
  public static func colourAllowed(isTerminal: Bool, environment: [String: String]) -> Bool {
    guard isTerminal else { return false }
    if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
    return true
  }

  /// The output format when the user asked for none: a table for people, JSON lines for programs.
  public static func defaultOutputFormat(
    stdoutIsTerminal: Bool = isTerminal(.standardOutput)
  )
    -> OutputFormat
  {
    stdoutIsTerminal ? .table : .jsonl
  }
}
