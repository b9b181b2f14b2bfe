import FactxModel
import FactxPatterns

/// Finds place names from the gazetteer (`Patterns/places/`): longest match, loose on case, diacritics and
/// hyphens. What the words around a name say narrows its candidates (`Patterns/places/context.yaml`):
/// - a name that is also a common word ("Tank", "Hub", "Swat") counts only in a place context ("in Tank", "Tank
///   district", "Tank, Khyber Pakhtunkhwa") and not before a number ("Mach 2"); one the text writes in lower case is
///   no proper noun at all, and month and day names are never places;
/// - a name after a personal title ("Mr", "General") is a person's; a town or city name right before or after
///   another capitalised word is part of a longer name ("Karachi University", "Jogeshwar Roy"), and so is a country
///   or province name before one ("Pakistan Army");
/// - a level word after the name ("Peshawar district", "Punjab province", "Hyderabad city") keeps the candidates of
///   that level;
/// - a containing place after it ("Hyderabad, Sindh", "the Kurram district of Khyber Pakhtunkhwa", "Punjab in
///   India") keeps the candidates inside that place.
public struct PlaceExtractor: Extractor {
    public let name = "places"
    let table: PhraseTable<PlaceEntry>
    let contextWordsBefore: Set<String>
    let contextWordsAfter: Set<String>
    let personTitles: Set<String>
    let needContext: Set<String>
    let notNames: Set<String>
    /// Level word after a name → the kinds it keeps.
    let levels: [String: Set<String>]
    let containerLinks: Set<String>
    /// Capitalised words before a name that do not make it part of a person's name ("South Kashmir").
    let modifiers: Set<String>

    public init(patterns: PatternSet) {
        table = patterns.places
        func folded(_ list: String) -> Set<String> { Set(patterns.list(list).map(Lexicon.fold)) }
        contextWordsBefore = folded("place_context_before")
        contextWordsAfter = folded("place_context_after")
        personTitles = folded("place_person_titles")
        needContext = folded("place_needs_context")
        notNames = folded("place_not_names")
        var levels: [String: Set<String>] = [:]
        for (word, value) in patterns.lexicon.maps["place_level_words"] ?? [:] {
            levels[word] = Set((value.stringValue ?? "").split(separator: " ").map(String.init))
        }
        self.levels = levels
        containerLinks = folded("place_container_links")
        modifiers = folded("place_modifiers")
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let tokens = context.document.tokens
        let matches = table.matches(in: context.document)
        var kept: [(match: PhraseTable<PlaceEntry>.Match, entries: [Int])] = []
        let capitalised = { (token: Token) -> Bool in
            context.document.text(token.range).unicodeScalars.first?.properties.isUppercase ?? false
        }
        // Names that stand without context (not "University", a town in Florida, nor "Metro").
        let plain = matches.filter { match in
            !notNames.contains(matchedKey(match, tokens)) && match.candidates.contains { !table.entries[$0.entry].contextRequired }
        }
        let starts = Set(plain.map(\.tokens.lowerBound))
        let ends = Set(plain.map(\.tokens.upperBound))
        for match in matches {
            let first = tokens[match.tokens.lowerBound]
            let text = context.document.text(first.range)
            if let initial = text.unicodeScalars.first, initial.properties.isLowercase { continue }
            if match.tokens.lowerBound > 0, personTitles.contains(previousWord(before: match.tokens.lowerBound, tokens)) {
                continue
            }
            if notNames.contains(matchedKey(match, tokens)) { continue }
            var entries = match.candidates.map(\.entry)
            // A common word needs a place context; a longer alias of it does not ("the Swat Valley").
            let oneWord = match.tokens.count == 1
            let needs = { (candidate: PhraseTable<PlaceEntry>.Candidate) -> Bool in
                let entry = table.entries[candidate.entry]
                let own = Lexicon.fold(candidate.alias) == Lexicon.fold(entry.name)
                return entry.contextRequired && (oneWord || own) || needContext.contains(Lexicon.fold(candidate.alias))
            }
            let needing = Set(match.candidates.filter(needs).map(\.entry))
            if !needing.isEmpty,
               !inPlaceContext(match, tokens: tokens) && !inList(match, tokens, after: ends)
                || followedByNumber(match, tokens) {
                entries.removeAll(where: needing.contains)
            }
            // "Karachi University", "Gaza Street", "Ivan Duque", "Jogeshwar Roy": a name inside a longer proper name.
            if partOfLongerName(match, tokens, starts: starts, ends: ends, capitalised: capitalised) {
                let inside = nextIsName(match, tokens, starts: starts, capitalised: capitalised)
                entries.removeAll { inside || !["country", "admin1", "region"].contains(table.entries[$0].kind) }
            }
            guard !entries.isEmpty else { continue }
            kept.append((match, entries))
        }
        var mentions: [Mention] = []
        for (position, item) in kept.enumerated() {
            var entries = item.entries
            var end = item.match.tokens.upperBound
            // "Peshawar district": the level word keeps the candidates of its level.
            if end < tokens.count, let kinds = levels[tokens[end].key], tokens[end].sentence == tokens[end - 1].sentence {
                entries = narrowed(entries) { kinds.contains(table.entries[$0].kind) }
                end += 1
            }
            // "Hyderabad, Sindh", "Kurram district of Khyber Pakhtunkhwa": the place that holds it.
            if position + 1 < kept.count, end < tokens.count, containerLinks.contains(tokens[end].key),
               kept[position + 1].match.tokens.lowerBound == end + 1 {
                let holders = kept[position + 1].entries.map { table.entries[$0] }
                entries = narrowed(entries) { index in holders.contains { holds($0, table.entries[index]) } }
            }
            let first = tokens[item.match.tokens.lowerBound]
            var range = item.match.range
            // "U.S.": the full stop of an abbreviation the tokenizer split off belongs to the name.
            if item.match.candidates.contains(where: { $0.alias.hasSuffix(".") }), item.match.tokens.upperBound < tokens.count,
               tokens[item.match.tokens.upperBound].key == ".", tokens[item.match.tokens.upperBound].range.start == range.end {
                range = TextRange(range.start, tokens[item.match.tokens.upperBound].range.end)
            }
            mentions.append(Mention(
                type: .place, range: range, rule: "gazetteer", sentence: first.sentence,
                value: .entity(candidates: entries.map { table.entries[$0].id })))
        }
        return mentions
    }

