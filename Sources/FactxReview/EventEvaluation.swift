import FactxModel

/// Incident records scored against gold incidents (docs/eval.md, "Incident records").
///
/// Records of one document pair when their date, place and perpetrator overlap (at least one agrees and no date
/// contradicts); each pair, each unmatched gold record and each unmatched found record is then scored field by
/// field, as the MUC template task scored slot fills: a field is correct when gold and found agree, incorrect when
/// both give it and disagree, missing when only the gold gives it, spurious when only the run does. The `event`
/// scope scores the records themselves (a pair is correct, an unmatched record missing or spurious).
public struct EventScores: Sendable {
    /// `event` (records), then one scope per field: `event.date`, `event.place` …
    public var byScope: [(scope: String, tally: Tally)]
    public var pairs: [(gold: ReviewRecord?, system: ReviewRecord?)]

    public func tally(_ scope: String) -> Tally? { byScope.first { $0.scope == scope }?.tally }
}

extension Evaluation {
    /// The fields of an incident that are scored, and how two values of each are compared.
    public static let eventFields = [
        "date", "place", "perpetrator", "attribution", "killed", "injured", "target_type", "attack_type",
    ]

    /// The value of a field reduced to what is compared: dates by TIMEX, places by folded name and country (ids
    /// change with the gazetteer), groups by id, counts by bounds.
    static func eventKey(_ field: String, _ record: JSONValue) -> String? {
        guard let value = record[field], !value.isNull else { return nil }
        switch field {
        case "date": return value["timex"]?.stringValue
        case "place":
            guard let name = value["name"]?.stringValue else { return nil }
            return LooseKey.key(name) + "|" + (value["country"]?.stringValue ?? "")
        case "perpetrator": return value["id"]?.stringValue
        case "killed", "injured":
            let bound = { (key: String) in value[key]?.intValue.map(String.init) ?? "-" }
            return bound("min") + ".." + bound("max")
        default: return value.stringValue
        }
    }

    /// How well two records agree on what identifies an incident: nil when their dates contradict, else the count
    /// of date, place and perpetrator that agree.
    static func eventAffinity(_ gold: JSONValue, _ system: JSONValue) -> Int? {
        var score = 0
        if let a = eventKey("date", gold), let b = eventKey("date", system) {
            // A date without its year ("XXXX-01-30") contradicts nothing.
            if !a.contains("X") && !b.contains("X") {
                guard a.hasPrefix(b) || b.hasPrefix(a) else { return nil }
            }
            if a == b { score += 1 }
        }
        if let a = gold["place"], let b = system["place"], !a.isNull, !b.isNull {
            let names = { (place: JSONValue) in
                Set(["name", "admin2", "admin1"].compactMap { place[$0]?.stringValue }.map { LooseKey.key($0) })
            }
            if let name = a["name"]?.stringValue, let other = b["name"]?.stringValue,
               names(b).contains(LooseKey.key(name)) || names(a).contains(LooseKey.key(other)) {
                score += 1
            }
        }
        if let a = eventKey("perpetrator", gold), a == eventKey("perpetrator", system) { score += 1 }
        return score
    }

