import KratosModel

/// Builds the demo identities as seed JSON.
struct DemoData {
  let now: GoTime
  private var ids = IDGenerator(seed: 0x0DE7_0DA7_A5EE_D001)

  init(now: GoTime) { self.now = now }

  private struct Person {
    var first: String
    var last: String
    var email: String
    var kind: Kind = .customer
    var inactive = false

    enum Kind {
      case customer
      case employee(department: String)
      case phone(String)
      case social(provider: String, subject: String)
    }
  }

  private static let people: [Person] = [
    Person(first: "Alice", last: "Liddell", email: "alice@example.com"),
    Person(first: "Bob", last: "Jones", email: "Bob.Jones@Example.com"),
    Person(first: "Zoë", last: "Müller", email: "Zoe.Mueller@Example.de"),
    Person(first: "José", last: "García", email: "Jose.Garcia@Example.es"),
    Person(first: "太郎", last: "山田", email: "taro.yamada@example.jp"),
    Person(first: "Ольга", last: "Иванова", email: "Olga.Ivanova@Example.ru", inactive: true),
    Person(first: "محمد", last: "العلي", email: "Mohammed.AlAli@Example.sa"),
    Person(first: "Chloé", last: "Dubois", email: "chloe.dubois@example.fr"),
    Person(first: "Søren", last: "Nielsen", email: "Soren.Nielsen@Example.dk"),
    Person(first: "Ngozi", last: "Okafor", email: "ngozi.okafor@example.ng"),
    Person(first: "Priya", last: "Sharma", email: "Priya.Sharma@Example.in"),
    Person(first: "伟", last: "王", email: "wang.wei@example.cn"),
    Person(first: "Łukasz", last: "Kowalski", email: "Lukasz.Kowalski@Example.pl", inactive: true),
    Person(first: "Ana", last: "Silva", email: "ana.silva@example.br"),
    Person(first: "Björn", last: "Andersson", email: "Bjorn.Andersson@Example.se"),
    Person(first: "Fatma", last: "Yılmaz", email: "Fatma.Yilmaz@Example.com.tr"),
    Person(first: "Κώστας", last: "Παπαδόπουλος", email: "kostas.papadopoulos@example.gr"),
    Person(first: "Emma", last: "Brown", email: "Emma.Brown@Example.co.uk"),
    Person(first: "Liam", last: "O'Connor", email: "liam.oconnor@example.ie"),
    Person(first: "美咲", last: "田中", email: "Misaki.Tanaka@Example.jp"),
    Person(first: "하나", last: "김", email: "Hana.Kim@Example.kr"),
    Person(first: "Noah", last: "Cohen", email: "noah.cohen@example.co.il"),
    Person(first: "Isabella", last: "Rossi", email: "Isabella.Rossi@Example.it", inactive: true),
    Person(first: "Diego", last: "Hernández", email: "diego.hernandez@example.mx"),
    Person(
      first: "Grace", last: "Hopper", email: "Grace.Hopper@Corp.Example",
      kind: .employee(department: "Engineering")),
    Person(
      first: "Ada", last: "Lovelace", email: "ada.lovelace@corp.example",
      kind: .employee(department: "Research")),
    Person(
      first: "Margaret", last: "Hamilton", email: "Margaret.Hamilton@Corp.Example",
      kind: .employee(department: "Engineering")),
    Person(
      first: "Tim", last: "Berners", email: "tim.berners@corp.example",
      kind: .employee(department: "IT"), inactive: true),
    Person(
      first: "Katherine", last: "Johnson", email: "Katherine.Johnson@Corp.Example",
      kind: .employee(department: "Finance")),
    Person(
      first: "Dennis", last: "Ritchie", email: "dennis.ritchie@corp.example",
      kind: .employee(department: "Platform"), inactive: true),
    Person(
      first: "Barbara", last: "Liskov", email: "Barbara.Liskov@Corp.Example",
      kind: .employee(department: "Research")),
    Person(
      first: "Ken", last: "Thompson", email: "ken.thompson@corp.example",
      kind: .employee(department: "Security")),
    Person(
      first: "Frances", last: "Allen", email: "Frances.Allen@Corp.Example",
      kind: .employee(department: "Legal")),
    Person(
      first: "Radia", last: "Perlman", email: "radia.perlman@corp.example",
      kind: .employee(department: "Engineering")),
    Person(first: "", last: "", email: "", kind: .phone("+4915112345678")),
    Person(first: "", last: "", email: "", kind: .phone("+14155550123")),
    Person(first: "", last: "", email: "", kind: .phone("+447700900123"), inactive: true),
    Person(first: "", last: "", email: "", kind: .phone("+819012345678")),
    Person(first: "", last: "", email: "", kind: .phone("+5511987654321")),
    Person(first: "", last: "", email: "", kind: .phone("+33612345678")),
    Person(
      first: "Sam", last: "Taylor", email: "Sam.Taylor@Gmail.Example",
      kind: .social(provider: "google", subject: "104327718342098475621")),
    Person(
      first: "優希", last: "佐藤", email: "yuki.sato@example.jp",
      kind: .social(provider: "github", subject: "5834172")),
    Person(
      first: "Lea", last: "Schmidt", email: "Lea.Schmidt@Icloud.Example",
      kind: .social(provider: "apple", subject: "001234.9f8e7d6c5b4a39281706f5e4d3c2b1a0.1234")),
    Person(
      first: "أحمد", last: "حسن", email: "ahmed.hassan@example.eg",
      kind: .social(provider: "google", subject: "118273645509182736450")),
    Person(
      first: "Mateo", last: "López", email: "Mateo.Lopez@Outlook.Example",
      kind: .social(provider: "microsoft", subject: "AAAAAAAAAAAAAAAAAAAAAFq3bX9c0dE1fG2hI3jK4lM")),
    Person(
      first: "Aroha", last: "Ngata", email: "aroha.ngata@example.nz",
      kind: .social(provider: "github", subject: "91823745"), inactive: true),
    Person(first: "Ingrid", last: "Berg", email: "Ingrid.Berg@Example.no"),
    Person(first: "Kwame", last: "Mensah", email: "kwame.mensah@example.gh"),
  ]

