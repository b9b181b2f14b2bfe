import FactxModel
import FactxReading
import FactxWriting

/// One document's records, serialized and in the contract's order, ready to be placed in the output files: the
/// atom that the batch runner sorts, caches between incremental runs, and that pipe mode and `factx merge` pass
/// between processes.
public struct DocumentBlock: Sendable, Equatable {
    public var doc: String
    public var unit: UnitKey
    /// The `documents.jsonl` line, with its "\n".
    public var document: String
    /// The `facts.jsonl` lines, sorted as the contract says.
    public var facts: String
    /// The `events.jsonl` lines, sorted as the contract says.
    public var events: String
    public var factCount: Int
    public var eventCount: Int
    /// The CSV rows (no header), when CSV is written.
    public var csv: CSVRows?

    public struct CSVRows: Sendable, Equatable {
        public var facts: String
        public var document: String
        public var events: String
    }

    public init(
        doc: String, unit: UnitKey, document: String, facts: String, events: String, factCount: Int, eventCount: Int,
        csv: CSVRows?
    ) {
        self.doc = doc
        self.unit = unit
        self.document = document
        self.facts = facts
        self.events = events
        self.factCount = factCount
        self.eventCount = eventCount
        self.csv = csv
    }

    /// The records of one document, as `OutputFolder` would write them.
    public init(result: DocumentResult, unit: UnitKey, csv: Bool) {
        let facts = JSONLines.facts([result])
        let events = JSONLines.events([result])
        let document = result.documentJSON
        self.init(records: document, facts: facts, events: events, doc: result.document.id, unit: unit, csv: csv)
    }

    /// The block of parsed records (`factx merge` reading pipe output).
    public init(records document: JSONValue, facts: [JSONValue], events: [JSONValue], doc: String, unit: UnitKey, csv: Bool) {
        self.doc = doc
        self.unit = unit
        self.document = JSONLines.lines([document])
        self.facts = JSONLines.lines(facts)
        self.events = JSONLines.lines(events)
        factCount = facts.count
        eventCount = events.count
        self.csv = csv
            ? CSVRows(
                facts: facts.reduce(into: "") { $0 += CSV.factRow($1) }, document: CSV.documentRow(document),
                events: events.reduce(into: "") { $0 += CSV.eventRow($1) })
            : nil
    }
}

/// What the batch runner made of one unit: a document's block, or the error that kept it from being one.
public struct UnitResult: Sendable {
    public var key: UnitKey
    public var block: DocumentBlock?
    public var error: InputError?
    /// The SHA-256 of the unit's bytes, when the run keeps an incremental manifest.
    public var hash: [UInt8]?
    /// True when the block was taken from the previous run's cache instead of being extracted again.
    public var reused = false
    /// The document's warnings, for the log (they are also in `documents.jsonl`).
    public var warnings: [Diagnostic] = []
    /// Bytes of input read for this unit (for throughput figures).
    public var inputBytes = 0

    public init(key: UnitKey, block: DocumentBlock? = nil, error: InputError? = nil, hash: [UInt8]? = nil) {
        self.key = key
        self.block = block
        self.error = error
        self.hash = hash
    }
}

/// An error record with the key of the unit that produced it: `errors.jsonl` is sorted by file and line, and
/// errors that tie keep the order of a single run (the units' order).
struct ErrorRecord: Sendable {
    var error: InputError
    var unit: UnitKey
}

// MARK: - Binary form (spool files and the incremental cache)

/// Appends varints and length-prefixed strings to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read fails (nil) on truncated or foreign bytes.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func varint() -> Int? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
        return nil
    }

    mutating func string() -> String? {
        guard let count = varint(), count >= 0, position + count <= bytes.count else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<position + count], as: UTF8.self)
    }
}

/// Elements that a `SpillSorter` can write to a run file and read back.
protocol Spillable {
    func encode(into writer: inout ByteWriter)
    static func decode(from reader: inout ByteReader) -> Self?
    /// A strict order; elements that tie keep their insertion order.
    static func precedes(_ lhs: Self, _ rhs: Self) -> Bool
    /// Roughly the bytes it holds in memory, for the sorter's budget.
    var footprint: Int { get }
}

extension UnitKey {
    func encode(into writer: inout ByteWriter) {
        writer.varint(root)
        writer.string(file)
        writer.varint(line)
    }

    static func decode(from reader: inout ByteReader) -> UnitKey? {
        guard let root = reader.varint(), let file = reader.string(), let line = reader.varint() else { return nil }
        return UnitKey(root: root, file: file, line: line)
    }
}

extension DocumentBlock: Spillable {
    func encode(into writer: inout ByteWriter) {
        writer.string(doc)
        unit.encode(into: &writer)
        writer.string(document)
        writer.string(facts)
        writer.string(events)
        writer.varint(factCount)
        writer.varint(eventCount)
        if let csv {
            writer.varint(1)
            writer.string(csv.facts)
            writer.string(csv.document)
            writer.string(csv.events)
        } else {
            writer.varint(0)
        }
    }

    static func decode(from reader: inout ByteReader) -> DocumentBlock? {
        guard let doc = reader.string(), let unit = UnitKey.decode(from: &reader), let document = reader.string(),
              let facts = reader.string(), let events = reader.string(), let factCount = reader.varint(),
              let eventCount = reader.varint(), let hasCSV = reader.varint() else { return nil }
        var csv: CSVRows?
        if hasCSV == 1 {
            guard let facts = reader.string(), let document = reader.string(), let events = reader.string() else {
                return nil
            }
            csv = CSVRows(facts: facts, document: document, events: events)
        }
        return DocumentBlock(
            doc: doc, unit: unit, document: document, facts: facts, events: events, factCount: factCount,
            eventCount: eventCount, csv: csv)
    }

    /// The contract's order (by document id), then the order of a single run (for duplicate ids).
    static func precedes(_ lhs: DocumentBlock, _ rhs: DocumentBlock) -> Bool {
        if lhs.doc != rhs.doc { return lhs.doc < rhs.doc }
        return lhs.unit < rhs.unit
    }

    var footprint: Int {
        96 + doc.utf8.count + unit.file.utf8.count + document.utf8.count + facts.utf8.count + events.utf8.count
            + (csv.map { $0.facts.utf8.count + $0.document.utf8.count + $0.events.utf8.count } ?? 0)
    }
}

extension ErrorRecord: Spillable {
    func encode(into writer: inout ByteWriter) {
        writer.string(error.file)
        writer.varint(error.line.map { $0 + 1 } ?? 0)
        writer.string(error.code)
        writer.string(error.message)
        unit.encode(into: &writer)
    }

    static func decode(from reader: inout ByteReader) -> ErrorRecord? {
        guard let file = reader.string(), let line = reader.varint(), let code = reader.string(),
              let message = reader.string(), let unit = UnitKey.decode(from: &reader) else { return nil }
        return ErrorRecord(
            error: InputError(file: file, line: line == 0 ? nil : line - 1, code: code, message: message), unit: unit)
    }

    /// `errors.jsonl`'s order: file, then line (none first), then the order of a single run.
    static func precedes(_ lhs: ErrorRecord, _ rhs: ErrorRecord) -> Bool {
        if lhs.error.file != rhs.error.file { return lhs.error.file < rhs.error.file }
        if (lhs.error.line ?? 0) != (rhs.error.line ?? 0) { return (lhs.error.line ?? 0) < (rhs.error.line ?? 0) }
        return lhs.unit < rhs.unit
    }

    var footprint: Int { 64 + error.file.utf8.count + error.message.utf8.count + unit.file.utf8.count }
}
