import FactxModel
import FactxPatterns
import Foundation

/// What a cue rule says a sentence does with an attack (Patterns/events/rules.yaml, `role`).
public enum CueRole: String, Hashable, Sendable, Comparable {
    /// Reports an attack: "ISKP raided a local market".
    case incident
    /// A definite mention of an attack: "the Bajaur attack", "the blast".
    case reference
    /// Says who did an attack reported around it: "claimed responsibility for", "blamed".
    case attribution

    var rank: Int {
        switch self {
        case .incident: 0
        case .reference: 1
        case .attribution: 2
        }
    }

    public static func < (lhs: CueRole, rhs: CueRole) -> Bool { lhs.rank < rhs.rank }
}

/// One match of a cue rule, kept or dropped by the filters of docs/events.md §2.
public struct Cue: Hashable, Sendable {
    public var rule: String
    public var role: CueRole
    public var range: TextRange
    public var target: TextRange?
    public var sentence: Int
    /// For attributions: `claimed|suspected|stated|denied|none`.
    public var attribution: String?
    public var attackType: String?
    /// Where the perpetrator is named: `before`, `after` or `any`.
    public var agentSide: String
    /// A report that may only describe an attack told elsewhere (`strength: weak`).
    public var weak: Bool = false
    /// Kept only with a perpetrator group as its subject (`agent_required`).
    public var agentRequired: Bool = false
    /// May name a number of attacks that one toll covers (`counts: allowed`).
    public var countsAllowed: Bool = false
    /// Why the cue does not count (`negated`, `modal`, `habitual`, `security operation`, `statistic`), or nil.
    public var dropped: String?

    /// The span of the whole mention: the cue and its target.
    public var span: TextRange {
        guard let target else { return range }
        return TextRange(min(range.start, target.start), max(range.end, target.end))
    }
}

/// The cue rules and the word lists that filter them.
struct CueFinder: Sendable {
    let rules: [RegexRule]
    let lexicon: Lexicon
    let words: EventWords

    /// Per rule, the token keys of its `triggers` (nil: tried on every sentence).
    let triggers: [Set<String>?]

    init(patterns: PatternSet) {
        rules = patterns.rules(in: "events")
        lexicon = patterns.lexicon
        words = EventWords(patterns.lexicon)
        triggers = rules.map { rule in
            rule.attributes["triggers"].map { Set($0.split(separator: " ").map { LooseKey.key($0) }) }
        }
    }

    /// Every cue of a document, in text order (dropped ones included, marked).
    func cues(in document: SegmentedDocument, facts: [Fact], text: ScalarText) -> [Cue] {
        guard !rules.isEmpty else { return [] }
        let statistics = facts.filter { $0.type == .attackCount }.map(\.range)
        var cues: [Cue] = []
        var keys = Array(repeating: Set<String>(), count: document.sentences.count)
        for token in document.tokens where token.kind == .word && token.sentence < keys.count {
            keys[token.sentence].insert(token.key)
        }
        for sentence in document.sentences {
            let sentenceKeys = keys[sentence.index]
            let tried = rules.indices.filter { index in
                triggers[index].map { !$0.isDisjoint(with: sentenceKeys) } ?? true
            }
            guard !tried.isEmpty else { continue }
            let utf16 = document.index.utf16Range(sentence.range)
            let string = document.index.substring(utf16: utf16)
            let length = (string as NSString).length
            for rule in tried.map({ rules[$0] }) {
                for match in rule.regex.matches(in: string, range: NSRange(location: 0, length: length)) {
                    func scalars(_ name: String) -> TextRange? {
                        let range = match.range(withName: name)
                        guard range.location != NSNotFound, range.length > 0 else { return nil }
                        return document.index.scalarRange(
                            utf16: utf16.lowerBound + range.location, utf16.lowerBound + range.location + range.length)
                    }
                    let whole = document.index.scalarRange(
                        utf16: utf16.lowerBound + match.range.location,
                        utf16.lowerBound + match.range.location + match.range.length)
                    guard let range = scalars("cue") ?? Optional(whole), !range.isEmpty else { continue }
                    let role = CueRole(rawValue: rule.attributes["role"] ?? "incident") ?? .incident
                    var cue = Cue(
                        rule: rule.id, role: role, range: range, target: scalars("target"), sentence: sentence.index,
                        attribution: rule.attributes["attribution"], attackType: rule.attributes["attack_type"],
                        agentSide: rule.attributes["agent"] ?? "before", dropped: nil)
                    cue.weak = rule.attributes["strength"] == "weak"
                    cue.agentRequired = rule.attributes["agent_required"] == "true"
                    cue.countsAllowed = rule.attributes["counts"] == "allowed"
                    cue.dropped = reasonToDrop(cue, sentence: sentence, text: text, statistics: statistics)
                    if cue.dropped == "negated", cue.role == .attribution {
                        // "has not claimed these attacks": no claim, but still about the attack.
                        cue.attribution = "none"
                        cue.dropped = nil
                    }
                    cues.append(cue)
                }
            }
        }
        // One cue per span: the first rule of the file wins where two rules find the same words.
        var seen: Set<TextRange> = []
        return cues.sorted { ($0.range.start, $0.role, $0.range.end) < ($1.range.start, $1.role, $1.range.end) }
            .filter { seen.insert($0.range).inserted }
    }

