import FactxModel
import FactxPatterns
import FactxPipeline
import FactxReview
import FactxTestSupport
import FactxWriting
import Foundation
import Testing

/// Object literals for test values, keys in the order written.
extension JSONValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONValue.Member($0.0, $0.1) })
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// Builds a fact record the way facts.jsonl holds it.
func factRecord(
    _ type: String, _ start: Int, _ end: Int, text: String? = nil, rule: String = "r", value: JSONValue
) -> JSONValue {
    factRecord("a.txt", type, start, end, text: text, rule: rule, value: value)
}

func factRecord(
    _ doc: String, _ type: String, _ start: Int, _ end: Int, text: String? = nil, rule: String = "r",
    value: JSONValue
) -> JSONValue {
    .object([
        "doc": .string(doc), "type": .string(type), "start": .int(start), "end": .int(end),
        "text": .string(text ?? String(repeating: "x", count: end - start)), "rule": .string(rule), "sentence": 0,
        "value": value,
    ])
}

func records(_ facts: [JSONValue], events: [JSONValue]? = nil, source: String = "run") throws -> RecordSet {
    try RecordSet(source: source, factRecords: facts, eventRecords: events, documentRecords: nil)
}

/// The records a pipeline run gives, as `factx extract` would write them.
func records(of batch: Pipeline.Batch, source: String) throws -> RecordSet {
    try RecordSet(
        source: source, factRecords: JSONLines.facts(batch.results), eventRecords: JSONLines.events(batch.results),
        documentRecords: JSONLines.documents(batch.results))
}

@Suite struct SpanMatcherTests {
    @Test func identicalSpansPairBeforeOverlappingOnes() throws {
        let old = try records([
            factRecord("date", 10, 20, value: ["timex": "2019"]),
            factRecord("date", 30, 40, value: ["timex": "2020"]),
        ])
        let new = try records([
            factRecord("date", 12, 20, value: ["timex": "2019"]),  // overlaps the first
            factRecord("date", 30, 40, value: ["timex": "2021"]),  // same span, another value
            factRecord("place", 30, 40, value: ["id": "x"]),       // another type: never pairs with a date
        ])
        let report = RecordDiff.compare(old, new)
        let kinds = report.facts.changes.map { "\($0.kind.rawValue) \($0.shown.type) \($0.shown.spanText) \($0.aspects.map(\.rawValue))" }
        #expect(kinds == [
            "changed date 12-20 [\"span\", \"text\"]",
            "changed date 30-40 [\"value\"]",
            "added place 30-40 []",
        ])
    }

    @Test func anEqualValueWinsAmongSeveralCandidates() throws {
        // Two old facts share the new one's span; the one with the same value pairs, the other is removed.
        let old = try records([
            factRecord("group", 0, 4, rule: "a", value: ["id": "ttp"]),
            factRecord("group", 0, 4, rule: "b", value: ["id": "iskp"]),
        ])
        let new = try records([factRecord("group", 0, 4, rule: "b", value: ["id": "iskp"])])
        let changes = RecordDiff.compare(old, new).facts.changes
        #expect(changes.map(\.kind) == [.unchanged, .removed])
        #expect(changes[1].old?.value["id"] == "ttp")
    }

    @Test func overlapPrefersTheSameValueThenTheLongestOverlap() throws {
        let gold = try records([factRecord("date", 10, 30, value: ["timex": "2019"])])
        let found = try records([
            factRecord("date", 8, 14, value: ["timex": "2019"]),
            factRecord("date", 12, 30, value: ["timex": "2018"]),
        ])
        let changes = RecordDiff.compare(gold, found).facts.changes
        // The same value pairs although its overlap is shorter; the other is added.
        #expect(changes.map(\.kind) == [.changed, .added])
        #expect(changes[0].new?.span == TextRange(8, 14))
    }
}

@Suite struct DiffReportTests {
    static let old = [
        factRecord("date", 0, 4, text: "2019", rule: "date.year", value: ["timex": "2019"]),
        factRecord("place", 10, 16, text: "Quetta", rule: "gazetteer", value: ["id": "q"]),
        factRecord("casualty", 20, 30, text: "54 killed", rule: "casualty.nominal", value: ["min": 54]),
    ]
    static let new = [
        factRecord("date", 0, 4, text: "2019", rule: "date.year", value: ["timex": "2019"]),
        factRecord("casualty", 20, 30, text: "54 killed", rule: "casualty.nominal", value: ["min": 55]),
        factRecord("group", 40, 44, text: "ISKP", rule: "alias-table", value: ["id": "iskp"]),
    ]