    public static func evaluateEvents(gold: [ReviewRecord], system: [ReviewRecord], documents: Set<String>) -> EventScores {
        let gold = gold.filter { documents.contains($0.doc) }
        let system = system.filter { documents.contains($0.doc) }
        // Greedy pairing: best affinity first, then text order.
        var candidates: [(score: Int, gold: Int, system: Int)] = []
        for (g, goldRecord) in gold.enumerated() {
            for (s, systemRecord) in system.enumerated() where systemRecord.doc == goldRecord.doc {
                if let score = eventAffinity(goldRecord.record, systemRecord.record), score > 0 {
                    candidates.append((score, g, s))
                }
            }
        }
        candidates.sort { ($0.score, -$0.gold, -$0.system) > ($1.score, -$1.gold, -$1.system) }
        var goldTaken: Set<Int> = []
        var systemTaken: Set<Int> = []
        var pairs: [(gold: ReviewRecord?, system: ReviewRecord?)] = []
        for candidate in candidates where !goldTaken.contains(candidate.gold) && !systemTaken.contains(candidate.system) {
            goldTaken.insert(candidate.gold)
            systemTaken.insert(candidate.system)
            pairs.append((gold[candidate.gold], system[candidate.system]))
        }
        for (index, record) in gold.enumerated() where !goldTaken.contains(index) { pairs.append((record, nil)) }
        for (index, record) in system.enumerated() where !systemTaken.contains(index) { pairs.append((nil, record)) }
        pairs.sort { a, b in
            let x = (a.gold ?? a.system)!
            let y = (b.gold ?? b.system)!
            return (x.doc, x.id ?? "", a.gold == nil ? 1 : 0) < (y.doc, y.id ?? "", b.gold == nil ? 1 : 0)
        }

        var records = Tally()
        var fields: [String: Tally] = [:]
        for pair in pairs {
            switch (pair.gold, pair.system) {
            case (.some, .some): records.correct += 1
            case (.some, nil): records.missing += 1
            case (nil, .some): records.spurious += 1
            default: break
            }
            for field in eventFields {
                let a = pair.gold.flatMap { eventKey(field, $0.record) }
                let b = pair.system.flatMap { eventKey(field, $0.record) }
                switch (a, b) {
                case (let x?, let y?): if x == y { fields[field, default: Tally()].correct += 1 } else { fields[field, default: Tally()].incorrect += 1 }
                case (.some, nil): fields[field, default: Tally()].missing += 1
                case (nil, .some): fields[field, default: Tally()].spurious += 1
                default: break
                }
            }
        }
        return EventScores(
            byScope: [("event", records)] + eventFields.map { ("event.\($0)", fields[$0] ?? Tally()) }, pairs: pairs)
    }
}

extension EventScores {
    /// One line per scope: P, R, F1 and the tallies (strict and lenient are the same for incidents).
    func textLines() -> [String] {
        let header = ["incidents", "P", "R", "F1", "correct", "incorrect", "spurious", "missing"]
        let rows = byScope.map { scope, tally in
            [scope, EvalReport.format(tally.strict.precision), EvalReport.format(tally.strict.recall), EvalReport.format(tally.strict.f1),
             String(tally.correct), String(tally.incorrect), String(tally.spurious), String(tally.missing)]
        }
        return TextTable.render(header: header, rows: rows, numericFrom: 1)
    }

    /// Every pair that is not right in every field, for `--details`.
    func detailLines() -> [String] {
        var lines: [String] = []
        for pair in pairs {
            let wrong = Evaluation.eventFields.filter { field in
                pair.gold.flatMap { Evaluation.eventKey(field, $0.record) } != pair.system.flatMap { Evaluation.eventKey(field, $0.record) }
            }
            guard pair.gold == nil || pair.system == nil || !wrong.isEmpty else { continue }
            let record = (pair.gold ?? pair.system)!
            let kind = pair.gold == nil ? "spurious" : pair.system == nil ? "missing" : "fields"
            let describe = { (side: ReviewRecord?) -> String in
                guard let side else { return "–" }
                return Evaluation.eventFields.map { "\($0)=\(Evaluation.eventKey($0, side.record) ?? "-")" }.joined(separator: " ")
            }
            lines.append("  \(kind) \(record.doc) gold \(pair.gold?.id ?? "–") / found \(pair.system?.id ?? "–")"
                + (kind == "fields" ? " wrong: \(wrong.joined(separator: ", "))" : ""))
            lines.append("    gold:  \(describe(pair.gold))")
            lines.append("    found: \(describe(pair.system))")
        }
        return lines
    }

    var json: JSONValue {
        .object(byScope.map { JSONValue.Member($0.scope, EvalReport.json($0.tally)) })
    }
}
