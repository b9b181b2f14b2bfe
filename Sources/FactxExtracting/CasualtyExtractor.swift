import FactxModel
import FactxPatterns

/// Finds casualty counts with the rules of `Patterns/casualties/`.
///
/// Capture names: `span` (the fact's span, when the match needs context around it), `qualifier` (a phrase of the
/// `count_qualifiers` map), `count` (a number: digits, words or a vague quantity), `count2` (the upper end of a
/// range), `who` (the victims as written), `status` (a word of one of the `status_*` lists). Rule attribute:
/// `status`, when the rule itself decides it ("death toll" is always killed).
public struct CasualtyExtractor: Extractor {
    public let name = "casualties"
    let rules: [RegexRule]
    let lexicon: Lexicon
    let numbers: NumberReader

    public init(patterns: PatternSet) {
        rules = patterns.rules(in: "casualties").filter { !$0.id.hasPrefix("attack_count.") }
        lexicon = patterns.lexicon
        numbers = NumberReader(patterns: patterns)
    }

    /// Lists whose words give a status: `status_<status>` (participles: "were killed") and `verbs_<status>`
    /// (active verbs: "killing 32").
    static let statusLists: [(list: String, status: CasualtyStatus)] = CasualtyStatus.allCases.flatMap {
        [("status_\($0.rawValue)", $0), ("verbs_\($0.rawValue)", $0)]
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let matches = longestNonOverlapping(rules.flatMap { context.matches(of: $0) }.map { match in
            guard let span = match.captures["span"] else { return match }
            var narrowed = match
            narrowed.range = span.range
            return narrowed
        })
        return matches.compactMap { match in
            guard let value = value(match) else { return nil }
            return Mention(
                type: .casualty, range: match.range, rule: match.rule.id, sentence: context.sentence(of: match.range),
                value: .casualty(value))
        }
    }

    func value(_ match: RuleMatch) -> CasualtyValue? {
        let status: CasualtyStatus? = match.rule.attributes["status"].flatMap(CasualtyStatus.init(rawValue:))
            ?? match["status"].flatMap { word in
                CasualtyExtractor.statusLists.first { lexicon.contains(word, in: $0.list) }?.status
            }
        guard let status, let countText = match["count"], let reading = numbers.read(countText) else { return nil }
        let written = match["qualifier"].flatMap { lexicon.value($0, in: "count_qualifiers")?.stringValue }
            .flatMap(CountQualifier.init(rawValue:))
        let count: CountValue
        switch reading {
        case .vague(let figure):
            count = CountValue(number: figure, qualifier: .vague)
        case .exact(let number):
            if let upperText = match["count2"], case .exact(let upper)? = numbers.read(upperText), upper > number {
                count = CountValue(min: number, max: upper, qualifier: .range)
            } else {
                count = CountValue(number: number, qualifier: written ?? .exact)
            }
        }
        let who = match["who"].map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        return CasualtyValue(status: status, count: count, who: who?.isEmpty == true ? nil : who)
    }
}
