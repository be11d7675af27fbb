import Foundation

/// The `Link` headers Kratos writes, built the way ory/x builds them: the request's own path and
/// query with the paging keys set, re-encoded with sorted keys, joined by a bare comma.
enum PaginationLinks {
  /// Keyset paging (`/admin/identities`, `/admin/sessions`): `first` always, `next` unless this
  /// is the last page. `size` is the page size after clamping.
  static func keyset(
    path: String, query: QueryParameters, firstToken: String, nextToken: String?, size: Int
  ) -> String {
    func link(_ rel: String, _ token: String) -> String {
      var q = query
      q.set("page_token", token)
      q.set("page_size", String(size))
      return "<\(path)?\(q.encoded)>; rel=\"\(rel)\""
    }
    var links = [link("first", firstToken)]
    if let nextToken { links.append(link("next", nextToken)) }
    return links.joined(separator: ",")
  }

  /// Which keys an offset-paging link carries.
  enum OffsetStyle {
    /// `page` and `per_page` (legacy mode of `/admin/identities`).
    case pages
    /// `page`, `per_page`, `page_size` and `page_token` (`/admin/identities/{id}/sessions`).
    case pagesAndTokens
  }

  /// Offset paging: the `X-Total-Count` value and the `Link` header, with ory/x's choice of
  /// relations (including its oddities: a `prev` to page -1 on an empty list, and only `first`,
  /// sized to the total, when everything fits on one page).
  static func offset(
    path: String, query: QueryParameters, total: Int, page: Int, perPage: Int, style: OffsetStyle
  ) -> String {
    let limit = max(perPage, 1)
    func link(_ rel: String, _ size: Int, _ offset: Int) -> String {
      var q = query
      switch style {
      case .pages:
        q.set("per_page", String(size))
        q.set("page", String(offset / size))
      case .pagesAndTokens:
        q.set("page_size", String(size))
        q.set("page_token", offsetToken(offset))
        q.set("per_page", String(size))
        q.set("page", String(offset / size))
      }
      return "<\(path)?\(q.encoded)>; rel=\"\(rel)\""
    }
    let offset = page * limit
    let lastOffset = total % limit == 0 ? total - limit : (total / limit) * limit
    let links: [String]
    if offset >= lastOffset {
      if total == 0 {
        links = [
          link("first", limit, 0), link("next", limit, (offset / limit + 1) * limit),
          link("prev", limit, (offset / limit - 1) * limit),
        ]
      } else if total <= limit {
        links = [link("first", total, 0)]
      } else {
        links = [link("first", limit, 0), link("prev", limit, lastOffset - limit)]
      }
    } else if offset < limit {
      links = [link("next", limit, limit), link("last", limit, lastOffset)]
    } else {
      links = [
        link("first", limit, 0), link("next", limit, (offset / limit + 1) * limit),
        link("prev", limit, (offset / limit - 1) * limit), link("last", limit, lastOffset),
      ]
    }
    return links.joined(separator: ",")
  }

  /// ory/x's offset token: unpadded base64url of `{"offset":"N","v":2}`.
  static func offsetToken(_ offset: Int) -> String {
    base64URL(Array("{\"offset\":\"\(offset)\",\"v\":2}".utf8))
  }

  /// The offset an offset token names; `0` when it cannot be read, as ory/x ignores the error.
  static func offset(fromToken token: String) -> Int {
    guard let bytes = decodeBase64(token, urlAlphabet: true),
      let text = String(bytes: bytes, encoding: .utf8),
      let range = text.range(of: "\"offset\":")
    else { return 0 }
    let rest = text[range.upperBound...].drop { $0 == " " || $0 == "\"" }
    let digits = rest.prefix { $0 == "-" || $0.isNumber }
    return min(Int(digits) ?? 0, SandboxAPI.lastPage)
  }

  static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  static func base64Raw(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
  }

  /// Decodes unpadded base64 (Go's `RawStdEncoding` or `RawURLEncoding`); padding is refused as
  /// Go refuses it.
  static func decodeBase64(_ text: String, urlAlphabet: Bool) -> [UInt8]? {
    guard !text.contains("=") else { return nil }
    var standard = text
    if urlAlphabet {
      guard !text.contains("+"), !text.contains("/") else { return nil }
      standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
        of: "_", with: "/")
    } else {
      guard !text.contains("-"), !text.contains("_") else { return nil }
    }
    guard standard.utf8.count % 4 != 1 else { return nil }
    standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
    return Data(base64Encoded: standard).map { [UInt8]($0) }
  }
}
