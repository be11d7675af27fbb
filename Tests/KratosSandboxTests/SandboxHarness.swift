import KratosModel
import Testing

@testable import KratosSandbox

/// Starts a server on a free port for the length of `body`, with a client connected to it.
func withSandbox<T>(
  _ store: SandboxStore = SandboxStore(), latency: Duration = .zero,
  idleTimeout: Duration = .seconds(30),
  _ body: (SandboxServer, LoopbackClient) throws -> T
) throws -> T {
  let server = try SandboxServer(store: store, latency: latency, idleTimeout: idleTimeout)
  defer { server.stop() }
  let client = LoopbackClient(port: server.port)
  defer { client.disconnect() }
  return try body(server, client)
}

/// The identity ids of a list response, in order.
func ids(of response: LoopbackClient.Response) throws -> [String] {
  try #require(try response.json().arrayValue).compactMap { $0["id"]?.stringValue }
}

/// Follows `rel="next"` links from `first` and returns every page's ids.
func walk(_ client: LoopbackClient, from first: String) throws -> [[String]] {
  var pages: [[String]] = []
  var target: String? = first
  var guardCount = 0
  while let current = target, guardCount < 10_000 {
    guardCount += 1
    let response = try client.get(current)
    #expect(response.status == 200)
    pages.append(try ids(of: response))
    target = response.links["next"]
  }
  return pages
}

extension JSON {
  /// Member access along a path of keys, for brief assertions.
  subscript(path keys: String...) -> JSON? {
    var node: JSON? = self
    for key in keys { node = node?[key] }
    return node
  }
}
