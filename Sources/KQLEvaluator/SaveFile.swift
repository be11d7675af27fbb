import Foundation
import KratosModel

/// The file `save FILE` writes, created with mode 0600 because identities hold personal data.
///
/// By default one record per line, as the server sent it, which `load` reads back. With
/// `asArray`, one JSON array with one element per line, the form `kratos import identities` reads.
///
/// Records go to a temporary file beside the target, which replaces the target only when the
/// whole run succeeded: a failed read never leaves an earlier export truncated.
final class SaveFile {
  let path: String
  let asArray: Bool
  private let temporaryPath: String
  private let handle: FileHandle
  private var written = 0

  init(path: String, asArray: Bool) throws(SaveError) {
    let temporaryPath = path + ".kql-partial"
    let fd = Glibc.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else {
      throw SaveError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    self.path = path
    self.asArray = asArray
    self.temporaryPath = temporaryPath
    self.handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  /// Drops what was written; the target stays as it was.
  func discard() {
    unlink(temporaryPath)
  }

  func append(_ json: JSON) throws(SaveError) {
    let lead = asArray ? (written == 0 ? "[\n" : ",\n") : ""
    try write(lead + json.serialized + (asArray ? "" : "\n"))
    written += 1
  }

  /// Ends the array, if any, flushes, and puts the file in place of the target.
  func commit() throws(SaveError) {
    if asArray { try write(written == 0 ? "[]\n" : "\n]\n") }
    do {
      try handle.synchronize()
    } catch {
      discard()
      throw SaveError(description: "cannot write \(path): \(error.localizedDescription)")
    }
    guard rename(temporaryPath, path) == 0 else {
      let reason = String(cString: strerror(errno))
      discard()
      throw SaveError(description: "cannot write \(path): \(reason)")
    }
  }

  private func write(_ text: String) throws(SaveError) {
    do {
      try handle.write(contentsOf: Data(text.utf8))
    } catch {
      throw SaveError(description: "cannot write \(path): \(error.localizedDescription)")
    }
  }
}

struct SaveError: Error, CustomStringConvertible {
  var description: String
}

/// An identity as a Kratos create body (`POST /admin/identities`), which the server decodes
/// strictly: only the fields it accepts, without what the server sets itself (ids, timestamps,
/// `schema_url`), and credentials in their import form.
enum ImportBody {
  static func make(from identity: JSON) -> JSON {
    var body: [String: JSON] = [:]
    for key in [
      "schema_id", "traits", "state", "metadata_public", "metadata_admin", "external_id",
      "organization_id",
    ] {
      if let value = identity[key], !value.isNull { body[key] = value }
    }
    for key in ["verifiable_addresses", "recovery_addresses"] {
      guard let addresses = identity[key]?.arrayValue, !addresses.isEmpty else { continue }
      body[key] = .array(
        addresses.map { address in
          guard case .object(var fields) = address else { return address }
          for serverSet in ["id", "created_at", "updated_at"] { fields[serverSet] = nil }
          return .object(fields)
        })
    }
    var credentials: [String: JSON] = [:]
    if let hash = identity["credentials"]?["password"]?["config"]?["hashed_password"]?.stringValue {
      credentials["password"] = ["config": ["hashed_password": .string(hash)]]
    }
    for type in ["oidc", "saml"] {
      guard let providers = identity["credentials"]?[type]?["config"]?["providers"]?.arrayValue
      else { continue }
      let kept: [JSON] = providers.compactMap { provider in
        guard let name = provider["provider"], let subject = provider["subject"] else { return nil }
        var entry: [String: JSON] = ["provider": name, "subject": subject]
        if let organization = provider["organization"], !organization.isNull {
          entry["organization"] = organization
        }
        return .object(entry)
      }
      if !kept.isEmpty { credentials[type] = ["config": ["providers": .array(kept)]] }
    }
    if !credentials.isEmpty { body["credentials"] = .object(credentials) }
    return .object(body)
  }
}
