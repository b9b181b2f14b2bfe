import FactxModel
import FactxPipeline
import FactxReading
import FactxTestSupport
import FactxWriting
import Foundation
import Logging
import Testing

/// The streaming, parallel batch runner against the in-memory reference (`Pipeline.run` + `OutputFolder`).
@Suite struct BatchRunnerTests {
    static let silent: Logger = {
        var logger = Logger(label: "factx-test")
        logger.logLevel = .critical
        return logger
    }()

    /// What `Pipeline.run` and `OutputFolder.write` give: the reference every other way of running must equal.
    static func reference(_ inputs: [String], csv: Bool = true) throws -> [String: String] {
        try withTemporaryFolder { folder in
            let batch = Repository.pipeline.run(inputs: inputs, logger: silent)
            try OutputFolder(path: folder, formats: csv ? [.csv] : []).write(batch.results, errors: batch.errors)
            return BatchCorpus.outputs(folder)
        }
    }

    static func streamed(
        _ inputs: [String], jobs: Int, budget: Int = 16 << 20, csv: Bool = true
    ) async throws -> (files: [String: String], totals: OutputTotals) {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("factx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runner = BatchRunner(pipeline: Repository.pipeline, jobs: jobs, csv: csv)
        var source = UnitSource(inputs: inputs, reader: Repository.pipeline.reader)
        var previous: ManifestReader?
        let sink = try SortedOutput(
            targets: .folder(folder, csv: csv), csv: csv, spool: folder + "/.spool", errorSpool: folder + "/.errors",
            manifest: nil, budget: budget, logger: silent)
        _ = try await runner.run(&source, previous: &previous, into: sink, logger: Self.silent)
        let totals = try sink.finish()
        return (BatchCorpus.outputs(folder), totals)
    }

    @Test(arguments: [(1, 16 << 20), (3, 16 << 20), (2, 300)])
    func streamingEqualsTheInMemoryRun(jobs: Int, budget: Int) async throws {
        try await withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in")
            let expected = try Self.reference([folder + "/in"])
            let (files, totals) = try await Self.streamed([folder + "/in"], jobs: jobs, budget: budget)
            #expect(files.keys.sorted() == expected.keys.sorted())
            for (name, content) in expected {
                #expect(files[name] == content, "\(name) differs with jobs \(jobs), budget \(budget)")
            }
            #expect(totals.errors == expected["errors.jsonl"]?.split(separator: "\n").count)
            #expect(totals.documents == expected["documents.jsonl"]?.split(separator: "\n").count)
        }
    }

