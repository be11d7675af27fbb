import CCurl

/// A `curl_slist` of request header lines, freed when the value goes away.
///
/// libcurl keeps a pointer to the list for the whole transfer, so the owner must keep this object
/// alive until the transfer has finished.
final class CurlHeaderList {
  private(set) var list: UnsafeMutablePointer<curl_slist>?

  /// Builds the list from `Name: value` pairs; an empty value suppresses libcurl's own header.
  init(_ headers: [(name: String, value: String)]) throws(CurlError) {
    for header in headers {
      // `Name:` with nothing after the colon tells libcurl not to send that header at all.
      let line = header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)"
      guard let appended = curl_slist_append(list, line) else {
        throw CurlError(function: "curl_slist_append", message: "out of memory")
      }
      list = appended
    }
  }

  deinit {
    curl_slist_free_all(list)
  }
}
