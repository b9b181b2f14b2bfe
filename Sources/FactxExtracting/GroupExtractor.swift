import FactxModel
import FactxPatterns

/// Finds group names from the alias table (`Patterns/groups/`).
///
/// Names and aliases match with case, diacritics and hyphens folded (PhraseTable); an alias written with no
/// lower-case letter ("TTP") only where the text writes it so; an exact-case alias ("IS", "LeT", "Rangers") only
/// where the text writes it letter for letter, and never in a sentence with no lower-case letter (a headline in
/// capitals, where "IS" is the verb); an exact-case name of several words ("Islamic State", not "an Islamic
/// state") also where it is written all in capitals.
///
/// With the option `generic_mentions`, "the group", "the outfit" … (`generic_group_mentions` in
/// `groups/generic.yaml`) become mentions with no candidate and rule `generic-mention`: the normalizer gives them
/// the last group named before them in their paragraph.
public struct GroupExtractor: Extractor {
    public let name = "groups"
    let table: PhraseTable<GroupEntry>
    /// Per entry, the exact-case aliases that are not also ordinary aliases (the name may be one: "Islamic State").
    let exact: [Set<String>]
    let generic: PhraseTable<String>
    /// Capitalized words that, right after a group name, make it part of a building's name (`group_building_words`).
    let buildingWords: Set<String>
    static let determiners: Set<String> = ["the", "this", "that"]

    public init(patterns: PatternSet) {
        table = patterns.groups
        exact = table.entries.map { entry in
            Set(entry.exactAliases).subtracting(entry.aliases)
        }
        var generic = PhraseTable<String>()
        for phrase in patterns.list("generic_group_mentions") { generic.add(phrase, names: [phrase]) }
        self.generic = generic
        buildingWords = Set(patterns.list("group_building_words").map { LooseKey.key($0) })
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let document = context.document
        var lowercaseSentences: [Int: Bool] = [:]
        func hasLowercase(_ sentence: Int) -> Bool {
            if let known = lowercaseSentences[sentence] { return known }
            let value = document.text(document.sentences[sentence].range).unicodeScalars.contains {
                $0.properties.isLowercase
            }
            lowercaseSentences[sentence] = value
            return value
        }
        var mentions: [Mention] = table.matches(in: document).compactMap { match in
            let candidates = match.candidates.filter { candidate in
                guard exact[candidate.entry].contains(candidate.alias) else { return true }
                let sentence = document.tokens[match.tokens.lowerBound].sentence
                let text = document.text(match.range)
                if GroupExtractor.wordScalars(text) == GroupExtractor.wordScalars(candidate.alias) {
                    return hasLowercase(sentence)
                }
                // A name of several words written all in capitals (a headline) keeps its capitals.
                return candidate.alias.contains(" ") && LooseKey.hasNoLowercase(text)
            }
            guard !candidates.isEmpty, !GroupExtractor.crossesDateline(match, in: document),
                  !namesBuilding(match, in: document) else { return nil }
            return Mention(
                type: .group, range: match.range, rule: "alias-table", sentence: context.sentence(of: match.range),
                value: .entity(candidates: candidates.map { table.entries[$0.entry].id }))
        }
        if context.options.genericMentions { mentions += genericMentions(document, context) }
        return mentions
    }

    /// "the group", "this outfit" …: a determiner right before the phrase (in the span), no "of" right after it.
    func genericMentions(_ document: SegmentedDocument, _ context: ExtractionContext) -> [Mention] {
        let tokens = document.tokens
        return generic.matches(in: document).compactMap { match in
            let first = match.tokens.lowerBound
            guard first > 0, GroupExtractor.determiners.contains(tokens[first - 1].key),
                  tokens[first - 1].sentence == tokens[first].sentence else { return nil }
            if match.tokens.upperBound < tokens.count, tokens[match.tokens.upperBound].key == "of" { return nil }
            let range = TextRange(tokens[first - 1].range.start, match.range.end)
            return Mention(
                type: .group, range: range, rule: "generic-mention", sentence: context.sentence(of: range),
                value: .entity(candidates: []))
        }
    }

    /// Whether the name is the start of a building's name: a capitalized building word follows it, after one space.
    func namesBuilding(_ match: PhraseTable<GroupEntry>.Match, in document: SegmentedDocument) -> Bool {
        let next = match.tokens.upperBound
        guard next < document.tokens.count, document.tokens[next].sentence == document.tokens[next - 1].sentence,
              buildingWords.contains(document.tokens[next].key),
              document.text(TextRange(document.tokens[next - 1].range.end, document.tokens[next].range.start)) == " ",
              document.text(document.tokens[next].range).unicodeScalars.first?.properties.isUppercase == true
        else { return false }
        return true
    }

    /// Whether a match runs from a dateline into the text ("PESHAWAR — Police said …" is no "Peshawar Police"):
    /// its words are split by a dash with spaces around it, and those before it are written in capitals while
    /// a word after it is not.
    static func crossesDateline(_ match: PhraseTable<GroupEntry>.Match, in document: SegmentedDocument) -> Bool {
        let tokens = document.tokens[match.tokens]
        guard let dash = tokens.firstIndex(where: { token in
            token.kind == .punctuation && token.range.start > 0
                && document.text(TextRange(token.range.start - 1, token.range.start)) == " "
        }) else { return false }
        let before = tokens[..<dash].filter { $0.kind != .punctuation }
        let after = tokens[dash...].filter { $0.kind != .punctuation }
        return !before.isEmpty && before.allSatisfy(\.hasNoLowercase) && after.contains { !$0.hasNoLowercase }
    }

    /// The letters and digits of a name, as written (case kept): "LeJ-A" and "LeJ A" give "LeJA".
    static func wordScalars(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }))
    }
}
