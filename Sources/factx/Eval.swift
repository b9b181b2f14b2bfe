import ArgumentParser
import FactxReview
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a run against gold facts: precision, recall and F1 per type, strict and lenient.",
        discussion: """
            Only the documents the gold covers are scored (GOLD/documents.jsonl, else the documents its facts name). \
            Facts pair by document, type and span as in `factx diff`; each scores as correct (same span, same value), \
            partial (overlapping span, same value), incorrect (another value), spurious or missing (the MUC tallies). \
            Strict scores count correct facts only; lenient ones count partial facts too. Values are compared on the \
            keys docs/eval.md lists per type.

            Exit codes: 0 scored (and at or above --floor), 1 a score is below the floor, 2 an input cannot be read.
            """)

    @Option(name: .long, help: ArgumentHelp("The gold: a folder with facts.jsonl (and documents.jsonl), or a facts file.", valueName: "gold"))
    var gold: String

    @Argument(help: ArgumentHelp("The run to score: an output folder or a facts.jsonl file.", valueName: "out"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Fail (exit 1) when a score falls below this floor file (e.g. Tests/Gold/floor.json).", valueName: "file"))
    var floor: String?

    @Flag(name: .long, help: "List every fact that did not score as correct.")
    var details = false

    @Option(name: .long, help: ArgumentHelp("Report format: text, json or markdown.", valueName: "format"))
    var format: ReportFormat = .text

    func run() throws {
        try failing {
            let report: EvalReport
            let floorBounds: Floor?
            do throws(RecordError) {
                report = Evaluation.evaluate(gold: try RecordSet.load(gold), system: try RecordSet.load(out))
                floorBounds = try floor.map { path throws(RecordError) in try Floor.load(path) }
            } catch {
                throw CLIFailure(code: 2, message: error.description)
            }
            FileHandle.standardOutput.write(Data(report.rendered(format, details: details, floor: floorBounds).utf8))
            if let floorBounds, !floorBounds.check(report).isEmpty { throw ExitCode(1) }
        }
    }
}
