import FactxEvents
import FactxModel
import FactxPipeline
import FactxReview
import FactxPatterns
import FactxTestSupport
import Foundation
import Testing

/// Incident records (docs/events.md): the sample article's four incidents, the filters and merges that make them,
/// and the scoring of incidents against gold.
@Suite struct IncidentTests {
    static let batch = Repository.pipeline.run(inputs: [
        Repository.path("Corpus/iskp-foothold-in-pakistan.txt"), Repository.path("Corpus/iskp-foothold-in-pakistan.html"),
    ])

    func events(_ text: String, reference: String? = nil) -> [Event] {
        let document = Document(
            id: "t", published: reference.flatMap(CalendarDate.init(iso:)), publishedSource: "test", text: text, reader: "txt")
        return Repository.pipeline.process(document).events
    }

    @Test(arguments: ["iskp-foothold-in-pakistan.txt", "iskp-foothold-in-pakistan.html"])
    func sampleArticleGivesItsFourIncidents(doc: String) throws {
        let result = try #require(Self.batch.results.first { $0.document.id == doc })
        let records = result.events.map(\.json)
        #expect(records.count == 4)
        let expected = try [
            #"{"date":{"timex":"2016-08"},"place":{"name":"Quetta"},"perpetrator":{"id":"iskp"},"killed":{"min":73,"qualifier":"more_than"},"target_type":"health"}"#,
            #"{"date":{"timex":"2018-11"},"place":{"name":"Kalaya","admin2":"Orakzai"},"perpetrator":{"id":"iskp"},"attack_type":"raid","target_type":"market"}"#,
            #"{"date":{"timex":"2021-08"},"place":{"name":"Kabul"},"perpetrator":{"id":"iskp"},"target":"the Kabul airport"}"#,
            #"{"date":{"timex":"2023-07-30"},"place":{"name":"Bajaur","admin1":"Khyber Pakhtunkhwa"},"perpetrator":{"id":"iskp"},"attribution":"claimed","killed":{"min":54,"qualifier":"at_least"},"target_type":"political party"}"#,
        ].map { try JSONValue.parse($0) }
        for (record, want) in zip(records, expected) { #expect(record.matches(want), "\(record.serialized)") }
    }

    @Test func theBajaurClaimAndTheAssaultAreEvidenceOfOneIncident() throws {
        let result = try #require(Self.batch.results.first { $0.document.id == "iskp-foothold-in-pakistan.txt" })
        let bajaur = try #require(result.events.last)
        let text = ScalarTextForTest(result.document.text)
        let quoted = bajaur.evidence.map { text[$0] }
        #expect(quoted.contains("the assault"))
        #expect(quoted.contains { $0.hasPrefix("said that the group was responsible") })
        #expect(quoted.contains("At least 54 persons were killed"))
        #expect(bajaur.resolved.contains { $0.field == "perpetrator" && $0.method == "coreference" && text[$0.span] == "the group" })
    }

    @Test func statisticsForecastsAndBackgroundAreNoIncidents() {
        #expect(events("ISPP claimed 68 assaults between 2019 and 2022. ISKP has claimed 17 attacks so far in 2023.", reference: "2023-08-07").isEmpty)
        #expect(events("Pakistan’s upcoming elections can also provide a perfect chance to carry out high-profile assaults.").isEmpty)
        #expect(events("In the years that followed, Baluchistan and Sindh were also attacked.").isEmpty)
        // The same words with a date and a toll are an incident.
        #expect(events("On 3 March 2023, militants attacked a police station in Peshawar, killing four policemen.").count == 1)
    }

    @Test func distinctIncidentsOfOneDayStayApartAndMentionsOfOneMerge() {
        let apart = events(
            "On Friday a suicide bomber blew himself up in a mosque in Kandahar. Separately, gunmen shot dead two policemen at a checkpoint in Kandahar on Friday.",
            reference: "2021-10-11")
        #expect(apart.count == 2)
        let merged = events(
            "A bomb tore through a market in Quetta on 16 February 2013, killing 81 people. Lashkar-e-Jhangvi claimed the bombing. The death toll from the Quetta bombing rose to 89.",
            reference: "2013-02-20")
        #expect(merged.count == 1)
        #expect(merged.first?.attribution == "claimed")
        #expect((merged.first?.evidence.count ?? 0) >= 4)
    }

    @Test func attackersAreCountedApart() throws {
        let found = events(
            "Gunmen stormed a police station in Peshawar on Monday, killing four policemen. All three attackers were killed.",
            reference: "2023-03-01")
        let incident = try #require(found.first)
        #expect(found.count == 1)
        #expect(incident.killed?.min == 4)
        #expect(incident.attackersKilled?.min == 3)
    }

    @Test func aMisspelledCueAttributeIsAProblemNamingItsLine() throws {
        try withTemporaryFolder { folder in
            let copy = folder + "/Patterns"
            try FileManager.default.copyItem(atPath: Repository.path("Patterns"), toPath: copy)
            let rules = copy + "/events/rules.yaml"
            let text = try #require(read(rules))
            write(text.replacingOccurrences(of: "role: reference\n", with: "role: referense\n"), to: rules)
            let problems = Pipeline.ruleProblems(in: try PatternSet.load(from: copy))
            #expect(problems.contains { $0.hasPrefix("events/rules.yaml:") && $0.contains("unknown role 'referense'") }, "\(problems)")
            #expect(Pipeline.ruleProblems(in: Repository.patterns).isEmpty)
        }
    }

    @Test func recordsAreTheSameOnEveryRun() {
        let again = Repository.pipeline.run(inputs: [Repository.path("Corpus/iskp-foothold-in-pakistan.txt")])
        let first = Self.batch.results.first { $0.document.id == "iskp-foothold-in-pakistan.txt" }
        #expect(again.results.first?.events.map(\.json.serialized) == first?.events.map(\.json.serialized))
    }

    @Test func incidentsAreScoredByDatePlaceAndPerpetrator() throws {
        func record(_ id: String, _ date: String, _ place: String, _ group: String?, killed: Int?) throws -> JSONValue {
            let perpetrator = group.map { #"{"id":"\#($0)"}"# } ?? "null"
            let count = killed.map { #"{"min":\#($0),"max":\#($0)}"# } ?? "null"
            return try JSONValue.parse(
                #"{"doc":"d","id":"\#(id)","date":{"timex":"\#(date)"},"place":{"name":"\#(place)","country":"PK"},"perpetrator":\#(perpetrator),"killed":\#(count)}"#)
        }
        let gold = try RecordSet(
            source: "gold", factRecords: [], eventRecords: [try record("g1", "2023-07-30", "Bajaur", "iskp", killed: 54),
                                                            try record("g2", "2016-08", "Quetta", "iskp", killed: 73)],
            documentRecords: [try JSONValue.parse(#"{"doc":"d"}"#)])
        let system = try RecordSet(
            source: "run", factRecords: [], eventRecords: [try record("e1", "2016-08", "Quetta", nil, killed: 73),
                                                           try record("e2", "2019", "Lahore", "ttp", killed: 1)],
            documentRecords: [try JSONValue.parse(#"{"doc":"d"}"#)])
        let scores = try #require(Evaluation.evaluate(gold: gold, system: system).events)
        let records = try #require(scores.tally("event"))
        #expect(records.correct == 1 && records.missing == 1 && records.spurious == 1)
        let killed = try #require(scores.tally("event.killed"))
        #expect(killed.correct == 1 && killed.missing == 1 && killed.spurious == 1)
        #expect(scores.tally("event.perpetrator")?.missing == 2)
    }
}

/// Scalar-offset slices of a document text.
struct ScalarTextForTest {
    let scalars: [Unicode.Scalar]
    init(_ text: String) { scalars = Array(text.unicodeScalars) }
    subscript(range: TextRange) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.start..<range.end])
        return String(view)
    }
}
