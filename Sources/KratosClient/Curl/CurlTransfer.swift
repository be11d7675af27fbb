import CCurl
import CCurlShim
import Foundation
import KratosModel

/// Fixed settings for every transfer of one client.
struct TransportSettings: Sendable {
  var userAgent: String
  var connectTimeoutMilliseconds: Int
  var requestTimeoutMilliseconds: Int
  var maximumConnections: Int
}

/// One request on its own easy handle, collecting the response while libcurl runs it.
///
/// The object is the context pointer of its body and header callbacks, so it must stay alive
/// (the transfer loop holds it) until the multi handle has released the easy handle.
final class CurlTransfer {
  let easy: CurlEasy
  private let headerList: CurlHeaderList
  private let settings: TransportSettings
  private var status = 0
  private var headers: [(name: String, value: String)] = []
  private var body: [UInt8] = []
  private var bytesReceived = 0

  init(request: HTTPRequest, settings: TransportSettings) throws(CurlError) {
    easy = try CurlEasy()
    self.settings = settings
    var headerFields = request.headers
    if request.body != nil {
      // Kratos answers at once; waiting for `100 Continue` would only add a round trip.
      headerFields.append((name: "Expect", value: ""))
    }
    headerList = try CurlHeaderList(headerFields)
    try configure(request)
  }

  private func configure(_ request: HTTPRequest) throws(CurlError) {
    try easy.set(CURLOPT_URL, request.url, name: "CURLOPT_URL")
    try easy.set(CURLOPT_PROTOCOLS_STR, "http,https", name: "CURLOPT_PROTOCOLS_STR")
    try easy.set(CURLOPT_NOSIGNAL, 1, name: "CURLOPT_NOSIGNAL")
    try easy.set(CURLOPT_TCP_KEEPALIVE, 1, name: "CURLOPT_TCP_KEEPALIVE")
    try easy.set(
      CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMilliseconds,
      name: "CURLOPT_CONNECTTIMEOUT_MS")
    try easy.set(
      CURLOPT_TIMEOUT_MS, settings.requestTimeoutMilliseconds, name: "CURLOPT_TIMEOUT_MS")
    try easy.set(CURLOPT_USERAGENT, settings.userAgent, name: "CURLOPT_USERAGENT")
    try easy.set(CURLOPT_ACCEPT_ENCODING, "", name: "CURLOPT_ACCEPT_ENCODING")
    try easy.set(headers: headerList)

    switch request.method {
    case .get: try easy.set(CURLOPT_HTTPGET, 1, name: "CURLOPT_HTTPGET")
    case .post: try easy.set(CURLOPT_POST, 1, name: "CURLOPT_POST")
    case .put, .patch, .delete:
      try easy.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue, name: "CURLOPT_CUSTOMREQUEST")
    }
    if let body = request.body {
      try easy.setBody(body)
    }

    let context = Unmanaged.passUnretained(self).toOpaque()
    try easy.set(
      callback: receiveBody, option: CURLOPT_WRITEFUNCTION, context: context,
      contextOption: CURLOPT_WRITEDATA, name: "CURLOPT_WRITEFUNCTION")
    try easy.set(
      callback: receiveHeader, option: CURLOPT_HEADERFUNCTION, context: context,
      contextOption: CURLOPT_HEADERDATA, name: "CURLOPT_HEADERFUNCTION")
  }

  /// The largest body kept: a page of 500 identities is a few MiB, so this stops a runaway or
  /// hostile server long before it exhausts memory.
  static let maximumBodyBytes = 64 * 1_048_576
  /// Set when the body passed `maximumBodyBytes` and the transfer was stopped.
  private var bodyTooLarge = false

  /// Takes body bytes; false stops the transfer.
  fileprivate func append(body bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard body.count + bytes.count <= Self.maximumBodyBytes else {
      bodyTooLarge = true
      return false
    }
    body.append(contentsOf: bytes)
    bytesReceived += bytes.count
    return true
  }

  /// Takes one header line; a new status line (after `100 Continue` or a redirect) starts over.
  fileprivate func append(headerLine bytes: UnsafeBufferPointer<UInt8>) {
    bytesReceived += bytes.count
    let line = String(decoding: bytes, as: UTF8.self).trimmingCharactersInNewlines()
    if line.hasPrefix("HTTP/") {
      headers.removeAll()
      return
    }
    guard let colon = line.firstIndex(of: ":") else { return }
    let name = line[..<colon].lowercased()
    let value = String(line[line.index(after: colon)...]).trimmingCharactersInWhitespace()
    headers.append((name: name, value: value))
  }

  /// The response once libcurl reports the transfer finished with `code`.
  func finish(_ code: CURLcode) -> Result<HTTPResponse, TransportFailure> {
    if bodyTooLarge {
      return .failure(TransportFailure(problem: .responseTooLarge(bytes: Self.maximumBodyBytes)))
    }
    guard code == CURLE_OK else { return .failure(TransportFailure(problem: problem(for: code))) }
    do {
      let status = try easy.info(long: CURLINFO_RESPONSE_CODE, name: "CURLINFO_RESPONSE_CODE")
      return .success(
        HTTPResponse(status: status, headers: headers, body: body, bytesReceived: bytesReceived))
    } catch {
      return .failure(TransportFailure(problem: .other(error.description)))
    }
  }

  /// Sorts a libcurl failure into the problems the client distinguishes.
  private func problem(for code: CURLcode) -> TransportProblem {
    let detail =
      easy.errorDetail.isEmpty
      ? String(cString: curl_easy_strerror(code)) : easy.errorDetail
    switch code {
    case CURLE_COULDNT_CONNECT:
      let errno = (try? easy.info(long: CURLINFO_OS_ERRNO, name: "CURLINFO_OS_ERRNO")) ?? 0
      return .cannotConnect(
        errno == 0 ? detail.lowercased() : String(cString: strerror(Int32(errno))).lowercased())
    case CURLE_COULDNT_RESOLVE_HOST:
      return .cannotResolveHost
    case CURLE_OPERATION_TIMEDOUT:
      let connected =
        (try? easy.info(double: CURLINFO_CONNECT_TIME, name: "CURLINFO_CONNECT_TIME")) ?? 0
      if connected == 0 {
        return .connectTimeout(seconds: settings.connectTimeoutMilliseconds / 1000)
      }
      return .timeout(seconds: settings.requestTimeoutMilliseconds / 1000)
    case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
      return .connectionLost(detail.lowercased())
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CACERT_BADFILE:
      return .tls(detail.lowercased())
    case CURLE_WEIRD_SERVER_REPLY, CURLE_UNSUPPORTED_PROTOCOL:
      return .protocolError(detail.lowercased())
    default:
      return .other(detail.lowercased())
    }
  }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes to the transfer named by the context pointer.
private let receiveBody: ccurl_data_cb = { pointer, size, count, context in
  let length = size * count
  guard let context else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
  if let pointer, length > 0 {
    let kept = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
      transfer.append(body: UnsafeBufferPointer(start: $0, count: length))
    }
    // Returning less than was offered makes libcurl abort the transfer.
    if !kept { return 0 }
  }
  return length
}

/// `CURLOPT_HEADERFUNCTION`: hands one header line to the transfer named by the context pointer.
private let receiveHeader: ccurl_data_cb = { pointer, size, count, context in
  let length = size * count
  guard let context else { return 0 }
  let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
  if let pointer, length > 0 {
    pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
      transfer.append(headerLine: UnsafeBufferPointer(start: $0, count: length))
    }
  }
  return length
}
