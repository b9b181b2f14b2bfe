import ArgumentParser
import FactxPatterns
import FactxPipeline
import Foundation

struct PatternsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patterns",
        abstract: "Check the Patterns folder, or run its examples and corpora.",
        subcommands: [Check.self, Test.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate every pattern file; print each problem as file:line:column: message.")

        @OptionGroup var patternOptions: PatternOptions

        func run() throws {
            try failing {
                let patterns = try patternOptions.load()
                let corpora = try patterns.loadCorpora()
                let rules = patterns.rules.values.reduce(0) { $0 + $1.count }
                print("\(patterns.directory): \(patterns.files.count) files, \(rules) rules, "
                    + "\(patterns.places.entries.count) places, \(patterns.groups.entries.count) groups, "
                    + "\(corpora.reduce(0) { $0 + $1.cases.count }) corpus cases; fingerprint \(patterns.fingerprint)")
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's examples and every corpus through the pipeline; print failures and scores.")

        @OptionGroup var patternOptions: PatternOptions

        func run() throws {
            try failing {
                let patterns = try patternOptions.load()
                let selfTest = PatternSelfTest(pipeline: Pipeline(patterns: patterns))
                var report = selfTest.runExamples()
                for corpus in try patterns.loadCorpora() {
                    let corpusReport = selfTest.run(corpus)
                    report.failures += corpusReport.failures
                    report.tallies.merge(corpusReport.tallies) { lhs, _ in lhs }
                    report.pending.merge(corpusReport.pending) { lhs, _ in lhs }
                }
                for failure in report.failures { print(failure) }
                for (name, tally) in report.tallies.sorted(by: { $0.key < $1.key }) {
                    let share = tally.run == 0 ? 100 : Double(tally.passed) * 100 / Double(tally.run)
                    let pending = report.pending[name].map { ", \($0) pending" } ?? ""
                    print(String(format: "%@: %d/%d passed (%.1f%%)%@", name, tally.passed, tally.run, share, pending))
                }
                if !report.failures.isEmpty { throw ExitCode(1) }
            }
        }
    }
}

extension CLIFailure {
    init(_ errors: PatternErrors) {
        self.init(code: 2, message: errors.description)
    }
}

extension PatternSet {
    /// The corpora, or a failure naming every broken corpus file.
    func loadCorpora() throws(CLIFailure) -> [Corpus] {
        do {
            return try corpora()
        } catch {
            throw CLIFailure(error)
        }
    }
}
