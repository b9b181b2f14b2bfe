import FactxModel

/// CSV forms of the records (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
/// quote or a line break, quotes doubled), one file per record kind, columns in a fixed order (docs/csv.md).
public enum CSV {
    public static func row(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    /// Works on Unicode scalars, not characters: "\r\n" is one Swift `Character` (equal to neither "\r" nor "\n"),
    /// and so is a quote followed by a combining mark.
    public static func quote(_ field: String) -> String {
        let special: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]
        guard field.unicodeScalars.contains(where: special.contains) else { return field }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// A JSON scalar as CSV text: strings bare, null empty, numbers and booleans as JSON writes them, objects and
    /// arrays as compact JSON.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let string)?: string
        case let other?: other.serialized
        }
    }

    /// The value keys of every fact type, flattened in this order after the common columns.
    public static let factValueColumns = [
        "timex", "start", "end", "granularity", "mod", "status", "min", "max", "qualifier", "who", "group", "place",
        "period", "id", "name", "kind", "country", "admin1", "admin2", "lat", "lon",
    ]

    public static func facts(_ records: [JSONValue]) -> String {
        records.reduce(into: factsHeader) { $0 += factRow($1) }
    }

    public static func documents(_ records: [JSONValue]) -> String {
        records.reduce(into: documentsHeader) { $0 += documentRow($1) }
    }

    public static func events(_ records: [JSONValue]) -> String {
        records.reduce(into: eventsHeader) { $0 += eventRow($1) }
    }

    // One header and one row at a time, for writers that stream.

    static let factColumns = ["doc", "type", "start", "end", "text", "rule", "sentence"]
    public static let factsHeader = row(factColumns + factValueColumns.map { "value_" + $0 })

    public static func factRow(_ record: JSONValue) -> String {
        let value = record["value"]
        return row(factColumns.map { text(record[$0]) } + factValueColumns.map { text(value?[$0]) })
    }

    static let documentColumns = ["doc", "title", "published", "url", "reader", "chars", "reference_date", "reference_source"]
    public static let documentsHeader = row(documentColumns + ["warnings"])

    public static func documentRow(_ record: JSONValue) -> String {
        let warnings = record["warnings"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        return row(documentColumns.map { text(record[$0]) } + [warnings.joined(separator: " | ")])
    }

    public static let eventsHeader = row([
        "doc", "id", "date", "date_start", "date_end", "place", "place_name", "admin1", "country", "perpetrator",
        "perpetrator_name", "attribution", "killed_min", "killed_max", "injured_min", "injured_max", "target",
        "evidence", "target_type", "attack_type", "confidence", "attackers_killed_min", "attackers_killed_max",
    ])

    public static func eventRow(_ record: JSONValue) -> String {
        let fields: [String] = [
            text(record["doc"]), text(record["id"]), text(record["date"]?["timex"]), text(record["date"]?["start"]),
            text(record["date"]?["end"]), text(record["place"]?["id"]), text(record["place"]?["name"]),
            text(record["place"]?["admin1"]), text(record["place"]?["country"]), text(record["perpetrator"]?["id"]),
            text(record["perpetrator"]?["name"]), text(record["attribution"]), text(record["killed"]?["min"]),
            text(record["killed"]?["max"]), text(record["injured"]?["min"]), text(record["injured"]?["max"]),
            text(record["target"]),
            (record["evidence"]?.arrayValue ?? []).map { span in
                (span.arrayValue ?? []).map { text($0) }.joined(separator: "-")
            }.joined(separator: " "),
            text(record["target_type"]), text(record["attack_type"]), text(record["confidence"]),
            text(record["attackers_killed"]?["min"]), text(record["attackers_killed"]?["max"]),
        ]
        return row(fields)
    }
}
