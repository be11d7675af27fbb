/// Why an HTTP exchange produced no response at all.
public enum TransportProblem: Sendable, Hashable {
  /// The TCP connection could not be made; the text is the system's reason.
  case cannotConnect(String)
  case cannotResolveHost
  /// No connection within the connect timeout.
  case connectTimeout(seconds: Int)
  /// The whole exchange took longer than the request timeout.
  case timeout(seconds: Int)
  /// The server closed the connection or sent nothing usable.
  case connectionLost(String)
  /// The TLS handshake or the certificate check failed.
  case tls(String)
  /// The server sent something that is not HTTP.
  case protocolError(String)
  /// The client was shut down before the exchange finished.
  case clientClosed
  /// The answer's body grew past the limit, so the transfer was stopped.
  case responseTooLarge(bytes: Int)
  /// Anything else libcurl reported, with its message.
  case other(String)

  /// Whether a GET that failed this way may be sent again.
  var isRetryableForReads: Bool {
    switch self {
    case .cannotConnect, .connectTimeout, .connectionLost: true
    default: false
    }
  }
}

/// The error the transport throws when an exchange fails below HTTP.
struct TransportFailure: Error, Sendable {
  let problem: TransportProblem
}
