@preconcurrency import Foundation
@preconcurrency import Glibc
import Synchronization

/// The shell's command history: in memory for the line editor, and in a private file so it
/// survives restarts.
///
/// Entries are whole statements (a multi-line statement is one entry). Repeats are collapsed by
/// moving the entry to the end, the list is capped at `limit` entries, and anything that looks
/// like a credential (see `SecretFilter`) is never kept. Each entry is appended to the file as
/// soon as it is read, so a crash loses nothing and several shells can share the file; when the
/// file has grown past the limit it is compacted (repeats and old entries dropped) through a
/// temporary file and a rename. The file always has mode 0600.
public final class HistoryStore: Sendable {
  /// The file's path, or `nil` for a history kept only in memory.
  public let fileURL: URL?
  public let limit: Int
  private let entryList = Mutex<[String]>([])
  /// Lines in the file as far as this store knows; other shells may have added more.
  private let fileLines = Mutex(0)

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

  /// Reads the file, if there is one. A missing file is an empty history. A file holding a
  /// secret (written by hand or by an older kql) is compacted at once to remove it.
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
    let loaded = entries(in: text)
    let lines = text.split(separator: "\n")
    fileLines.withLock { $0 = lines.count }
    entryList.withLock { $0 = loaded }
    if lines.contains(where: { SecretFilter.containsSecret(Self.unescape(String($0))) }) {
      try compact()
    }
  }

  /// The entries of a history file's text: secrets dropped, repeats collapsed onto the latest,
  /// the oldest beyond the limit dropped.
  private func entries(in text: String) -> [String] {
    var loaded: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let entry = Self.unescape(String(line))
      guard Self.isStorable(entry) else { continue }
      loaded.removeAll { $0 == entry }
      loaded.append(entry)
    }
    if loaded.count > limit { loaded.removeFirst(loaded.count - limit) }
    return loaded
  }

  /// Adds `entry` and appends it to the file. Returns false when the entry was not kept (blank,
  /// or it holds a secret). Throws only when the file could not be written; the entry stays in
  /// memory.
  @discardableResult
  public func add(_ entry: String) throws(HistoryError) -> Bool {
    guard Self.isStorable(entry) else { return false }
    entryList.withLock { list in
      list.removeAll { $0 == entry }
      list.append(entry)
      if list.count > limit { list.removeFirst(list.count - limit) }
    }
    guard let fileURL else { return true }
    try Self.makeDirectory(fileURL.deletingLastPathComponent().path)
    try Self.writeFile(fileURL.path, Self.escape(entry) + "\n", appending: true)
    let lines = fileLines.withLock { lines in
      lines += 1
      return lines
    }
    if lines > limit + compactionSlack { try compact() }
    return true
  }

  /// How many lines past the limit the file may grow before it is compacted.
  var compactionSlack: Int { max(1, limit / 4) }

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

  /// Rewrites the file with its own entries collapsed (other shells' entries included), through
  /// a temporary file renamed over it.
  private func compact() throws(HistoryError) {
    guard let fileURL else { return }
    let path = fileURL.path
    let text: String
    do {
      text = String(decoding: try Data(contentsOf: fileURL), as: UTF8.self)
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    let kept = entries(in: text)
    let temporary = path + ".\(getpid()).tmp"
    try Self.writeFile(temporary, kept.map { Self.escape($0) + "\n" }.joined(), appending: false)
    guard rename(temporary, path) == 0 else {
      let reason = Self.systemError()
      unlink(temporary)
      throw .unwritable(path: path, reason: reason)
    }
    fileLines.withLock { $0 = kept.count }
  }

  /// Writes `text` to `path` (appending, or replacing the contents), creating the file with
  /// mode 0600 and putting that mode back on a file found with another.
  private static func writeFile(
    _ path: String, _ text: String, appending: Bool
  )
    throws(HistoryError)
  {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC)
    let fd = open(path, flags, 0o600)
    guard fd >= 0 else { throw .unwritable(path: path, reason: systemError()) }
    defer { close(fd) }
    guard fchmod(fd, 0o600) == 0 else { throw .unwritable(path: path, reason: systemError()) }
    var bytes = Array(text.utf8)
    let count = bytes.count
    let failure: String? = bytes.withUnsafeMutableBytes { buffer in
      guard let base = buffer.baseAddress else { return nil }
      var written = 0
      while written < count {
        let n = Glibc.write(fd, base + written, count - written)
        if n < 0 {
          if errno == EINTR { continue }
          return systemError()
        }
        written += n
      }
      return nil
    }
    if let failure { throw .unwritable(path: path, reason: failure) }
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