    @Test func severalInputsKeepTheirOrder() async throws {
        try await withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in")
            let inputs = [folder + "/in/sub", folder + "/missing", folder + "/in/b.jsonl", folder + "/in/wire.jsonl", folder + "/in/sub"]
            let expected = try Self.reference(inputs)
            let (files, _) = try await Self.streamed(inputs, jobs: 2, budget: 200)
            #expect(files == expected)
        }
    }

    @Test func unitKeysFollowTheWalk() {
        withTemporaryFolder { folder in
            BatchCorpus.create(in: folder, copies: 25)
            write("x", to: folder + "/a/b-c.txt")
            write("x", to: folder + "/a/b/c.txt")
            write("x", to: folder + "/a.b/c.txt")
            var source = UnitSource(inputs: [folder], reader: Repository.pipeline.reader)
            var keys: [UnitKey] = []
            while let item = source.next() { if let key = item.key { keys.append(key) } }
            #expect(keys.count > 30)
            for (earlier, later) in zip(keys, keys.dropFirst()) {
                #expect(earlier < later, "\(earlier) should come before \(later)")
            }
        }
    }

    @Test func shardsSplitTheUnitsWithoutOverlap() {
        withTemporaryFolder { folder in
            BatchCorpus.create(in: folder, copies: 30)
            func keys(_ shard: Shard?) -> [UnitKey] {
                var source = UnitSource(inputs: [folder], reader: Repository.pipeline.reader, shard: shard)
                var keys: [UnitKey] = []
                while let item = source.next() { if let key = item.key { keys.append(key) } }
                return keys
            }
            let all = keys(nil)
            let shares = (1...3).map { keys(Shard(index: $0, count: 3)) }
            #expect(shares.allSatisfy { !$0.isEmpty })
            #expect(shares.flatMap { $0 }.sorted() == all)
            #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("2/3") == Shard(index: 2, count: 3))
        }
    }

    @Test func pipeOutputMergesIntoTheSameFiles() async throws {
        try await withTemporaryFolder { folder in
            BatchCorpus.create(in: folder + "/in")
            let expected = try Self.reference([folder + "/in"])
            let identity = RunIdentity(version: "test", patterns: Repository.patterns.fingerprint, options: "")
            // Three shards piped to three streams.
            for index in 1...3 {
                let stream = try BufferedFile(creating: folder + "/stream-\(index)")
                let sink = try PipeSink(output: stream, identity: identity)
                var source = UnitSource(
                    inputs: [folder + "/in"], reader: Repository.pipeline.reader, shard: Shard(index: index, count: 3))
                var previous: ManifestReader?
                _ = try await BatchRunner(pipeline: Repository.pipeline, jobs: 2).run(&source, previous: &previous, into: sink, logger: Self.silent)
                try sink.finish()
            }
            // Merged in reverse order: the order of the streams does not matter.
            try FileManager.default.createDirectory(atPath: folder + "/out", withIntermediateDirectories: true)
            let sink = try SortedOutput(
                targets: .folder(folder + "/out", csv: true), csv: true, spool: folder + "/spool", errorSpool: folder + "/errors",
                manifest: nil, budget: 500, logger: Self.silent)
            var seen: RunIdentity?
            for index in [3, 1, 2] {
                var reader = PipeStreamReader(lines: LineReader(path: folder + "/stream-\(index)")!, name: "s", csv: true, identity: seen)
                while let result = try reader.next() { try sink.accept(result) }
                seen = reader.identity
            }
            _ = try sink.finish()
            #expect(BatchCorpus.outputs(folder + "/out") == expected)
        }
    }

    @Test func aTruncatedStreamIsRefused() {
        withTemporaryFolder { folder in
            write("""
                {"factx":"stream","format":1,"version":"v","patterns":"p","options":""}
                {"factx":"document","unit":[0,"a.txt",0],"doc":"a.txt","facts":2,"events":0,"record":{"doc":"a.txt"}}
                {"factx":"fact","unit":[0,"a.txt",0],"record":{"doc":"a.txt"}}

                """, to: folder + "/cut")
            var reader = PipeStreamReader(lines: LineReader(path: folder + "/cut")!, name: "cut", csv: false)
            #expect(throws: PipeStreamReader.Problem.self) { while try reader.next() != nil {} }
            write("""
                {"factx":"stream","format":1,"version":"v","patterns":"p","options":""}
                {"factx":"stream","format":1,"version":"v","patterns":"q","options":""}

                """, to: folder + "/mixed")
            var mixed = PipeStreamReader(lines: LineReader(path: folder + "/mixed")!, name: "mixed", csv: false)
            #expect(throws: PipeStreamReader.Problem.self) { while try mixed.next() != nil {} }
        }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(SHA256.hash(Array("".utf8))) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(SHA256.hash(Array(long.utf8))) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var pieces = SHA256()
        for chunk in stride(from: 0, to: 1_000_000, by: 999) {
            pieces.update(repeatElement(UInt8(ascii: "a"), count: min(999, 1_000_000 - chunk)))
        }
        #expect(SHA256.hex(pieces.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// The output folder's lock and its switch between generations.
@Suite struct OutputSessionTests {
    @Test func theLockIsExclusiveAndReleasedByUnlock() throws {
        try withTemporaryFolder { folder in
            let first = try OutputSession(folder: folder)
            #expect(throws: OutputSession.Failure.self) { _ = try OutputSession(folder: folder) }
            do throws(OutputSession.Failure) {
                _ = try OutputSession(folder: folder)
            } catch {
                #expect(error.description.contains("locked by another factx run (pid \(getpid()))"), "\(error.description)")
            }
            first.unlock()
            _ = try OutputSession(folder: folder)
        }
    }

    @Test func aCommitReplacesEveryFileAndTheStateTogether() throws {
        try withTemporaryFolder { folder in
            write("old facts\n", to: folder + "/facts.jsonl")
            write("old cache", to: folder + "/.factx/blocks")
            let session = try OutputSession(folder: folder)
            write("new facts\n", to: session.stagedOutput("facts.jsonl"))
            write("new documents\n", to: session.stagedOutput("documents.jsonl"))
            write("scratch", to: session.scratch("spool"))
            #expect(read(folder + "/facts.jsonl") == "old facts\n", "nothing changes before the commit")
            try session.commit()
            #expect(read(folder + "/facts.jsonl") == "new facts\n")
            #expect(read(folder + "/documents.jsonl") == "new documents\n")
            #expect(!FileManager.default.fileExists(atPath: folder + "/.factx/blocks"), "state the new generation lacks is removed")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder + "/.factx").sorted()
            #expect(left == [".gitignore", "lock"])
        }
    }

    @Test func aSwitchCutShortIsFinishedByTheNextSession() throws {
        try withTemporaryFolder { folder in
            write("old facts\n", to: folder + "/facts.jsonl")
            write("new documents\n", to: folder + "/documents.jsonl")
            // A run killed after the commit point, with one file already moved.
            write("new facts\n", to: folder + "/.factx/commit/output/facts.jsonl")
            write("new manifest\n", to: folder + "/.factx/commit/state/manifest.jsonl")
            write("half-written", to: folder + "/.factx/next/output/events.jsonl")
            let session = try OutputSession(folder: folder)
            #expect(read(folder + "/facts.jsonl") == "new facts\n")
            #expect(read(folder + "/.factx/manifest.jsonl") == "new manifest\n")
            #expect(!FileManager.default.fileExists(atPath: folder + "/.factx/commit"))
            #expect(!FileManager.default.fileExists(atPath: session.stagedOutput("events.jsonl")), "a killed run's staging is cleared")
        }
    }
}
