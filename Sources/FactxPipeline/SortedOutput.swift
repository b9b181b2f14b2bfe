import FactxModel
import FactxWriting
import Foundation
import Logging

/// The files a run writes its records to.
public struct OutputTargets {
    var facts: BufferedFile?
    var documents: BufferedFile?
    var events: BufferedFile?
    var errors: BufferedFile?
    var factsCSV: BufferedFile?
    var documentsCSV: BufferedFile?
    var eventsCSV: BufferedFile?

    /// Every record file of an output folder, created in `folder` (the staging folder of an `OutputSession`).
    public static func folder(_ folder: String, csv: Bool) throws(AtomicFile.WriteError) -> OutputTargets {
        func file(_ name: String) throws(AtomicFile.WriteError) -> BufferedFile {
            try BufferedFile(creating: (folder as NSString).appendingPathComponent(name))
        }
        var targets = OutputTargets(
            facts: try file("facts.jsonl"), documents: try file("documents.jsonl"), events: try file("events.jsonl"),
            errors: try file("errors.jsonl"))
        if csv {
            targets.factsCSV = try file("facts.csv")
            targets.documentsCSV = try file("documents.csv")
            targets.eventsCSV = try file("events.csv")
        }
        return targets
    }

    /// Fact lines only, on standard output (`--out -`).
    public static func standardOutputFacts() -> OutputTargets {
        OutputTargets(facts: BufferedFile(descriptor: 1, name: "standard output"))
    }

    var all: [BufferedFile] {
        [facts, documents, events, errors, factsCSV, documentsCSV, eventsCSV].compactMap { $0 }
    }
}

/// Totals of what a run wrote: the summary line.
public struct OutputTotals: Sendable, Equatable {
    public var documents = 0
    public var facts = 0
    public var events = 0
    public var errors = 0

    public init() {}
}

/// A sink that produces the sorted output files with bounded memory: blocks (one document's records each) and
/// errors are spilled in sorted runs and merged at the end, duplicates of a document id are dropped (the first in
/// the order of a single run is kept, the others become errors, as `Pipeline.run` does), and every file is
/// written front to back. With a manifest path, the spill file of blocks is kept as the incremental cache and
/// the manifest lists where each document's block is.
public final class SortedOutput: RecordSink {
    private let blocks: SpillSorter<DocumentBlock>
    private let errors: SpillSorter<ErrorRecord>
    private var targets: OutputTargets
    private let csv: Bool
    private let logger: Logger
    private var manifest: BufferedFile?
    /// The manifest entries of the blocks in the sorter's buffer, in insertion order.
    private var pendingManifest: [(UnitKey, [UInt8])?] = []

    /// - Parameters:
    ///   - spool: where the blocks' spill file goes (the cache file itself when `manifest` is given).
    ///   - errorSpool: where the errors' spill file goes.
    ///   - manifest: the new manifest's path and the run's identity, for incremental runs.
    public init(
        targets: OutputTargets, csv: Bool, spool: String, errorSpool: String, manifest: (path: String, identity: RunIdentity)?,
        budget: Int = 16 << 20, logger: Logger = Logger(label: "factx")
    ) throws(AtomicFile.WriteError) {
        self.targets = targets
        self.csv = csv
        self.logger = logger
        blocks = SpillSorter(path: spool, budget: budget)
        errors = SpillSorter(path: errorSpool, budget: max(1 << 16, budget / 16))
        if let manifest {
            let file = try BufferedFile(creating: manifest.path)
            try file.write(IncrementalManifest.header(manifest.identity))
            self.manifest = file
        }
    }

    public func accept(_ result: UnitResult) throws(AtomicFile.WriteError) {
        if let error = result.error {
            try errors.append(ErrorRecord(error: error, unit: result.key))
        }
        guard let block = result.block else { return }
        pendingManifest.append(result.hash.map { (result.key, $0) })
        if let placements = try blocks.append(block) { try record(placements) }
    }

    private func record(_ placements: [SpillSorter<DocumentBlock>.Placement]) throws(AtomicFile.WriteError) {
        defer { pendingManifest.removeAll(keepingCapacity: true) }
        guard let manifest else { return }
        for placement in placements {
            guard let (key, hash) = pendingManifest[placement.index] else { continue }
            try manifest.write(IncrementalManifest.line(unit: key, hash: hash, offset: placement.offset, length: placement.length))
        }
    }

