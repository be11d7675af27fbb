import Dispatch
import Foundation
import KQLEvaluator
import KratosSandbox

/// `kql sandbox`: serves the built-in Kratos sandbox on 127.0.0.1 until interrupted.
enum SandboxCommand {
  static func serve(
    port: UInt16, seed: String?, synthetic: Int?, latencyMilliseconds: Int, verbose: Bool
  ) -> ExitCode {
    let store: SandboxStore
    do {
      if let seed {
        store = try SandboxStore(seedFile: seed)
      } else if let synthetic {
        store = SandboxStore.synthetic(count: synthetic, sessionsPerIdentity: 1)
      } else {
        store = SandboxStore.demo()
      }
    } catch {
      StandardError.write("kql sandbox: \(error)\n")
      return .usage
    }
    var log: (@Sendable (String) -> Void)?
    if verbose { log = { StandardError.write("kql sandbox: \($0)\n") } }
    let server: SandboxServer
    do {
      server = try SandboxServer(
        store: store, port: port, latency: .milliseconds(latencyMilliseconds), log: log)
    } catch {
      StandardError.write("kql sandbox: \(error)\n")
      return .failure
    }
    let source = seed.map { "from \($0)" } ?? (synthetic != nil ? "generated" : "of demo data")
    // Written straight to the descriptor, so that a reader of a pipe sees the address at once.
    FileHandle.standardOutput.write(
      Data(
        ("kql sandbox: Kratos admin API on \(server.baseURL) with \(store.identityCount) identities \(source)"
          + " (Ctrl-C to stop)\n").utf8))
    let stop = DispatchSemaphore(value: 0)
    var sources: [any DispatchSourceSignal] = []
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { stop.signal() }
      source.resume()
      sources.append(source)
    }
    stop.wait()
    server.stop()
    sources.forEach { $0.cancel() }
    return .success
  }
}