    func reasonToDrop(_ cue: Cue, sentence: Sentence, text: ScalarText, statistics: [TextRange]) -> String? {
        if !cue.countsAllowed, statistics.contains(where: { $0.overlaps(cue.range) }) { return "statistic" }
        let before = text.clause(before: cue.range.start, limit: sentence.range.start, words: 6)
        let lastSix = text.words(before, last: 6)
        let lastThree = lastSix.split(separator: " ").suffix(3).joined(separator: " ")
        if cue.attribution != "none", words.contains("negators", in: lastThree) {
            return "negated"
        }
        guard cue.role != .attribution else { return nil }
        // "On May 8, bombs …": the month is no modal.
        let modalWords = lastSix.contains("may ") ? lastSix.replacingOccurrences(of: #"\bmay (?=\d)"#, with: "", options: .regularExpression) : lastSix
        if words.contains("modal_words", in: modalWords) { return "modal" }
        if cue.role == .incident {
            let after = text.clause(after: cue.span.end, limit: sentence.range.end, words: 10)
            if words.contains("habitual_words", in: text.words(after, last: 10)) { return "habitual" }
            if cue.agentSide == "before", words.contains("state_agents", in: lastThree) {
                return "security operation"
            }
            // "the military's count of militants killed": the attackers' noun is what a tally counts, not who
            // attacked.
            if words.contains("tally_words", in: lastThree) { return "security operation" }
            // "killed by security forces": the attackers a passive report names.
            let reach = TextRange(cue.range.start, text.clause(after: cue.range.end, limit: sentence.range.end, words: 4).end)
            if cue.agentSide == "after", let by = text.string(reach).range(of: " by ", options: .backwards),
               words.contains("state_agents", in: Lexicon.fold(String(text.string(reach)[by.upperBound...]))
                   .split { !$0.isLetter && !$0.isNumber }.prefix(5).joined(separator: " ")) {
                return "security operation"
            }
        }
        return nil
    }
}

/// The document's text as scalars, with the few word-level views the incident stage needs.
struct ScalarText: Sendable {
    let scalars: [Unicode.Scalar]

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    func string(_ range: TextRange) -> String {
        let start = max(0, min(range.start, scalars.count))
        let end = max(start, min(range.end, scalars.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    static func isClauseBreak(_ scalar: Unicode.Scalar) -> Bool {
        ",;:—–()".unicodeScalars.contains(scalar)
    }

    /// The text of the clause before `offset` (back to a comma, semicolon, colon, dash or parenthesis, or `limit`).
    func clause(before offset: Int, limit: Int, words: Int) -> TextRange {
        var start = offset
        while start > limit, !ScalarText.isClauseBreak(scalars[start - 1]) { start -= 1 }
        return TextRange(start, offset)
    }

    /// The text of the clause after `offset`.
    func clause(after offset: Int, limit: Int, words: Int) -> TextRange {
        var end = offset
        while end < limit, end < scalars.count, !ScalarText.isClauseBreak(scalars[end]), scalars[end] != "." { end += 1 }
        return TextRange(offset, end)
    }

    /// The folded words of a range (at most the last `last`), as one space-separated string.
    func words(_ range: TextRange, last: Int) -> String {
        let parts = ScalarText.fold(string(range)).split(separator: " ")
        return parts.count <= last ? parts.joined(separator: " ") : parts.suffix(last).joined(separator: " ")
    }

    /// Folded words (case, diacritics, apostrophes as `'`), split at anything but letters, digits and apostrophes.
    static func fold(_ text: String) -> String {
        LooseKey.key(text).split { !$0.isLetter && !$0.isNumber && $0 != "'" }.joined(separator: " ")
    }
}

/// The word lists of Patterns/events, folded once (longest phrase first), and the anaphor patterns compiled once:
/// the stage looks words up for every cue, and folding a list on every look-up cost more than the rules.
struct EventWords: Sendable {
    let lists: [String: [String]]
    let groupAnaphors: NSRegularExpression?
    let placeAnaphors: NSRegularExpression?

    init(_ lexicon: Lexicon) {
        var lists: [String: [String]] = [:]
        for (name, phrases) in lexicon.lists {
            lists[name] = phrases.map { Lexicon.fold($0.replacingOccurrences(of: "’", with: "'")) }
                .filter { !$0.isEmpty }.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        }
        self.lists = lists
        func alternation(_ name: String, suffix: String) -> NSRegularExpression? {
            let phrases = (lexicon.lists[name] ?? []).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            guard !phrases.isEmpty else { return nil }
            let body = phrases.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
            return try? NSRegularExpression(pattern: "\\b(?:" + body + ")" + suffix, options: [.caseInsensitive])
        }
        groupAnaphors = alternation("group_anaphors", suffix: "(?=\\b|['’])")
        placeAnaphors = alternation("place_anaphors", suffix: "\\b")
    }

    /// Whether any phrase of a list occurs, as whole words, in a folded word string.
    func contains(_ list: String, in words: String) -> Bool {
        guard let phrases = lists[list], !words.isEmpty else { return false }
        let grams = EventWords.grams(words)
        return phrases.contains { grams.contains($0) }
    }

    /// The runs of one to five words of a folded word string, each joined by single spaces: a phrase occurs in the
    /// string as whole words when its folded form is one of them.
    static func grams(_ words: String) -> Set<String> {
        let parts = words.split(separator: " ")
        var grams: Set<String> = []
        for start in parts.indices {
            var gram = ""
            for end in start..<min(parts.count, start + 5) {
                gram += (end == start ? "" : " ") + parts[end]
                grams.insert(gram)
            }
        }
        return grams
    }

    /// The positions (word index) and values of the map phrases that occur in a folded word string, in text order.
    static func find(in words: String, map: [String: JSONValue]) -> [(position: Int, length: Int, value: JSONValue)] {
        let parts = words.split(separator: " ")
        var found: [(Int, Int, JSONValue)] = []
        for start in parts.indices {
            var gram = ""
            for end in start..<min(parts.count, start + 5) {
                gram += (end == start ? "" : " ") + parts[end]
                if let value = map[gram] { found.append((start, end - start + 1, value)) }
            }
        }
        return found
    }

    /// The phrase of a list that ends `words` exactly, longest first.
    func ending(_ words: String, from list: String) -> String? {
        let padded = " " + words
        return lists[list]?.first { padded.hasSuffix(" " + $0) }
    }
}

extension Lexicon {
    /// Whether any phrase of a list occurs, as whole words, in a folded word string.
    func containsPhrase(from list: String, in words: String) -> Bool {
        let padded = " " + words + " "
        return (lists[list] ?? []).contains { phrase in
            let key = Lexicon.fold(phrase.replacingOccurrences(of: "’", with: "'"))
            return !key.isEmpty && padded.contains(" " + key + " ")
        }
    }

    /// The phrase of a list that ends `words` exactly, longest first.
    func phraseEnding(_ words: String, from list: String) -> String? {
        let padded = " " + words
        return (lists[list] ?? []).map { Lexicon.fold($0.replacingOccurrences(of: "’", with: "'")) }
            .sorted { $0.count > $1.count }
            .first { !$0.isEmpty && padded.hasSuffix(" " + $0) }
    }

    /// An integer setting of a list (`confidence_base: ['40']`).
    func number(_ list: String, default fallback: Int) -> Int {
        lists[list]?.first.flatMap { Int($0) } ?? fallback
    }
}
