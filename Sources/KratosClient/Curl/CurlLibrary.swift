import CCurl

/// The process-wide libcurl state: `curl_global_init` runs exactly once, on first use.
enum CurlLibrary {
  /// The outcome of the one `curl_global_init` call; Swift runs a static initialiser only once,
  /// even when several threads reach it at the same time.
  private static let initialization: Result<Void, CurlError> = {
    let code = curl_global_init(Int(CURL_GLOBAL_ALL))
    if code == CURLE_OK { return .success(()) }
    return .failure(CurlError(function: "curl_global_init", code: code))
  }()

  /// Makes sure libcurl is initialised; throws if it could not be.
  static func initialize() throws(CurlError) {
    try initialization.get()
  }

}
