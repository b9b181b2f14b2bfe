import FactxModel
import FactxPatterns

/// Finds counts of attacks with the `attack_count.*` rules of `Patterns/casualties/` (docs/casualties.md §13): "68
/// assaults", "more than 300 drone strikes", and counts that stand for an attack noun said earlier in the sentence
/// ("the number of assaults in KP rose from «seven» …"). Which group, place and period a count belongs to is the
/// normalizer's work (`AttackCountLinker`), which sees the other facts of the sentence.
///
/// Capture names: `span`, `count` (a count phrase, read by `NumberReader.count`). Rule attribute: `anchor`.
public struct AttackCountExtractor: Extractor {
    public let name = "attack_counts"
    let rules: AnchoredRules
    let numbers: NumberReader
    let cues: CountCues

    public init(patterns: PatternSet) {
        rules = AnchoredRules(
            rules: patterns.rules(in: "casualties").filter { $0.id.hasPrefix("attack_count.") }, lexicon: patterns.lexicon,
            countStarts: CountStarts(lexicon: patterns.lexicon))
        numbers = NumberReader(patterns: patterns)
        cues = CountCues(lexicon: patterns.lexicon)
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let document = context.document
        let matches = longestNonOverlapping(rules.matches(in: context).map { match in
            guard let span = match.captures["span"] else { return match }
            var narrowed = match
            narrowed.range = span.range
            return narrowed
        })
        return matches.compactMap { match in
            guard let text = match["count"], let count = numbers.count(text), !AttackCountExtractor.isYear(text, match),
                  let sentence = CountCues.sentenceTokens(document, at: match.range.start),
                  !cues.isNonEvent(count: document.firstToken(atOrAfter: match.range.start), in: document, sentence: sentence),
                  !cues.isTakenBack(start: document.firstToken(atOrAfter: match.range.start), in: document, sentence: sentence)
            else { return nil }
            return Mention(
                type: .attackCount, range: match.range, rule: match.rule.id, sentence: context.sentence(of: match.range),
                value: .attackCount(count))
        }
    }

    /// "the 2016 attacks", "in 2015 attacks rose": a year, not a count.
    static func isYear(_ text: String, _ match: RuleMatch) -> Bool {
        guard text.count == 4, let year = Int(text), (1900...2100).contains(year) else { return false }
        return true
    }
}
