import FactxModel
import Foundation

/// One record as diff, eval and the review page see it: a fact, or an incident record seen the same way (its
/// evidence spans standing for the fact's one span).
public struct ReviewRecord: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case fact, event
    }

    public var kind: Kind
    public var doc: String
    /// The fact's `type`, or `event`.
    public var type: String
    /// A fact's span, or an event's evidence spans in record order.
    public var spans: [TextRange]
    /// A fact's surface; nil for events.
    public var text: String?
    /// A fact's rule; nil for events.
    public var rule: String?
    /// An event's id; nil for facts.
    public var id: String?
    /// What is compared: a fact's `value`; an event's record without `doc`, `id` and `evidence`.
    public var value: JSONValue
    /// The record as read.
    public var record: JSONValue
    /// 1-based line in the file it came from (0 when built in memory).
    public var line: Int

    /// The first span, for ordering and display.
    public var span: TextRange { spans.first ?? TextRange(0, 0) }

    /// Whether any span of one overlaps any span of the other.
    public func overlaps(_ other: ReviewRecord) -> Bool {
        spans.contains { mine in other.spans.contains { mine.overlaps($0) } }
    }

    /// Scalars covered by both (over all span pairs), to prefer the closest of several overlapping candidates.
    public func overlapLength(_ other: ReviewRecord) -> Int {
        var total = 0
        for mine in spans {
            for theirs in other.spans where mine.overlaps(theirs) {
                total += min(mine.end, theirs.end) - max(mine.start, theirs.start)
            }
        }
        return total
    }

    /// The span as `start-end` (events: each evidence span, space-separated).
    public var spanText: String {
        spans.isEmpty ? "-" : spans.map { "\($0.start)-\($0.end)" }.joined(separator: " ")
    }

    /// Documents first, then text order, then type, then rule: the order every report lists records in.
    public static func displayOrder(_ lhs: ReviewRecord, _ rhs: ReviewRecord) -> Bool {
        if lhs.doc != rhs.doc { return lhs.doc < rhs.doc }
        if lhs.span != rhs.span { return lhs.span < rhs.span }
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        if (lhs.rule ?? "") != (rhs.rule ?? "") { return (lhs.rule ?? "") < (rhs.rule ?? "") }
        return (lhs.id ?? "") < (rhs.id ?? "")
    }
}

/// A record file that cannot be used, named by path and line.
public struct RecordError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// The records of one run: an output folder (`facts.jsonl`, and `events.jsonl` and `documents.jsonl` when there),
/// or a single facts file.
public struct RecordSet: Sendable {
    /// The path as given, for reports.
    public var source: String
    public var facts: [ReviewRecord]
    /// Nil when the source holds no events file (a lone facts file): events are then not compared.
    public var events: [ReviewRecord]?
    /// The `documents.jsonl` records by document id; nil when the source has no documents file.
    public var documents: [String: JSONValue]?

    public init(source: String, facts: [ReviewRecord], events: [ReviewRecord]?, documents: [String: JSONValue]?) {
        self.source = source
        self.facts = facts
        self.events = events
        self.documents = documents
    }

    /// Builds a record set from records in memory (each a `facts.jsonl` / `events.jsonl` / `documents.jsonl` line).
    public init(
        source: String, factRecords: [JSONValue], eventRecords: [JSONValue]?, documentRecords: [JSONValue]?
    ) throws(RecordError) {
        self.source = source
        facts = try factRecords.enumerated().map { index, record throws(RecordError) in
            try RecordSet.fact(record, path: source, line: index + 1)
        }
        events = try eventRecords.map { records throws(RecordError) in
            try records.enumerated().map { index, record throws(RecordError) in
                try RecordSet.event(record, path: source, line: index + 1)
            }
        }
        documents = try documentRecords.map { records throws(RecordError) in
            try RecordSet.documentIndex(records, path: source)
        }
    }

    /// Every document id the set knows of: from its documents file when it has one, else from its records.
    public var documentIDs: Set<String> {
        if let documents { return Set(documents.keys) }
        return Set(facts.map(\.doc)).union((events ?? []).map(\.doc))
    }

