import FactxModel

extension EvalReport {
    /// Three decimals, always.
    static func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    public func rendered(_ format: ReportFormat, details: Bool = false, floor: Floor? = nil) -> String {
        let violations = floor?.check(self) ?? []
        switch format {
        case .text: return textReport(details: details, floor: floor, violations: violations)
        case .json: return json(details: details, floor: floor, violations: violations).serialized + "\n"
        case .markdown: return markdownReport(details: details, floor: floor, violations: violations)
        }
    }

    static let tallyNames = ["correct", "partial", "incorrect", "spurious", "missing"]

    static func tallyValues(_ tally: Tally) -> [Int] {
        [tally.correct, tally.partial, tally.incorrect, tally.spurious, tally.missing]
    }

    static func scoreCells(_ tally: Tally) -> [String] {
        [tally.strict, tally.lenient].flatMap { [format($0.precision), format($0.recall), format($0.f1)] }
    }

    var rows: [(String, Tally)] { byType.map { ($0.type, $0.tally) } + [("overall", overall)] }

    var heading: String {
        let goldCount = byType.reduce(0) { $0 + $1.tally.possible }
        let systemCount = byType.reduce(0) { $0 + $1.tally.actual }
        return "factx eval \(system) against \(gold): \(documents.count) document\(documents.count == 1 ? "" : "s"), "
            + "\(goldCount) gold facts, \(systemCount) facts found"
    }

    // MARK: Text