    @Test func countsByTypeAndRuleAndGroupsByDocument() throws {
        let report = RecordDiff.compare(try records(Self.old, source: "old"), try records(Self.new, source: "new"))
        #expect(!report.isEqual)
        #expect(report.facts.total.unchanged == 1 && report.facts.total.changed == 1)
        #expect(report.facts.total.added == 1 && report.facts.total.removed == 1)
        #expect(report.facts.byRule.map(\.rule) == ["alias-table", "casualty.nominal", "gazetteer"])
        #expect(report.facts.byType.map(\.type) == ["date", "casualty", "place", "group"])
        #expect(report.facts.byDocument.map(\.doc) == ["a.txt"])
        #expect(report.events == nil, "facts files carry no events")
    }

    @Test func textReportShowsBothSidesOfAChange() throws {
        let text = RecordDiff.compare(try records(Self.old, source: "old"), try records(Self.new, source: "new")).rendered(.text)
        #expect(text.contains("facts: 1 changed, 1 added, 1 removed, 1 unchanged"))
        #expect(text.contains("  ~ casualty value changed\n      old casualty  20-30  \"54 killed\"  casualty.nominal  {\"min\":54}\n      new casualty  20-30  \"54 killed\"  casualty.nominal  {\"min\":55}"))
        #expect(text.contains("  - place  10-16  \"Quetta\"  gazetteer  {\"id\":\"q\"}"))
        #expect(text.contains("  + group  40-44  \"ISKP\"  alias-table  {\"id\":\"iskp\"}"))
    }

    @Test func jsonAndMarkdownReports() throws {
        let report = RecordDiff.compare(try records(Self.old, source: "old"), try records(Self.new, source: "new"))
        let json = try JSONValue.parse(report.rendered(.json))
        #expect(json["equal"] == false)
        #expect(json["facts"]?["counts"]?["total"] == .object(["unchanged": 1, "changed": 1, "added": 1, "removed": 1]))
        let changes = json["facts"]?["documents"]?.arrayValue?.first?["changes"]?.arrayValue ?? []
        #expect(changes.map { $0["change"]?.stringValue } == ["removed", "changed", "added"])
        #expect(changes[1]["old"]?["value"] == .object(["min": 54]))
        let markdown = report.rendered(.markdown)
        #expect(markdown.contains("| changed (value) | casualty | 20-30 | 54 killed | `casualty.nominal` | `{\"min\":54}` | `{\"min\":55}` |"))
    }

    @Test func markdownCellsEscapePipes() throws {
        let old = try records([])
        let new = try records([factRecord("group", 0, 5, text: "a|b\nc", value: ["id": "x|y"])])
        let markdown = RecordDiff.compare(old, new).rendered(.markdown)
        #expect(markdown.contains("| added | group | 0-5 | a\\|b c |"))
    }

    @Test func eventsAreComparedByTheirEvidence() throws {
        func event(_ id: String, _ evidence: [[Int]], killed: Int) -> JSONValue {
            .object([
                "doc": "a.txt", "id": .string(id), "date": nil, "place": nil, "perpetrator": nil, "attribution": nil,
                "killed": .object(["min": .int(killed), "max": .int(killed), "qualifier": "exact"]), "injured": nil,
                "target": nil, "evidence": .array(evidence.map { .array($0.map(JSONValue.int)) }),
            ])
        }
        let old = try records([], events: [event("e1", [[0, 10], [20, 30]], killed: 5), event("e2", [[50, 60]], killed: 1)])
        // Renumbered (e1 → e2) but the same incident: unchanged; the other one's toll changed.
        let new = try records([], events: [event("e1", [[52, 60]], killed: 2), event("e2", [[0, 10], [20, 30]], killed: 5)])
        let events = try #require(RecordDiff.compare(old, new).events)
        #expect(events.changes.map(\.kind) == [.unchanged, .changed])
        #expect(events.changes[1].aspects == [.span, .value])
    }

