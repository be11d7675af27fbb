import Foundation
import KratosModel

/// The identity schemas the sandbox serves, as a Kratos configured with them would.
///
/// Each schema marks its login identifiers, verification and recovery addresses with Kratos's
/// `ory.sh/kratos` extension keywords; the sandbox reads those marks when an identity is
/// written through the API, as Kratos does.
enum IdentitySchemaCatalog {
  /// The schema used when a request leaves `schema_id` empty.
  static let defaultID = "default"

  /// Schema ids in the order `GET /schemas` lists them.
  static let ids = ["default", "customer", "employee", "phone"]

  static func document(id: String) -> JSON? { documents[id] }

  /// Where Kratos says the schema of an identity can be fetched: the base URL, `/schemas/`, and
  /// the id in unpadded base64url.
  static func schemaURL(baseURL: String, id: String) -> String {
    let encoded = Data(id.utf8).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
    return baseURL + "/schemas/" + encoded
  }

  private static let emailExtension: JSON = [
    "credentials": [
      "password": ["identifier": true],
      "code": ["identifier": true, "via": "email"],
    ],
    "verification": ["via": "email"],
    "recovery": ["via": "email"],
  ]

  private static let phoneExtension: JSON = [
    "credentials": [
      "password": ["identifier": true],
      "code": ["identifier": true, "via": "sms"],
    ],
    "verification": ["via": "sms"],
  ]

  private static func email(title: String) -> JSON {
    [
      "type": "string", "format": "email", "title": .string(title), "minLength": 3,
      "maxLength": 320, "ory.sh/kratos": emailExtension,
    ]
  }

  private static let name: JSON = [
    "type": "object",
    "properties": [
      "first": ["type": "string", "title": "First name"],
      "last": ["type": "string", "title": "Last name"],
    ],
  ]

  private static func wrap(id: String, title: String, traits: JSON) -> JSON {
    [
      "$id": .string("https://schemas.kql.invalid/\(id).schema.json"),
      "$schema": "http://json-schema.org/draft-07/schema#",
      "title": .string(title),
      "type": "object",
      "properties": ["traits": traits],
    ]
  }

  private static let documents: [String: JSON] = [
    "default": wrap(
      id: "default", title: "Person",
      traits: [
        "type": "object",
        "properties": ["email": email(title: "E-Mail"), "name": name],
        "required": ["email"],
        "additionalProperties": false,
      ]),
    "customer": wrap(
      id: "customer", title: "Customer",
      traits: [
        "type": "object",
        "properties": ["email": email(title: "E-Mail"), "name": name],
        "required": ["email"],
        "additionalProperties": false,
      ]),
    "employee": wrap(
      id: "employee", title: "Employee",
      traits: [
        "type": "object",
        "properties": [
          "email": email(title: "Work e-mail"),
          "department": ["type": "string", "title": "Department", "minLength": 1],
        ],
        "required": ["email", "department"],
        "additionalProperties": false,
      ]),
    "phone": wrap(
      id: "phone", title: "Phone user",
      traits: [
        "type": "object",
        "properties": [
          "phone": [
            "type": "string", "format": "tel", "title": "Phone number", "minLength": 5,
            "ory.sh/kratos": phoneExtension,
          ]
        ],
        "required": ["phone"],
        "additionalProperties": false,
      ]),
  ]
}
