import FactxModel
import FactxPatterns
import Foundation

/// Regex rules tried only near their anchor words, and only where a match can start.
///
/// A rule's `anchor` attribute names the word lists or maps whose words the rule cannot match without (or gives
/// literal words): "were killed" needs a word of `passive_statuses`. `reach` says how many tokens before and after
/// an anchor a match can extend (`"40 8"`: a count before "were killed"; default 30 each way). `start` says where a
/// match can begin: `count` (a number, or a word that starts a count phrase, before the anchor), `anchor` (the
/// anchor, or the few words `reach` allows before it); without `start` the rule is searched for in the stretch.
///
/// The document's tokens are looked up once against every anchor. A rule whose anchors a document lacks costs
/// nothing; a rule with a `start` is tried once at each possible start (an anchored match), so its long
/// alternations are never tried where no count or anchor stands. A rule without an anchor runs over the whole text.
/// Matching runs on each sentence's own string: handing the regex engine the whole document for every try would
/// copy the document (to UTF-16) each time.
struct AnchoredRules: Sendable {
    enum Start: Sendable { case anywhere, count, anchor }

    let rules: [RegexRule]
    /// Token key (the first word of an anchor phrase) → the rules it anchors.
    let anchors: [String: [Int]]
    let unanchored: [Int]
    /// Tokens before and after an anchor, and where a match starts, per rule.
    let reach: [(before: Int, after: Int)]
    let starts: [Start]
    /// Where a count phrase can begin.
    let countStarts: CountStarts

    init(rules: [RegexRule], lexicon: Lexicon, countStarts: CountStarts) {
        self.rules = rules
        self.countStarts = countStarts
        var anchors: [String: [Int]] = [:]
        var unanchored: [Int] = []
        for (index, rule) in rules.enumerated() {
            guard let names = rule.attributes["anchor"]?.split(separator: " ").map(String.init), !names.isEmpty else {
                unanchored.append(index)
                continue
            }
            var keys: Set<String> = []
            for name in names {
                for phrase in AnchoredRules.phrases(name, lexicon) {
                    if let first = LooseKey.words(phrase).first?.key { keys.insert(first) }
                }
            }
            for key in keys { anchors[key, default: []].append(index) }
        }
        self.anchors = anchors
        self.unanchored = unanchored
        reach = rules.map { rule in
            let numbers = (rule.attributes["reach"] ?? "").split(separator: " ").compactMap { Int($0) }
            return numbers.count == 2 ? (numbers[0], numbers[1]) : (30, 30)
        }
        starts = rules.map { rule in
            switch rule.attributes["start"] {
            case "count": .count
            case "anchor": .anchor
            default: .anywhere
            }
        }
    }

    /// The phrases of a list or map, or the word itself when no list or map has that name.
    static func phrasesOf(_ lexicon: Lexicon) -> (String) -> [String] { { phrases($0, lexicon) } }

    static func phrases(_ name: String, _ lexicon: Lexicon) -> [String] {
        if let list = lexicon.lists[name] { return list }
        if let map = lexicon.maps[name] { return Array(map.keys) }
        return [name]
    }

    /// A stretch of the document a rule runs over: its sentence and its UTF-16 range.
    struct Window {
        var sentence: Int
        var range: Range<Int>
    }

    /// Every match of every rule, rule by rule in file order.
    func matches(in context: ExtractionContext) -> [RuleMatch] {
        let document = context.document
        var sentences: [Int: (text: String, start: Int)] = [:]
        func sentence(_ index: Int) -> (text: String, start: Int) {
            if let cached = sentences[index] { return cached }
            let range = document.index.utf16Range(document.sentences[index].range)
            let entry = (document.index.substring(utf16: range), range.lowerBound)
            sentences[index] = entry
            return entry
        }
        let anchorTokens = self.anchorTokens(document)
        var matches: [RuleMatch] = []
        for index in rules.indices {
            if unanchored.contains(index) {
                matches += context.matches(of: rules[index])
                continue
            }
            if starts[index] == .anywhere {
                for window in windows(anchorTokens[index], rule: index, document) {
                    let (text, start) = sentence(window.sentence)
                    matches += AnchoredRules.matches(of: rules[index], in: text, at: start, range: window.range, document)
                }
                continue
            }
            for (from, stretch) in startPositions(anchorTokens[index], rule: index, document) {
                let (text, start) = sentence(stretch.sentence)
                if let match = AnchoredRules.match(of: rules[index], in: text, at: start, range: from..<stretch.end, document) {
                    matches.append(match)
                }
            }
        }
        return matches
    }

