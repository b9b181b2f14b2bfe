import FactxModel
import FactxPatterns

/// Chooses among places that share a name, by what the rest of the document says: a candidate in a country or
/// province that the document names elsewhere wins; then the more populous.
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
            if let admin1 = entries.first?.admin1, entries.allSatisfy({ $0.admin1 == admin1 }) {
                admin1s[admin1, default: 0] += 1
            }
        }
    }

    func resolve(_ ids: [String]) -> PlaceEntry? {
        let entries = ids.compactMap(patterns.place(id:))
        return entries.max { lhs, rhs in
            let left = score(lhs)
            let right = score(rhs)
            if left != right { return left < right }
            if lhs.population != rhs.population { return lhs.population < rhs.population }
            return lhs.id > rhs.id
        }
    }

    func score(_ entry: PlaceEntry) -> Int {
        2 * (entry.country.flatMap { countries[$0] } ?? 0) + 3 * (entry.admin1.flatMap { admin1s[$0] } ?? 0)
    }
}
