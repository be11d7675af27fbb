import Foundation
import Testing

@testable import KratosModel

@Suite struct TimestampTests {
  @Test(arguments: [
    "2024-01-31T10:20:30Z", "2024-01-31T10:20:30.1Z", "2024-01-31T10:20:30.123456789Z",
    "2024-01-31T12:20:30+02:00", "2024-01-31T05:50:30.000-04:30", "2024-01-31t10:20:30z",
  ])
  func acceptsGoRFC3339(text: String) throws {
    let date = try #require(Timestamp.parse(text))
    #expect(abs(date.timeIntervalSince1970 - 1_706_696_430) < 0.2)
  }

  @Test(arguments: [
    "2024-01-31", "2024-01-31T10:20:30", "2024-02-30T00:00:00Z", "2024-01-31T10:20:30.Z",
    "2024-01-31T10:20:30.1234567890Z", "2024-01-31T10:20:30+0200", "", "garbage",
  ])
  func rejectsOtherText(text: String) {
    #expect(Timestamp.parse(text) == nil)
  }

  @Test func formatsRoundTrip() throws {
    let date = try #require(Timestamp.parse("1999-12-31T23:59:59.250Z"))
    #expect(Timestamp.format(date, fractionalDigits: 3) == "1999-12-31T23:59:59.250Z")
    #expect(
      Timestamp.parseDate("2000-02-29").map { Timestamp.format($0) } == "2000-02-29T00:00:00Z")
  }
}

@Suite struct ModelTests {
  @Test func normalisesUUIDs() {
    #expect(
      UUIDText.normalized("0F8FAD5B-D9CB-469F-A165-70867728950E")
        == "0f8fad5b-d9cb-469f-a165-70867728950e")
    #expect(UUIDText.normalized("0f8fad5bd9cb469fa16570867728950e") == nil)
    #expect(UUIDText.normalized("0f8fad5b-d9cb-469f-a165-70867728950g") == nil)
  }

  @Test func toleratesMissingAndNullFields() throws {
    let identity = try Identity(json: [
      "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "metadata_public": nil,
    ])
    #expect(identity.state == nil && identity.traits == .null && identity.loginIdentifiers.isEmpty)
    #expect(throws: ModelDecodingError.self) { try Identity(json: ["id": "nope"]) }
    #expect(throws: ModelDecodingError.self) {
      try Identity(json: ["id": "0f8fad5b-d9cb-469f-a165-70867728950e", "state": "frozen"])
    }
  }
}
