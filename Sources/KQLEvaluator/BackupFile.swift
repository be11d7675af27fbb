import Foundation
import KratosModel
import Synchronization

/// The JSON-lines file `delete` writes each identity to before deleting it.
///
/// Created on first use with mode 0600 (it holds credential hashes), appended to and flushed line
/// by line, so that an identity is on disk before its DELETE is sent.
public final class BackupFile: Sendable {
  public let path: String
  private let handle = Mutex<FileHandle?>(nil)

  public init(path: String) {
    self.path = path
  }

  /// A new file name under `directory` for this run, such as `deleted-20261204T101500Z.jsonl`.
  public static func inDirectory(_ directory: String, now: Date = Date()) -> BackupFile {
    let stamp = Timestamp.format(now).replacingOccurrences(of: "-", with: "").replacingOccurrences(
      of: ":", with: "")
    return BackupFile(path: directory + "/deleted-\(stamp).jsonl")
  }

  public var wasUsed: Bool { handle.withLock { $0 != nil } }

  func append(_ json: JSON) throws(BackupError) {
    try handle.withLock { (handle: inout FileHandle?) throws(BackupError) in
      if handle == nil { handle = try open() }
      guard let handle else { return }
      do {
        try handle.write(contentsOf: Data((json.serialized + "\n").utf8))
        try handle.synchronize()
      } catch {
        throw BackupError(
          description: "cannot write the backup file \(path): \(error.localizedDescription)")
      }
    }
  }

  private func open() throws(BackupError) -> FileHandle {
    let directory = (path as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
    } catch {
      throw BackupError(
        description:
          "cannot create the backup directory \(directory): \(error.localizedDescription)")
    }
    let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard fd >= 0 else {
      throw BackupError(
        description: "cannot open the backup file \(path): \(String(cString: strerror(errno)))")
    }
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }
}

public struct BackupError: Error, CustomStringConvertible {
  public var description: String
}
