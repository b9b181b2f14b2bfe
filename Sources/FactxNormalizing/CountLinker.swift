import FactxModel
import FactxPatterns

/// Reads counts in their sentence, once the sentence's other facts are known (docs/casualties.md §10, §13):
/// - an attack count gets the group that carried the attacks out, the place they happened in and the period they
///   cover, each from the facts of its sentence ("ISPP claimed 68 assaults between 2019 and 2022");
/// - a casualty count is marked `aggregate` when the sentence makes it a cumulative total ("since 2001", "the
///   insurgency has killed", "militant attacks killed 243 people in 2022").
///
/// Word lists come from `Patterns/casualties/` (`attack_*` and `aggregate_*`).
struct CountLinker {
    let document: SegmentedDocument
    let facts: [Fact]
    let words: Words
    /// The facts of each sentence, in document order: looking them up per count keeps the work linear in the
    /// number of facts (filtering every fact for every count was quadratic on a page of thousands of counts).
    let factsBySentence: [Int: [Fact]]

    /// For each sentence with a casualty count: whether it holds an aggregate phrase, and a total phrase. Found once
    /// per sentence, not once per count of the sentence.
    let phrasesBySentence: [Int: (aggregate: Bool, total: Bool)]

    init(document: SegmentedDocument, facts: [Fact], words: Words) {
        self.document = document
        self.facts = facts
        self.words = words
        factsBySentence = Dictionary(grouping: facts, by: \.sentence)
        var phrases: [Int: (aggregate: Bool, total: Bool)] = [:]
        for fact in facts where fact.type == .casualty && phrases[fact.sentence] == nil {
            let range = document.sentences[fact.sentence].range
            let tokenRange = document.firstToken(atOrAfter: range.start)..<min(document.tokens.count, document.firstToken(atOrAfter: range.end))
            let keys = tokenRange.map { document.tokens[$0].key }
            phrases[fact.sentence] = (
                words.aggregatePhrases.contains { CountLinker.contains(keys, $0) },
                words.totalPhrases.contains { CountLinker.contains(keys, $0) })
        }
        phrasesBySentence = phrases
    }

