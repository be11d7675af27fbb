import Testing

@testable import KratosModel

@Suite struct JSONTests {
  @Test func parsesAndSerialisesNestedValues() throws {
    let json = try JSON(parsing: #" {"b": [1, 2.5, true, null, "x\u00e9\n"], "a": {"z": -0}} "#)
    #expect(json["b"]?.arrayValue?.count == 5)
    #expect(json.serialized == #"{"a":{"z":0},"b":[1,2.5,true,null,"xé\n"]}"#)
  }

  @Test(arguments: [
    ("plain ascii", #""plain ascii""#), ("Zoë 山田 ✓", #""Zoë 山田 ✓""#), ("a\"b", #""a\"b""#),
    ("a\\b", #""a\\b""#), ("tab\t", #""tab\t""#), ("\u{1}", #""\u0001""#),
    ("line\u{2028}sep", #""line\u2028sep""#), ("para\u{2029}", #""para\u2029""#),
    ("\u{2027}\u{202A}", "\"\u{2027}\u{202A}\""),
  ])
  func escapesOnlyWhatNeedsEscaping(text: String, expected: String) {
    #expect(JSON.string(text).serialized == expected)
  }

  @Test func decodesSurrogatePairs() throws {
    #expect(try JSON(parsing: #""\ud83d\ude00""#) == .string("😀"))
  }

  @Test(arguments: [
    ("{\"a\":1,}", 1, 8), ("[1 2]", 1, 4), ("\n  tru", 2, 3), ("{\"a\":1} x", 1, 9),
    ("\"\\ud800\"", 1, 8),
    ("", 1, 1), ("[01]", 1, 3),
  ])
  func reportsWhereTheFaultIs(text: String, line: Int, column: Int) {
    #expect(throws: JSONSyntaxError.self) { try JSON(parsing: text) }
    do {
      _ = try JSON(parsing: text)
    } catch {
      #expect(error.line == line && error.column == column, "\(error)")
    }
  }

  @Test func refusesDeepNestingWithoutCrashing() {
    let text = String(repeating: "[", count: 100_000)
    #expect(throws: JSONSyntaxError.self) { try JSON(parsing: text) }
  }
}
