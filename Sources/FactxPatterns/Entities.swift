import FactxModel

/// A place of the gazetteer (`Patterns/places/*.jsonl`).
public struct PlaceEntry: Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var country: String?
    public var admin1: String?
    public var admin2: String?
    public var lat: Double?
    public var lon: Double?
    public var population: Int
    public var aliases: [String]
    /// The name is also a common word: a place only in a place context.
    public var contextRequired: Bool
    public var source: String?

    public var value: PlaceValue {
        PlaceValue(id: id, name: name, kind: kind, country: country, admin1: admin1, admin2: admin2, lat: lat, lon: lon)
    }

    static let fields: Set<String> = [
        "id", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "aliases",
        "context_required", "source",
    ]

    init(json: JSONValue, location: SourceLocation) throws(PatternError) {
        guard let members = json.members else { throw location.error("a place must be a JSON object") }
        for member in members where !PlaceEntry.fields.contains(member.key) {
            throw location.error("unknown key '\(member.key)'")
        }
        func text(_ key: String) throws(PatternError) -> String? {
            guard let value = json[key], !value.isNull else { return nil }
            guard let string = value.stringValue else { throw location.error("'\(key)' must be a string") }
            return string
        }
        guard let id = try text("id"), !id.isEmpty else { throw location.error("a place needs an id") }
        guard let name = try text("name"), !name.isEmpty else { throw location.error("place \(id) needs a name") }
        guard let kind = try text("kind") else { throw location.error("place \(id) needs a kind") }
        self.id = id
        self.name = name
        self.kind = kind
        country = try text("country")
        admin1 = try text("admin1")
        admin2 = try text("admin2")
        lat = json["lat"]?.doubleValue
        lon = json["lon"]?.doubleValue
        population = json["population"]?.intValue ?? 0
        aliases = (json["aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
        contextRequired = json["context_required"]?.boolValue ?? false
        source = try text("source")
    }
}

/// A group of the alias table (`Patterns/groups/*.yaml`).
public struct GroupEntry: Hashable, Sendable {
    public struct Relation: Hashable, Sendable {
        public var type: String
        public var target: String
        public var from: String?
        public var to: String?
    }

    public var id: String
    public var name: String
    public var kind: String
    public var aliases: [String]
    /// Aliases matched only as written, letter case included ("IS", "LeT", "Rangers"): the ones that are also
    /// common words once case is folded ("is", "let", "rangers"). They never match in a sentence with no
    /// lower-case letter (a headline in capitals, where "IS" is the verb).
    public var exactAliases: [String]
    public var relations: [Relation]
    public var source: String?
    public var location: SourceLocation

    /// Every name the entry is matched by: its name, its aliases and its exact-case aliases.
    public var allNames: [String] { [name] + aliases + exactAliases }

    public var value: GroupValue { GroupValue(id: id, name: name, kind: kind) }

    public static let kinds: Set<String> = [
        "armed_group", "political_party", "state_force", "government", "media", "organization",
    ]
    public static let relationTypes: Set<String> = [
        "branch_of", "splinter_of", "faction_of", "wing_of", "merged_into", "successor_of", "media_of", "ally_of",
    ]

    static func read(_ node: YAMLNode) throws(PatternError) -> GroupEntry {
        let fields = try node.fields(
            allowed: ["id", "name", "kind", "aliases", "exact_aliases", "relations", "source", "note"])
        guard let idNode = fields["id"] else { throw node.fail("a group needs an id") }
        let id = try idNode.string()
        guard id.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw idNode.fail("group id '\(id)' must be lower-case letters and digits joined by hyphens")
        }
        guard let name = try fields["name"]?.string() else { throw node.fail("group '\(id)' needs a name") }
        guard let kindNode = fields["kind"] else { throw node.fail("group '\(id)' needs a kind") }
        let kind = try kindNode.string()
        guard kinds.contains(kind) else {
            throw kindNode.fail("unknown kind '\(kind)' (expected one of: \(kinds.sorted().joined(separator: ", ")))")
        }
        var relations: [Relation] = []
        for relation in try fields["relations"]?.sequence() ?? [] {
            let relationFields = try relation.fields(allowed: ["type", "target", "from", "to", "note"])
            guard let type = try relationFields["type"]?.string(), relationTypes.contains(type) else {
                throw relation.fail("a relation needs a type, one of: \(relationTypes.sorted().joined(separator: ", "))")
            }
            guard let target = try relationFields["target"]?.string() else { throw relation.fail("a relation needs a target") }
            var dates: [String: String] = [:]
            for key in ["from", "to"] {
                guard let node = relationFields[key] else { continue }
                let date = try node.string()
                guard date.range(of: #"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"#, options: .regularExpression) != nil else {
                    throw node.fail("relation date '\(date)' must be YYYY, YYYY-MM or YYYY-MM-DD")
                }
                dates[key] = date
            }
            relations.append(Relation(type: type, target: target, from: dates["from"], to: dates["to"]))
        }
        return GroupEntry(
            id: id, name: name, kind: kind, aliases: try fields["aliases"]?.strings() ?? [],
            exactAliases: try fields["exact_aliases"]?.strings() ?? [], relations: relations,
            source: try fields["source"]?.string(), location: idNode.location)
    }
}
