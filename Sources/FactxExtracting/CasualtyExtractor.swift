import FactxModel
import FactxPatterns

/// Finds casualty counts with the `casualty.*` rules of `Patterns/casualties/` (docs/casualties.md).
///
/// Each rule is tried only around its anchor words (`AnchoredRules`). Capture names: `span` (the fact's span, when
/// the match needs context around it), `count` (a count phrase, read by `NumberReader.count`), `who` (the victims
/// as written), `status` (a key of one of the status maps), `change` and `before` (the verbs of a toll, which say
/// whether it is a revision). Rule attributes: `anchor`, `status` (when the rule decides it, or the capture gives
/// none), `count` (a fixed count: "the bomber" is 1), `revises: never`.
///
/// Overlapping readings are settled per count: of two facts with the same status whose counts overlap ("Two or
/// three policemen" and "three policemen"), the longer span wins. Facts of different counts may overlap ("Ten
/// policemen and four civilians died" gives 10 and 4).
public struct CasualtyExtractor: Extractor {
    public let name = "casualties"
    let rules: AnchoredRules
    let order: [String: Int]
    let lexicon: Lexicon
    let numbers: NumberReader
    let cues: CountCues
    let revisionVerbs: Set<String>
    let revisionPreverbs: Set<String>

    /// Maps whose keys give a status, looked up in this order.
    static let statusMaps = ["passive_statuses", "active_statuses", "hostage_verbs", "status_nouns", "toll_statuses", "zero_nouns"]

    public init(patterns: PatternSet) {
        let rules = patterns.rules(in: "casualties").filter { $0.id.hasPrefix("casualty.") }
        self.rules = AnchoredRules(
            rules: rules, lexicon: patterns.lexicon,
            countStarts: CountStarts(lexicon: patterns.lexicon, people: ["person_nouns", "attacker_nouns", "militant_nouns"]))
        order = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        lexicon = patterns.lexicon
        numbers = NumberReader(patterns: patterns)
        cues = CountCues(lexicon: patterns.lexicon)
        revisionVerbs = Set(patterns.list("toll_revision_verbs").map(Lexicon.fold))
        revisionPreverbs = Set(patterns.list("toll_revision_preverbs").map(Lexicon.fold))
    }

    /// One reading of one match, before overlapping readings are settled.
    struct Candidate {
        var range: TextRange
        var countRange: TextRange
        /// From the count to the status word after it (the counted people), when the status follows the count.
        var subject: TextRange?
        /// The count follows "and", "," or the like: it can share a status word with a count before it.
        var coordinated: Bool
        var order: Int
        var rule: String
        var value: CasualtyValue
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        let candidates = rules.matches(in: context).flatMap { readings($0, context.document) }
        return CasualtyExtractor.settle(candidates).map { candidate in
            Mention(
                type: .casualty, range: candidate.range, rule: candidate.rule,
                sentence: context.sentence(of: candidate.range), value: .casualty(candidate.value))
        }
    }

    /// The longest reading of each count and status, in text order; a count inside the counted people of another
    /// ("Four members of «one family» were killed") is no count of its own unless it is coordinated with it ("Ten
    /// policemen and «four civilians» died").
    static func settle(_ candidates: [Candidate]) -> [Candidate] {
        let ordered = candidates.sorted { lhs, rhs in
            if lhs.range.length != rhs.range.length { return lhs.range.length > rhs.range.length }
            if lhs.order != rhs.order { return lhs.order < rhs.order }
            return lhs.range.start < rhs.range.start
        }
        var kept: [Candidate] = []
        for candidate in ordered where !kept.contains(where: {
            $0.value.status == candidate.value.status && $0.countRange.overlaps(candidate.countRange)
        }) {
            kept.append(candidate)
        }
        let readings = kept
        kept.removeAll { inner in
            !inner.coordinated && readings.contains { outer in
                guard outer.value.status == inner.value.status, let subject = outer.subject else { return false }
                return outer.countRange.end <= inner.countRange.start && subject.contains(inner.countRange)
            }
        }
        return kept.sorted { $0.range != $1.range ? $0.range < $1.range : $0.countRange < $1.countRange }
    }

