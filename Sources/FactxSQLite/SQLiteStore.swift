import FactxModel
import FactxWriting
import Foundation
import GRDB

/// `factx.sqlite`: the records of every run written into one SQLite database that analysts query (docs/sqlite.md).
///
/// A run updates the database in place, in one transaction: each document of the run replaces that document's
/// rows as a whole (its facts and events are deleted and inserted again), a document whose records did not change
/// keeps its rows untouched, and documents the run did not see stay as they were, so that a run over new articles
/// adds to what earlier runs stored. Groups and places hold the entities the stored facts and events name.
public enum SQLiteStore {
    public static let fileName = "factx.sqlite"

    /// What an update did, by document.
    public struct Summary: Hashable, Sendable, CustomStringConvertible {
        /// Documents new to the database.
        public var added = 0
        /// Documents whose records changed: their rows were replaced.
        public var replaced = 0
        /// Documents of the run whose records were already stored as they are.
        public var unchanged = 0
        /// Documents stored by earlier runs that this run did not see.
        public var kept = 0

        public init() {}

        public var description: String {
            "\(added) added, \(replaced) replaced, \(unchanged) unchanged, \(kept) kept from earlier runs"
        }
    }

    public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Creates the database when missing, then stores the run's documents.
    @discardableResult
    public static func update(_ path: String, with results: [DocumentResult]) throws(StoreError) -> Summary {
        try update(path, documents: results.sorted { $0.document.id < $1.document.id }.lazy.map(DocumentRecords.init))
    }

    /// Stores the records of an output folder (documents.jsonl, facts.jsonl, events.jsonl, each sorted by `doc` as
    /// docs/record-contract.md says), read one document at a time, so that memory does not grow with the folder.
    @discardableResult
    public static func update(_ path: String, fromOutputFolder folder: String) throws(StoreError) -> Summary {
        let records: OutputFolderRecords
        do {
            records = try OutputFolderRecords(folder: folder)
        } catch {
            throw StoreError(path: folder, message: "\(error)")
        }
        defer { records.close() }
        return try update(path, documents: records, failure: { records.failure.map { "\(folder): \($0)" } })
    }