  /// Organisation of the `employee` identities that belong to one (fixed ids).
  private static let organizations = [
    "5e2f6a0c-3d6b-4b8e-9a51-0c7d2e4f8a13", "b3c1d9e7-2a4f-4c6d-8e0b-7f5a3c1e9d24",
  ]

  /// The demo identities, each with its sessions, in Kratos's seed shape.
  mutating func identities() -> [JSON] {
    var result: [JSON] = []
    for (index, person) in DemoData.people.enumerated() {
      result.append(identity(person, index: index))
    }
    return result
  }

  private mutating func identity(_ person: Person, index: Int) -> JSON {
    let created = GoTime(
      seconds: 1_709_251_200 + index * 432_000 + index * 3_607,
      nanoseconds: DemoData.fraction(index))
    let updated = created.adding(
      seconds: 86_400 * (index % 9) + 61, nanoseconds: DemoData.fraction(index + 3))
    var object: [String: JSON] = [
      "id": .string(ids.next()),
      "state": person.inactive ? "inactive" : "active",
      "created_at": created.json,
      "updated_at": updated.json,
    ]
    if person.inactive {
      object["state_changed_at"] = updated.adding(seconds: 3_600 * index).json
    }
    var credentials: [String: JSON] = [:]
    var addresses = index % 6 != 5
    switch person.kind {
    case .customer, .social:
      object["schema_id"] = "customer"
      object["traits"] = [
        "email": .string(person.email),
        "name": ["first": .string(person.first), "last": .string(person.last)],
      ]
    case .employee(let department):
      object["schema_id"] = "employee"
      object["traits"] = ["email": .string(person.email), "department": .string(department)]
      object["external_id"] = .string("emp-\(1000 + index)")
      if index % 3 != 2 { object["organization_id"] = .string(DemoData.organizations[index % 2]) }
    case .phone(let number):
      object["schema_id"] = "phone"
      object["traits"] = ["phone": .string(number)]
      credentials["password"] = credential(
        "password", [number], created, config: ["hashed_password": .string(hash())])
      credentials["code"] = credential(
        "code", [number], created,
        config: ["addresses": [["channel": "sms", "address": .string(number)]]], version: 1)
      object["verifiable_addresses"] = [
        address(number, via: "sms", verified: index % 2 == 0, at: created)
      ]
      addresses = false
    }
    if case .social(let provider, let subject) = person.kind {
      credentials["oidc"] = credential(
        "oidc", ["\(provider):\(subject)"], created,
        config: ["providers": [["provider": .string(provider), "subject": .string(subject)]]])
    } else if !person.email.isEmpty {
      let login = person.email.lowercased()
      credentials["password"] = credential(
        "password", [login], created, config: ["hashed_password": .string(hash())])
      if index % 4 == 1 {
        credentials["code"] = credential(
          "code", [login], created,
          config: ["addresses": [["channel": "email", "address": .string(login)]]], version: 1)
      }
    }
    if index % 7 == 3 {
      credentials["totp"] = credential(
        "totp", [], created, config: ["totp_url": "otpauth://totp/kql-sandbox?secret=REDACTED"])
    }
    object["credentials"] = .object(credentials)
    if addresses && !person.email.isEmpty {
      let login = person.email.lowercased()
      object["verifiable_addresses"] = [
        address(login, via: "email", verified: index % 3 != 1, at: created)
      ]
      object["recovery_addresses"] = [
        [
          "value": .string(login), "via": "email", "created_at": created.json,
          "updated_at": created.json,
        ]
      ]
    }
    switch index % 5 {
    case 0:
      object["metadata_public"] = [
        "plan": index % 2 == 0 ? "pro" : "free", "newsletter": .bool(index % 4 == 0),
      ]
    case 2:
      object["metadata_public"] = [
        "locale": .string(["de-DE", "ja-JP", "ar-SA", "ru-RU", "es-ES"][index % 5])
      ]
    default: break
    }
    if index % 4 == 2 || index == 0 {
      object["metadata_admin"] = [
        "crm_id": .string("CRM-\(40_000 + index * 17)"), "vip": .bool(index % 8 == 2),
      ]
    }
    object["sessions"] = .array(sessions(for: index))
    return .object(object)
  }