    /// Merges the spilled runs into the output files and closes everything (synced to disk).
    public func finish() throws(AtomicFile.WriteError) -> OutputTotals {
        try record(try blocks.spill())
        try manifest?.close()
        var totals = OutputTotals()
        if csv {
            try targets.factsCSV?.write(CSV.factsHeader)
            try targets.documentsCSV?.write(CSV.documentsHeader)
            try targets.eventsCSV?.write(CSV.eventsHeader)
        }
        var merged = try blocks.finish(sync: manifest != nil)
        var group: String?
        var groupJSONLFiles: Set<String> = []
        while let block = merged.next() {
            let fileKey = "\(block.unit.root)\u{0}\(block.unit.file)"
            if let current = group, current == block.doc {
                let error = block.unit.line > 0 && groupJSONLFiles.contains(fileKey)
                    ? InputError(
                        file: block.unit.file, line: block.unit.line, code: "jsonl.duplicate-id",
                        message: "duplicate id \"\(block.doc)\"; the first line with it is kept")
                    : InputError(
                        file: block.unit.file, code: "batch.duplicate-id",
                        message: "document id \"\(block.doc)\" is already taken by an earlier input; skipped")
                logger.error("\(error.description)", metadata: ["code": "\(error.code)"])
                try errors.append(ErrorRecord(error: error, unit: block.unit))
                if block.unit.line > 0 { groupJSONLFiles.insert(fileKey) }
                continue
            }
            group = block.doc
            groupJSONLFiles = block.unit.line > 0 ? [fileKey] : []
            totals.documents += 1
            totals.facts += block.factCount
            totals.events += block.eventCount
            try targets.documents?.write(block.document)
            try targets.facts?.write(block.facts)
            try targets.events?.write(block.events)
            if let rows = block.csv {
                try targets.factsCSV?.write(rows.facts)
                try targets.documentsCSV?.write(rows.document)
                try targets.eventsCSV?.write(rows.events)
            }
        }
        if let failure = merged.failure { throw failure }
        blocks.removeScratch()
        var mergedErrors = try errors.finish(sync: false)
        while let record = mergedErrors.next() {
            totals.errors += 1
            var line = ""
            record.error.json.write(to: &line)
            line += "\n"
            try targets.errors?.write(line)
        }
        if let failure = mergedErrors.failure { throw failure }
        errors.removeScratch()
        for file in targets.all { try file.close() }
        return totals
    }
}

/// The sink of pipe mode: each unit's records as tagged JSON lines on a stream (standard output), one unit's
/// lines together and flushed, so that a distributed engine can collect them and `factx merge` can rebuild the
/// output files from them. The stream starts with a header line naming the run's identity:
///
///     {"factx":"stream","format":1,"version":…,"patterns":…,"options":…}
///     {"factx":"document","unit":[0,"a.txt",0],"doc":"a.txt","facts":2,"events":0,"record":{…}}
///     {"factx":"fact","unit":[0,"a.txt",0],"record":{…}}
///     {"factx":"fact","unit":[0,"a.txt",0],"record":{…}}
///     {"factx":"error","unit":[0,"b.html",0],"record":{"file":"b.html","line":null,"code":…,"message":…}}
///
/// `record` is the line the output file would hold; `unit` orders and deduplicates as a single run would.
public final class PipeSink: RecordSink {
    private let output: BufferedFile
    static let format = 1

    public init(output: BufferedFile, identity: RunIdentity) throws(AtomicFile.WriteError) {
        self.output = output
        var members: [JSONValue.Member] = [.init("factx", "stream"), .init("format", .int(Self.format))]
        members += identity.json.members ?? []
        try output.write(JSONValue.object(members).serialized + "\n")
        try output.flush()
    }

    public func accept(_ result: UnitResult) throws(AtomicFile.WriteError) {
        var text = ""
        var unit = ""
        result.key.json.write(to: &unit)
        if let block = result.block {
            text += "{\"factx\":\"document\",\"unit\":" + unit + ",\"doc\":"
            JSONValue.string(block.doc).write(to: &text)
            text += ",\"facts\":\(block.factCount),\"events\":\(block.eventCount),\"record\":"
            text += block.document.dropLast() + "}\n"
            for line in block.facts.split(separator: "\n") {
                text += "{\"factx\":\"fact\",\"unit\":" + unit + ",\"record\":" + line + "}\n"
            }
            for line in block.events.split(separator: "\n") {
                text += "{\"factx\":\"event\",\"unit\":" + unit + ",\"record\":" + line + "}\n"
            }
        }
        if let error = result.error {
            text += "{\"factx\":\"error\",\"unit\":" + unit + ",\"record\":"
            error.json.write(to: &text)
            text += "}\n"
        }
        try output.write(text)
        try output.flush()
    }

    public func finish() throws(AtomicFile.WriteError) {
        try output.close()
    }
}
