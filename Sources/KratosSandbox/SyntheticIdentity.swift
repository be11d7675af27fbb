import KratosModel

/// One generated identity.
enum SyntheticIdentity {
  private static let firstNames = [
    "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Gül", "Hiro", "Inès", "Jonas",
  ]
  private static let lastNames = [
    "Meyer", "Novak", "Okoro", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Umar", "Vega",
  ]

  static func make(number n: Int, id: String, ids: inout IDGenerator) -> StoredIdentity {
    let created = GoTime(seconds: 1_735_689_600 + n * 97, nanoseconds: DemoData.fraction(n))
    let email = "user\(n)@example.com"
    let stamp = created.json
    let inactive = n % 10 == 9
    var fields: [String: JSON] = [
      "schema_id": "default",
      "state": inactive ? "inactive" : "active",
      "traits": [
        "email": .string(email),
        "name": ["first": .string(firstNames[n % 10]), "last": .string(lastNames[(n / 10) % 10])],
      ],
      "metadata_public": .null,
      "organization_id": .null,
      "created_at": stamp,
      "updated_at": stamp,
      "verifiable_addresses": [
        [
          "id": .string(ids.next()), "value": .string(email), "verified": .bool(n % 2 == 0),
          "via": "email",
          "status": n % 2 == 0 ? "completed" : "pending", "created_at": stamp,
          "updated_at": stamp,
        ]
      ],
      "recovery_addresses": [
        [
          "id": .string(ids.next()), "value": .string(email), "via": "email",
          "created_at": stamp,
          "updated_at": stamp,
        ]
      ],
      "credentials": [
        "password": [
          "type": "password", "identifiers": [.string(email)], "version": 0,
          "config": [
            "hashed_password": "$2a$12$syntheticsyntheticsyntheticsyntheticsyntheticsynth"
          ],
          "created_at": stamp, "updated_at": stamp,
        ]
      ],
    ]
    if inactive { fields["state_changed_at"] = created.adding(seconds: 3_600).json }
    if n % 50 == 7 { fields["metadata_admin"] = ["note": .string("synthetic \(n)")] }
    return StoredIdentity(id: id, fields: fields)
  }
}
