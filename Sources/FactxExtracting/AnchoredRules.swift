import FactxModel
import FactxPatterns

/// Regex rules tried only near their anchor words.
///
/// A rule's `anchor` attribute names the word lists or maps whose words the rule cannot match without (or gives
/// literal words): "were killed" needs a word of `passive_statuses`. The document's tokens are looked up once
/// against every anchor; each rule then runs only over the stretches of sentence around its anchors' tokens
/// (`reach` tokens either way). A rule whose anchors a document lacks costs nothing, and no rule tries its long
/// alternations at every position of the text. A rule without an anchor runs over the whole text.
struct AnchoredRules: Sendable {
    let rules: [RegexRule]
    /// Token key (the first word of an anchor phrase) → the rules it anchors.
    let anchors: [String: [Int]]
    let unanchored: [Int]
    let reach: Int

    init(rules: [RegexRule], lexicon: Lexicon, reach: Int = 30) {
        self.rules = rules
        self.reach = reach
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
    }

    /// The phrases of a list or map, or the word itself when no list or map has that name.
    static func phrases(_ name: String, _ lexicon: Lexicon) -> [String] {
        if let list = lexicon.lists[name] { return list }
        if let map = lexicon.maps[name] { return Array(map.keys) }
        return [name]
    }

    /// Every match of every rule, rule by rule in file order.
    func matches(in context: ExtractionContext) -> [RuleMatch] {
        let windows = self.windows(context.document)
        var matches: [RuleMatch] = []
        for index in rules.indices {
            if unanchored.contains(index) {
                matches += context.matches(of: rules[index])
                continue
            }
            for window in windows[index] { matches += context.matches(of: rules[index], in: window) }
        }
        return matches
    }

    /// For each rule, the UTF-16 stretches it runs over: around each anchor token, inside its sentence, merged.
    func windows(_ document: SegmentedDocument) -> [[Range<Int>]] {
        let tokens = document.tokens
        var byRule = [[(sentence: Int, range: Range<Int>)]](repeating: [], count: rules.count)
        guard !anchors.isEmpty, !tokens.isEmpty else { return byRule.map { _ in [] } }
        var sentenceFirst: [Int: Int] = [:]
        var sentenceLast: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() {
            if sentenceFirst[token.sentence] == nil { sentenceFirst[token.sentence] = index }
            sentenceLast[token.sentence] = index
        }
        for (index, token) in tokens.enumerated() {
            guard let anchored = anchors[token.key] else { continue }
            let first = max(index - reach, sentenceFirst[token.sentence] ?? index)
            let last = min(index + reach, sentenceLast[token.sentence] ?? index)
            let window = tokens[first].utf16.lowerBound..<tokens[last].utf16.upperBound
            for rule in anchored { byRule[rule].append((token.sentence, window)) }
        }
        return byRule.map(AnchoredRules.merged)
    }

    /// Windows in text order, those of one sentence that overlap joined (a match never crosses a sentence).
    static func merged(_ windows: [(sentence: Int, range: Range<Int>)]) -> [Range<Int>] {
        var result: [(sentence: Int, range: Range<Int>)] = []
        for window in windows.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if let last = result.last, last.sentence == window.sentence, window.range.lowerBound <= last.range.upperBound {
                result[result.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, window.range.upperBound)
            } else {
                result.append(window)
            }
        }
        return result.map(\.range)
    }
}
