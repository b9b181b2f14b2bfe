import ArgumentParser
import FactxExtracting
import FactxModel
import FactxPipeline
import FactxReview
import FactxWriting
import Foundation

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract facts from articles and write one self-contained HTML page to review them.",
        discussion: """
            The page shows each document's text with its facts highlighted by type (value and rule on hover or \
            focus), its diagnostics, its events and a table of its facts. It needs no network and no other file, \
            works from the keyboard and prints. With --against, facts and events added, changed or removed since an \
            earlier run (an output folder or facts file) are marked. See docs/review.md.

            Exit codes: 0 all inputs read; 1 some inputs failed (the page lists them); 2 usage, pattern or \
            --against errors.
            """)

    @Argument(help: ArgumentHelp("Files (.txt, .html, .htm, .jsonl) or folders to read.", valueName: "input"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write, or - for stdout.", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("An earlier run (output folder or facts file) to mark changes against.", valueName: "old"))
    var against: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Reference date for documents without a publication date (YYYY-MM-DD).", valueName: "date"))
    var referenceDate: String?

    @Option(name: .long, help: ArgumentHelp("How to read 05/06/2023: dmy (default) or mdy.", valueName: "order"))
    var dateOrder: String = "dmy"

    @OptionGroup var patternOptions: PatternOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let referenceDate { _ = try parseDate(referenceDate) }
        guard ["dmy", "mdy"].contains(dateOrder) else { throw ValidationError("--date-order must be dmy or mdy") }
    }

    func run() throws {
        try failing {
            let logger = logging.bootstrap()
            let patterns = try patternOptions.load()
            var earlier: RecordSet?
            if let against {
                do throws(RecordError) {
                    earlier = try RecordSet.load(against)
                } catch {
                    throw CLIFailure(code: 2, message: error.description)
                }
            }
            let options = PipelineOptions(
                referenceDate: try referenceDate.map(parseDate), extraction: ExtractionOptions(dateOrder: dateOrder))
            let batch = Pipeline(patterns: patterns, options: options).run(inputs: inputs, logger: logger)
            let page = ReviewPage(
                documents: batch.results.map(ReviewDocument.init), errors: batch.errors, against: earlier,
                generator: "factx \(FactxVersion.string)")
            let html = page.render()
            if out == "-" {
                FileHandle.standardOutput.write(Data(html.utf8))
            } else {
                do throws(AtomicFile.WriteError) {
                    try AtomicFile.write(html, to: out)
                } catch {
                    throw CLIFailure(code: 2, message: error.description)
                }
            }
            if !batch.errors.isEmpty { throw ExitCode(1) }
        }
    }
}