    func textReport(details: Bool, floor: Floor?, violations: [Floor.Violation]) -> String {
        var lines = [heading, ""]
        let header = ["type", "strict P", "R", "F1", "lenient P", "R", "F1"] + Self.tallyNames
        let body = rows.map { name, tally in [name] + Self.scoreCells(tally) + Self.tallyValues(tally).map(String.init) }
        lines += TextTable.render(header: header, rows: body, numericFrom: 1)
        if !documents.isEmpty {
            lines.append("")
            let documentRows = byDocument.map { doc, tally in
                [doc, Self.format(tally.strict.f1), Self.format(tally.lenient.f1)] + Self.tallyValues(tally).map(String.init)
            }
            lines += TextTable.render(header: ["document", "strict F1", "lenient F1"] + Self.tallyNames, rows: documentRows, numericFrom: 1)
        }
        for doc in absentDocuments { lines.append("warning: \(doc) is in the gold but not in \(system)") }
        if let events {
            lines.append("")
            lines += events.textLines()
            if details { lines += events.detailLines() }
        }
        if details && !mismatches.isEmpty {
            var current = ""
            for mismatch in mismatches {
                if mismatch.shown.doc != current {
                    current = mismatch.shown.doc
                    lines.append("")
                    lines.append(current)
                }
                lines.append("  " + Self.describe(mismatch))
            }
        }
        if let floor {
            lines.append("")
            if violations.isEmpty {
                lines.append("floor \(floor.source): all \(floor.bounds.count) scores at or above the floor")
            } else {
                lines.append("floor \(floor.source): \(violations.count) score\(violations.count == 1 ? "" : "s") below the floor")
                for violation in violations { lines.append("  \(violation)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ mismatch: EvalMismatch) -> String {
        func side(_ record: ReviewRecord) -> String {
            var parts = [record.spanText, DiffReport.quoted(record.text ?? "")]
            if let rule = record.rule, rule != "gold" { parts.append(rule) }
            parts.append(scored(record))
            return parts.joined(separator: " ")
        }
        let kind = mismatch.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
        let type = mismatch.shown.type.padding(toLength: 12, withPad: " ", startingAt: 0)
        switch mismatch.kind {
        case .missing: return "\(kind) \(type) \(side(mismatch.gold!))"
        case .spurious: return "\(kind) \(type) \(side(mismatch.system!))"
        case .partial, .incorrect: return "\(kind) \(type) gold \(side(mismatch.gold!))  found \(side(mismatch.system!))"
        }
    }

    /// The scored keys of a value, as `key=value` pairs.
    static func scored(_ record: ReviewRecord) -> String {
        guard let keys = Evaluation.scoredKeys[record.type] else { return record.value.serialized }
        return keys.map { key in
            let value = Evaluation.lookup(record.value, key)
            return "\(key)=" + (value.stringValue ?? value.serialized)
        }.joined(separator: " ")
    }

    // MARK: JSON

    static func json(_ tally: Tally) -> JSONValue {
        func score(_ score: Score) -> JSONValue {
            .object(["precision": .double(score.precision), "recall": .double(score.recall), "f1": .double(score.f1)])
        }
        return .object([
            "correct": .int(tally.correct), "partial": .int(tally.partial), "incorrect": .int(tally.incorrect),
            "spurious": .int(tally.spurious), "missing": .int(tally.missing), "possible": .int(tally.possible),
            "actual": .int(tally.actual), "strict": score(tally.strict), "lenient": score(tally.lenient),
        ])
    }

    func json(details: Bool, floor: Floor?, violations: [Floor.Violation]) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("gold", .string(gold)),
            .init("system", .string(system)),
            .init("documents", .array(documents.map(JSONValue.string))),
            .init("absent_documents", .array(absentDocuments.map(JSONValue.string))),
            .init("overall", Self.json(overall)),
            .init("by_type", .object(byType.map { JSONValue.Member($0.type, Self.json($0.tally)) })),
            .init("by_document", .object(byDocument.map { JSONValue.Member($0.doc, Self.json($0.tally)) })),
        ]
        if let events { members.append(.init("events", events.json)) }
        if details {
            members.append(.init("mismatches", .array(mismatches.map { mismatch in
                .object([
                    "kind": .string(mismatch.kind.rawValue),
                    "gold": mismatch.gold?.record ?? .null,
                    "system": mismatch.system?.record ?? .null,
                ])
            })))
        }
        if let floor {
            members.append(.init("floor", .object([
                "source": .string(floor.source),
                "passed": .bool(violations.isEmpty),
                "violations": .array(violations.map { violation in
                    .object([
                        "scope": .string(violation.bound.scope), "metric": .string(violation.bound.metric),
                        "score": .double(violation.score), "floor": .double(violation.bound.minimum),
                    ])
                }),
            ])))
        }
        return .object(members)
    }

    // MARK: Markdown

    func markdownReport(details: Bool, floor: Floor?, violations: [Floor.Violation]) -> String {
        var lines = ["# " + heading, ""]
        lines.append("| type | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | "
            + Self.tallyNames.joined(separator: " | ") + " |")
        lines.append("|---" + String(repeating: "|--:", count: 6 + Self.tallyNames.count) + "|")
        for (name, tally) in rows {
            let cells = [name == "overall" ? "**overall**" : name] + Self.scoreCells(tally) + Self.tallyValues(tally).map(String.init)
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        if !documents.isEmpty {
            lines.append("| document | strict F1 | lenient F1 | " + Self.tallyNames.joined(separator: " | ") + " |")
            lines.append("|---|--:|--:" + String(repeating: "|--:", count: Self.tallyNames.count) + "|")
            for (doc, tally) in byDocument {
                let cells = [Markdown.cell(doc), Self.format(tally.strict.f1), Self.format(tally.lenient.f1)]
                    + Self.tallyValues(tally).map(String.init)
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        if let events {
            lines.append("| incidents | P | R | F1 | correct | incorrect | spurious | missing |")
            lines.append("|---|--:|--:|--:|--:|--:|--:|--:|")
            for (scope, tally) in events.byScope {
                lines.append("| \(scope) | \(Self.format(tally.strict.precision)) | \(Self.format(tally.strict.recall)) | "
                    + "\(Self.format(tally.strict.f1)) | \(tally.correct) | \(tally.incorrect) | \(tally.spurious) | \(tally.missing) |")
            }
            lines.append("")
        }
        if details && !mismatches.isEmpty {
            lines.append("| | type | document | gold | found |")
            lines.append("|---|---|---|---|---|")
            for mismatch in mismatches {
                func side(_ record: ReviewRecord?) -> String {
                    guard let record else { return "" }
                    return Markdown.cell("\(record.spanText) “\(record.text ?? "")” \(Self.scored(record))")
                }
                lines.append("| \(mismatch.kind.rawValue) | \(mismatch.shown.type) | \(Markdown.cell(mismatch.shown.doc)) | "
                    + "\(side(mismatch.gold)) | \(side(mismatch.system)) |")
            }
            lines.append("")
        }
        if let floor {
            lines.append(violations.isEmpty
                ? "Floor `\(floor.source)`: all \(floor.bounds.count) scores at or above the floor."
                : "Floor `\(floor.source)`: **\(violations.count) below the floor**: "
                    + violations.map(\.description).joined(separator: "; ") + ".")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
