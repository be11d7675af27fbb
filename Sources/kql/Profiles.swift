import Foundation
import KratosModel

/// Named connections kept in `$XDG_CONFIG_HOME/kql/profiles.json`:
///
///     {
///       "prod": {
///         "endpoint": "https://acme.projects.oryapis.com", "api_key_file": "~/.config/kql/prod.key"
///       },
///       "staging": {
///         "endpoint": "https://acme-staging.projects.oryapis.com", "api_key_env": "ORY_STAGING_KEY"
///       },
///       "local":   { "endpoint": "http://127.0.0.1:4434" }
///     }
///
/// A profile says where the key comes from, never the key itself.
struct Profile: Equatable {
  var name: String
  var endpoint: String
  var apiKeyFile: String?
  var apiKeyEnvironment: String?
}

struct ProfileError: Error, CustomStringConvertible {
  var description: String
}

enum Profiles {
  static func path(environment: [String: String]) -> String {
    XDGDirectories(environment: environment).config + "/profiles.json"
  }

  /// The profile called `name`, or an error naming the file and what is wrong with it.
  static func load(_ name: String, environment: [String: String]) throws(ProfileError) -> Profile {
    let file = path(environment: environment)
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ProfileError(
        description: "no profile '\(name)': \(file) does not exist or cannot be read")
    }
    let json: JSON
    do {
      json = try JSON(parsing: Array(data))
    } catch {
      throw ProfileError(description: "\(file): \(error)")
    }
    guard let profiles = json.objectValue else {
      throw ProfileError(description: "\(file): expected a JSON object of profiles")
    }
    guard let entry = profiles[name] else {
      let known = profiles.keys.sorted().joined(separator: ", ")
      throw ProfileError(
        description: "no profile '\(name)' in \(file) (it has: \(known.isEmpty ? "none" : known))")
    }
    guard let endpoint = entry["endpoint"]?.stringValue else {
      throw ProfileError(description: "\(file): profile '\(name)' has no \"endpoint\" string")
    }
    for key in entry.objectValue?.keys.sorted() ?? []
    where !["endpoint", "api_key_file", "api_key_env"].contains(key) {
      throw ProfileError(
        description:
          "\(file): profile '\(name)' has unknown field \"\(key)\" (a profile names where the key is, "
          + "with api_key_file or api_key_env, never the key itself)")
    }
    return Profile(
      name: name, endpoint: endpoint,
      apiKeyFile: entry["api_key_file"]?.stringValue.map {
        expandTilde($0, environment: environment)
      },
      apiKeyEnvironment: entry["api_key_env"]?.stringValue)
  }

  /// The profile names, for completion after `connect`.
  static func names(environment: [String: String]) -> [String] {
    guard let data = FileManager.default.contents(atPath: path(environment: environment)),
      let json = try? JSON(parsing: Array(data)), let profiles = json.objectValue
    else { return [] }
    return profiles.keys.sorted()
  }

  static func expandTilde(_ path: String, environment: [String: String]) -> String {
    guard path.hasPrefix("~/"), let home = environment["HOME"] else { return path }
    return home + path.dropFirst()
  }
}

/// The XDG base directories kql uses.
struct XDGDirectories {
  var config: String
  var state: String

  init(environment: [String: String]) {
    let home = environment["HOME"] ?? NSHomeDirectory()
    func base(_ variable: String, _ fallback: String) -> String {
      // The specification says relative paths are invalid and must be ignored.
      if let value = environment[variable], value.hasPrefix("/") { return value }
      return home + "/" + fallback
    }
    config = base("XDG_CONFIG_HOME", ".config") + "/kql"
    state = base("XDG_STATE_HOME", ".local/state") + "/kql"
  }
}
