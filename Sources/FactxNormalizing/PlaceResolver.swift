import FactxModel
import FactxPatterns

/// Chooses among places that share a name, by what the rest of the document says: a candidate in a province or
/// country that the document names elsewhere wins (a province counts more than a country); then a national capital;
/// then the more populous; then the more specific. The value says how sure the choice is (`PlaceValue.confidence`): `high` with one
/// candidate, `medium` when the document decided or the candidates share their province (a city and its district),
/// `low` when only the size or a capital did.
struct PlaceResolver {
    let patterns: PatternSet
    var countries: [String: Int] = [:]
    var admin1s: [String: Int] = [:]

    init(patterns: PatternSet, mentions: [Mention]) {
        self.patterns = patterns
        for mention in mentions where mention.type == .place {
            guard case .entity(let ids) = mention.value else { continue }
            let entries = ids.compactMap(patterns.place(id:))
            // Only what the document says unambiguously counts as evidence.
            if let country = entries.first?.country, entries.allSatisfy({ $0.country == country }) {
                countries[country, default: 0] += 1
            }
            if let admin1 = entries.first?.admin1, entries.allSatisfy({ $0.admin1 == admin1 && $0.country == entries[0].country }) {
                admin1s[key(entries[0].country, admin1), default: 0] += 1
            }
        }
    }

    func key(_ country: String?, _ admin1: String) -> String { (country ?? "") + "\u{1}" + admin1 }

    /// Candidates fall into areas (country and province): the area with the most evidence wins, then the one with a
    /// national capital, then the most populous; inside it, the most specific place (a city before its district,
    /// a district before its province: "Peshawar", "Kunduz").
    func resolve(_ ids: [String]) -> PlaceValue? {
        let entries = ids.compactMap(patterns.place(id:))
        guard !entries.isEmpty else { return nil }
        let largest = entries.map(\.population).max() ?? 0
        var areas: [String: [PlaceEntry]] = [:]
        for entry in entries { areas[key(entry.country, entry.admin1 ?? ""), default: []].append(entry) }
        struct Area {
            var places: [PlaceEntry]
            var score: Int
            var capital: Bool
            var population: Int
            var key: String
        }
        let ranked = areas.map { key, places in
            Area(places: places, score: places.map { score($0, largest: largest) }.max() ?? 0,
                 capital: places.contains { $0.kind == "capital" }, population: places.map(\.population).max() ?? 0,
                 key: key)
        }.sorted { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            if lhs.capital != rhs.capital { return lhs.capital }
            if lhs.population != rhs.population { return lhs.population > rhs.population }
            return lhs.key < rhs.key
        }
        let area = ranked[0]
        let best = area.places.min { lhs, rhs in
            let left = PlaceResolver.specificity(lhs.kind)
            let right = PlaceResolver.specificity(rhs.kind)
            if left != right { return left < right }
            if lhs.population != rhs.population { return lhs.population > rhs.population }
            return lhs.id < rhs.id
        }!
        var value = best.value
        if entries.count == 1 {
            value.confidence = "high"
        } else if ranked.count == 1 || area.score > ranked[1].score {
            // The places differ only in level (Peshawar the city or the district), or the document decided.
            value.confidence = "medium"
        } else {
            value.confidence = "low"
        }
        return value
    }

    /// How specific a kind of place is: lower first.
    static func specificity(_ kind: String) -> Int {
        switch kind {
        case "neighbourhood", "landmark": 0
        case "capital", "city": 1
        case "town": 2
        case "admin2": 3
        case "admin1": 4
        case "region": 5
        case "country": 6
        default: 3
        }
    }

    /// Evidence for a candidate: how often the document names its province, and its country, elsewhere. A country
    /// says little about a place a twentieth the size of a namesake (Herat in Iran beside Herat in Afghanistan).
    func score(_ entry: PlaceEntry, largest: Int) -> Int {
        let small = entry.population > 0 && entry.population * 20 < largest
        return (small ? 0 : 2 * (entry.country.flatMap { countries[$0] } ?? 0))
            + 3 * (entry.admin1.flatMap { admin1s[key(entry.country, $0)] } ?? 0)
    }
}
