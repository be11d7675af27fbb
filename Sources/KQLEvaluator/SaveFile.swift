import Foundation
import KratosModel

/// The JSON-lines file `save FILE` writes: one record per line, as the server sent it, readable
/// again by `load`. Created with mode 0600 because identities hold personal data.
final class SaveFile {
  let path: String
  private let handle: FileHandle

  init(path: String) throws(SaveError) {
    let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else {
      throw SaveError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    self.path = path
    self.handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  func append(_ json: JSON) throws(SaveError) {
    do {
      try handle.write(contentsOf: Data((json.serialized + "\n").utf8))
    } catch {
      throw SaveError(description: "cannot write \(path): \(error.localizedDescription)")
    }
  }

  func close() {
    try? handle.synchronize()
  }
}

struct SaveError: Error, CustomStringConvertible {
  var description: String
}
