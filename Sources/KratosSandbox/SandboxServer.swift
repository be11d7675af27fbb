import Dispatch
import Foundation
@preconcurrency import Glibc
import Synchronization

/// A Kratos admin API on 127.0.0.1, answering from a `SandboxStore` as Kratos v26.2.0 would.
///
/// Serving starts in `init` and ends with `stop()` (or when the server is released). Each
/// connection gets its own thread and is kept alive between requests until the client closes it,
/// it stays idle for `idleTimeout`, or the server stops.
public final class SandboxServer: Sendable {
  /// The port actually bound (useful when 0 was asked for).
  public let port: UInt16
  public let store: SandboxStore
  private let listener: Int32
  private let api: SandboxAPI
  private let latency: Duration
  private let log: (@Sendable (String) -> Void)?
  private let registry = Mutex(ConnectionRegistry())
  private let recorder = Mutex(SandboxStatistics())
  private let workers = DispatchGroup()

  /// The sockets of open connections, and whether the server is stopping.
  private struct ConnectionRegistry {
    var open: Set<Int32> = []
    var stopped = false
  }

  /// Binds 127.0.0.1:`port` (0 picks a free port) and starts serving.
  ///
  /// - Parameters:
  ///   - latency: added before every request is handled, to imitate a slow server.
  ///   - idleTimeout: how long a connection may wait for its next request.
  ///   - log: receives one line per request: method, path and query, status, milliseconds.
  public init(
    store: SandboxStore, port: UInt16 = 0, latency: Duration = .zero,
    idleTimeout: Duration = .seconds(30), log: (@Sendable (String) -> Void)? = nil
  ) throws(SandboxError) {
    let socket = Glibc.socket(
      AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard socket >= 0 else { throw SandboxError(.socket(call: "socket", code: errno)) }
    var yes: Int32 = 1
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))

    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if bound != 0 {
      let code = errno
      close(socket)
      throw SandboxError(code == EADDRINUSE ? .portInUse(port) : .socket(call: "bind", code: code))
    }
    guard listen(socket, 128) == 0 else {
      let code = errno
      close(socket)
      throw SandboxError(.socket(call: "listen", code: code))
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }

    self.port = UInt16(bigEndian: actual.sin_port)
    self.store = store
    self.listener = socket
    self.latency = latency
    self.log = log
    self.api = SandboxAPI(
      store: store, baseURL: "http://127.0.0.1:\(UInt16(bigEndian: actual.sin_port))")

    let timeout = SandboxServer.timeval(idleTimeout)
    workers.enter()
    let acceptThread = Thread { [self] in
      acceptLoop(timeout: timeout)
      workers.leave()
    }
    acceptThread.name = "kratos-sandbox-accept"
    acceptThread.start()
  }

  deinit { stop() }

  /// `http://127.0.0.1:PORT`, without a trailing slash.
  public var baseURL: String { "http://127.0.0.1:\(port)" }

  public var statistics: SandboxStatistics { recorder.withLock { $0 } }

  public func resetStatistics() { recorder.withLock { $0 = SandboxStatistics() } }

  /// Closes the listener and every open connection, then waits (up to five seconds) for the
  /// connection threads to finish. Calling it again does nothing.
  public func stop() {
    let sockets: Set<Int32>? = registry.withLock { registry in
      guard !registry.stopped else { return nil }
      registry.stopped = true
      shutdown(listener, Int32(SHUT_RDWR))
      for socket in registry.open { shutdown(socket, Int32(SHUT_RDWR)) }
      return registry.open
    }
    guard sockets != nil else { return }
    _ = workers.wait(timeout: .now() + 5)
    close(listener)
  }

  private var isStopped: Bool { registry.withLock { $0.stopped } }

  private func acceptLoop(timeout: timeval) {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 {
        let code = errno
        if isStopped { return }
        if code == EINTR || code == ECONNABORTED { continue }
        if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
          usleep(10_000)
          continue
        }
        return
      }
      let admitted = registry.withLock { registry -> Bool in
        guard !registry.stopped else { return false }
        registry.open.insert(client)
        return true
      }
      guard admitted else {
        close(client)
        return
      }
      _ = fcntl(client, F_SETFD, FD_CLOEXEC)
      var limit = timeout
      setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
      var yes: Int32 = 1
      setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
      recorder.withLock { $0.connections += 1 }
      workers.enter()
      let thread = Thread { [self] in
        serve(client)
        registry.withLock { _ = $0.open.remove(client) }
        close(client)
        workers.leave()
      }
      thread.name = "kratos-sandbox-connection"
      thread.stackSize = 4 << 20
      thread.start()
    }
  }

  /// Answers requests on one connection until it closes.
  private func serve(_ socket: Int32) {
    var connection = HTTPConnection(socket: socket)
    while !isStopped {
      switch connection.nextRequest() {
      case .closed:
        return
      case .reject(let response):
        _ = connection.write(response, keepAlive: false, omitBody: false)
        return
      case .request(let request, let keepAlive):
        let started = ContinuousClock.now
        waitLatency()
        if isStopped { return }
        let response = api.handle(request)
        record(request, response, since: started)
        let sent = connection.write(
          response, keepAlive: keepAlive, omitBody: request.method == "HEAD")
        if !sent || !keepAlive { return }
      }
    }
  }

  /// Sleeps for the configured latency in short steps, so `stop()` is not held up.
  private func waitLatency() {
    guard latency > .zero else { return }
    let deadline = ContinuousClock.now + latency
    while !isStopped {
      let left = deadline - ContinuousClock.now
      guard left > .zero else { return }
      let step = min(left, .milliseconds(20))
      let (seconds, attoseconds) = step.components
      usleep(useconds_t(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }
  }

  private func record(
    _ request: HTTPRequest, _ response: HTTPResponse, since started: ContinuousClock.Instant
  ) {
    recorder.withLock { statistics in
      statistics.requests += 1
      statistics.byMethod[request.method, default: 0] += 1
      if statistics.log.count >= SandboxStatistics.logLimit {
        statistics.log.removeFirst(SandboxStatistics.logLimit / 10)
      }
      statistics.log.append(
        SandboxRequestRecord(
          method: request.method, target: request.target, status: response.status))
    }
    guard let log else { return }
    let elapsed = ContinuousClock.now - started
    let (seconds, attoseconds) = elapsed.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    let shown = (milliseconds * 10).rounded() / 10
    log("\(request.method) \(request.target) \(response.status) \(shown)ms")
  }

  private static func timeval(_ duration: Duration) -> Glibc.timeval {
    let (seconds, attoseconds) = duration.components
    return Glibc.timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
  }
}
