import CCurl

/// A `curl_slist` of request header lines, freed when the value goes away.
///
/// libcurl keeps a pointer to the list for the whole transfer, so the owner must keep this object
/// alive until the transfer has finished.
final class CurlHeaderList {
  private(set) var list: UnsafeMutablePointer<curl_slist>?

  /// Builds the list from `Name: value` pairs.
  init(_ headers: [(name: String, value: String)]) throws(CurlError) {
    for header in headers {
      guard let appended = curl_slist_append(list, "\(header.name): \(header.value)") else {
        throw CurlError(function: "curl_slist_append", message: "out of memory")
      }
      list = appended
    }
  }

  deinit {
    curl_slist_free_all(list)
  }
}
