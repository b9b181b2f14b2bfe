import FactxModel

/// Precision, recall and F1.
public struct Score: Hashable, Sendable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    /// `hits` out of `actual` found and `possible` expected. With nothing expected and nothing found the score is
    /// perfect; with nothing found (or nothing expected) and something on the other side it is zero.
    public init(hits: Int, actual: Int, possible: Int) {
        precision = actual == 0 ? (possible == 0 ? 1 : 0) : Double(hits) / Double(actual)
        recall = possible == 0 ? (actual == 0 ? 1 : 0) : Double(hits) / Double(possible)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}

/// The MUC tallies of a comparison against a key.
public struct Tally: Hashable, Sendable {
    /// Same span, same value.
    public var correct = 0
    /// Overlapping (not identical) span, same value.
    public var partial = 0
    /// Same or overlapping span, another value.
    public var incorrect = 0
    /// Found, but nothing in the gold there.
    public var spurious = 0
    /// In the gold, but nothing found there.
    public var missing = 0

    public init() {}

    /// What the gold holds.
    public var possible: Int { correct + partial + incorrect + missing }
    /// What the system found.
    public var actual: Int { correct + partial + incorrect + spurious }

    /// Only exact spans with the right value count.
    public var strict: Score { Score(hits: correct, actual: actual, possible: possible) }
    /// Overlapping spans with the right value count too (in full: the definition of lenient, not MUC's
    /// half credit).
    public var lenient: Score { Score(hits: correct + partial, actual: actual, possible: possible) }

    public static func + (lhs: Tally, rhs: Tally) -> Tally {
        var sum = lhs
        sum.correct += rhs.correct
        sum.partial += rhs.partial
        sum.incorrect += rhs.incorrect
        sum.spurious += rhs.spurious
        sum.missing += rhs.missing
        return sum
    }
}

/// One gold or system fact that did not score as correct.
public struct EvalMismatch: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case partial, incorrect, spurious, missing
    }

    public var kind: Kind
    public var gold: ReviewRecord?
    public var system: ReviewRecord?

    public var shown: ReviewRecord { (gold ?? system)! }
}

/// `factx eval`: a run scored against gold facts.
public struct EvalReport: Sendable {
    public var gold: String
    public var system: String
    /// The documents scored: those the gold covers.
    public var documents: [String]
    /// Gold documents the run does not have at all (its documents file lacks them): all their facts are missing.
    public var absentDocuments: [String]
    /// Per type, in the contract's type order (all five types, even when empty).
    public var byType: [(type: String, tally: Tally)]
    public var byDocument: [(doc: String, tally: Tally)]
    public var mismatches: [EvalMismatch]
    /// Incident records scored, when the gold has an `events.jsonl` (docs/eval.md, "Incident records").
    public var events: EventScores?

    public init(
        gold: String, system: String, documents: [String], absentDocuments: [String],
        byType: [(type: String, tally: Tally)], byDocument: [(doc: String, tally: Tally)], mismatches: [EvalMismatch],
        events: EventScores? = nil
    ) {
        self.events = events
        self.gold = gold
        self.system = system
        self.documents = documents
        self.absentDocuments = absentDocuments
        self.byType = byType
        self.byDocument = byDocument
        self.mismatches = mismatches
    }

    public var overall: Tally { byType.reduce(Tally()) { $0 + $1.tally } }

    public func tally(type: String) -> Tally? {
        if type == "event" || type.hasPrefix("event.") { return events?.tally(type) }
        return byType.first { $0.type == type }?.tally
    }
}

public enum Evaluation {
    /// The keys of a value that eval compares, per fact type (dotted paths reach into nested objects). Other keys
    /// follow from these or from conventions that are not facts (how many days "late 2019" covers), or are
    /// identifiers of gazetteer records, which change with the gazetteer: places are compared by name and
    /// hierarchy, and an attack count's place link (an identifier only) is not scored.
    public static let scoredKeys: [String: [String]] = [
        FactType.date.rawValue: ["timex", "mod"],
        FactType.casualty.rawValue: ["status", "min", "max", "qualifier"],
        FactType.attackCount.rawValue: ["min", "max", "qualifier", "group", "period.start", "period.end"],
        FactType.place.rawValue: ["name", "country", "admin1"],
        FactType.group.rawValue: ["id"],
    ]

