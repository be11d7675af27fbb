/// A complete HTTP response: status, header fields in order, and the body bytes.
struct HTTPResponse: Sendable {
  var status: Int
  /// Header fields of the final response (after any `100 Continue`), names in lower case.
  var headers: [(name: String, value: String)]
  var body: [UInt8]
  /// Bytes received, headers included, for the request statistics.
  var bytesReceived: Int

  /// The first value of the header `name` (case-insensitive), trimmed.
  func header(_ name: String) -> String? {
    let key = name.lowercased()
    return headers.first { $0.name == key }?.value
  }

  /// Every value of the header `name`, in the order received.
  func headers(named name: String) -> [String] {
    let key = name.lowercased()
    return headers.filter { $0.name == key }.map(\.value)
  }
}