    /// Whether `holder` contains `entry` (a country its places, a province or district what lies in it).
    func holds(_ holder: PlaceEntry, _ entry: PlaceEntry) -> Bool {
        guard holder.id != entry.id, holder.country == entry.country else { return false }
        switch holder.kind {
        case "country": return true
        case "admin1": return entry.admin1 == holder.admin1
        case "admin2": return entry.admin1 == holder.admin1 && entry.admin2 == holder.admin2
        default: return false
        }
    }

    /// "Lakki Marwat and Tank", "Quetta, Mach": after another place name, joined by a comma, "and" or "or".
    func inList(_ match: PhraseTable<PlaceEntry>.Match, _ tokens: [Token], after ends: Set<Int>) -> Bool {
        let start = match.tokens.lowerBound
        guard start >= 2, [",", "and", "or", "&"].contains(tokens[start - 1].key) else { return false }
        return ends.contains(start - 1) || start >= 3 && tokens[start - 1].key != "," && tokens[start - 2].key == ","
            && ends.contains(start - 2)
    }

    /// Whether the word right after the name (one space between) is a capitalised word of no place and no level
    /// ("Karachi University", "Tibesti Hotel"), or the word right before it one that does not start its sentence
    /// ("Jogeshwar Roy", "Manuel Rodríguez").
    func partOfLongerName(
        _ match: PhraseTable<PlaceEntry>.Match, _ tokens: [Token], starts: Set<Int>, ends: Set<Int>,
        capitalised: (Token) -> Bool
    ) -> Bool {
        if nextIsName(match, tokens, starts: starts, capitalised: capitalised) { return true }
        let start = match.tokens.lowerBound
        guard start >= 2, !ends.contains(start) else { return false }
        let previous = tokens[start - 1]
        return previous.kind == .word && previous.sentence == tokens[start].sentence
            && tokens[start - 2].sentence == previous.sentence && previous.range.end + 1 == tokens[start].range.start
            && capitalised(previous) && !previous.hasNoLowercase
            && !contextWordsBefore.contains(previous.key) && !modifiers.contains(previous.key)
    }

    func nextIsName(
        _ match: PhraseTable<PlaceEntry>.Match, _ tokens: [Token], starts: Set<Int>, capitalised: (Token) -> Bool
    ) -> Bool {
        let end = match.tokens.upperBound
        guard end < tokens.count, !starts.contains(end) else { return false }
        let next = tokens[end]
        return next.kind == .word && next.sentence == tokens[end - 1].sentence
            && next.range.start == tokens[end - 1].range.end + 1 && capitalised(next)
            && !contextWordsAfter.contains(next.key) && levels[next.key] == nil
    }

    /// The words of a match as keys ("valley" for "Valley", which "The Valley" matched).
    func matchedKey(_ match: PhraseTable<PlaceEntry>.Match, _ tokens: [Token]) -> String {
        tokens[match.tokens].filter { $0.kind != .punctuation }.map(\.key).joined(separator: " ")
    }

    /// "Mach 2": a common word before a number is no place.
    func followedByNumber(_ match: PhraseTable<PlaceEntry>.Match, _ tokens: [Token]) -> Bool {
        match.tokens.upperBound < tokens.count && tokens[match.tokens.upperBound].kind == .number
    }

    /// The candidates that pass, or all of them when none does.
    func narrowed(_ entries: [Int], _ keep: (Int) -> Bool) -> [Int] {
        let kept = entries.filter(keep)
        return kept.isEmpty ? entries : kept
    }

    /// The key of the word before a token, skipping one full stop ("Mr. Swat").
    func previousWord(before index: Int, _ tokens: [Token]) -> String {
        var previous = index - 1
        if tokens[previous].key == ".", previous > 0 { previous -= 1 }
        return tokens[previous].sentence == tokens[index].sentence ? tokens[previous].key : ""
    }

    /// "in Tank", "the town of Tank", "Tank district", "Tank, Khyber Pakhtunkhwa".
    func inPlaceContext(_ match: PhraseTable<PlaceEntry>.Match, tokens: [Token]) -> Bool {
        let start = match.tokens.lowerBound
        if start > 0, contextWordsBefore.contains(tokens[start - 1].key), tokens[start - 1].sentence == tokens[start].sentence {
            return true
        }
        // "the district of Swat", not "the Superintendent of Police".
        if start > 1, tokens[start - 1].key == "of", levels[tokens[start - 2].key] != nil
            || contextWordsAfter.contains(tokens[start - 2].key) {
            return true
        }
        if match.tokens.upperBound < tokens.count {
            let next = tokens[match.tokens.upperBound]
            if contextWordsAfter.contains(next.key) { return true }
            if next.key == ",", match.tokens.upperBound + 1 < tokens.count {
                let following = tokens[match.tokens.upperBound + 1]
                if !following.hasNoLowercase, following.kind == .word,
                   table.lookup(following.key).contains(where: { !table.entries[$0.entry].contextRequired }) {
                    return true
                }
            }
        }
        return false
    }
}
