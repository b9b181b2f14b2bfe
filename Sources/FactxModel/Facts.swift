/// The kinds of fact factx emits. The raw values are the `type` field of `facts.jsonl`.
public enum FactType: String, Hashable, Sendable, CaseIterable, Comparable {
    case date
    case casualty
    case attackCount = "attack_count"
    case place
    case group

    public static func < (lhs: FactType, rhs: FactType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A normalized date: a TIMEX3 value and the interval of days it covers.
public struct DateValue: Hashable, Sendable {
    /// TIMEX3 value (`2023-07-30`, `2018-11`, `2019`, `199`, `P3Y`, `PAST_REF` …), or nil when unresolvable.
    public var timex: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    /// `day|week|month|quarter|half|season|year|decade|century|duration|vague`.
    public var granularity: String
    /// TIMEX3 mod: `START|MID|END|APPROX|BEFORE|AFTER|ON_OR_AFTER|…`.
    public var mod: String?

    public init(timex: String?, start: CalendarDate?, end: CalendarDate?, granularity: String, mod: String? = nil) {
        self.timex = timex
        self.start = start
        self.end = end
        self.granularity = granularity
        self.mod = mod
    }

    public var json: JSONValue {
        .object([
            "timex": JSONValue(timex),
            "start": JSONValue(start?.iso),
            "end": JSONValue(end?.iso),
            "granularity": .string(granularity),
            "mod": JSONValue(mod),
        ])
    }
}

/// How a count is qualified in the text.
public enum CountQualifier: String, Hashable, Sendable, CaseIterable {
    case exact
    case atLeast = "at_least"
    case moreThan = "more_than"
    case about
    case upTo = "up_to"
    case range
    case vague
}

/// A count as the text gives it: bounds and how sure the text is.
public struct CountValue: Hashable, Sendable {
    public var min: Int?
    public var max: Int?
    public var qualifier: CountQualifier

    public init(min: Int?, max: Int?, qualifier: CountQualifier) {
        self.min = min
        self.max = max
        self.qualifier = qualifier
    }

    /// The bounds a qualifier gives to a written number `n` (see docs/casualties.md).
    public init(number n: Int, qualifier: CountQualifier) {
        switch qualifier {
        case .exact, .about: self.init(min: n, max: n, qualifier: qualifier)
        case .atLeast: self.init(min: n, max: nil, qualifier: qualifier)
        case .moreThan: self.init(min: n + 1, max: nil, qualifier: qualifier)
        case .upTo: self.init(min: nil, max: n, qualifier: qualifier)
        case .range: self.init(min: n, max: n, qualifier: qualifier)
        case .vague: self.init(min: n, max: nil, qualifier: qualifier)
        }
    }
}

public enum CasualtyStatus: String, Hashable, Sendable, CaseIterable {
    case killed, injured, kidnapped, missing, arrested
}

public struct CasualtyValue: Hashable, Sendable {
    public var status: CasualtyStatus
    public var count: CountValue
    /// The victims as written ("persons", "policemen"), or nil.
    public var who: String?
    /// The counted people are the attacking side (docs/casualties.md §9).
    public var perpetrators: Bool
    /// The victims' count is said to include attackers ("including the bomber").
    public var includesPerpetrators: Bool
    /// A cumulative total over many incidents or a long period, not one incident's count (§10).
    public var aggregate: Bool
    /// A toll said to have changed ("the death toll rose to 63") (§10).
    public var revises: Bool

    public init(
        status: CasualtyStatus, count: CountValue, who: String?, perpetrators: Bool = false,
        includesPerpetrators: Bool = false, aggregate: Bool = false, revises: Bool = false
    ) {
        self.status = status
        self.count = count
        self.who = who
        self.perpetrators = perpetrators
        self.includesPerpetrators = includesPerpetrators
        self.aggregate = aggregate
        self.revises = revises
    }

    /// The contract's keys, then the extension keys of docs/casualties.md §12.
    public var json: JSONValue {
        .object([
            "status": .string(status.rawValue),
            "min": JSONValue(count.min),
            "max": JSONValue(count.max),
            "qualifier": .string(count.qualifier.rawValue),
            "who": JSONValue(who),
            "perpetrators": .bool(perpetrators),
            "includes_perpetrators": .bool(includesPerpetrators),
            "aggregate": .bool(aggregate),
            "revises": .bool(revises),
        ])
    }
}

public struct AttackCountValue: Hashable, Sendable {
    public var count: CountValue
    /// Canonical group id, place id and period the count is about, when the sentence links them.
    public var group: String?
    public var place: String?
    public var period: DateValue?
    /// The linked place mention as written ("KP"), or nil (docs/casualties.md §12).
    public var placeText: String?

    public init(count: CountValue, group: String?, place: String?, period: DateValue?, placeText: String? = nil) {
        self.count = count
        self.group = group
        self.place = place
        self.period = period
        self.placeText = placeText
    }

    /// The contract's keys, then the extension key `place_text`.
    public var json: JSONValue {
        .object([
            "min": JSONValue(count.min),
            "max": JSONValue(count.max),
            "qualifier": .string(count.qualifier.rawValue),
            "group": JSONValue(group),
            "place": JSONValue(place),
            "period": period?.json ?? .null,
            "place_text": JSONValue(placeText),
        ])
    }
}

public struct PlaceValue: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    /// ISO 3166-1 alpha-2.
    public var country: String?
    public var admin1: String?
    public var admin2: String?
    public var lat: Double?
    public var lon: Double?
    /// How sure the choice among same-named places is (extension key `confidence`): `high` (one place has the
    /// name, or the words around it single one out), `medium` (several do; the other places the document names
    /// decided), `low` (several do; only the size decided), or nil (not resolved from a text).
    public var confidence: String?

    public init(
        id: String, name: String, kind: String, country: String?, admin1: String?, admin2: String?,
        lat: Double?, lon: Double?, confidence: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.country = country
        self.admin1 = admin1
        self.admin2 = admin2
        self.lat = lat
        self.lon = lon
        self.confidence = confidence
    }

    /// The contract's keys, then the extension key `confidence`.
    public var json: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "kind": .string(kind),
            "country": JSONValue(country),
            "admin1": JSONValue(admin1),
            "admin2": JSONValue(admin2),
            "lat": JSONValue(lat),
            "lon": JSONValue(lon),
            "confidence": JSONValue(confidence),
        ])
    }
}