    /// `failure` is asked after the last document: a message rolls the whole update back.
    static func update(
        _ path: String, documents: some Sequence<DocumentRecords>, failure: () -> String? = { nil }
    ) throws(StoreError) -> Summary {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path)
        } catch {
            throw StoreError(path: path, message: "cannot open the database: \(error)")
        }
        do {
            return try queue.write { db in
                try prepare(db, path: path)
                var stored: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT doc, digest FROM documents") {
                    stored[row["doc"]] = row["digest"]
                }
                var summary = Summary()
                var seen: Set<String> = []
                for document in documents {
                    seen.insert(document.doc)
                    switch stored[document.doc] {
                    case document.digest?:
                        summary.unchanged += 1
                        continue
                    case nil:
                        summary.added += 1
                    default:
                        summary.replaced += 1
                        try db.execute(sql: "DELETE FROM documents WHERE doc = ?", arguments: [document.doc])
                    }
                    try insert(document, into: db)
                }
                if let message = failure() { throw StoreError(path: path, message: "not updated: \(message)") }
                summary.kept = Set(stored.keys).subtracting(seen).count
                try removeUnusedEntities(db)
                return summary
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, message: "\(error)")
        }
    }

    /// Creates the schema in an empty database, or checks the version of an existing one.
    static func prepare(_ db: Database, path: String) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        if version == Schema.version { return }
        guard version == 0, tables == 0 else {
            throw StoreError(
                path: path,
                message: version == 0
                    ? "not a factx database (it has tables but no schema version): write elsewhere or remove it"
                    : "schema version \(version), but this factx writes version \(Schema.version): write elsewhere or remove it")
        }
        for statement in Schema.statements { try db.execute(sql: statement) }
        try db.execute(sql: "PRAGMA user_version = \(Schema.version)")
        try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
    }

    static func insert(_ document: DocumentRecords, into db: Database) throws {
        try storeEntities(of: document, in: db)
        let record = document.document
        try db.execute(
            sql: """
                INSERT INTO documents (doc, title, published, url, reader, chars, reference_date, reference_source, warnings, digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: StatementArguments(
                ["doc", "title", "published", "url", "reader", "chars", "reference_date", "reference_source", "warnings"]
                    .map { column(record[$0]) } + [document.digest.databaseValue]))

        let factStatement = try db.makeStatement(sql: """
            INSERT INTO facts (doc, type, start, end, text, rule, sentence, value, timex, date_start, date_end, granularity,
                mod, status, min, max, qualifier, who, group_id, place_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for fact in document.facts {
            let type = fact["type"]?.stringValue
            let value = fact["value"] ?? .null
            let date = type == FactType.attackCount.rawValue ? (value["period"] ?? .null) : value
            let isDate = type == FactType.date.rawValue || type == FactType.attackCount.rawValue
            let isCount = type == FactType.casualty.rawValue || type == FactType.attackCount.rawValue
            let group: JSONValue? = switch type {
            case FactType.group.rawValue: value["id"]
            case FactType.attackCount.rawValue: value["group"]
            default: nil
            }
            let place: JSONValue? = switch type {
            case FactType.place.rawValue: value["id"]
            case FactType.attackCount.rawValue: value["place"]
            default: nil
            }
            var values = ["doc", "type", "start", "end", "text", "rule", "sentence", "value"].map { column(fact[$0]) }
            values += ["timex", "start", "end", "granularity", "mod"].map { isDate ? column(date[$0]) : .null }
            values += [
                type == FactType.casualty.rawValue ? column(value["status"]) : .null,
                isCount ? column(value["min"]) : .null,
                isCount ? column(value["max"]) : .null,
                isCount ? column(value["qualifier"]) : .null,
                type == FactType.casualty.rawValue ? column(value["who"]) : .null,
                column(group), column(place),
            ]
            try factStatement.execute(arguments: StatementArguments(values))
        }

        let eventStatement = try db.makeStatement(sql: """
            INSERT INTO events (doc, id, date_timex, date_start, date_end, date_granularity, date_mod, place_id,
                perpetrator_id, attribution, killed_min, killed_max, killed_qualifier, injured_min, injured_max,
                injured_qualifier, target, evidence, target_type, attack_type, confidence, attackers_killed_min,
                attackers_killed_max, attackers_injured_min, attackers_injured_max)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for event in document.events {
            let date = event["date"] ?? .null
            var values = [column(event["doc"]), column(event["id"])]
            values += ["timex", "start", "end", "granularity", "mod"].map { column(date[$0]) }
            values += [column(event["place"]?["id"]), column(event["perpetrator"]?["id"]), column(event["attribution"])]
            for count in ["killed", "injured"] {
                let value = event[count] ?? .null
                values += ["min", "max", "qualifier"].map { column(value[$0]) }
            }
            values += [column(event["target"]), column(event["evidence"] ?? .array([]))]
            values += [column(event["target_type"]), column(event["attack_type"]), column(event["confidence"])]
            for count in ["attackers_killed", "attackers_injured"] {
                let value = event[count] ?? .null
                values += ["min", "max"].map { column(value[$0]) }
            }
            try eventStatement.execute(arguments: StatementArguments(values))
        }
    }

    /// Upserts the groups and places the document's facts and events name; an identifier known only from a link
    /// (an attack count's group or place) gets a placeholder row until a record describes it.
    static func storeEntities(of document: DocumentRecords, in db: Database) throws {
        var groups: [JSONValue] = []
        var places: [JSONValue] = []
        var linkedGroups: [String] = []
        var linkedPlaces: [String] = []
        for fact in document.facts {
            let value = fact["value"] ?? .null
            switch fact["type"]?.stringValue {
            case FactType.group.rawValue?: groups.append(value)
            case FactType.place.rawValue?: places.append(value)
            case FactType.attackCount.rawValue?:
                if let id = value["group"]?.stringValue { linkedGroups.append(id) }
                if let id = value["place"]?.stringValue { linkedPlaces.append(id) }
            default: break
            }
        }
        for event in document.events {
            if let place = event["place"], place["id"]?.stringValue != nil { places.append(place) }
            if let group = event["perpetrator"], group["id"]?.stringValue != nil { groups.append(group) }
        }
        for group in groups where group["id"]?.stringValue != nil {
            try db.execute(
                sql: """
                    INSERT INTO groups (id, name, kind) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind
                    """,
                arguments: StatementArguments(["id", "name", "kind"].map { key in
                    key == "id" ? column(group[key]) : column(group[key] ?? .string(""))
                }))
        }
        for place in places where place["id"]?.stringValue != nil {
            try db.execute(
                sql: """
                    INSERT INTO places (id, name, kind, country, admin1, admin2, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, country = excluded.country,
                        admin1 = excluded.admin1, admin2 = excluded.admin2, lat = excluded.lat, lon = excluded.lon
                    """,
                arguments: StatementArguments(["id", "name", "kind", "country", "admin1", "admin2", "lat", "lon"].map {
                    column(place[$0])
                }))
        }
        for id in linkedGroups {
            try db.execute(sql: "INSERT OR IGNORE INTO groups (id, name, kind) VALUES (?, ?, 'unknown')", arguments: [id, id])
        }
        for id in linkedPlaces {
            try db.execute(sql: "INSERT OR IGNORE INTO places (id, name, kind) VALUES (?, ?, 'unknown')", arguments: [id, id])
        }
    }

    static func removeUnusedEntities(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM groups WHERE id NOT IN (SELECT group_id FROM facts WHERE group_id IS NOT NULL)
                AND id NOT IN (SELECT perpetrator_id FROM events WHERE perpetrator_id IS NOT NULL);
            DELETE FROM places WHERE id NOT IN (SELECT place_id FROM facts WHERE place_id IS NOT NULL)
                AND id NOT IN (SELECT place_id FROM events WHERE place_id IS NOT NULL);
            """)
    }

    /// A JSON value as a column value: scalars as themselves, objects and arrays as compact JSON text.
    static func column(_ value: JSONValue?) -> DatabaseValue {
        switch value {
        case nil, .null?: .null
        case .bool(let flag)?: (flag ? 1 : 0).databaseValue
        case .int(let number)?: number.databaseValue
        case .double(let number)?: number.databaseValue
        case .string(let text)?: text.databaseValue
        case let other?: other.serialized.databaseValue
        }
    }
}

/// One document's records as the JSON-lines files hold them, and a digest of them that tells whether a later run
/// changed anything.
struct DocumentRecords: Sendable {
    var doc: String
    var document: JSONValue
    var facts: [JSONValue]
    var events: [JSONValue]
    var digest: String

    init(_ result: DocumentResult) {
        self.init(
            doc: result.document.id, document: result.documentJSON, facts: JSONLines.facts([result]),
            events: JSONLines.events([result]))
    }

    init(doc: String, document: JSONValue, facts: [JSONValue], events: [JSONValue]) {
        self.doc = doc
        self.document = document
        self.facts = facts
        self.events = events
        // FNV-1a over the serialized records: not cryptographic, only a change detector.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSONLines.lines([document] + facts + events).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        digest = String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The documents of an output folder with their facts and events, read in step from the three files, which are all
/// sorted by `doc`. A malformed line or a record out of order stops the sequence with `failure` set.
final class OutputFolderRecords: Sequence, IteratorProtocol {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    private let folder: String
    private var documents: LineReader
    private var facts: Keyed
    private var events: Keyed
    private(set) var failure: ReadError?

    init(folder: String) throws(ReadError) {
        self.folder = folder
        func open(_ name: String) throws(ReadError) -> LineReader {
            guard let reader = LineReader(path: (folder as NSString).appendingPathComponent(name)) else {
                throw ReadError(description: "cannot read \(name) in \(folder)")
            }
            return reader
        }
        documents = try open("documents.jsonl")
        facts = Keyed(reader: try open("facts.jsonl"), name: "facts.jsonl")
        events = Keyed(reader: try open("events.jsonl"), name: "events.jsonl")
    }

    func close() {
        documents.close()
        facts.reader.close()
        events.reader.close()
    }

    func next() -> DocumentRecords? {
        guard failure == nil, let line = documents.next(), !line.isEmpty else { return nil }
        do throws(ReadError) {
            let document = try Keyed.parse(line, name: "documents.jsonl")
            guard let doc = document["doc"]?.stringValue else {
                throw ReadError(description: "documents.jsonl: a line without doc")
            }
            return DocumentRecords(
                doc: doc, document: document, facts: try facts.take(doc), events: try events.take(doc))
        } catch {
            failure = error
            return nil
        }
    }

    /// A file of records sorted by `doc`, read ahead by one record.
    struct Keyed {
        var reader: LineReader
        let name: String
        var pending: (doc: String, record: JSONValue)?

        init(reader: LineReader, name: String) {
            self.reader = reader
            self.name = name
        }

        static func parse(_ line: [UInt8], name: String) throws(ReadError) -> JSONValue {
            do {
                return try JSONValue.parse(String(decoding: line, as: UTF8.self))
            } catch {
                throw ReadError(description: "\(name): \(error)")
            }
        }

        /// The records of `doc`, which must not sort before a record already passed.
        mutating func take(_ doc: String) throws(ReadError) -> [JSONValue] {
            var taken: [JSONValue] = []
            while true {
                if pending == nil {
                    guard let line = reader.next(), !line.isEmpty else { return taken }
                    let record = try Keyed.parse(line, name: name)
                    guard let key = record["doc"]?.stringValue else { throw ReadError(description: "\(name): a line without doc") }
                    pending = (key, record)
                }
                guard let (key, record) = pending else { return taken }
                if key == doc {
                    taken.append(record)
                    pending = nil
                } else if key < doc {
                    throw ReadError(description: "\(name): records of \(key) without a document, or out of order")
                } else {
                    return taken
                }
            }
        }
    }
}