    /// The matches of a rule inside `range` (document UTF-16 offsets) of a sentence's text that starts at `start`.
    static func matches(
        of rule: RegexRule, in text: String, at start: Int, range: Range<Int>, _ document: SegmentedDocument
    ) -> [RuleMatch] {
        let local = NSRange(location: range.lowerBound - start, length: range.count)
        let options: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]
        return rule.regex.matches(in: text, options: options, range: local).map {
            AnchoredRules.match(rule, $0, at: start, document)
        }
    }

    /// The match of a rule that starts exactly at the start of `range`, if any.
    static func match(
        of rule: RegexRule, in text: String, at start: Int, range: Range<Int>, _ document: SegmentedDocument
    ) -> RuleMatch? {
        let local = NSRange(location: range.lowerBound - start, length: range.count)
        let options: NSRegularExpression.MatchingOptions = [.anchored, .withTransparentBounds, .withoutAnchoringBounds]
        return rule.regex.firstMatch(in: text, options: options, range: local).map {
            AnchoredRules.match(rule, $0, at: start, document)
        }
    }

    static func match(_ rule: RegexRule, _ result: NSTextCheckingResult, at start: Int, _ document: SegmentedDocument) -> RuleMatch {
        func scalars(_ range: NSRange) -> TextRange {
            document.index.scalarRange(utf16: start + range.location, start + range.location + range.length)
        }
        var captures: [String: RuleMatch.Capture] = [:]
        for name in rule.captureNames {
            let range = result.range(withName: name)
            guard range.location != NSNotFound else { continue }
            let utf16 = (start + range.location)..<(start + range.location + range.length)
            captures[name] = RuleMatch.Capture(range: scalars(range), text: document.index.substring(utf16: utf16))
        }
        return RuleMatch(rule: rule, range: scalars(result.range), captures: captures)
    }

    /// For each rule, the indices of the tokens that anchor it, in text order.
    func anchorTokens(_ document: SegmentedDocument) -> [[Int]] {
        var byRule = [[Int]](repeating: [], count: rules.count)
        for (index, token) in document.tokens.enumerated() {
            for rule in anchors[token.key] ?? [] { byRule[rule].append(index) }
        }
        return byRule
    }

    /// The first and last token of the sentence holding a token.
    static func sentenceBounds(_ token: Int, _ document: SegmentedDocument) -> ClosedRange<Int> {
        let tokens = document.tokens
        var first = token
        while first > 0, tokens[first - 1].sentence == tokens[token].sentence { first -= 1 }
        var last = token
        while last + 1 < tokens.count, tokens[last + 1].sentence == tokens[token].sentence { last += 1 }
        return first...last
    }

    /// Where a rule with a `start` is tried: each possible start (UTF-16) before its anchors, with the furthest end
    /// a match from there may reach. A count glued to the word before it by a missing space ("the incident.No one
    /// was hurt") starts after the period.
    func startPositions(_ anchorTokens: [Int], rule: Int, _ document: SegmentedDocument) -> [(Int, (sentence: Int, end: Int))] {
        let tokens = document.tokens
        var ends: [Int: (sentence: Int, end: Int)] = [:]
        for anchor in anchorTokens {
            let sentence = AnchoredRules.sentenceBounds(anchor, document)
            let first = max(anchor - reach[rule].before, sentence.lowerBound)
            let end = tokens[min(anchor + reach[rule].after, sentence.upperBound)].utf16.upperBound
            for index in first...anchor {
                let token = tokens[index]
                var start = token.utf16.lowerBound
                if starts[rule] == .count, !countStarts.canStart(index, document) {
                    guard let glued = AnchoredRules.afterPeriod(token, document), countStarts.canStart(glued.key, after: index, document)
                    else { continue }
                    start = glued.start
                }
                ends[start] = (token.sentence, max(ends[start]?.end ?? 0, end))
            }
        }
        return ends.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The word after the last period inside a token ("incident.No" → "no"), with its UTF-16 start.
    static func afterPeriod(_ token: Token, _ document: SegmentedDocument) -> (key: String, start: Int)? {
        guard token.key.contains(".") else { return nil }
        let units = document.index.utf16[token.utf16]
        guard let dot = units.lastIndex(of: UInt16(UInt8(ascii: "."))), dot + 1 < token.utf16.upperBound else { return nil }
        return (LooseKey.key(document.index.substring(utf16: (dot + 1)..<token.utf16.upperBound)), dot + 1)
    }

    /// The UTF-16 stretches a rule without a `start` is searched in: around each anchor token, inside its sentence.
    func windows(_ anchorTokens: [Int], rule: Int, _ document: SegmentedDocument) -> [Window] {
        let tokens = document.tokens
        let windows = anchorTokens.map { anchor in
            let sentence = AnchoredRules.sentenceBounds(anchor, document)
            let first = max(anchor - reach[rule].before, sentence.lowerBound)
            let last = min(anchor + reach[rule].after, sentence.upperBound)
            return Window(sentence: tokens[anchor].sentence, range: tokens[first].utf16.lowerBound..<tokens[last].utf16.upperBound)
        }
        return AnchoredRules.merged(windows)
    }

    /// Windows in text order, those of one sentence that overlap joined (a match never crosses a sentence).
    static func merged(_ windows: [Window]) -> [Window] {
        var result: [Window] = []
        for window in windows.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if let last = result.last, last.sentence == window.sentence, window.range.lowerBound <= last.range.upperBound {
                result[result.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, window.range.upperBound)
            } else {
                result.append(window)
            }
        }
        return result
    }
}

