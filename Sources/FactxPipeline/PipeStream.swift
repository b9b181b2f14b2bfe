import FactxModel
import FactxWriting
import Foundation

/// Reads what `PipeSink` wrote (pipe mode's standard output, as collected by Spark, Hadoop or a shell) back into
/// unit results, for `factx merge`. Blocks must be whole: a document line announces how many fact and event lines
/// follow, and a stream that ends or changes unit before they all came is refused (a mapper that died mid-way).
public struct PipeStreamReader {
    public struct Problem: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    private var lines: LineReader
    private let name: String
    private var lineNumber = 0
    private let csv: Bool
    /// The identity of the streams read so far (every header must agree).
    public private(set) var identity: RunIdentity?

    public init(lines: LineReader, name: String, csv: Bool, identity: RunIdentity? = nil) {
        self.lines = lines
        self.name = name
        self.csv = csv
        self.identity = identity
    }

    private func problem(_ message: String) -> Problem { Problem(file: name, line: lineNumber, message: message) }

    /// The next unit result, nil at the end of the stream.
    public mutating func next() throws(Problem) -> UnitResult? {
        while let raw = lines.next() {
            lineNumber += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let value = try parse(raw)
            guard let kind = value["factx"]?.stringValue else { throw problem("not a line of factx pipe output") }
            switch kind {
            case "stream":
                guard value["format"]?.intValue == PipeSink.format, let found = RunIdentity(json: value) else {
                    throw problem("a stream header of an unknown format")
                }
                if let identity, let reason = identity.mismatch(with: found) {
                    throw problem("this stream was made by a different run: \(reason)")
                }
                identity = found
            case "error":
                guard identity != nil else { throw problem("records before the stream header") }
                guard let unit = UnitKey(json: value["unit"]), let record = value["record"],
                      let file = record["file"]?.stringValue, let code = record["code"]?.stringValue,
                      let message = record["message"]?.stringValue else { throw problem("a malformed error line") }
                let line = record["line"]?.intValue
                return UnitResult(key: unit, error: InputError(file: file, line: line, code: code, message: message))
            case "document":
                guard identity != nil else { throw problem("records before the stream header") }
                guard let unit = UnitKey(json: value["unit"]), let doc = value["doc"]?.stringValue,
                      let factCount = value["facts"]?.intValue, let eventCount = value["events"]?.intValue,
                      let document = value["record"] else { throw problem("a malformed document line") }
                var facts: [JSONValue] = []
                var events: [JSONValue] = []
                for index in 0..<(factCount + eventCount) {
                    let expected = index < factCount ? "fact" : "event"
                    guard let raw = lines.next() else {
                        throw problem("the stream ends inside the records of \"\(doc)\" (a process killed mid-way?)")
                    }
                    lineNumber += 1
                    let line = try parse(raw)
                    guard line["factx"]?.stringValue == expected, UnitKey(json: line["unit"]) == unit,
                          let record = line["record"] else {
                        throw problem("expected \(expected) line \(index + 1) of \(factCount + eventCount) of \"\(doc)\"")
                    }
                    if index < factCount { facts.append(record) } else { events.append(record) }
                }
                return UnitResult(
                    key: unit,
                    block: DocumentBlock(records: document, facts: facts, events: events, doc: doc, unit: unit, csv: csv))
            case "fact", "event":
                throw problem("a \(kind) line outside of a document's records")
            default:
                throw problem("a line of unknown kind \"\(kind)\"")
            }
        }
        lines.close()
        return nil
    }

    private func parse(_ raw: [UInt8]) throws(Problem) -> JSONValue {
        guard let text = String(validating: raw, as: UTF8.self) else { throw problem("not UTF-8") }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw problem("not JSON: \(error.description)")
        }
    }
}
