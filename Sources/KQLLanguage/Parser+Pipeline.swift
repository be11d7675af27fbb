extension Parser {
  static let sourceStages: Set = ["find", "get", "load"]
  static let outputStages: Set = ["show", "json", "jsonl", "csv", "count", "save"]

  /// `STAGE ('|' STAGE)*`
  mutating func parsePipeline() throws(StatementAbandoned) -> Pipeline {
    let start = current.range.start
    var stages: [Stage] = []
    while true {
      if current.isSymbol("|") || atStatementEnd {
        throw fail(
          stages.isEmpty ? "expected a stage" : "empty pipeline stage: expected a stage after '|'",
          at: current.range,
          hint: stages.isEmpty ? nil : "remove the extra '|'")
      }
      let stage = try parseStage(first: stages.isEmpty)
      if let last = stages.last, last.isOutput || (stages.count > 1 && last.kind == .ids) {
        throw fail("'\(last.name)' must be the last stage", at: last.nameRange)
      }
      stages.append(stage)
      guard current.isSymbol("|") else { break }
      advance()
    }
    return Pipeline(stages: stages, range: range(from: start))
  }

  mutating func parseStage(first: Bool) throws(StatementAbandoned) -> Stage {
    let start = current.range.start
    let nameRange = current.range
    guard let name = current.word else {
      throw fail("expected a stage name, not \(current.display)", at: current.range)
    }
    let known = LanguageCatalog.stages.map(\.name)
    guard known.contains(name) else {
      let candidates = known + (first ? LanguageCatalog.statements.map(\.name) : [])
      throw fail(
        "unknown stage '\(name)'", at: nameRange,
        hint: LanguageCatalog.suggestion(for: name, among: candidates).map {
          "did you mean '\($0)'?"
        })
    }
    if !first, Parser.sourceStages.contains(name) {
      throw fail("'\(name)' can only start a pipeline", at: nameRange)
    }
    advance()
    let kind = try parseStageArguments(name, first: first, nameRange: nameRange)
    if !atStageEnd {
      throw fail(
        "unexpected \(current.display) in '\(name)'", at: current.range,
        hint: LanguageCatalog.stage(named: name).map { "syntax: \($0.syntax)" })
    }
    return Stage(kind: kind, range: range(from: start), nameRange: nameRange)
  }

  var atStageEnd: Bool { atStatementEnd || current.isSymbol("|") }

  mutating func parseStageArguments(
    _ name: String, first: Bool, nameRange: SourceRange
  ) throws(StatementAbandoned) -> StageKind {
    switch name {
    case "find":
      var expression: Expression?
      var noScan = false
      while !atStageEnd {
        if case .option = current.kind {
          try parseOption(of: name, allowed: ["no-scan"])
          noScan = true
          continue
        }
        let before = position
        let term = try parseOr()
        expression = expression.map { .and($0, term) } ?? term
        if position == before { break }
      }
      return .find(expression, noScan: noScan)
    case "get":
      var ids: [Value] = []
      while !atStageEnd {
        let before = position
        ids.append(try parseValue(what: "an identity id"))
        if current.isSymbol(",") { advance() }
        if position == before { break }
      }
      if ids.isEmpty { throw fail("get needs at least one identity id", at: nameRange) }
      return .get(ids)
    case "ids": return .ids
    case "load": return .load(try parseValue(what: "a file name after 'load'"))
    case "save":
      let file = try parseValue(what: "a file name after 'save'")
      var forImport = false
      while case .option = current.kind {
        try parseOption(of: name, allowed: ["import"])
        forImport = true
      }
      return .save(file, forImport: forImport)
    case "sessions":
      var active: Bool?
      while case .option(let option) = current.kind {
        try parseOption(of: name, allowed: ["active", "inactive"])
        active = option == "active"
      }
      return .sessions(active: active)
    case "where":
      guard !atStageEnd else { throw fail("where needs an expression", at: current.range) }
      return .where(try parseOr())
    case "take":
      let value = try parseValue(what: "a number after 'take'")
      switch value.kind {
      case .integer(let n) where n >= 0: break
      case .variable: break
      default: throw fail("take needs a whole number, not \(describe(value))", at: value.range)
      }
      return .take(value)
    case "sort":
      var keys: [SortKey] = []
      repeat {
        if current.isSymbol(",") { advance() }
        let field = try parseFieldPath()
        var descending = false
        if current.isWord("desc") || current.isWord("asc") {
          descending = current.isWord("desc")
          advance()
        }
        keys.append(SortKey(field: field, descending: descending))
      } while !atStageEnd
      return .sort(keys)
    case "select": return .select(try parseFieldList(required: true, stage: name))
    case "show":
      var wide = false
      var fields: [FieldPath] = []
      while !atStageEnd {
        if case .option = current.kind {
          try parseOption(of: name, allowed: ["wide"])
          wide = true
          continue
        }
        if current.isSymbol(",") {
          advance()
          continue
        }
        fields.append(try parseFieldPath())
      }
      return .show(fields, wide: wide)
    case "csv": return .csv(try parseFieldList(required: false, stage: name))
    case "json": return .json
    case "jsonl": return .jsonl
    case "count": return .count
    case "deactivate": return .deactivate
    case "activate": return .activate
    case "revoke": return .revoke
    case "delete": return .delete
    case "set":
      var assignments: [FieldAssignment] = []
      while !atStageEnd {
        if current.isSymbol(",") {
          advance()
          continue
        }
        let path = try parseFieldPath()
        guard current.isSymbol("=") else {
          throw fail(
            "expected '=' after '\(path.dotted)'", at: current.range,
            hint: "syntax: set PATH=VALUE…")
        }
        advance()
        assignments.append(
          FieldAssignment(path: path, value: try parseValue(what: "a value for \(path.dotted)")))
      }
      if assignments.isEmpty { throw fail("set needs PATH=VALUE", at: nameRange) }
      return .set(assignments)
    case "unset": return .unset(try parseFieldList(required: true, stage: name))
    case "recover":
      var method = RecoveryMethod.link
      var expires: Value?
      if let word = current.word, let m = RecoveryMethod(rawValue: word) {
        method = m
        advance()
      }
      while case .option = current.kind {
        try parseOption(of: name, allowed: ["expires"])
        expires = try parseValue(what: "a duration after --expires, such as 1h")
        if case .duration = expires?.kind {
        } else if case .variable = expires?.kind {
        } else if let expires {
          throw fail("--expires needs a duration such as 30m, 1h or 2d", at: expires.range)
        }
      }
      return .recover(method, expires: expires)
    default:
      throw fail("unknown stage '\(name)'", at: nameRange)
    }
  }

  /// Consumes `--NAME`, checking it against the stage's options.
  mutating func parseOption(of stage: String, allowed: [String]) throws(StatementAbandoned) {
    guard case .option(let option) = current.kind else { return }
    guard allowed.contains(option) else {
      throw fail(
        "unknown option '--\(option)' for '\(stage)'", at: current.range,
        hint: LanguageCatalog.suggestion(for: option, among: allowed).map {
          "did you mean '--\($0)'?"
        }
          ?? (allowed.isEmpty
            ? "'\(stage)' takes no options"
            : "options: " + allowed.map { "--\($0)" }.joined(separator: ", ")))
    }
    advance()
  }

  mutating func parseFieldList(
    required: Bool, stage: String
  ) throws(StatementAbandoned) -> [FieldPath] {
    var fields: [FieldPath] = []
    while !atStageEnd {
      if current.isSymbol(",") {
        advance()
        continue
      }
      fields.append(try parseFieldPath())
    }
    if required, fields.isEmpty {
      throw fail("\(stage) needs at least one field", at: current.range)
    }
    return fields
  }
}

extension Stage {
  var isOutput: Bool {
    switch kind {
    case .show, .json, .jsonl, .csv, .count, .save: true
    default: false
    }
  }
}