    func readings(_ match: RuleMatch, _ document: SegmentedDocument) -> [Candidate] {
        let span = match.captures["span"]?.range ?? match.range
        let statuses = self.statuses(match)
        let who = CasualtyExtractor.who(match["who"])
        guard !statuses.isEmpty, let count = count(match, who: who) else { return [] }
        guard let sentence = CountCues.sentenceTokens(document, at: span.start) else { return [] }
        let countRange = match.captures["count"]?.range ?? match.captures["who"]?.range ?? span
        let spanToken = document.firstToken(atOrAfter: span.start)
        let countToken = document.firstToken(atOrAfter: countRange.start)
        if who == nil, CasualtyExtractor.isAge(countToken, in: document) { return [] }
        // A statement that starts with its verb ("killed 54", "the deaths of 86") is hypothetical under a modal.
        let verbFirst = countRange.start > span.start
        if verbFirst, cues.isHypothetical(verb: spanToken, in: document, sentence: sentence) { return [] }
        if cues.isTakenBack(start: spanToken, in: document, sentence: sentence) { return [] }

        var perpetrators = false
        if let who = match["who"] {
            perpetrators = cues.isAttacker(who)
                || (cues.isMilitant(who) && !(verbFirst && cues.hasArmedSubject(verb: spanToken, in: document, sentence: sentence)))
        }
        let spanEndToken = document.firstToken(atOrAfter: span.end)
        let includes = !perpetrators
            && cues.includesAttackers(from: countToken, spanEnd: spanEndToken, in: document, sentence: sentence)
        let revises = match.rule.attributes["revises"] != "never"
            && (match["change"].map { revisionVerbs.contains(Lexicon.fold($0)) } ?? false
                || match["before"].map { revisionPreverbs.contains(Lexicon.fold($0)) } ?? false)
        let order = self.order[match.rule.id] ?? 0
        let subject = match.captures["status"].flatMap { status in
            status.range.start >= countRange.end ? TextRange(countRange.start, status.range.start) : nil
        }
        let coordinated = countToken > 0 && ["and", ",", "or", "while", "but", "plus", "&", ";"].contains(document.tokens[countToken - 1].key)
        return statuses.map { status in
            Candidate(
                range: span, countRange: countRange, subject: subject, coordinated: coordinated, order: order, rule: match.rule.id,
                value: CasualtyValue(
                    status: status, count: count, who: who, perpetrators: perpetrators, includesPerpetrators: includes,
                    revises: revises))
        }
    }

    /// The statuses a match gives: its `status` capture looked up in the status maps (a zero "casualties" gives
    /// killed and injured), else the rule's `status` attribute.
    func statuses(_ match: RuleMatch) -> [CasualtyStatus] {
        // A phrase the maps do not hold ("suffered minor injuries") is read by its last word.
        let written = match["status"].flatMap { phrase in
            [phrase, Lexicon.fold(phrase).split(separator: " ").last.map(String.init) ?? phrase].lazy.compactMap { word in
                CasualtyExtractor.statusMaps.lazy.compactMap { self.lexicon.value(word, in: $0)?.stringValue }.first
            }.first
        }
        guard let names = written ?? match.rule.attributes["status"] else { return [] }
        return names.split(separator: " ").compactMap { CasualtyStatus(rawValue: String($0)) }
    }

    /// The count of a match: the rule's fixed count, or its count phrase. An article counts only with a person
    /// noun ("a policeman"), and a year-like number with no noun is no count ("the massacre of 1982").
    func count(_ match: RuleMatch, who: String?) -> CountValue? {
        if let fixed = match.rule.attributes["count"].flatMap({ Int($0) }) { return CountValue(number: fixed, qualifier: .exact) }
        guard let text = match["count"] else { return nil }
        let folded = Lexicon.fold(text)
        if who == nil, match["who"] == nil {
            if folded == "a" || folded == "an" { return nil }
            if folded.count == 4, let year = Int(folded), (1800...2100).contains(year) { return nil }
        }
        return numbers.count(text)
    }

    /// A number right after a name and before a comma is an age: "Yehoshua Sofer 39, of Beersheba, was killed".
    static func isAge(_ token: Int, in document: SegmentedDocument) -> Bool {
        let tokens = document.tokens
        guard token > 0, token + 1 < tokens.count, tokens[token].kind == .number, tokens[token + 1].key == "," else {
            return false
        }
        let before = document.text(tokens[token - 1].range)
        return before == ")" || (tokens[token - 1].kind == .word && before.first?.isUppercase == true)
    }

    /// The victims as written, spaces collapsed; "others" alone is no noun of its own (docs/casualties.md §8).
    static func who(_ text: String?) -> String? {
        guard let text else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if words.isEmpty || Lexicon.fold(words) == "others" { return nil }
        return words
    }
}
