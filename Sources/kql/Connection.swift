import Foundation
import KratosClient
import KratosSandbox

/// The Kratos admin API kql talks to, and the in-process sandbox behind it when there is one.
final class Connection {
  let client: KratosClient
  /// What the prompt shows: the profile name, `sandbox`, or the endpoint's host and port.
  let label: String
  let sandbox: SandboxServer?
  /// Things to tell the operator before starting, such as a key file others can read.
  let warnings: [String]

  init(client: KratosClient, label: String, sandbox: SandboxServer?, warnings: [String]) {
    self.client = client
    self.label = label
    self.sandbox = sandbox
    self.warnings = warnings
  }

  func close() {
    sandbox?.stop()
  }

  /// Resolves the endpoint and key from the command line, a profile and the environment, in that
  /// order of precedence, and creates the client.
  static func open(
    _ invocation: Invocation, environment: [String: String], version: String
  ) throws -> Connection {
    if invocation.useSandbox {
      let server = try SandboxServer(store: SandboxStore.demo())
      let client = try makeClient(
        endpoint: server.baseURL, apiKey: nil, invocation: invocation, version: version)
      return Connection(client: client, label: "sandbox", sandbox: server, warnings: [])
    }
    var warnings: [String] = []
    let profile = try invocation.profile.map { (name) throws in
      try Profiles.load(name, environment: environment)
    }
    let endpointText =
      invocation.endpoint ?? profile?.endpoint ?? environment["KRATOS_ADMIN_URL"]
      ?? KratosEndpoint.defaultURL
    var apiKey: APIKey?
    if let path = invocation.apiKeyFile ?? profile?.apiKeyFile {
      let file = try APIKey.load(fromFile: path)
      apiKey = file.key
      if let warning = file.warning { warnings.append(warning) }
    } else if let variable = profile?.apiKeyEnvironment {
      guard let value = environment[variable], let key = APIKey(value) else {
        throw ProfileError(
          description:
            "profile '\(profile?.name ?? "")' takes its api key from $\(variable), which is not set"
        )
      }
      apiKey = key
    } else {
      apiKey = APIKey.fromEnvironment(environment)
    }
    let client = try makeClient(
      endpoint: endpointText, apiKey: apiKey, invocation: invocation, version: version)
    let endpoint = client.endpoint
    let label = profile?.name ?? (endpoint.port.map { "\(endpoint.host):\($0)" } ?? endpoint.host)
    return Connection(client: client, label: label, sandbox: nil, warnings: warnings)
  }

  static func makeClient(
    endpoint: String, apiKey: APIKey?, invocation: Invocation, version: String
  ) throws -> KratosClient {
    var observer: (@Sendable (RequestRecord) -> Void)?
    if invocation.verbose {
      observer = { record in StandardError.write("kql: \(describe(record))\n") }
    }
    return try KratosClient(
      configuration: KratosClientConfiguration(
        endpoint: try KratosEndpoint(endpoint), apiKey: apiKey, clientVersion: version,
        concurrency: invocation.settings.concurrency, observer: observer))
  }
}

extension Connection {
  /// One `--verbose` line: the request, its status (or why none came), the time and the attempt.
  static func describe(_ record: RequestRecord) -> String {
    let outcome =
      record.status.map(String.init)
      ?? "no response (\(record.problem.map { "\($0)" } ?? "unknown"))"
    let (seconds, attoseconds) = record.duration.components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    let retry = record.attempt > 1 ? " (attempt \(record.attempt))" : ""
    return "\(record.request) \(outcome) \(milliseconds) ms\(retry)"
  }
}

/// Writes straight to standard error, unbuffered.
enum StandardError {
  static func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
