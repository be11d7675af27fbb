import CCurl

/// A libcurl call that returned an error code, named by the C function that returned it.
///
/// This type never leaves the curl layer as such: the transport turns it into a
/// `TransportFailure`, and the client into a `KratosClientError`.
struct CurlError: Error, Sendable, CustomStringConvertible {
  /// The C function that failed, for example `curl_easy_setopt(CURLOPT_URL)`.
  let function: String
  /// libcurl's own explanation of the code (`curl_easy_strerror`, `curl_multi_strerror`).
  let message: String
  /// The raw `CURLcode`, or `nil` when the failing call returns a `CURLMcode` or nothing.
  let easyCode: CURLcode?

  init(function: String, code: CURLcode) {
    self.function = function
    self.message = String(cString: curl_easy_strerror(code))
    self.easyCode = code
  }

  init(function: String, multiCode: CURLMcode) {
    self.function = function
    self.message = String(cString: curl_multi_strerror(multiCode))
    self.easyCode = nil
  }

  init(function: String, message: String) {
    self.function = function
    self.message = message
    self.easyCode = nil
  }

  var description: String { "\(function) failed: \(message.lowercased())" }

  /// Throws when `code` is not `CURLE_OK`.
  static func check(_ code: CURLcode, _ function: @autoclosure () -> String) throws(CurlError) {
    guard code != CURLE_OK else { return }
    throw CurlError(function: function(), code: code)
  }

  /// Throws when `code` is not `CURLM_OK`.
  static func check(_ code: CURLMcode, _ function: @autoclosure () -> String) throws(CurlError) {
    guard code != CURLM_OK else { return }
    throw CurlError(function: function(), multiCode: code)
  }
}