public struct GroupValue: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: String

    public init(id: String, name: String, kind: String) {
        self.id = id
        self.name = name
        self.kind = kind
    }

    public var json: JSONValue {
        .object(["id": .string(id), "name": .string(name), "kind": .string(kind)])
    }
}

public enum FactValue: Hashable, Sendable {
    case date(DateValue)
    case casualty(CasualtyValue)
    case attackCount(AttackCountValue)
    case place(PlaceValue)
    case group(GroupValue)

    public var type: FactType {
        switch self {
        case .date: .date
        case .casualty: .casualty
        case .attackCount: .attackCount
        case .place: .place
        case .group: .group
        }
    }

    public var json: JSONValue {
        switch self {
        case .date(let value): value.json
        case .casualty(let value): value.json
        case .attackCount(let value): value.json
        case .place(let value): value.json
        case .group(let value): value.json
        }
    }
}

/// One fact with its evidence: the unit of `facts.jsonl`.
public struct Fact: Hashable, Sendable {
    public var doc: String
    public var range: TextRange
    public var text: String
    public var rule: String
    public var sentence: Int
    public var value: FactValue

    public init(doc: String, range: TextRange, text: String, rule: String, sentence: Int, value: FactValue) {
        self.doc = doc
        self.range = range
        self.text = text
        self.rule = rule
        self.sentence = sentence
        self.value = value
    }

    public var type: FactType { value.type }

    /// The record, keys in contract order.
    public var json: JSONValue {
        .object([
            "doc": .string(doc),
            "type": .string(type.rawValue),
            "start": .int(range.start),
            "end": .int(range.end),
            "text": .string(text),
            "rule": .string(rule),
            "sentence": .int(sentence),
            "value": value.json,
        ])
    }

    /// The contract's order: doc, start, type, end, rule.
    public static func recordOrder(_ lhs: Fact, _ rhs: Fact) -> Bool {
        if lhs.doc != rhs.doc { return lhs.doc < rhs.doc }
        if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        if lhs.range.end != rhs.range.end { return lhs.range.end < rhs.range.end }
        return lhs.rule < rhs.rule
    }
}
