// libFuzzer targets for factx's readers, the pattern loader and the whole extraction of one document
// (docs/robustness.md, "Fuzzing"). Built by scripts/fuzz with `--sanitize=fuzzer --sanitize=address` and
// `-DFACTX_FUZZ`; the target is chosen with FACTX_FUZZ_TARGET: text, html, jsonl, patterns or extract.
//
// Besides crashes (and what the address sanitizer catches), each target checks what a caller relies on: readers
// give either documents or errors that name the file; every fact's and event's range lies inside its document's
// text; serializing a result twice gives the same bytes.
import FactxModel
import FactxPatterns
import FactxPipeline
import FactxReading
import FactxWriting
import Foundation

#if FACTX_FUZZ

enum FuzzTarget: String {
    case text, html, jsonl, patterns, extract

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FACTX_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set FACTX_FUZZ_TARGET to text, html, jsonl, patterns or extract (got '\(name)')")
        }
        return target
    }()
}

/// The repository's Patterns (FACTX_PATTERNS, else ./Patterns), loaded once.
let pipeline: Pipeline = {
    let folder = ProcessInfo.processInfo.environment["FACTX_PATTERNS"] ?? "Patterns"
    do {
        return Pipeline(patterns: try PatternSet.load(from: folder))
    } catch {
        fatalError("the Patterns at \(folder) do not load: \(error)")
    }
}()

/// A scratch folder for the pattern loader, which reads folders.
let scratch: String = {
    let path = NSTemporaryDirectory() + "factx-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

func checkDocument(_ document: Document, file: String) {
    let length = document.text.unicodeScalars.count
    for warning in document.warnings {
        if let range = warning.range { check(range.start >= 0 && range.end <= length, "warning range \(range) of \(length)") }
    }
}

func checkResult(_ result: DocumentResult) {
    let length = result.document.text.unicodeScalars.count
    for fact in result.facts {
        check(fact.range.start >= 0 && fact.range.start <= fact.range.end && fact.range.end <= length,
              "fact range \(fact.range) outside a text of \(length)")
    }
    for event in result.events {
        for range in event.evidence { check(range.end <= length, "event evidence \(range) outside a text of \(length)") }
    }
    let first = DocumentBlock(result: result, unit: UnitKey(root: 0, file: "f", line: 0), csv: true)
    let second = DocumentBlock(result: result, unit: UnitKey(root: 0, file: "f", line: 0), csv: true)
    check(first.facts == second.facts && first.document == second.document, "serialization is not deterministic")
}

func checkOutcome(_ documents: [Document], _ errors: [InputError], file: String) {
    for error in errors {
        check(error.file == file, "an error names \(error.file), not \(file)")
        check(!error.message.isEmpty, "an error without a reason")
    }
    for document in documents { checkDocument(document, file: file) }
}

func fuzzOne(_ bytes: [UInt8]) {
    switch FuzzTarget.selected {
    case .text:
        do {
            let document = try TextReader().read(bytes: bytes, id: "f.txt")
            checkDocument(document, file: "f.txt")
        } catch {
            check(!error.message.isEmpty, "a decoding error without a reason")
        }
    case .html:
        do {
            let document = try HTMLReader().read(bytes: bytes, id: "f.html")
            checkDocument(document, file: "f.html")
        } catch {
            check(!error.message.isEmpty, "a decoding error without a reason")
        }
    case .jsonl:
        let (documents, errors) = JSONLinesReader(text: TextReader(), html: HTMLReader()).read(bytes: bytes, file: "f.jsonl")
        checkOutcome(documents, errors, file: "f.jsonl")
    case .patterns:
        // The first byte picks the kind of pattern file; the rest is its content.
        let files = ["dates/rules.yaml", "groups/groups.yaml", "places/places.jsonl", "casualties/lexicon.yaml",
                     "numbers/numbers.yaml", "dates/corpus.yaml"]
        let name = files[Int(bytes.first ?? 0) % files.count]
        let folder = scratch + "/p"
        try? FileManager.default.removeItem(atPath: folder)
        let path = folder + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.dropFirst()))
        do {
            let patterns = try PatternSet.load(from: folder)
            _ = try? patterns.corpora()
            // Whatever loads must be usable: one document through every extractor.
            let loaded = Pipeline(patterns: patterns)
            checkResult(loaded.process(Document(
                id: "f", text: "At least 54 people were killed in Bajaur on 30 July 2023.", reader: "fuzz")))
        } catch {
            for problem in error.errors { check(problem.description.hasPrefix(problem.file), "an error without its file") }
        }
    case .extract:
        // The first byte picks the reader; the rest is the file.
        let kind: InputFile.Kind = [.txt, .html, .jsonl][Int(bytes.first ?? 0) % 3]
        let file = InputFile(path: "", id: "f." + kind.rawValue, kind: kind)
        let outcome = pipeline.reader.read(bytes: Array(bytes.dropFirst()), of: file)
        checkOutcome(outcome.documents, outcome.errors, file: file.id)
        for document in outcome.documents { checkResult(pipeline.process(document)) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func LLVMFuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = FuzzTarget.selected
    if FuzzTarget.selected == .extract { _ = pipeline }
    return 0
}

#else

@main
struct FuzzUsage {
    static func main() {
        FileHandle.standardError.write(Data("factx-fuzz is built by scripts/fuzz (libFuzzer, -DFACTX_FUZZ)\n".utf8))
        exit(2)
    }
}

#endif
