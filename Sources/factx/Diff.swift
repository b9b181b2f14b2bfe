import ArgumentParser
import FactxReview
import Foundation

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs fact by fact (two output folders, or two facts files).",
        discussion: """
            Facts are paired by document, type and span (identical spans first, then overlapping ones) and reported \
            as changed (same or overlapping span, another value, rule or span: both sides shown), added or removed, \
            grouped by document, with counts by rule and by type. Event records are compared the same way (by their \
            evidence spans) when both sides are output folders. See docs/review.md.

            Exit codes, as diff(1): 0 the runs are equal, 1 they differ, 2 an input cannot be read.
            """)

    @Argument(help: ArgumentHelp("The earlier run: an output folder or a facts.jsonl file.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later run: an output folder or a facts.jsonl file.", valueName: "new"))
    var new: String

    @Option(name: .long, help: ArgumentHelp("Report format: text, json or markdown.", valueName: "format"))
    var format: ReportFormat = .text

    func run() throws {
        try failing {
            let report: DiffReport
            do throws(RecordError) {
                report = RecordDiff.compare(try RecordSet.load(old), try RecordSet.load(new))
            } catch {
                throw CLIFailure(code: 2, message: error.description)
            }
            FileHandle.standardOutput.write(Data(report.rendered(format).utf8))
            if !report.isEqual { throw ExitCode(1) }
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
