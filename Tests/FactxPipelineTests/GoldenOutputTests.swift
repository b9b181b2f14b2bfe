import FactxModel
import FactxPipeline
import FactxTestSupport
import FactxWriting
import Foundation
import Testing

/// `Output/` holds what the current rules extract from `Corpus/`. This test regenerates it and fails on any
/// difference. To accept a change of output on purpose, run the tests with FACTX_RECORD_GOLDEN=1: the files are
/// rewritten and the test still fails once, so that nobody re-records by accident; review `git diff Output/`.
@Suite struct GoldenOutputTests {
    static let files = ["facts.jsonl", "documents.jsonl", "events.jsonl", "errors.jsonl"]

    @Test func outputMatchesTheCommittedGoldenFiles() throws {
        let batch = Repository.pipeline.run(inputs: [Repository.path("Corpus")])
        let record = ProcessInfo.processInfo.environment["FACTX_RECORD_GOLDEN"] == "1"
        try withTemporaryFolder { folder in
            try OutputFolder(path: folder).write(batch.results, errors: batch.errors)
            for file in Self.files {
                let fresh = read(folder + "/" + file) ?? ""
                let golden = read(Repository.path("Output/" + file))
                guard fresh != golden else { continue }
                if record {
                    write(fresh, to: Repository.path("Output/" + file))
                    Issue.record("Output/\(file) re-recorded; review `git diff Output/` and run the tests again")
                } else {
                    Issue.record("""
                        Output/\(file) differs from what the current rules extract from Corpus/:
                        \(Self.firstDifference(golden ?? "", fresh))
                        Run `swift run factx extract Corpus --out Output` (or the tests with FACTX_RECORD_GOLDEN=1) \
                        and review `git diff Output/` if the change is intended.
                        """)
                }
            }
        }
    }

    static func firstDifference(_ old: String, _ new: String) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(oldLines.count, newLines.count) {
            let before = index < oldLines.count ? String(oldLines[index]) : "(end of file)"
            let after = index < newLines.count ? String(newLines[index]) : "(end of file)"
            if before != after { return "line \(index + 1):\n- \(before)\n+ \(after)" }
        }
        return "(no line differs)"
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let outputs = try (0..<2).map { _ in
            try withTemporaryFolder { folder in
                let pipeline = Pipeline(patterns: try FactxPatternsLoader.load())
                let batch = pipeline.run(inputs: [Repository.path("Corpus")])
                try OutputFolder(path: folder, formats: [.csv]).write(batch.results, errors: batch.errors)
                return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { read(folder + "/" + $0) ?? "" }
            }
        }
        #expect(outputs[0] == outputs[1])
        #expect(!outputs[0].joined().contains(Repository.root), "an absolute path leaked into the records")
    }
}

/// Loads the Patterns afresh (not the shared copy), to show that loading itself is deterministic.
enum FactxPatternsLoader {
    static func load() throws -> FactxPatterns.PatternSet {
        try FactxPatterns.PatternSet.load(from: Repository.path("Patterns"))
    }
}

import FactxPatterns

@Suite struct PatternSelfTests {
    @Test func everyRuleExampleAndCounterexampleHolds() {
        let report = PatternSelfTest(pipeline: Repository.pipeline).runExamples()
        #expect(report.tallies.values.reduce(0) { $0 + $1.run } > 0)
        for failure in report.failures { Issue.record("\(failure)") }
    }

    /// A `pending` case (waiting for another stage) is tallied but fails nothing while it fails, and fails the
    /// self-test once it holds, so the mark cannot outlive its reason.
    @Test func pendingCasesFailOnlyOnceTheyHold() throws {
        let corpus = try Corpus.load(
            """
            type: casualty
            cases:
              - text: 'The blast «killed 59 people».'
                value: {status: killed, min: 59}
                pending: 'holds already'
              - text: 'The blast «killed 59 people».'
                value: {status: killed, min: 60}
                pending: 'waits for something'
            """, file: "pending.yaml")
        let report = PatternSelfTest(pipeline: Repository.pipeline).run(corpus)
        #expect(report.failures.map(\.message) == ["the case holds now: remove 'pending: holds already'"])
        #expect(report.pending["pending.yaml"] == 1)
        #expect(report.tallies["pending.yaml"]?.run == 2)
        #expect(report.tallies["pending.yaml"]?.passed == 1)
    }

    @Test func everyCorpusCaseHolds() throws {
        let selfTest = PatternSelfTest(pipeline: Repository.pipeline)
        for corpus in try Repository.patterns.corpora() {
            let report = selfTest.run(corpus)
            for failure in report.failures { Issue.record("\(failure)") }
        }
    }
}