/// The tokens a count phrase can begin at, so that rules which start at a count are tried only there: a number; a
/// number, vague or zero word ("seventy", "dozens", "no"); or a word that only begins one ("at", "over", "a") when a
/// number, a number word or, after an article, a person noun follows within a few words ("at least 54", "a
/// policeman"), not at every "a" and "in" of a sentence. Built from the lists and maps of `Patterns/numbers/`.
struct CountStarts: Sendable {
    /// Words that are numbers, vague quantities or zero words themselves.
    let strong: Set<String>
    /// Words that begin a count phrase only when a number follows.
    let weak: Set<String>
    /// Words that, following a weak word, show a count is coming.
    let followers: Set<String>
    /// Person nouns (for "a policeman"), and the endings that make a word one.
    let people: Set<String>
    static let personEndings = ["ers", "ists", "ees", "ians", "ants", "men", "man"]
    static let reach = 6

    init(lexicon: Lexicon, people lists: [String] = []) {
        func words(_ names: [String]) -> [[String]] {
            names.flatMap(AnchoredRules.phrasesOf(lexicon)).map { LooseKey.words($0).map(\.key) }
        }
        let function: Set<String> = ["a", "an", "of", "the", "than", "to", "as", "in"]
        let numbers = words(["number_words", "number_scales", "vague_quantities", "zero_counts", "number_phrases", "approximate_numbers"])
        strong = Set(numbers.compactMap { $0.count == 1 ? $0[0] : nil }).union(["all", "another", "half", "between", "no"])
        weak = Set(words(NumberReader.countStartNames).compactMap(\.first)).subtracting(strong)
        followers = Set(numbers.flatMap { $0 } + words(["count_qualifiers", "count_start_words"]).flatMap { $0.dropFirst() })
            .subtracting(function)
        people = Set(words(lists).compactMap(\.last))
    }

    func canStart(_ index: Int, _ document: SegmentedDocument) -> Bool {
        let token = document.tokens[index]
        return token.kind == .number || canStart(token.key, after: index, document)
    }

    /// Whether a word (at token `index`, or glued to its end) can begin a count.
    func canStart(_ key: String, after index: Int, _ document: SegmentedDocument) -> Bool {
        if strong.contains(key) { return true }
        guard weak.contains(key) else { return false }
        let tokens = document.tokens
        for next in (index + 1)..<min(tokens.count, index + 1 + CountStarts.reach) where tokens[next].sentence == tokens[index].sentence {
            let word = tokens[next].key
            if tokens[next].kind == .number || followers.contains(word) || people.contains(word) { return true }
            if CountStarts.personEndings.contains(where: word.hasSuffix) || word.last == "s" && tokens[next].hasNoLowercase == false
                && document.text(tokens[next].range).first?.isUppercase == true {
                return true
            }
        }
        return false
    }
}