    /// Whether two values of a type agree on its scored keys (a type without a list compares whole values).
    public static func sameValue(_ type: String, _ gold: JSONValue, _ system: JSONValue) -> Bool {
        guard let keys = scoredKeys[type] else { return gold == system }
        return keys.allSatisfy { lookup(gold, $0) == lookup(system, $0) }
    }

    static func lookup(_ value: JSONValue, _ path: String) -> JSONValue {
        var current: JSONValue = value
        for key in path.split(separator: ".") {
            guard let next = current[String(key)] else { return .null }
            current = next
        }
        return current
    }

    /// Scores the run's facts on the documents the gold covers (`documents`, else those its facts name).
    public static func evaluate(gold: RecordSet, system: RecordSet) -> EvalReport {
        let documents = gold.documentIDs.sorted()
        let covered = Set(documents)
        let goldFacts = gold.facts.filter { covered.contains($0.doc) }
        let systemFacts = system.facts.filter { covered.contains($0.doc) }
        let absent = system.documents.map { known in documents.filter { known[$0] == nil } } ?? []

        var byTypeTally: [String: Tally] = [:]
        var byDocTally: [String: Tally] = Dictionary(uniqueKeysWithValues: documents.map { ($0, Tally()) })
        var mismatches: [EvalMismatch] = []
        func count(_ record: ReviewRecord, _ update: (inout Tally) -> Void) {
            update(&byTypeTally[record.type, default: Tally()])
            update(&byDocTally[record.doc, default: Tally()])
        }
        let pairings = SpanMatcher.match(goldFacts, systemFacts) { sameValue($0.type, $0.value, $1.value) }
        for pairing in pairings {
            switch pairing {
            case .exact(let goldIndex, let systemIndex), .overlap(let goldIndex, let systemIndex):
                let goldFact = goldFacts[goldIndex]
                let systemFact = systemFacts[systemIndex]
                let same = sameValue(goldFact.type, goldFact.value, systemFact.value)
                let exact = goldFact.spans == systemFact.spans
                if same && exact {
                    count(goldFact) { $0.correct += 1 }
                } else if same {
                    count(goldFact) { $0.partial += 1 }
                    mismatches.append(EvalMismatch(kind: .partial, gold: goldFact, system: systemFact))
                } else {
                    count(goldFact) { $0.incorrect += 1 }
                    mismatches.append(EvalMismatch(kind: .incorrect, gold: goldFact, system: systemFact))
                }
            case .onlyOld(let goldIndex):
                count(goldFacts[goldIndex]) { $0.missing += 1 }
                mismatches.append(EvalMismatch(kind: .missing, gold: goldFacts[goldIndex], system: nil))
            case .onlyNew(let systemIndex):
                count(systemFacts[systemIndex]) { $0.spurious += 1 }
                mismatches.append(EvalMismatch(kind: .spurious, gold: nil, system: systemFacts[systemIndex]))
            }
        }
        mismatches.sort { ReviewRecord.displayOrder($0.shown, $1.shown) }
        let types = RecordDiff.orderedTypes(FactType.allCases.map(\.rawValue) + byTypeTally.keys)
        return EvalReport(
            gold: gold.source, system: system.source, documents: documents, absentDocuments: absent,
            byType: types.map { ($0, byTypeTally[$0] ?? Tally()) },
            byDocument: documents.map { ($0, byDocTally[$0] ?? Tally()) }, mismatches: mismatches,
            events: gold.events.flatMap { goldEvents in
                goldEvents.isEmpty ? nil : evaluateEvents(gold: goldEvents, system: system.events ?? [], documents: covered)
            })
    }
}
