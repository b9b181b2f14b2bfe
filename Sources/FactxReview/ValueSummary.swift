import FactxModel

/// Short, human-readable forms of fact values and event fields, for the review page and reports.
public enum ValueSummary {
    public static func fact(type: String, value: JSONValue) -> String {
        switch type {
        case FactType.date.rawValue: return date(value)
        case FactType.casualty.rawValue:
            var parts = [value["status"]?.stringValue ?? "?", count(value)]
            if let who = value["who"]?.stringValue { parts.append(who) }
            return parts.joined(separator: " ")
        case FactType.attackCount.rawValue:
            var parts = [count(value) + " attacks"]
            if let group = value["group"]?.stringValue { parts.append("by " + group) }
            if let place = value["place"]?.stringValue { parts.append("in " + place) }
            if let period = value["period"], !period.isNull { parts.append("during " + date(period)) }
            return parts.joined(separator: " ")
        case FactType.place.rawValue: return place(value)
        case FactType.group.rawValue:
            let name = value["name"]?.stringValue ?? "?"
            let details = [value["id"]?.stringValue, value["kind"]?.stringValue].compactMap { $0 }
            return details.isEmpty ? name : "\(name) (\(details.joined(separator: ", ")))"
        default:
            return value.serialized
        }
    }

    /// `2016-08 (month, 2016-08-01 to 2016-08-31)`, `2019 END (year, …)`, `unresolved (…)`.
    public static func date(_ value: JSONValue) -> String {
        guard value.members != nil else { return "–" }
        var head = value["timex"]?.stringValue ?? "unresolved"
        if let mod = value["mod"]?.stringValue { head += " " + mod }
        var details: [String] = []
        if let granularity = value["granularity"]?.stringValue { details.append(granularity) }
        let start = value["start"]?.stringValue
        let end = value["end"]?.stringValue
        if let start, let end {
            details.append(start == end ? start : "\(start) to \(end)")
        } else if let start {
            details.append("from \(start)")
        } else if let end {
            details.append("until \(end)")
        }
        return details.isEmpty ? head : "\(head) (\(details.joined(separator: ", ")))"
    }

    /// A count from its bounds: `54`, `≥ 54`, `≤ 20`, `10–12`, with the qualifier when it says more.
    public static func count(_ value: JSONValue?) -> String {
        guard let value, value.members != nil else { return "–" }
        let low = value["min"]?.intValue
        let high = value["max"]?.intValue
        let qualifier = value["qualifier"]?.stringValue
        var text: String
        switch (low, high) {
        case let (low?, high?): text = low == high ? String(low) : "\(low)–\(high)"
        case let (low?, nil): text = "≥ \(low)"
        case let (nil, high?): text = "≤ \(high)"
        case (nil, nil): text = "?"
        }
        if let qualifier, qualifier != "exact", qualifier != "range" { text += " (\(qualifier.replacingOccurrences(of: "_", with: " ")))" }
        return text
    }

    /// `Quetta, city in Quetta, Balochistan, PK (factx:pk-quetta)`.
    public static func place(_ value: JSONValue) -> String {
        guard value.members != nil else { return "–" }
        let name = value["name"]?.stringValue ?? "?"
        var holders: [String] = []
        for key in ["admin2", "admin1", "country"] {
            if let holder = value[key]?.stringValue, holder != name, !holders.contains(holder) { holders.append(holder) }
        }
        var text = name
        if let kind = value["kind"]?.stringValue { text += ", " + kind }
        if !holders.isEmpty { text += " in " + holders.joined(separator: ", ") }
        if let id = value["id"]?.stringValue { text += " (\(id))" }
        return text
    }

    /// A group value in an event: `Islamic State Khorasan Province (iskp)`.
    public static func group(_ value: JSONValue?) -> String {
        guard let value, value.members != nil else { return "–" }
        let name = value["name"]?.stringValue ?? "?"
        return value["id"]?.stringValue.map { "\(name) (\($0))" } ?? name
    }
}
