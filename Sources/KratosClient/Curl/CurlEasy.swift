import CCurl
import CCurlShim

/// One libcurl easy handle: a single HTTP exchange with its options, owned by one thread at a time.
///
/// Every call names its C function and option in the error it throws. The handle is cleaned up
/// when the object goes away; the multi handle must have released it before then.
final class CurlEasy {
  /// The `CURL *`; it never leaves the curl layer.
  let handle: UnsafeMutableRawPointer
  /// libcurl writes a detailed message here when a transfer fails (`CURLOPT_ERRORBUFFER`).
  private let errorBuffer: UnsafeMutablePointer<CChar>

  init() throws(CurlError) {
    try CurlLibrary.initialize()
    guard let handle = curl_easy_init() else {
      throw CurlError(function: "curl_easy_init", message: "could not create a handle")
    }
    self.handle = handle
    errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    try CurlError.check(
      ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
      "curl_easy_setopt(CURLOPT_ERRORBUFFER)")
  }

  deinit {
    curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  func set(_ option: CURLoption, _ value: Int, name: String) throws(CurlError) {
    try CurlError.check(
      ccurl_easy_setopt_long(handle, option, value), "curl_easy_setopt(\(name))")
  }

  func set(_ option: CURLoption, offset value: Int64, name: String) throws(CurlError) {
    try CurlError.check(
      ccurl_easy_setopt_off_t(handle, option, curl_off_t(value)), "curl_easy_setopt(\(name))")
  }

  /// Sets a string option; libcurl copies the string, so it need not outlive the call.
  func set(_ option: CURLoption, _ value: String, name: String) throws(CurlError) {
    try CurlError.check(
      ccurl_easy_setopt_string(handle, option, value), "curl_easy_setopt(\(name))")
  }

  /// Sets `CURLOPT_COPYPOSTFIELDS` and its size; libcurl keeps its own copy of the bytes.
  func setBody(_ bytes: [UInt8]) throws(CurlError) {
    try set(
      CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count), name: "CURLOPT_POSTFIELDSIZE_LARGE")
    // An empty body still needs a valid pointer, which an empty array may not give.
    let storage: [UInt8] = bytes.isEmpty ? [0] : bytes
    let code = storage.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return CURLE_OUT_OF_MEMORY }
      return ccurl_easy_setopt_pointer(
        handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
    }
    try CurlError.check(code, "curl_easy_setopt(CURLOPT_COPYPOSTFIELDS)")
  }

  /// Sets the request header list; `headers` must stay alive until the transfer is over.
  func set(headers: CurlHeaderList) throws(CurlError) {
    try CurlError.check(
      ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.list),
      "curl_easy_setopt(CURLOPT_HTTPHEADER)")
  }

  /// Installs a body or header callback with the opaque context it receives.
  func set(
    callback: ccurl_data_cb, option: CURLoption, context: UnsafeMutableRawPointer,
    contextOption: CURLoption, name: String
  ) throws(CurlError) {
    try CurlError.check(
      ccurl_easy_setopt_data_cb(handle, option, callback), "curl_easy_setopt(\(name))")
    try CurlError.check(
      ccurl_easy_setopt_pointer(handle, contextOption, context), "curl_easy_setopt(\(name) data)")
  }

  func info(long info: CURLINFO, name: String) throws(CurlError) -> Int {
    var value = 0
    try CurlError.check(ccurl_easy_getinfo_long(handle, info, &value), "curl_easy_getinfo(\(name))")
    return value
  }

  func info(double info: CURLINFO, name: String) throws(CurlError) -> Double {
    var value = 0.0
    try CurlError.check(
      ccurl_easy_getinfo_double(handle, info, &value), "curl_easy_getinfo(\(name))")
    return value
  }

  /// The detailed message libcurl left for the last failed transfer, or "" if none.
  var errorDetail: String {
    String(cString: errorBuffer).trimmingCharactersInNewlines()
  }
}

extension String {
  /// The string without trailing line breaks, as libcurl's messages often end with one.
  func trimmingCharactersInNewlines() -> String {
    var text = self
    while let last = text.last, last.isNewline { text.removeLast() }
    return text
  }
}