    @Test func readsOutputFoldersAndFactsFilesAndNamesBadLines() throws {
        try withTemporaryFolder { folder in
            write(JSONLines.lines(Self.old), to: folder + "/run/facts.jsonl")
            write("", to: folder + "/run/events.jsonl")
            write(#"{"doc":"a.txt","title":null}"# + "\n", to: folder + "/run/documents.jsonl")
            let set = try RecordSet.load(folder + "/run")
            #expect(set.facts.count == 3 && set.events?.isEmpty == true && set.documentIDs == ["a.txt"])
            #expect(try RecordSet.load(folder + "/run/facts.jsonl").events == nil)

            write(JSONLines.lines(Self.old) + "{\"doc\":\"a.txt\",\"type\":\"date\"}\n", to: folder + "/bad.jsonl")
            #expect(throws: RecordError(path: folder + "/bad.jsonl", line: 4, message: "a fact needs integer 'start' and 'end' with 0 <= start <= end")) {
                try RecordSet.load(folder + "/bad.jsonl")
            }
            write("{broken\n", to: folder + "/broken.jsonl")
            #expect(throws: RecordError.self) { try RecordSet.load(folder + "/broken.jsonl") }
            #expect(throws: RecordError.self) { try RecordSet.load(folder + "/missing") }
        }
    }
}

/// The issue's acceptance test: change one rule, re-run on Corpus/, and the diff shows exactly the facts that rule
/// touched.
@Suite struct RuleChangeTests {
    @Test func removingAnAlternativeFromOneRuleShowsOnlyThatRulesFacts() throws {
        let ruleID = "date.year-after-preposition"
        let before = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        try withTemporaryFolder { folder in
            try FileManager.default.copyItem(atPath: Repository.path("Patterns"), toPath: folder + "/Patterns")
            let rulesPath = folder + "/Patterns/dates/rules.yaml"
            let rules = try String(contentsOfFile: rulesPath, encoding: .utf8)
            // Drop the alternative "and" from the rule's list of prepositions: "between 2019 and «2022»" and
            // "late 2019 and «2020»" lose their second year.
            let edited = try #require(Self.removeAlternative("and", fromRule: ruleID, in: rules),
                "rule \(ruleID) no longer lists 'and' among its alternatives: pick another edit for this test")
            try edited.write(toFile: rulesPath, atomically: true, encoding: .utf8)

            let after = Pipeline(patterns: try PatternSet.load(from: folder + "/Patterns"))
                .run(inputs: [Repository.path("Corpus")])
            let report = RecordDiff.compare(try records(of: before, source: "before"), try records(of: after, source: "after"))

            // An attack count takes its period from the dates of its sentence (docs/casualties.md §13): "68 assaults
            // between 2019 and 2022" changes with the date the edit removes. Only its value may change.
            let linked = report.facts.differences.filter { $0.kind == .changed && $0.old?.type == "attack_count" && $0.aspects == [.value] }
            let differences = report.facts.differences.filter { change in !linked.contains(change) }
            #expect(!differences.isEmpty, "removing an alternative changed nothing")
            for change in differences {
                #expect(change.rules.contains(ruleID), "a fact of another rule changed: \(change)")
            }
            // Exactly the facts of that rule the alternative found: those right after "and ".
            let expected = before.results.flatMap(\.facts).filter { fact in
                fact.rule == ruleID && Self.precededBy("and ", fact, in: before)
            }
            #expect(differences.map(\.kind) == Array(repeating: .removed, count: expected.count))
            #expect(Set(differences.compactMap(\.old?.span)) == Set(expected.map(\.range)))
            #expect(report.facts.byRule.map(\.rule).filter { !$0.hasPrefix("attack_count.") } == [ruleID])
            #expect(report.events?.isEqual == true)
        }
    }

    /// The rule file with one alternative taken out of the rule's first alternation that lists it, or nil.
    static func removeAlternative(_ word: String, fromRule id: String, in text: String) -> String? {
        guard let ruleStart = text.range(of: "- id: \(id)\n") else { return nil }
        let rest = text[ruleStart.upperBound...]
        let ruleEnd = rest.range(of: "\n  - id: ")?.lowerBound ?? rest.endIndex
        guard let alternative = rest[..<ruleEnd].range(of: "|\(word)|") else { return nil }
        var edited = text
        edited.replaceSubrange(alternative, with: "|")
        return edited
    }

    static func precededBy(_ prefix: String, _ fact: Fact, in batch: Pipeline.Batch) -> Bool {
        guard let text = batch.results.first(where: { $0.document.id == fact.doc })?.document.text else { return false }
        let scalars = Array(text.unicodeScalars)
        let start = fact.range.start - prefix.unicodeScalars.count
        guard start >= 0 else { return false }
        return String(String.UnicodeScalarView(scalars[start..<fact.range.start])) == prefix
    }
}
