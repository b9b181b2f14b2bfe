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
        let documents = results.sorted { $0.document.id < $1.document.id }.map(DocumentRecords.init)
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
                for document in documents {
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
                summary.kept = Set(stored.keys).subtracting(documents.map(\.doc)).count
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
                injured_qualifier, target, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        doc = result.document.id
        document = result.documentJSON
        facts = JSONLines.facts([result])
        events = JSONLines.events([result])
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
