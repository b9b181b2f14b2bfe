import FactxModel
import FactxPipeline
import FactxReview
import FactxTestSupport
import FactxWriting
import Foundation
import Testing

@Suite struct TallyTests {
    @Test func mucTalliesFromOneOfEachCase() throws {
        let gold = try records([
            factRecord("date", 0, 4, value: ["timex": "2019", "mod": nil]),        // found exactly: correct
            factRecord("date", 10, 25, value: ["timex": "2019", "mod": "END"]),    // found with a longer span: partial
            factRecord("date", 30, 34, value: ["timex": "2020", "mod": nil]),      // found with another value: incorrect
            factRecord("date", 40, 44, value: ["timex": "2021", "mod": nil]),      // not found: missing
        ], source: "gold")
        let found = try records([
            factRecord("date", 0, 4, rule: "x", value: ["timex": "2019", "mod": nil, "start": "2019-01-01"]),
            factRecord("date", 2, 25, value: ["timex": "2019", "mod": "END"]),
            factRecord("date", 30, 34, value: ["timex": "2021", "mod": nil]),
            factRecord("date", 50, 54, value: ["timex": "2022", "mod": nil]),      // nothing in gold: spurious
            factRecord("b.txt", "date", 0, 4, value: ["timex": "2022", "mod": nil]),  // a document gold does not cover
        ], source: "run")
        let report = Evaluation.evaluate(gold: gold, system: found)
        let date = try #require(report.tally(type: "date"))
        #expect([date.correct, date.partial, date.incorrect, date.spurious, date.missing] == [1, 1, 1, 1, 1] as [Int])
        #expect(date.possible == 4 && date.actual == 4)
        #expect(date.strict.precision == 0.25 && date.strict.recall == 0.25)
        #expect(date.lenient.precision == 0.5 && date.lenient.f1 == 0.5)
        #expect(report.documents == ["a.txt"])
        #expect(report.mismatches.map(\.kind) == [.partial, .incorrect, .missing, .spurious])
        // Every type is listed, even without facts, and scores perfectly when neither side has any.
        #expect(report.byType.map(\.type) == ["date", "casualty", "attack_count", "place", "group"])
        #expect(report.tally(type: "group")?.strict.f1 == 1)
    }

    @Test func onlyScoredKeysAreCompared() {
        // Places by name and hierarchy, not by gazetteer id.
        #expect(Evaluation.sameValue(
            "place", ["id": "factx:pk-quetta", "name": "Quetta", "country": "PK", "admin1": "Balochistan", "lat": 30.2],
            ["id": "geonames:1167528", "name": "Quetta", "country": "PK", "admin1": "Balochistan", "lat": 30.18]))
        #expect(!Evaluation.sameValue(
            "place", ["name": "Quetta", "country": "PK", "admin1": "Balochistan"],
            ["name": "Quetta", "country": "PK", "admin1": nil]))
        // Dates by TIMEX value and mod, not by the days a convention gives them.
        #expect(Evaluation.sameValue(
            "date", ["timex": "2019", "mod": "END", "start": "2019-09-01"], ["timex": "2019", "mod": "END", "start": "2019-10-01"]))
        // Attack counts reach into their period.
        #expect(!Evaluation.sameValue(
            "attack_count", ["min": 7, "max": 7, "qualifier": "exact", "period": ["start": "2019-01-01", "end": "2019-12-31"]],
            ["min": 7, "max": 7, "qualifier": "exact", "period": nil]))
    }

    @Test func scoresWithNothingOnOneSide() {
        var nothingFound = Tally()
        nothingFound.missing = 4
        #expect(nothingFound.strict == Score(hits: 0, actual: 0, possible: 4))
        #expect(nothingFound.strict.f1 == 0 && nothingFound.strict.precision == 0)
        #expect(Tally().lenient.f1 == 1)
    }

    @Test func theFloorNamesEveryScoreBelowIt() throws {
        try withTemporaryFolder { folder in
            write(#"{"about":"x","overall":{"strict_f1":0.5},"date":{"lenient_f1":0.9,"strict_recall":0.1}}"#, to: folder + "/floor.json")
            let floor = try Floor.load(folder + "/floor.json")
            #expect(floor.bounds.count == 3)
            var date = Tally()
            date.correct = 8
            date.partial = 1
            date.missing = 1
            let report = EvalReport(
                gold: "g", system: "s", documents: ["a"], absentDocuments: [], byType: [("date", date)],
                byDocument: [("a", date)], mismatches: [])
            // strict F1 = 0.8, lenient F1 = 0.947…
            #expect(floor.check(report).isEmpty)
            write(#"{"date":{"lenient_f1":0.95},"group":{"strict_f1":0.1}}"#, to: folder + "/floor.json")
            let violations = try Floor.load(folder + "/floor.json").check(report)
            #expect(violations.map(\.description) == [
                "date lenient f1 0.947 is below the floor 0.950",
                "group strict f1 0.000 is below the floor 0.100",
            ])
            write(#"{"date":{"f1":0.5}}"#, to: folder + "/floor.json")
            #expect(throws: RecordError.self) { try Floor.load(folder + "/floor.json") }
        }
    }
}

/// The hand-made gold of Tests/Gold and what the current rules score against it.
@Suite struct GoldTests {
    static let gold: RecordSet = {
        do {
            return try RecordSet.load(Repository.path("Tests/Gold"))
        } catch {
            fatalError("Tests/Gold does not load: \(error)")
        }
    }()

    @Test func everyGoldFactQuotesItsDocumentAtItsOffsets() throws {
        let documents = Self.gold.documentIDs
        #expect(documents.contains("iskp-foothold-in-pakistan.txt"))
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        for doc in documents.sorted() {
            let result = try #require(batch.results.first { $0.document.id == doc }, "gold document \(doc) is not in Corpus/")
            let scalars = Array(result.document.text.unicodeScalars)
            for fact in Self.gold.facts where fact.doc == doc {
                #expect(fact.span.end <= scalars.count, "\(doc):\(fact.line) ends after the text")
                guard fact.span.end <= scalars.count else { continue }
                let quoted = String(String.UnicodeScalarView(scalars[fact.span.start..<fact.span.end]))
                #expect(quoted == fact.text, "\(doc) gold line \(fact.line): the text at \(fact.spanText) reads '\(quoted)'")
            }
        }
    }

    @Test func goldValuesHoldEveryScoredKey() {
        for fact in Self.gold.facts {
            #expect(FactType(rawValue: fact.type) != nil, "gold line \(fact.line): unknown type \(fact.type)")
            for key in Evaluation.scoredKeys[fact.type] ?? [] {
                let top = String(key.split(separator: ".")[0])
                #expect(fact.value[top] != nil, "gold line \(fact.line): value has no '\(top)'")
            }
        }
    }

    @Test func currentRulesScoreAtOrAboveTheCommittedFloor() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        let run = try records(of: batch, source: "Corpus")
        let report = Evaluation.evaluate(gold: Self.gold, system: run)
        let floor = try Floor.load(Repository.path("Tests/Gold/floor.json"))
        let violations = floor.check(report)
        #expect(violations.isEmpty, """
            \(violations.map(\.description).joined(separator: "\n"))
            \(report.rendered(.text, details: true))
            Lower Tests/Gold/floor.json only on purpose, in a commit of its own that says why.
            """)
    }
}
