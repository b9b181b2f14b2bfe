import FactxModel
import FactxPatterns

/// The normalizing stage: mentions in, facts out. It reads the document's own definitions, resolves every name
/// to one canonical entity (places disambiguated by the rest of the document), settles nested mentions ("Pakistan"
/// inside "Tehreek-e-Taliban Pakistan" is no place), and resolves dates against the reference date.
public struct Normalizer: Sendable {
    let patterns: PatternSet
    let dates = DateResolver()
    let countWords: CountLinker.Words

    public init(patterns: PatternSet) {
        self.patterns = patterns
        countWords = CountLinker.Words(patterns)
    }

    public struct Output: Sendable {
        public var facts: [Fact]
        public var warnings: [Diagnostic]
    }

    /// - Parameter reference: the date relative expressions are resolved against (the publication date, or the
    ///   one given on the command line), or nil.
    public func normalize(_ document: SegmentedDocument, mentions: [Mention], reference: CalendarDate?) -> Output {
        var entityMentions = Normalizer.settleNested(mentions.filter { $0.type == .place || $0.type == .group })
        let definitions = DefinitionReader(patterns: patterns).read(document, entityMentions: entityMentions)
        entityMentions = Normalizer.merge(entityMentions, with: localAliasMentions(document, definitions.aliases))
        if !definitions.shadowed.isEmpty {
            // A short form the text defines as something else names no known entity here.
            entityMentions.removeAll { mention in
                mention.rule != "definition"
                    && definitions.shadowed.contains(DefinitionReader.letters(document.text(mention.range)))
            }
        }

        let places = PlaceResolver(patterns: patterns, mentions: entityMentions)
        var facts: [Fact] = []
        func fact(_ mention: Mention, _ value: FactValue) -> Fact {
            Fact(
                doc: document.document.id, range: mention.range, text: document.text(mention.range), rule: mention.rule,
                sentence: mention.sentence, value: value)
        }
        // The last group named in the current paragraph, for generic mentions ("the group").
        var lastGroup: (paragraph: Int, entry: GroupEntry)?
        for mention in entityMentions {
            guard case .entity(let ids) = mention.value else { continue }
            let paragraph = document.sentences[mention.sentence].paragraph
            switch mention.type {
            case .group where mention.rule == Normalizer.genericRule:
                guard let last = lastGroup, last.paragraph == paragraph else { continue }
                facts.append(fact(mention, .group(last.entry.value)))
            case .group:
                if let entry = ids.first.flatMap(patterns.group(id:)) {
                    facts.append(fact(mention, .group(entry.value)))
                    lastGroup = (paragraph, entry)
                }
            case .place:
                if let value = places.resolve(ids) { facts.append(fact(mention, .place(value))) }
            default:
                break
            }
        }
        let names = entityMentions.map(\.range)
        // A "date" inside a name ("the 9/11 Commission") is part of the name. Dates resolve together: an anaphor
        // ("the next day") takes the date before it.
        let dateValues = dates.resolve(
            mentions.filter { mention in mention.type == .date && !names.contains { $0.contains(mention.range) } },
            in: document, reference: reference)
        for mention in mentions {
            switch mention.value {
            case .date:
                guard let value = dateValues[mention.range] else { continue }
                facts.append(fact(mention, .date(value)))
            case .casualty(let value):
                facts.append(fact(mention, .casualty(value)))
            case .attackCount(let count):
                facts.append(fact(mention, .attackCount(AttackCountValue(count: count, group: nil, place: nil, period: nil))))
            case .entity:
                continue
            }
        }
        // Attack counts get their group, place and period; cumulative casualty counts are marked (CountLinker.swift).
        facts = CountLinker.link(facts, in: document, words: countWords)
        facts.sort(by: Fact.recordOrder)
        return Output(facts: facts, warnings: definitions.warnings)
    }

    /// The rule of generic group mentions ("the group"), which take the last group named in their paragraph.
    static let genericRule = "generic-mention"

    /// Mentions of the document-local aliases that definitions introduced.
    func localAliasMentions(_ document: SegmentedDocument, _ aliases: [DefinitionReader.LocalAlias]) -> [Mention] {
        guard !aliases.isEmpty else { return [] }
        var table = PhraseTable<DefinitionReader.LocalAlias>()
        for alias in aliases { table.add(alias, names: [alias.phrase]) }
        return table.matches(in: document).compactMap { match in
            guard let alias = match.candidates.first.map({ table.entries[$0.entry] }) else { return nil }
            return Mention(
                type: alias.type, range: match.range, rule: "definition", sentence: document.sentenceIndex(at: match.range.start),
                value: .entity(candidates: [alias.id]))
        }
    }

    /// Adds mentions that do not overlap existing ones.
    static func merge(_ mentions: [Mention], with extra: [Mention]) -> [Mention] {
        var result = mentions
        for mention in extra where !result.contains(where: { $0.range.overlaps(mention.range) }) {
            result.append(mention)
        }
        return result.sorted { $0.range < $1.range }
    }

    /// Of overlapping names, the longer wins; at equal length a group beats a place (a place never stands inside
    /// or across a group name). Only overlapping pairs are compared (a sweep over the mentions in text order).
    static func settleNested(_ mentions: [Mention]) -> [Mention] {
        let sorted = mentions.sorted { $0.range < $1.range }
        var keep = [Bool](repeating: true, count: sorted.count)
        func loses(_ mention: Mention, to other: Mention) -> Bool {
            if other.range.length != mention.range.length { return other.range.length > mention.range.length }
            return other.type == .group && mention.type == .place
        }
        for first in sorted.indices {
            var second = first + 1
            while second < sorted.count, sorted[second].range.start < sorted[first].range.end {
                if loses(sorted[first], to: sorted[second]) { keep[first] = false }
                if loses(sorted[second], to: sorted[first]) { keep[second] = false }
                second += 1
            }
        }
        return sorted.indices.filter { keep[$0] }.map { sorted[$0] }
    }
}
