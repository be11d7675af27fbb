import Foundation

/// Makes UUIDs: random ones for identities and sessions created through the API, and a
/// reproducible stream for the demo and synthetic data sets so their ids are the same on every
/// run.
struct IDGenerator: Sendable {
  private var state: UInt64
  private let deterministic: Bool

  /// A reproducible stream; the same seed always yields the same ids.
  init(seed: UInt64) {
    state = seed
    deterministic = true
  }

  /// Random ids from the system generator.
  static var random: IDGenerator { IDGenerator() }

  private init() {
    state = 0
    deterministic = false
  }

  /// The next 64 bits of a SplitMix64 sequence.
  mutating func nextWord() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A random version-4 UUID in lower case.
  static func randomID() -> String { UUID().uuidString.lowercased() }

  /// A version-4 UUID in lower case.
  mutating func next() -> String {
    guard deterministic else { return UUID().uuidString.lowercased() }
    let high = nextWord()
    let low = nextWord()
    var bytes: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
    bytes += (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    return IDGenerator.format(bytes)
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  static func format(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (i, byte) in bytes.enumerated() {
      if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
      out.append(hexDigits[Int(byte >> 4)])
      out.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
