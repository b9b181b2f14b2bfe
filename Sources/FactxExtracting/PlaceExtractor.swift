import FactxModel
import FactxPatterns

/// Finds place names from the gazetteer (`Patterns/places/`): longest match, loose on case, diacritics and
/// hyphens. A name that is also a common word ("Tank", "Hub") counts only in a place context; a name the text
/// writes in lower case is not a proper noun and is skipped.
public struct PlaceExtractor: Extractor {
    public let name = "places"
    let table: PhraseTable<PlaceEntry>
    let contextWordsBefore: Set<String>
    let contextWordsAfter: Set<String>

    public init(patterns: PatternSet) {
        table = patterns.places
        contextWordsBefore = Set(patterns.list("place_context_before").map(Lexicon.fold))
        contextWordsAfter = Set(patterns.list("place_context_after").map(Lexicon.fold))
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let tokens = context.document.tokens
        return table.matches(in: context.document).compactMap { match in
            let first = tokens[match.tokens.lowerBound]
            let text = context.document.text(first.range)
            if let initial = text.unicodeScalars.first, initial.properties.isLowercase { return nil }
            var candidates = match.candidates.map { table.entries[$0.entry] }
            if candidates.contains(where: \.contextRequired), !inPlaceContext(match, tokens: tokens) {
                candidates.removeAll(where: \.contextRequired)
            }
            guard !candidates.isEmpty else { return nil }
            return Mention(
                type: .place, range: match.range, rule: "gazetteer", sentence: first.sentence,
                value: .entity(candidates: candidates.map(\.id)))
        }
    }

    /// "in Tank", "Tank district", "Tank, Khyber Pakhtunkhwa".
    func inPlaceContext(_ match: PhraseTable<PlaceEntry>.Match, tokens: [Token]) -> Bool {
        if match.tokens.lowerBound > 0, contextWordsBefore.contains(tokens[match.tokens.lowerBound - 1].key) {
            return true
        }
        if match.tokens.upperBound < tokens.count {
            let next = tokens[match.tokens.upperBound]
            if contextWordsAfter.contains(next.key) { return true }
            if next.key == ",", match.tokens.upperBound + 1 < tokens.count,
               !table.lookup(tokens[match.tokens.upperBound + 1].key).isEmpty,
               tokens[match.tokens.upperBound + 1].hasNoLowercase == false {
                return true
            }
        }
        return false
    }
}
