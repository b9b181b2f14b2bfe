import FactxModel
import Foundation

/// Writes a batch's records into an output folder: `facts.jsonl`, `documents.jsonl`, `events.jsonl` and
/// `errors.jsonl`, plus their CSV forms on request. Each file is replaced atomically.
public struct OutputFolder: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
        /// `factx.sqlite`, written by the FactxSQLite module (which needs GRDB), not by this type.
        case sqlite
    }

    public let path: String
    public let formats: Set<Format>

    public init(path: String, formats: Set<Format> = [.jsonl]) {
        self.path = path
        self.formats = formats.union([.jsonl])
    }

    /// The files written, relative to the folder.
    @discardableResult
    public func write(_ results: [DocumentResult], errors: [InputError]) throws(AtomicFile.WriteError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(path: path, reason: "cannot create the folder")
        }
        let facts = JSONLines.facts(results)
        let documents = JSONLines.documents(results)
        let events = JSONLines.events(results)
        var files: [(String, String)] = [
            ("facts.jsonl", JSONLines.lines(facts)),
            ("documents.jsonl", JSONLines.lines(documents)),
            ("events.jsonl", JSONLines.lines(events)),
            ("errors.jsonl", JSONLines.lines(JSONLines.errors(errors))),
        ]
        if formats.contains(.csv) {
            files.append(("facts.csv", CSV.facts(facts)))
            files.append(("documents.csv", CSV.documents(documents)))
            files.append(("events.csv", CSV.events(events)))
        }
        for (name, content) in files {
            try AtomicFile.write(content, to: (path as NSString).appendingPathComponent(name))
        }
        return files.map(\.0)
    }
}