    /// Reads an output folder or a facts file.
    public static func load(_ path: String) throws(RecordError) -> RecordSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RecordError(path: path, message: "no such file or folder")
        }
        guard isDirectory.boolValue else {
            return RecordSet(source: path, facts: try facts(in: path), events: nil, documents: nil)
        }
        let factsPath = (path as NSString).appendingPathComponent("facts.jsonl")
        guard FileManager.default.fileExists(atPath: factsPath) else {
            throw RecordError(path: path, message: "not an output folder: it has no facts.jsonl")
        }
        let eventsPath = (path as NSString).appendingPathComponent("events.jsonl")
        let documentsPath = (path as NSString).appendingPathComponent("documents.jsonl")
        var events: [ReviewRecord]?
        if FileManager.default.fileExists(atPath: eventsPath) {
            events = try lines(eventsPath).map { line throws(RecordError) in
                try event(line.value, path: eventsPath, line: line.line)
            }
        }
        let documents = FileManager.default.fileExists(atPath: documentsPath)
            ? try documentIndex(lines(documentsPath).map(\.value), path: documentsPath) : nil
        return RecordSet(source: path, facts: try facts(in: factsPath), events: events, documents: documents)
    }


    static func facts(in path: String) throws(RecordError) -> [ReviewRecord] {
        try lines(path).map { line throws(RecordError) in try fact(line.value, path: path, line: line.line) }
    }

    /// The JSON values of a JSON-lines file, with their line numbers; blank lines are skipped.
    static func lines(_ path: String) throws(RecordError) -> [(line: Int, value: JSONValue)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordError(path: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RecordError(path: path, message: "not UTF-8 text")
        }
        var values: [(Int, JSONValue)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                values.append((index + 1, try JSONValue.parse(String(trimmed))))
            } catch {
                throw RecordError(path: path, line: index + 1, message: "not JSON: \(error)")
            }
        }
        return values
    }

    static func fact(_ record: JSONValue, path: String, line: Int) throws(RecordError) -> ReviewRecord {
        func fail(_ message: String) -> RecordError { RecordError(path: path, line: line, message: message) }
        guard record.members != nil else { throw fail("a fact must be a JSON object") }
        guard let doc = record["doc"]?.stringValue else { throw fail("a fact needs a string 'doc'") }
        guard let type = record["type"]?.stringValue else { throw fail("a fact needs a string 'type'") }
        guard let start = record["start"]?.intValue, let end = record["end"]?.intValue, start >= 0, start <= end else {
            throw fail("a fact needs integer 'start' and 'end' with 0 <= start <= end")
        }
        guard let value = record["value"], value.members != nil else { throw fail("a fact needs an object 'value'") }
        return ReviewRecord(
            kind: .fact, doc: doc, type: type, spans: [TextRange(start, end)], text: record["text"]?.stringValue,
            rule: record["rule"]?.stringValue ?? "", id: nil, value: value, record: record, line: line)
    }

    static func event(_ record: JSONValue, path: String, line: Int) throws(RecordError) -> ReviewRecord {
        func fail(_ message: String) -> RecordError { RecordError(path: path, line: line, message: message) }
        guard let members = record.members else { throw fail("an event must be a JSON object") }
        guard let doc = record["doc"]?.stringValue else { throw fail("an event needs a string 'doc'") }
        var spans: [TextRange] = []
        for span in record["evidence"]?.arrayValue ?? [] {
            guard let pair = span.arrayValue, pair.count == 2, let start = pair[0].intValue, let end = pair[1].intValue,
                  start >= 0, start <= end
            else { throw fail("'evidence' must be a list of [start, end] pairs") }
            spans.append(TextRange(start, end))
        }
        let value = JSONValue.object(members.filter { !["doc", "id", "evidence"].contains($0.key) })
        return ReviewRecord(
            kind: .event, doc: doc, type: "event", spans: spans, text: nil, rule: nil,
            id: record["id"]?.stringValue, value: value, record: record, line: line)
    }

    static func documentIndex(_ records: [JSONValue], path: String) throws(RecordError) -> [String: JSONValue] {
        var index: [String: JSONValue] = [:]
        for (number, record) in records.enumerated() {
            guard let doc = record["doc"]?.stringValue else {
                throw RecordError(path: path, line: number + 1, message: "a document record needs a string 'doc'")
            }
            index[doc] = record
        }
        return index
    }
}
