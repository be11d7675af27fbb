/// Checks and normalises the UUIDs that name identities and sessions.
public enum UUIDText {
  /// The canonical lower-case form of `text` if it is a UUID in the 8-4-4-4-12 hex form, else `nil`.
  ///
  /// Upper-case hex is accepted because operators paste IDs from many tools; Kratos itself prints
  /// lower case, so comparisons use the normalised form.
  public static func normalized(_ text: some StringProtocol) -> String? {
    let utf8 = text.utf8
    guard utf8.count == 36 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (i, byte) in utf8.enumerated() {
      switch i {
      case 8, 13, 18, 23:
        guard byte == UInt8(ascii: "-") else { return nil }
        out.append(byte)
      default:
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"):
          out.append(byte)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): out.append(byte + 32)
        default: return nil
        }
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  public static func isValid(_ text: some StringProtocol) -> Bool { normalized(text) != nil }

  /// The nil UUID, which Kratos uses as the first keyset page token.
  public static let zero = "00000000-0000-0000-0000-000000000000"
}
