import FactxTestSupport
import Foundation
import Testing

/// The bad-input matrix at the level a user meets it (docs/robustness.md): one crawler folder holding every kind of
/// broken file next to good articles. Each bad file is one line of errors.jsonl naming the file and the reason, the
/// good ones are written, the exit code is 1; nothing hangs, nothing crashes.
@Suite(.serialized) struct BadInputCLITests {
    let cli = CLITests()
    static let isRoot = getuid() == 0

    static let article = """
        Blast in Bajaur

        At least 54 people were killed and 200 injured when a suicide bomber struck a rally in Bajaur on 30 July 2023.
        """

    struct ErrorLine: Equatable, CustomStringConvertible {
        var file: String
        var line: Int?
        var code: String
        var message: String
        var description: String { "\(file):\(line.map(String.init) ?? "-") \(code) \(message)" }
    }

    func errors(_ folder: String) -> [ErrorLine] {
        (read(folder + "/errors.jsonl") ?? "").split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return ErrorLine(file: object["file"] as? String ?? "", line: object["line"] as? Int,
                             code: object["code"] as? String ?? "", message: object["message"] as? String ?? "")
        }
    }

    func documentIDs(_ folder: String) -> [String] {
        (read(folder + "/documents.jsonl") ?? "").split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["doc"] as? String
        }
    }

    @Test func aCrawlerFolderOfBrokenFilesFailsFileByFileAndWritesTheRest() throws {
        try withTemporaryFolder { folder in
            let input = folder + "/in"
            write(Self.article, to: input + "/good.txt")
            write("<html><body><p>\(Self.article)</p></body></html>", to: input + "/good.html")
            write([], to: input + "/empty.txt")
            write(Array("%PDF-1.7\n1 0 obj".utf8), to: input + "/report.html")
            write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], to: input + "/photo.txt")
            write(Array("abc".utf8) + [0, 1, 2, 0, 0x41, 0x42, 0x43], to: input + "/nul.txt")
            write(String(repeating: "x", count: 5000), to: input + "/big.txt")
            // Names with spaces, a newline, non-Latin letters.
            write(Self.article, to: input + "/with space.txt")
            write(Self.article, to: input + "/new\nline.txt")
            write(Self.article, to: input + "/کوئٹہ دھماکہ.txt")
            write("<p>\(Self.article)</p>", to: input + "/Кабул.html")
            // A folder named like a file, a link loop, a link to nothing, a FIFO (opening it must not block).
            write(Self.article, to: input + "/folder.txt/inside.txt")
            try FileManager.default.createSymbolicLink(atPath: input + "/loop", withDestinationPath: input)
            try FileManager.default.createSymbolicLink(atPath: input + "/dangling.txt", withDestinationPath: folder + "/nowhere.txt")
            #expect(mkfifo(input + "/fifo.txt", 0o644) == 0)
            try FileManager.default.createSymbolicLink(atPath: input + "/zero.txt", withDestinationPath: "/dev/zero")
            write(Self.article, to: input + "/unreadable.txt")
            #expect(chmod(input + "/unreadable.txt", 0) == 0)
            write("""
                {"id":"line-1","text":"At least 3 people were killed in Quetta on 2 May 2021."}
                not json
                [1, 2]
                {"id":"no-text"}
                {"id":"number-text","text":42}
                {"text":"no id"}
                \(String(repeating: "[", count: 1000))
                {"id":"line-8","html":"<p>Two soldiers were killed in Khost.</p>"}
                """, to: input + "/wire.jsonl")
            let out = folder + "/out"
            let run = try cli.factx(["extract", input, "--out", out, "--max-bytes", "4096", "-q", "--jobs", "2"])
            #expect(run.status == 1, "\(run.stderr)")
            var expected = [
                ErrorLine(file: "big.txt", line: nil, code: "read.too-large", message: ""),
                ErrorLine(file: "dangling.txt", line: nil, code: "walk.broken-link", message: ""),
                ErrorLine(file: "empty.txt", line: nil, code: "read.empty", message: ""),
                ErrorLine(file: "fifo.txt", line: nil, code: "read.not-file", message: ""),
                ErrorLine(file: "nul.txt", line: nil, code: "read.binary", message: ""),
                ErrorLine(file: "photo.txt", line: nil, code: "read.binary", message: ""),
                ErrorLine(file: "report.html", line: nil, code: "read.binary", message: ""),
                ErrorLine(file: "unreadable.txt", line: nil, code: "read.open", message: ""),
                ErrorLine(file: "wire.jsonl", line: 2, code: "jsonl.syntax", message: ""),
                ErrorLine(file: "wire.jsonl", line: 3, code: "jsonl.not-object", message: ""),
                ErrorLine(file: "wire.jsonl", line: 4, code: "jsonl.no-text", message: ""),
                ErrorLine(file: "wire.jsonl", line: 5, code: "jsonl.no-text", message: ""),
                ErrorLine(file: "wire.jsonl", line: 6, code: "jsonl.no-id", message: ""),
                ErrorLine(file: "wire.jsonl", line: 7, code: "jsonl.syntax", message: ""),
                ErrorLine(file: "zero.txt", line: nil, code: "read.not-file", message: ""),
            ]
            // root reads a file whatever its mode: the case cannot happen, and the file is read like any other.
            if Self.isRoot { expected.removeAll { $0.file == "unreadable.txt" } }
            let found = errors(out).map { ErrorLine(file: $0.file, line: $0.line, code: $0.code, message: "") }
            #expect(found == expected, "\(errors(out))")
            // Every message says why, in words.
            #expect(errors(out).allSatisfy { !$0.message.isEmpty })
            #expect(errors(out).first { $0.file == "unreadable.txt" }?.message.contains("Permission denied") ?? Self.isRoot)
            var documents = [
                "folder.txt/inside.txt", "good.html", "good.txt", "new\nline.txt", "with space.txt", "line-1",
                "line-8", "Кабул.html", "کوئٹہ دھماکہ.txt",
            ]
            if Self.isRoot { documents.append("unreadable.txt") }
            #expect(documentIDs(out).sorted() == documents.sorted())
            #expect(read(out + "/facts.jsonl")?.contains(#""doc":"new\nline.txt""#) == true)
            // The log names each failed file once, on its own line (the newline in a name is escaped there too).
            #expect(run.stderr.contains("report.html: binary content: the file is a PDF document"), "\(run.stderr)")
        }
    }

    @Test func aJSONLinesFileWithOneLineNotInUTF8LosesOnlyThatLine() throws {
        try withTemporaryFolder { folder in
            var bytes = Array(#"{"id":"a","text":"At least 3 people were killed in Quetta."}"#.utf8) + [0x0A]
            bytes += Array(#"{"id":"b","text":"Pe"#.utf8) + [0xF1] + Array(#"a"}"#.utf8) + [0x0A]
            bytes += Array(#"{"id":"c","text":"Two soldiers were killed in Khost."}"#.utf8) + [0x0A]
            write(bytes, to: folder + "/in/wire.jsonl")
            let run = try cli.factx(["extract", folder + "/in", "--out", folder + "/out", "-q"])
            #expect(run.status == 1)
            #expect(errors(folder + "/out").map { "\($0.file):\($0.line ?? 0) \($0.code)" } == ["wire.jsonl:2 jsonl.encoding"])
            #expect(documentIDs(folder + "/out") == ["a", "c"])
        }
    }

    /// A full disk, simulated with a file-size limit (RLIMIT_FSIZE, `ulimit -f`) on the run: the write fails, the
    /// run says which file it could not write and exits 1, and the previous output stays as it was, byte for byte.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash")))
    func aFullDiskLeavesThePreviousOutputIntact() throws {
        try withTemporaryFolder { folder in
            write(Self.article, to: folder + "/small/a.txt")
            let out = folder + "/out"
            let first = try cli.factx(["extract", folder + "/small", "--out", out, "-q"])
            #expect(first.status == 0, "\(first.stderr)")
            let names = ["facts.jsonl", "documents.jsonl", "events.jsonl", "errors.jsonl"]
            let before = names.map { read(out + "/" + $0) }
            #expect(before[0]?.contains("a.txt") == true)
            let corpus = Repository.path("Corpus")
            // 8 blocks of 1024 bytes: far less than the facts of the corpus.
            let script = "ulimit -f 8; exec \"$0\" extract \"$1\" --out \"$2\" -q"
            let run = try cli.factx(["-c", script, CLITests.binary, corpus, out], executable: "/bin/bash")
            #expect(run.status == 1, "\(run.status) \(run.stderr)")
            #expect(run.stderr.contains("File too large"), "\(run.stderr)")
            #expect(names.map { read(out + "/" + $0) } == before)
            // The next run, with room, replaces it as usual.
            let again = try cli.factx(["extract", corpus, "--out", out, "-q"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(read(out + "/facts.jsonl")?.contains("iskp-foothold-in-pakistan.txt") == true)
        }
    }

    @Test func docTimeoutIsAnErrorOfTheDocumentAndZeroMeansNoLimit() throws {
        try withTemporaryFolder { folder in
            write(Self.article, to: folder + "/in/a.txt")
            // A nanosecond: the document overruns it whatever the machine; the record says so in fixed words.
            let run = try cli.factx(["extract", folder + "/in", "--out", folder + "/out", "-q", "--doc-timeout", "0.000000001"])
            #expect(run.status == 1)
            #expect(errors(folder + "/out").map { "\($0.file) \($0.code)" } == ["a.txt extract.timeout"])
            #expect(documentIDs(folder + "/out").isEmpty)
            let unlimited = try cli.factx(["extract", folder + "/in", "--out", folder + "/out", "-q", "--doc-timeout", "0"])
            #expect(unlimited.status == 0)
            #expect(documentIDs(folder + "/out") == ["a.txt"])
            let negative = try cli.factx(["extract", folder + "/in", "--out", folder + "/out", "--doc-timeout", "-1"])
            #expect(negative.status == 2)
            #expect(negative.stderr.contains("--doc-timeout"))
        }
    }

    @Test func anInputFolderWeCannotListIsAnErrorAndTheRestGoesOn() throws {
        try withTemporaryFolder { folder in
            write(Self.article, to: folder + "/in/a.txt")
            write(Self.article, to: folder + "/in/locked/b.txt")
            #expect(chmod(folder + "/in/locked", 0) == 0)
            defer { chmod(folder + "/in/locked", 0o755) }
            let run = try cli.factx(["extract", folder + "/in", "--out", folder + "/out", "-q"])
            if Self.isRoot {
                #expect(run.status == 0)
                #expect(documentIDs(folder + "/out") == ["a.txt", "locked/b.txt"])
            } else {
                #expect(run.status == 1)
                #expect(errors(folder + "/out").map(\.code) == ["walk.unreadable"])
                #expect(documentIDs(folder + "/out") == ["a.txt"])
            }
        }
    }
}