  /// Zero to three sessions; some expired, some revoked. The demo user has two live ones.
  private mutating func sessions(for index: Int) -> [JSON] {
    let count = index == 0 ? 2 : index % 4
    var list: [JSON] = []
    for n in 0..<count {
      let authenticated = now.adding(
        seconds: -(3_600 * (index % 11 + 1) + 86_400 * n), nanoseconds: DemoData.fraction(index + n)
      )
      var expires = authenticated.adding(seconds: 86_400 * 3)
      var active = true
      if index != 0 {
        if (index + n) % 5 == 0 { expires = now.adding(seconds: -7_200 - 60 * index) }
        if (index + n) % 7 == 3 { active = false }
      }
      let level = (index + n) % 6 == 0 ? "aal2" : "aal1"
      var methods: [JSON] = [
        ["method": "password", "aal": "aal1", "completed_at": authenticated.json]
      ]
      if case .social(let provider, _) = DemoData.people[index].kind {
        methods = [
          [
            "method": "oidc", "aal": "aal1", "provider": .string(provider),
            "completed_at": authenticated.json,
          ]
        ]
      }
      if level == "aal2" {
        methods.append([
          "method": "totp", "aal": "aal2", "completed_at": authenticated.adding(seconds: 20).json,
        ])
      }
      list.append([
        "id": .string(ids.next()),
        "active": .bool(active),
        "authenticated_at": authenticated.json,
        "issued_at": authenticated.json,
        "expires_at": expires.json,
        "authenticator_assurance_level": .string(level),
        "authentication_methods": .array(methods),
        "devices": [
          [
            "id": .string(ids.next()),
            "ip_address": .string("192.0.2.\(10 + (index * 7 + n) % 240)"),
            "user_agent": .string(DemoData.agents[(index + n) % DemoData.agents.count]),
            "location": .string(DemoData.locations[(index + 2 * n) % DemoData.locations.count]),
          ]
        ],
      ])
    }
    return list
  }

  private static let agents = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148",
    "okhttp/4.12.0",
  ]

  private static let locations = [
    "Berlin, DE", "Tokyo, JP", "São Paulo, BR", "Toronto, CA", "Lagos, NG",
  ]

  /// Fractions with 0, 2, 3, 6 and 9 digits, as Go prints them.
  static func fraction(_ index: Int) -> Int {
    [0, 120_000_000, 250_000_000, 123_456_000, 987_654_321, 500_000_000, 10_000][index % 7]
  }

  private func credential(
    _ type: String, _ identifiers: [String], _ created: GoTime, config: JSON, version: Int = 0
  )
    -> JSON
  {
    [
      "type": .string(type), "identifiers": .array(identifiers.map(JSON.string)),
      "version": .integer(version),
      "config": config, "created_at": created.json, "updated_at": created.json,
    ]
  }

  private func address(_ value: String, via: String, verified: Bool, at time: GoTime) -> JSON {
    var object: [String: JSON] = [
      "value": .string(value), "via": .string(via), "verified": .bool(verified),
      "status": verified ? "completed" : "sent", "created_at": time.json, "updated_at": time.json,
    ]
    if verified { object["verified_at"] = time.adding(seconds: 300).json }
    return .object(object)
  }

  /// A bcrypt-shaped value; it is not the hash of any password.
  private mutating func hash() -> String {
    let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    var text = "$2a$12$"
    for _ in 0..<53 { text.append(alphabet[Int(ids.nextWord() % UInt64(alphabet.count))]) }
    return text
  }
}
