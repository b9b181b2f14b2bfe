import ArgumentParser
import FactxModel
import FactxPipeline
import FactxReading
import Foundation

struct Read: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what the reader stage makes of one file, as one JSON object.",
        discussion: """
            Prints {"doc","title","published","published_source","url","reader","chars","text","warnings","source_map"} \
            for each document of the file (a .jsonl file gives one line per document). source_map lists \
            [text_start, length, source_start, line] segments: text taken unchanged from the source.
            """)

    @Argument(help: ArgumentHelp("The file to read.", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Refuse files larger than this many bytes.", valueName: "bytes"))
    var maxBytes: Int = 20 * 1024 * 1024

    @OptionGroup var patternOptions: PatternOptions

    func run() throws {
        try failing {
            let patterns = try patternOptions.load()
            let pipeline = Pipeline(patterns: patterns, options: PipelineOptions(maxBytes: maxBytes))
            let walked = InputWalker().walk([file])
            var failed = !walked.errors.isEmpty
            for error in walked.errors { FileHandle.standardError.write(Data("factx: \(error)\n".utf8)) }
            for input in walked.files {
                let outcome = pipeline.reader.read(input)
                for error in outcome.errors {
                    FileHandle.standardError.write(Data("factx: \(error)\n".utf8))
                    failed = true
                }
                for document in outcome.documents {
                    let record = JSONValue.object([
                        "doc": .string(document.id),
                        "title": JSONValue(document.title),
                        "published": JSONValue(document.published?.iso),
                        "published_source": JSONValue(document.publishedSource),
                        "url": JSONValue(document.url),
                        "reader": .string(document.reader),
                        "chars": .int(document.text.unicodeScalars.count),
                        "text": .string(document.text),
                        "warnings": .array(document.warnings.map(\.json)),
                        "source_map": document.sourceMap.json,
                    ])
                    FileHandle.standardOutput.write(Data((record.serialized + "\n").utf8))
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
