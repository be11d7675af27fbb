@preconcurrency import Foundation
@preconcurrency import Glibc
import Synchronization

/// The shell's command history: in memory for the line editor, and in a private file so it
/// survives restarts.
///
/// Entries are whole statements (a multi-line statement is one entry). Repeats are collapsed by
/// moving the entry to the end, the list is capped at `limit` entries, and anything that looks
/// like a credential (see `SecretFilter`) is never kept. The file is rewritten after every entry
/// through a temporary file and a rename, always with mode 0600.
public final class HistoryStore: Sendable {
  /// The file's path, or `nil` for a history kept only in memory.
  public let fileURL: URL?
  public let limit: Int
  private let entryList = Mutex<[String]>([])

  /// A history stored in `directory` (created with mode 0700 when missing) as `history`.
  /// Pass `nil` to keep the history in memory only.
  public init(directory: URL?, limit: Int = 2000) {
    self.fileURL = directory?.appendingPathComponent("history")
    self.limit = max(1, limit)
  }

  /// `$XDG_STATE_HOME/kql`, else `~/.local/state/kql`; `nil` when neither variable helps.
  public static func defaultDirectory(environment: [String: String]) -> URL? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return URL(fileURLWithPath: state).appendingPathComponent("kql")
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return URL(fileURLWithPath: home).appendingPathComponent(".local/state/kql")
  }

  /// The entries, oldest first.
  public var entries: [String] { entryList.withLock { $0 } }

  /// Reads the file, if there is one. A missing file is an empty history.
  public func load() throws(HistoryError) {
    guard let fileURL else { return }
    let data: Data
    do {
      data = try Data(contentsOf: fileURL)
    } catch {
      if !FileManager.default.fileExists(atPath: fileURL.path) { return }
      throw .unreadable(path: fileURL.path, reason: "\(error.localizedDescription)")
    }
    let text = String(decoding: data, as: UTF8.self)
    var loaded: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let entry = Self.unescape(String(line))
      guard Self.isStorable(entry) else { continue }
      loaded.removeAll { $0 == entry }
      loaded.append(entry)
    }
    if loaded.count > limit { loaded.removeFirst(loaded.count - limit) }
    entryList.withLock { $0 = loaded }
  }

  /// Adds `entry` and saves the file. Returns false when the entry was not kept (blank, or it
  /// holds a secret). Throws only when the file could not be written; the entry stays in memory.
  @discardableResult
  public func add(_ entry: String) throws(HistoryError) -> Bool {
    guard Self.isStorable(entry) else { return false }
    let snapshot = entryList.withLock { list in
      list.removeAll { $0 == entry }
      list.append(entry)
      if list.count > limit { list.removeFirst(list.count - limit) }
      return list
    }
    try save(snapshot)
    return true
  }

  /// The lines of the `history` command: each entry numbered from 1, continuation lines indented
  /// under the first.
  public func listing() -> [String] {
    let list = entries
    let width = String(list.count).count
    var lines: [String] = []
    for (i, entry) in list.enumerated() {
      let number = String(i + 1)
      let prefix = String(repeating: " ", count: width - number.count) + number + "  "
      let parts = entry.split(separator: "\n", omittingEmptySubsequences: false)
      for (j, part) in parts.enumerated() {
        let lead = j == 0 ? prefix : String(repeating: " ", count: prefix.count)
        lines.append(lead + RecordField.printable(String(part)))
      }
    }
    return lines
  }

  /// Whether `entry` may be kept at all.
  public static func isStorable(_ entry: String) -> Bool {
    !entry.allSatisfy(\.isWhitespace) && !SecretFilter.containsSecret(entry)
  }

  /// Writes the whole list to a fresh 0600 file next to the history, then renames it over.
  private func save(_ list: [String]) throws(HistoryError) {
    guard let fileURL else { return }
    let directory = fileURL.deletingLastPathComponent().path
    try Self.makeDirectory(directory)
    var text = ""
    for entry in list {
      text += Self.escape(entry)
      text += "\n"
    }
    let temporary = fileURL.path + ".\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw .unwritable(path: fileURL.path, reason: Self.systemError()) }
    // An older temporary file may have been created with another mode.
    _ = fchmod(fd, 0o600)
    var ok = true
    var bytes = Array(text.utf8)
    let count = bytes.count
    bytes.withUnsafeMutableBytes { buffer in
      guard let base = buffer.baseAddress else { return }
      var written = 0
      while written < count {
        let n = Glibc.write(fd, base + written, count - written)
        if n < 0 {
          if errno == EINTR { continue }
          ok = false
          return
        }
        written += n
      }
    }
    let reason = ok ? "" : Self.systemError()
    close(fd)
    guard ok, rename(temporary, fileURL.path) == 0 else {
      let why = ok ? Self.systemError() : reason
      unlink(temporary)
      throw .unwritable(path: fileURL.path, reason: why)
    }
  }

  /// Creates `path` and its parents; the directories created get mode 0700.
  private static func makeDirectory(_ path: String) throws(HistoryError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .unwritable(path: path, reason: error.localizedDescription)
    }
  }

  private static func systemError() -> String { String(cString: strerror(errno)) }

  /// One entry on one line: backslashes and newlines escaped.
  static func escape(_ entry: String) -> String {
    var out = ""
    for character in entry {
      switch character {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.append(character)
      }
    }
    return out
  }

  static func unescape(_ line: String) -> String {
    var out = ""
    var escaping = false
    for character in line {
      if escaping {
        switch character {
        case "n": out += "\n"
        case "r": out += "\r"
        default: out.append(character)
        }
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        out.append(character)
      }
    }
    if escaping { out += "\\" }
    return out
  }
}

/// Why the history file could not be used.
public enum HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): "cannot read history file \(path): \(reason)"
    case .unwritable(let path, let reason): "cannot write history file \(path): \(reason)"
    }
  }
}
