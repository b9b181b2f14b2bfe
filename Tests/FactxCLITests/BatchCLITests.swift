import FactxModel
import FactxPipeline
import FactxTestSupport
import FactxWriting
import Foundation
import Logging
import Testing

/// The batch behaviours of `factx extract` and `factx merge` as cron, shells and distributed engines see them:
/// separate processes, exit codes, kills. The outputs are compared byte for byte with the in-memory reference
/// (`Pipeline.run` + `OutputFolder`).
@Suite(.serialized) struct BatchCLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs factx to the end, with `input` on its standard input.
    @discardableResult
    func factx(_ arguments: [String], input: String? = nil, executable: String = CLITests.binary) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            let handle = stdin.fileHandleForWriting
            let data = Data(input.utf8)
            DispatchQueue.global().async {
                handle.write(data)
                try? handle.close()
            }
        }
        // Read both pipes concurrently: a full stderr pipe must not block the child while we read stdout.
        nonisolated(unsafe) var stderrData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Starts factx without waiting (output discarded).
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static let silent: Logger = {
        var logger = Logger(label: "factx-test")
        logger.logLevel = .critical
        return logger
    }()

    /// What a single in-memory run writes for these inputs (the contract's reference).
    func reference(_ inputs: [String], pipeline: Pipeline = Repository.pipeline, csv: Bool = false) throws -> [String: String] {
        try withTemporaryFolder { folder in
            let batch = pipeline.run(inputs: inputs, logger: Self.silent)
            try OutputFolder(path: folder, formats: csv ? [.csv] : []).write(batch.results, errors: batch.errors)
            return BatchCorpus.outputs(folder)
        }
    }

    func differences(_ found: [String: String], _ expected: [String: String]) -> String {
        let names = Set(found.keys).union(expected.keys).sorted()
        return names.filter { found[$0] != expected[$0] }.map { name in
            let left = (found[name] ?? "(missing)").split(separator: "\n", omittingEmptySubsequences: false)
            let right = (expected[name] ?? "(missing)").split(separator: "\n", omittingEmptySubsequences: false)
            let index = (0..<min(left.count, right.count)).first { left[$0] != right[$0] } ?? min(left.count, right.count)
            return "\(name) line \(index + 1): got \(index < left.count ? String(left[index]) : "(end)") "
                + "expected \(index < right.count ? String(right[index]) : "(end)")"
        }.joined(separator: "\n")
    }

    // MARK: Parallel runs

    @Test func parallelRunsGiveTheBytesOfTheReference() throws {
        try withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in", copies: 12)
            let expected = try reference([folder + "/in"], csv: true)
            for jobs in [1, 2, 4] {
                let run = try factx(["extract", folder + "/in", "--out", folder + "/out\(jobs)", "--jobs", "\(jobs)", "--format", "csv"])
                #expect(run.status == 1, "the corpus has failing inputs: \(run.stderr)")
                let found = BatchCorpus.outputs(folder + "/out\(jobs)")
                #expect(found == expected, "--jobs \(jobs):\n\(differences(found, expected))")
            }
        }
    }

    @Test func theSummaryLineAndLogFormats() throws {
        try withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in")
            let text = try factx(["extract", folder + "/in", "--out", folder + "/out"])
            let summary = text.stderr.split(separator: "\n").last.map(String.init) ?? ""
            #expect(summary.hasPrefix("factx: 10 documents, "), "\(text.stderr)")
            #expect(summary.contains(" facts, ") && summary.contains(" events, 6 errors, ") && summary.hasSuffix(" s"))
            #expect(!text.stderr.contains("\r"), "no progress bar when stderr is not a terminal")
            let json = try factx(["extract", folder + "/in", "--out", folder + "/out", "--log-format", "json"])
            let lines = json.stderr.split(separator: "\n")
            #expect(lines.allSatisfy { (try? JSONValue.parse(String($0)))?["level"] != nil }, "\(json.stderr)")
            let last = try JSONValue.parse(String(lines.last ?? ""))
            #expect(last["documents"]?.stringValue == "10" && last["errors"]?.stringValue == "6")
            let quiet = try factx(["extract", folder + "/in", "--out", folder + "/out", "-q"])
            #expect(!quiet.stderr.contains("documents,"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aProgressBarOnlyOnATerminal() throws {
        try withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in", copies: 4)
            // script(1) gives the command a terminal; its output is what the terminal would show.
            let command = [CLITests.binary, "extract", folder + "/in", "--out", folder + "/out"].joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let shown = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(shown.contains("\r\u{1B}[K["), "a bar is drawn: \(shown.debugDescription)")
            #expect(shown.contains("% ") && shown.contains("documents, "))
            #expect(shown.contains("factx: 14 documents, "), "the summary follows the bar")
            let plain = try factx(["extract", folder + "/in", "--out", folder + "/out"])
            #expect(!plain.stderr.contains("\r") && !plain.stderr.contains("\u{1B}"))
        }
    }

    // MARK: Unattended runs

    @Test func aSecondRunOnALockedFolderExits75() throws {
        try withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in")
            // The lock held by this process.
            let session = try OutputSession(folder: folder + "/out")
            let locked = try factx(["extract", folder + "/in", "--out", folder + "/out"])
            #expect(locked.status == 75)
            #expect(locked.stderr == "factx: \(folder)/out is locked by another factx run (pid \(getpid())); exiting\n")
            session.unlock()
            #expect(try factx(["extract", folder + "/in", "--out", folder + "/out", "-q"]).status == 1)
        }
    }

    @Test func twoConcurrentRunsOneWaitsForNothing() throws {
        try withTemporaryFolder { folder in
            for copy in 0..<40 {
                write(read(Repository.path("Corpus/iskp-foothold-in-pakistan.txt")) ?? "", to: folder + "/in/\(copy).txt")
            }
            let first = try start(["extract", folder + "/in", "--out", folder + "/out", "--jobs", "1"])
            // Wait until the first run holds the lock (its staging folder exists): it loads its patterns first, which
            // takes seconds in a debug build (the gazetteer), so the bound is generous; it only ends a hung test.
            var waited = 0
            while !FileManager.default.fileExists(atPath: folder + "/out/.factx/next/output"), waited < 60_000 {
                usleep(10_000)
                waited += 10
            }
            let started = Date()
            let second = try factx(["extract", folder + "/in", "--out", folder + "/out"])
            #expect(second.status == 75, "\(second.stderr)")
            #expect(second.stderr.contains("is locked by another factx run (pid \(first.processIdentifier))"))
            #expect(Date().timeIntervalSince(started) < 30)
            first.waitUntilExit()
            #expect(first.terminationStatus == 0)
            #expect(BatchCorpus.outputs(folder + "/out") == (try reference([folder + "/in"])))
        }
    }

    /// Kills runs at random moments: the folder always holds the previous complete output or the new one (or a
    /// committed switch that the next run finishes), and the next run completes the job.
    @Test(arguments: [false, true])
    func killedRunsLeaveACompleteOutputAndTheNextRunFinishes(incremental: Bool) throws {
        try withTemporaryFolder { folder in
            let input = folder + "/in"
            let out = folder + "/out"
            BatchCorpus.create(in: input, copies: 30)
            var arguments = ["extract", input, "--out", out, "--jobs", "2", "--format", "csv"]
            if incremental { arguments.append("--incremental") }
            let started = Date()
            try factx(arguments)
            let duration = Date().timeIntervalSince(started)
            let old = BatchCorpus.outputs(out)
            #expect(old == (try reference([input], csv: true)))
            // A new version of the inputs: an edit, a deletion, an addition.
            try FileManager.default.copyItem(atPath: input, toPath: folder + "/old-in")
            write("Nine people were killed in Quetta on 1 May 2024.", to: input + "/copies/0/article-3.txt")
            try FileManager.default.removeItem(atPath: input + "/copies/1/article-12.txt")
            write("ISKP claimed an attack in Bajaur on 2 May 2024.", to: input + "/copies/9/new.txt")
            let new = try reference([input], csv: true)
            #expect(new != old)
            // How long the run to be killed takes (an incremental one reuses most of the old output).
            let timed = Date()
            try factx(arguments)
            let runTime = incremental ? Date().timeIntervalSince(timed) : duration
            try factx(arguments.map { $0 == input ? folder + "/old-in" : $0 })
            #expect(BatchCorpus.outputs(out) == old)
            var outcomes: [String] = []
            for attempt in 0..<8 {
                let delay = Double.random(in: 0.01...(max(runTime, 0.1) * 1.2))
                let process = try start(arguments)
                usleep(UInt32(delay * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let found = BatchCorpus.outputs(out)
                let committed = FileManager.default.fileExists(atPath: out + "/.factx/commit")
                if found == old {
                    outcomes.append("old")
                } else if found == new {
                    outcomes.append("new")
                } else if committed {
                    // Killed between the commit point and the last rename: each file is whole, old or new.
                    outcomes.append("switching")
                    for (name, content) in found {
                        #expect(content == old[name] || content == new[name], "attempt \(attempt): \(name) is neither")
                    }
                } else {
                    Issue.record("attempt \(attempt) killed after \(delay) s left a mix:\n\(differences(found, new))")
                }
                let strays = try FileManager.default.contentsOfDirectory(atPath: out).filter {
                    $0 != ".factx" && !$0.hasSuffix(".jsonl") && !$0.hasSuffix(".csv")
                }
                #expect(strays.isEmpty, "temporary files in the output folder: \(strays)")
                if found == new {
                    // The run finished before the kill: go back to the old output, so that later kills land mid-way.
                    try factx(arguments.map { $0 == input ? folder + "/old-in" : $0 })
                    #expect(BatchCorpus.outputs(out) == old)
                }
            }
            print("killed runs (incremental: \(incremental)): \(outcomes)")
            let finish = try factx(arguments)
            #expect(finish.status == 1, "\(finish.stderr)")
            let final = BatchCorpus.outputs(out)
            #expect(final == new, "after kills \(outcomes):\n\(differences(final, new))")
        }
    }

    // MARK: Incremental runs

    @Test func incrementalRunsEqualFullRunsAfterEditsDeletionsAndPatternChanges() throws {
        try withTemporaryFolder { folder in
            let input = folder + "/in"
            BatchCorpus.create(in: input, copies: 6)
            try FileManager.default.copyItem(atPath: Repository.path("Patterns"), toPath: folder + "/patterns")
            let patterns = ["--patterns", folder + "/patterns"]
            let incremental = ["extract", input, "--out", folder + "/inc", "--incremental", "--format", "csv"] + patterns
            func fullRun() throws -> [String: String] {
                try? FileManager.default.removeItem(atPath: folder + "/full")
                try factx(["extract", input, "--out", folder + "/full", "--format", "csv"] + patterns)
                return BatchCorpus.outputs(folder + "/full")
            }
            func unchanged(_ run: Run) -> Int? {
                guard let range = run.stderr.range(of: #"\((\d+) unchanged\)"#, options: .regularExpression) else { return nil }
                return Int(run.stderr[range].dropFirst().prefix { $0.isNumber })
            }

            let first = try factx(incremental)
            #expect(unchanged(first) == 0, "\(first.stderr)")
            #expect(BatchCorpus.outputs(folder + "/inc") == (try fullRun()))
            #expect(FileManager.default.fileExists(atPath: folder + "/inc/.factx/manifest.jsonl"))

            // Nothing changed: every document is reused (the 10 documents, the 6 copies, and the 3 documents whose
            // ids are taken: they are cached too, and dropped again when the output is assembled).
            let again = try factx(incremental)
            #expect(unchanged(again) == 19, "\(again.stderr)")

            // An edit, a deletion, an addition, a changed and a removed JSON line.
            write("TTP fighters killed 4 policemen in Bannu on 2 February 2024.", to: input + "/a/z.txt")
            try FileManager.default.removeItem(atPath: input + "/copies/0/article-2.txt")
            write("Seven people were injured in Quetta on 9 March 2024.", to: input + "/copies/0/added.txt")
            write(
                [
                    #"{"id":"alpha","text":"This alpha now says 3 people were killed in Swat."}"#,
                    #"{"id":"émile","html":"<p>Four people died in Lahore.</p>","published":"2023-01-02"}"#,
                ].joined(separator: "\n") + "\n", to: input + "/b.jsonl")
            let edited = try factx(incremental)
            let full = try fullRun()
            #expect(BatchCorpus.outputs(folder + "/inc") == full, "\(differences(BatchCorpus.outputs(folder + "/inc"), full))")
            // Redone: a/z.txt and b.jsonl:1 (edited); gone: article-2 and b.jsonl:3; new: added.txt.
            #expect(unchanged(edited) == 15, "\(edited.stderr)")

            // A pattern change redoes everything.
            let groups = folder + "/patterns/groups/groups.yaml"
            write((read(groups) ?? "") + """

                - id: test-front
                  name: Test Liberation Front
                  kind: armed_group
                  aliases: [TLF]

                """, to: groups)
            write("The TLF claimed an attack in Quetta on 3 March 2024.", to: input + "/copies/0/tlf.txt")
            let changed = try factx(incremental)
            #expect(changed.stderr.contains("the patterns changed"), "\(changed.stderr)")
            #expect(unchanged(changed) == 0)
            let fullAfter = try fullRun()
            #expect(fullAfter["facts.jsonl"]?.contains("test-front") == true)
            #expect(BatchCorpus.outputs(folder + "/inc") == fullAfter, "\(differences(BatchCorpus.outputs(folder + "/inc"), fullAfter))")

            // A different factx build (a copy of the binary has another modification time) redoes everything.
            let copy = folder + "/factx-copy"
            try FileManager.default.copyItem(atPath: CLITests.binary, toPath: copy)
            var later = stat()
            stat(copy, &later)
            var times = [timespec(tv_sec: later.st_mtim.tv_sec + 10, tv_nsec: 0), timespec(tv_sec: later.st_mtim.tv_sec + 10, tv_nsec: 0)]
            utimensat(AT_FDCWD, copy, &times, 0)
            let rebuilt = try factx(incremental, executable: copy)
            #expect(rebuilt.stderr.contains("factx changed"), "\(rebuilt.stderr)")
            #expect(unchanged(rebuilt) == 0)
            #expect(BatchCorpus.outputs(folder + "/inc") == fullAfter)

            // Other options too (here --reference-date).
            let dated = try factx(incremental + ["--reference-date", "2024-01-01"], executable: copy)
            #expect(dated.stderr.contains("the options changed"))
        }
    }

    // MARK: Pipe mode, shards, merge

    @Test func shardsMergedEqualASingleRun() throws {
        try withTemporaryFolder { folder in
            let input = folder + "/in"
            BatchCorpus.create(in: input, copies: 12)
            let expected = try reference([input], csv: true)
            var streams: [String] = []
            for index in 1...3 {
                let run = try factx(["extract", input, "--pipe", "--shard", "\(index)/3", "--jobs", "2"])
                #expect(run.status == 0, "pipe mode reports failures as records: \(run.stderr)")
                write(run.stdout, to: folder + "/shard-\(index).jsonl")
                streams.append(folder + "/shard-\(index).jsonl")
            }
            let merged = try factx(["merge"] + streams.reversed() + ["--out", folder + "/merged", "--format", "csv"])
            #expect(merged.status == 1, "errors in the merged output exit 1, like a single run")
            let found = BatchCorpus.outputs(folder + "/merged")
            #expect(found == expected, "\(differences(found, expected))")
        }
    }

    @Test func stdinPathsInAnyOrderMergeIntoASingleRun() throws {
        try withTemporaryFolder { folder in
            let input = folder + "/in"
            BatchCorpus.create(in: input, copies: 5)
            let expected = try reference([input])
            // Every visible file, shuffled, as a distributed engine would hand them out; one folder given whole.
            var paths: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: input)
            while let path = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: input + "/" + path, isDirectory: &isFolder)
                if !isFolder.boolValue, !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }), !path.hasPrefix("copies/") {
                    paths.append(path)
                }
            }
            paths.shuffle()
            paths.append("./copies")
            let half = paths.count / 2
            for (index, part) in [Array(paths[..<half]), Array(paths[half...])].enumerated() {
                let run = try factx(["extract", "--stdin-paths", "--root", input], input: part.joined(separator: "\n") + "\n")
                #expect(run.status == 0, "\(run.stderr)")
                write(run.stdout, to: folder + "/parts/part-0000\(index)")
            }
            write("", to: folder + "/parts/_SUCCESS")
            let merged = try factx(["merge", folder + "/parts", "--out", folder + "/merged"])
            #expect(merged.status == 1)
            let found = BatchCorpus.outputs(folder + "/merged")
            #expect(found == expected, "\(differences(found, expected))")
        }
    }

    @Test func stdinDocumentsStreamOneDocumentAtATime() throws {
        try withTemporaryFolder { folder in
            let lines = [
                #"{"id":"b","text":"Five people were killed in Kabul on 2 March 2020."}"#,
                #"{"id":"a","html":"<p>ISKP killed 9 people in Mastung on 12 July 2023.</p>","published":"2023-07-13"}"#,
            ].joined(separator: "\n") + "\n"
            write(lines, to: folder + "/docs.jsonl")
            let run = try factx(["extract", "--stdin"], input: lines)
            #expect(run.status == 0)
            let tagged = run.stdout.split(separator: "\n").map { try? JSONValue.parse(String($0)) }
            #expect(tagged.first??["factx"]?.stringValue == "stream")
            // Records come in input order, each document's lines together.
            let units = tagged.dropFirst().compactMap { $0?["unit"].flatMap(UnitKey.init(json:))?.line }
            #expect(units == units.sorted() && Set(units) == [1, 2])
            write(run.stdout, to: folder + "/stream")
            #expect(try factx(["merge", folder + "/stream", "--out", folder + "/merged"]).status == 0)
            #expect(BatchCorpus.outputs(folder + "/merged") == (try reference([folder + "/docs.jsonl"])))
        }
    }

    @Test func pipeModeUsageErrorsExitTwo() throws {
        #expect(try factx(["extract", "Corpus", "--pipe", "--out", "x"]).status == 2)
        #expect(try factx(["extract", "Corpus", "--stdin"]).status == 2)
        #expect(try factx(["extract", "--stdin", "--out", "x"]).status == 2)
        #expect(try factx(["extract", "Corpus", "--out", "-", "--incremental"]).status == 2)
        #expect(try factx(["extract", "Corpus", "--out", "/tmp/x", "--shard", "3/2"]).status == 2)
        #expect(try factx(["extract", "Corpus", "--out", "/tmp/x", "--jobs", "0"]).status == 2)
        try withTemporaryFolder { folder in
            write("{\"factx\":\"fact\"}\n", to: folder + "/bad")
            let run = try factx(["merge", folder + "/bad", "--out", folder + "/out"])
            #expect(run.status == 2 && run.stderr.contains("outside of a document"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out/facts.jsonl"))
        }
    }

    // MARK: Spark

    /// The Spark example end to end (PySpark from PyPI, local[2]): its merged output equals the single run.
    /// Downloads PySpark (about 450 MB) the first time, so it runs only with FACTX_SPARK=1; CI runs the same
    /// script as a step of its own (.ci/run).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FACTX_SPARK"] == "1"))
    func theSparkExampleMatchesASingleRun() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.path("examples/spark/run"))
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        // The binaries of this build: a nested `swift build` would wait forever for the lock `swift test` holds.
        let binaries = (CLITests.binary as NSString).deletingLastPathComponent
        process.environment = ProcessInfo.processInfo.environment.merging(["FACTX_BIN_DIR": binaries]) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