    /// Whether `phrase` occurs in `keys` as consecutive keys.
    static func contains(_ keys: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= keys.count else { return false }
        return (0...(keys.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { keys[start + $0] == phrase[$0] }
        }
    }

    struct Words {
        let heads, agentVerbs, agentFillers, possessives, authorMarkers, passiveAgents: Set<String>
        let placePrepositions, placeVerbs, pluralAttacks, aggregateSubjects: Set<String>
        let aggregatePhrases, totalPhrases: [[String]]

        init(_ patterns: PatternSet) {
            func set(_ name: String) -> Set<String> { Set(patterns.list(name).map { LooseKey.key($0) }) }
            func phrases(_ name: String) -> [[String]] { patterns.list(name).map { LooseKey.words($0).map(\.key) } }
            heads = set("attack_head_words")
            agentVerbs = set("attack_agent_verbs")
            agentFillers = set("attack_agent_fillers")
            possessives = set("attack_possessive_words")
            authorMarkers = set("attack_author_markers")
            passiveAgents = set("attack_passive_agents")
            placePrepositions = set("attack_place_prepositions")
            placeVerbs = set("attack_place_verbs")
            pluralAttacks = set("plural_attack_nouns")
            aggregateSubjects = set("aggregate_subjects")
            aggregatePhrases = phrases("aggregate_phrases")
            totalPhrases = phrases("aggregate_total_phrases")
        }
    }

    /// The facts with attack counts linked and aggregate casualty counts marked.
    static func link(_ facts: [Fact], in document: SegmentedDocument, words: Words) -> [Fact] {
        guard facts.contains(where: { $0.type == .attackCount || $0.type == .casualty }) else { return facts }
        let linker = CountLinker(document: document, facts: facts, words: words)
        var linked = facts
        var attackLinks: [TextRange: AttackCountValue] = [:]
        // Counts with their own attack noun first: a bare count inherits from the one it stands for.
        let order = facts.indices.sorted { linker.isElided(facts[$0]) == linker.isElided(facts[$1]) ? $0 < $1 : !linker.isElided(facts[$0]) }
        for index in order {
            switch facts[index].value {
            case .attackCount(let value):
                let link = linker.link(facts[index], value, earlier: attackLinks)
                attackLinks[facts[index].range] = link
                linked[index].value = .attackCount(link)
            case .casualty(var value):
                if !value.aggregate, linker.isAggregate(facts[index]) {
                    value.aggregate = true
                    linked[index].value = .casualty(value)
                }
            default:
                continue
            }
        }
        return linked
    }

    var tokens: [Token] { document.tokens }

    // MARK: Sentences

    /// Token indices of the fact's sentence.
    func sentenceTokens(_ fact: Fact) -> Range<Int> {
        let range = document.sentences[fact.sentence].range
        return document.firstToken(atOrAfter: range.start)..<min(tokens.count, document.firstToken(atOrAfter: range.end))
    }

    /// Parenthesized stretches of the sentence: what they say describes the setting, not the count.
    func parentheses(_ sentence: Range<Int>) -> [TextRange] {
        var result: [TextRange] = []
        var open: Int?
        for index in sentence {
            if tokens[index].key == "(" { open = tokens[index].range.start }
            if tokens[index].key == ")", let start = open {
                result.append(TextRange(start, tokens[index].range.end))
                open = nil
            }
        }
        return result
    }

    /// The facts of the fact's sentence (itself included), in document order.
    func sentenceFacts(_ fact: Fact) -> [Fact] { factsBySentence[fact.sentence] ?? [] }

    /// Facts of a type in the fact's sentence, leaving out those in a parenthesis that does not hold the fact.
    func neighbours(_ fact: Fact, _ type: FactType) -> [Fact] {
        let asides = parentheses(sentenceTokens(fact)).filter { !$0.contains(fact.range) }
        return (factsBySentence[fact.sentence] ?? []).filter { other in
            other.type == type && !asides.contains { $0.contains(other.range) }
        }
    }

    /// The token keys strictly between two offsets.
    func keys(from start: Int, to end: Int) -> [String] {
        guard start < end else { return [] }
        var index = document.firstToken(atOrAfter: start)
        var result: [String] = []
        while index < tokens.count, tokens[index].range.end <= end {
            result.append(tokens[index].key)
            index += 1
        }
        return result
    }

    // MARK: Attack counts

    /// A count with no attack noun of its own ("rose from «seven»").
    func isElided(_ fact: Fact) -> Bool {
        guard fact.type == .attackCount else { return false }
        let last = document.firstToken(atOrAfter: fact.range.end) - 1
        return last < 0 || !words.heads.contains(tokens[last].key)
    }

    /// The attack noun phrase a count belongs to: its own span, or for a bare count the nearest attack noun before
    /// it in the sentence (with a "number of" before it), or the attack count that holds that noun.
    func antecedent(_ fact: Fact) -> TextRange? {
        guard isElided(fact) else { return fact.range }
        let sentence = sentenceTokens(fact)
        var index = document.firstToken(atOrAfter: fact.range.start) - 1
        while index >= sentence.lowerBound {
            if words.heads.contains(tokens[index].key) {
                let noun = tokens[index].range
                if let owner = sentenceFacts(fact).first(where: { $0.type == .attackCount && $0.range.contains(noun) }) { return owner.range }
                var start = index
                while start - 1 >= sentence.lowerBound, start - index < 4,
                      !["the", ",", "(", ";"].contains(tokens[start - 1].key), tokens[start - 1].kind == .word,
                      ["of", "number", "count", "tally", "suicide", "terrorist", "militant", "terror"].contains(tokens[start - 1].key) {
                    start -= 1
                }
                return TextRange(tokens[start].range.start, noun.end)
            }
            index -= 1
        }
        return nil
    }

    func link(_ fact: Fact, _ value: AttackCountValue, earlier: [TextRange: AttackCountValue]) -> AttackCountValue {
        var value = value
        let phrase = antecedent(fact)
        if let phrase, phrase != fact.range, let owner = earlier[phrase] {
            value.group = owner.group
            value.place = owner.place
            value.placeText = owner.placeText
        } else if let phrase {
            value.group = group(of: phrase, fact) ?? coordinatedGroup(fact, earlier)
            if let place = place(of: phrase, fact), case .place(let entry) = place.value {
                value.place = entry.id
                value.placeText = place.text
            }
        }
        value.period = period(fact)
        return value
    }

    /// The group that carried the attacks out: "ISKP’s attacks", "attacks by the TTP", "ISKP carried out …",
    /// "… were claimed by al-Shabaab". None when two groups share the count or the group is a target.
    func group(of phrase: TextRange, _ fact: Fact) -> String? {
        let groups = neighbours(fact, .group)
        func id(_ fact: Fact) -> String? { if case .group(let value) = fact.value { value.id } else { nil } }
        // Possessive or compound: "ISKP’s four attacks", "ISKP-claimed attacks".
        if let owner = groups.last(where: { $0.range.end <= phrase.start }),
           keys(from: owner.range.end, to: phrase.start).allSatisfy(words.possessives.contains) {
            return shared(owner, among: groups) ? nil : id(owner)
        }
        // After the noun: "attacks by the TTP".
        if let author = groups.first(where: { $0.range.start >= phrase.end }) {
            let between = keys(from: phrase.end, to: author.range.start).filter { $0 != "the" }
            if between.count == 1, words.authorMarkers.contains(between[0]) { return id(author) }
        }
        // Subject of a verb of carrying out: "ISKP carried out 300 attacks", "ISKP and the TTP claimed …".
        if let subject = groups.last(where: { $0.range.end <= phrase.start }) {
            let between = keys(from: subject.range.end, to: phrase.start)
            if between.contains(where: words.agentVerbs.contains),
               between.allSatisfy({ words.agentVerbs.contains($0) || words.agentFillers.contains($0) || $0 == "," }) {
                return shared(subject, among: groups) ? nil : id(subject)
            }
        }
        // Named after a passive verb: "two attacks were claimed by Jamaat-ul-Ahrar", "attributed to ISKP".
        for author in groups where author.range.start >= fact.range.end {
            let between = keys(from: fact.range.end, to: author.range.start).filter { $0 != "the" }
            guard between.count <= 10 else { break }
            if between.count >= 2, ["by", "to", "on"].contains(between[between.count - 1]),
               words.passiveAgents.contains(between[between.count - 2]) || between[between.count - 2] == "out" {
                return id(author)
            }
        }
        return nil
    }

    /// A second count that shares the verb of the one before it: "ISPP claimed 12 attacks in 2020 and «21 attacks»
    /// in 2021" takes the first one's group.
    func coordinatedGroup(_ fact: Fact, _ earlier: [TextRange: AttackCountValue]) -> String? {
        guard let previous = sentenceFacts(fact).last(where: {
            $0.type == .attackCount && $0.sentence == fact.sentence && $0.range.end <= fact.range.start
        }), let group = earlier[previous.range]?.group else { return nil }
        let between = keys(from: previous.range.end, to: fact.range.start)
        let groupsBetween = sentenceFacts(fact).contains { $0.type == .group && $0.range.start >= previous.range.end && $0.range.end <= fact.range.start }
        guard between.contains("and"), between.count <= 8, !groupsBetween,
              !between.contains(where: words.agentVerbs.contains) else { return nil }
        return group
    }

    /// Whether a name shares the count with another named right before or after it ("ISKP and the TTP", "in Mohmand
    /// and Bajaur").
    func shared(_ name: Fact, among names: [Fact]) -> Bool {
        let joiners: Set<String> = ["and", ",", "&", "the", "or"]
        return names.contains { other in
            guard other.range != name.range else { return false }
            let between = other.range.end <= name.range.start
                ? keys(from: other.range.end, to: name.range.start) : keys(from: name.range.end, to: other.range.start)
            return between.count <= 3 && between.allSatisfy(joiners.contains) && between.contains { ["and", "&", "or"].contains($0) }
        }
    }

    /// The place the attacks happened in: "in KP" after the attack noun (before the next count), or a place that
    /// "saw" them. None when two places share the count ("in Mohmand and Bajaur").
    func place(of phrase: TextRange, _ fact: Fact) -> Fact? {
        let places = neighbours(fact, .place)
        let sentence = sentenceTokens(fact)
        let sentenceEnd = sentence.upperBound > sentence.lowerBound ? tokens[sentence.upperBound - 1].range.end : fact.range.end
        let nextCount = sentenceFacts(fact).first { $0.type == .attackCount && $0.range.start > fact.range.end
            && !isElided($0) }?.range.start ?? sentenceEnd
        // An explicit count: the place after it; a bare one: the place between the noun it stands for and itself.
        let limit = phrase == fact.range ? nextCount : fact.range.start
        for place in places where place.range.start >= phrase.end && place.range.start < limit {
            let before = keys(from: phrase.end, to: place.range.start).suffix(4)
            if before.contains(where: words.placePrepositions.contains) {
                return shared(place, among: places) ? nil : place
            }
        }
        if let subject = places.last(where: { $0.range.end <= phrase.start }) {
            let between = keys(from: subject.range.end, to: phrase.start)
            if between.contains(where: words.placeVerbs.contains), between.count <= 4 {
                return shared(subject, among: places) ? nil : subject
            }
        }
        return nil
    }

    /// The period the count covers: the date right after it (before the next count), else the one before it;
    /// "between 2019 and 2022" joins its two ends into one interval.
    func period(_ fact: Fact) -> DateValue? {
        let dates = neighbours(fact, .date)
        let counts = sentenceFacts(fact).filter { $0.type == .attackCount }
        let next = counts.first { $0.range.start > fact.range.start }?.range.start ?? Int.max
        let previous = counts.last { $0.range.end < fact.range.end }?.range.end ?? Int.min
        let after = dates.first { date in
            date.range.start >= fact.range.end && date.range.start < next
                && !keys(from: fact.range.end, to: date.range.start).contains { [";", ":"].contains($0) }
        }
        let before = dates.last { $0.range.end <= fact.range.start && $0.range.start > previous }
        guard let chosen = after ?? before, case .date(let value) = chosen.value else { return nil }
        return joined(chosen, value, among: dates) ?? value
    }

    /// "between 2019 and 2022", "from January to June 2023": one interval from the start of the first to the end of
    /// the second, as a TIMEX3 duration ("P4Y") with its start and end.
    func joined(_ date: Fact, _ value: DateValue, among dates: [Fact]) -> DateValue? {
        for other in dates where other.range != date.range {
            let (first, second) = other.range.start < date.range.start ? (other, date) : (date, other)
            let between = keys(from: first.range.end, to: second.range.start)
            guard between.count == 1, ["and", "to", "-", "until", "till", "through"].contains(between[0]) else { continue }
            let opener = document.firstToken(atOrAfter: first.range.start) - 1
            guard between[0] == "-" || (opener >= 0 && ["between", "from"].contains(tokens[opener].key)),
                  case .date(let start) = first.value, case .date(let end) = second.value else { continue }
            return CountLinker.interval(start, end)
        }
        return nil
    }

    static func interval(_ first: DateValue, _ second: DateValue) -> DateValue {
        guard let start = first.start, let end = second.end, start <= end else {
            return DateValue(timex: nil, start: first.start, end: second.end, granularity: "duration")
        }
        let timex: String
        if first.granularity == "year", second.granularity == "year" {
            timex = "P\(end.year - start.year + 1)Y"
        } else if ["month", "year"].contains(first.granularity), ["month", "year"].contains(second.granularity) {
            timex = "P\((end.year - start.year) * 12 + end.month - start.month + 1)M"
        } else {
            timex = "P\(end.dayNumber - start.dayNumber + 1)D"
        }
        return DateValue(timex: timex, start: start, end: end, granularity: "duration")
    }

    // MARK: Aggregates

    /// A cumulative total (docs/casualties.md §10): a cumulative adverbial in the sentence ("so far", "since
    /// 2001"), a conflict as the subject ("the insurgency has killed"), or plural attacks over a month or more
    /// ("militant attacks killed 243 people in 2022").
    func isAggregate(_ fact: Fact) -> Bool {
        let sentence = sentenceTokens(fact)
        let phrases = phrasesBySentence[fact.sentence] ?? (false, false)
        if phrases.aggregate { return true }
        let dates = neighbours(fact, .date)
        let start = document.firstToken(atOrAfter: fact.range.start)
        if sinceAPeriod(sentence, dates, count: start) { return true }
        for index in max(sentence.lowerBound, start - 3)..<start where words.aggregateSubjects.contains(tokens[index].key) {
            return true
        }
        let attacks = sentence.contains { words.pluralAttacks.contains(tokens[$0].key) }
        if attacks, phrases.total { return true }
        return attacks && dates.contains { date in
            guard case .date(let value) = date.value else { return false }
            return CountLinker.isLong(value)
        }
    }

    /// "since 2001", "since the operation began in 2014": "since" (not "has since risen") with a date of a month
    /// or more within a few words; not when the count is in a clause about another time ("the deadliest since
    /// 2014, when gunmen killed 140").
    func sinceAPeriod(_ sentence: Range<Int>, _ dates: [Fact], count: Int) -> Bool {
        for index in sentence where tokens[index].key == "since" {
            if index > sentence.lowerBound, ["has", "have", "had", "'s", "'ve", "ever"].contains(tokens[index - 1].key) { continue }
            if index < count, (index..<count).contains(where: { ["when", "where", "which"].contains(tokens[$0].key) }) { continue }
            let reach = tokens[min(sentence.upperBound - 1, index + 6)].range.end
            if dates.contains(where: { date in
                guard date.range.start >= tokens[index].range.start, date.range.start < reach,
                      case .date(let value) = date.value else { return false }
                return CountLinker.isLong(value)
            }) {
                return true
            }
        }
        return false
    }

    /// A period of a month or more.
    static func isLong(_ value: DateValue) -> Bool {
        if ["month", "quarter", "half", "season", "year", "decade", "century"].contains(value.granularity) { return true }
        guard let start = value.start, let end = value.end else { return value.granularity == "duration" }
        return end.dayNumber - start.dayNumber >= 27
    }
}
