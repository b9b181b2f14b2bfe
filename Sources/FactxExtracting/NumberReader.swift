import FactxModel
import FactxPatterns

/// Reads written numbers and counts, from the word maps of `Patterns/numbers/numbers.yaml` (docs/casualties.md
/// §3–§5):
/// - `read` gives a number's value: digits with separators ("1,200"), number words ("seventy-two", "one hundred
///   and five"), number phrases ("a dozen", "half a dozen"), rough phrases ("a couple of"), and vague quantities
///   with their conservative figure ("dozens" 12, "several hundred" 300, "tens of thousands" 10,000);
/// - `count` reads a whole count phrase, qualifier and range included ("at least 54", "more than a dozen",
///   "between 20 and 25", "35–43", "20 or more", "40+"), into the bounds the record contract gives it.
public struct NumberReader: Sendable {
    let lexicon: Lexicon

    public init(patterns: PatternSet) {
        self.lexicon = patterns.lexicon
    }

    /// The maps and lists of `Patterns/numbers/` whose first words can begin a count phrase.
    static let countStartNames = [
        "count_qualifiers", "vague_quantities", "number_words", "number_scales", "number_phrases", "approximate_numbers",
        "zero_counts", "singular_counts", "count_start_words",
    ]

    public enum Reading: Hashable, Sendable {
        case exact(Int)
        /// A vague quantity and the conservative figure it is coded as.
        case vague(Int)
        /// A number given only roughly ("a couple of" people).
        case approximate(Int)
    }

    public func read(_ text: String) -> Reading? {
        let folded = Lexicon.fold(text)
        if folded.isEmpty { return nil }
        if let value = lexicon.value(folded, in: "approximate_numbers")?.intValue { return .approximate(value) }
        if let value = vague(folded) { return .vague(value) }
        if let value = digits(folded) { return .exact(value) }
        if let value = lexicon.value(folded, in: "singular_counts")?.intValue { return .exact(value) }
        return words(folded).map(Reading.exact)
    }

    /// "dozens" 12, "several dozen" 3 × 12, "a few hundred" 2 × 100, "tens of thousands" 10 × 1000.
    func vague(_ folded: String) -> Int? {
        if let value = lexicon.value(folded, in: "vague_quantities")?.intValue { return value }
        let words = folded.split(separator: " ").map(String.init)
        for split in stride(from: words.count - 1, to: 0, by: -1) {
            guard let head = lexicon.value(words[..<split].joined(separator: " "), in: "vague_quantities")?.intValue else {
                continue
            }
            var rest = Array(words[split...])
            if rest.first == "of" { rest.removeFirst() }
            let tail = rest.joined(separator: " ")
            if let scale = lexicon.value(tail, in: "number_scales")?.intValue
                ?? lexicon.value(tail, in: "vague_quantities")?.intValue, !tail.isEmpty {
                return head * scale
            }
        }
        return nil
    }

    /// "1,200", "1 200", "54", "20+" (the plus is the qualifier's business).
    func digits(_ text: String) -> Int? {
        let separators: Set<Character> = [",", " ", "+", "\u{00A0}"]
        let cleaned = text.filter { !separators.contains($0) }
        guard !cleaned.isEmpty, cleaned.count <= 15 else { return nil }
        for character in cleaned where !(character.isASCII && character.isNumber) { return nil }
        return Int(cleaned)
    }

    /// Number words: units and tens add up, scales multiply what came before ("one hundred and five" = 105,
    /// "two dozen" = 24, "3 million" = 3,000,000).
    func words(_ text: String) -> Int? {
        if let phrase = lexicon.value(text, in: "number_phrases")?.intValue { return phrase }
        let fillers: Set<String> = ["and", "a", "an"]
        let parts: [String] = text.split(separator: " ").map(String.init).filter { !fillers.contains($0) }
        guard !parts.isEmpty else { return nil }
        var total = 0
        var current = 0
        var sawNumber = false
        for part in parts {
            if let value = lexicon.value(part, in: "number_words")?.intValue ?? digits(part) {
                current += value
                sawNumber = true
            } else if let scale = lexicon.value(part, in: "number_scales")?.intValue {
                current = max(current, 1) * scale
                if scale >= 1000 {
                    total += current
                    current = 0
                }
                sawNumber = true
            } else {
                return nil
            }
        }
        return sawNumber ? total + current : nil
    }

    // MARK: Count phrases

    /// Words before a count that do not change it: "all 9 crew members", "another three", "a total of 54".
    static let leadingWords: [[String]] = [
        ["a", "total", "of"], ["an", "additional"], ["a", "further"], ["another"], ["all"], ["other"],
    ]

    /// The bounds and qualifier of a count phrase (docs/casualties.md §4): a range beats a qualifier, a vague
    /// quantity stays vague whatever qualifies it, "fewer than N" is up to N - 1. Zero words ("no one", "none")
    /// count 0.
    public func count(_ phrase: String) -> CountValue? {
        var words = Lexicon.fold(phrase).split(separator: " ").map(String.init)
        if let value = lexicon.value(words.joined(separator: " "), in: "zero_counts")?.intValue {
            return CountValue(number: value, qualifier: .exact)
        }
        for leading in NumberReader.leadingWords where words.count > leading.count && words.starts(with: leading) {
            words.removeFirst(leading.count)
            break
        }
        var qualifier: String?
        for length in stride(from: min(4, words.count - 1), through: 1, by: -1) {
            if let value = lexicon.value(words[..<length].joined(separator: " "), in: "count_qualifiers")?.stringValue {
                qualifier = value
                words.removeFirst(length)
                break
            }
        }
        if words.first == "between", let and = words.firstIndex(of: "and"), and > 1, and < words.count - 1,
           let range = range(Array(words[1..<and]), Array(words[(and + 1)...])) {
            return range
        }
        var after: String?
        if let last = words.last, last.count > 1, last.hasSuffix("+") {
            words[words.count - 1] = String(last.dropLast())
            after = "at_least"
        } else {
            for length in stride(from: min(2, words.count - 1), through: 1, by: -1) {
                let tail = words[(words.count - length)...].joined(separator: " ")
                if let value = lexicon.value(tail, in: "count_post_qualifiers")?.stringValue {
                    after = value
                    words.removeLast(length)
                    break
                }
            }
        }
        guard !words.isEmpty else { return nil }
        for separator in ["to", "or"] {
            if let index = words.firstIndex(of: separator), index > 0, index < words.count - 1,
               let range = range(Array(words[..<index]), Array(words[(index + 1)...])) {
                return range
            }
        }
        // "20-25" and "35–43" fold to two numbers side by side.
        if words.count == 2, let low = digits(words[0]), let high = digits(words[1]), low < high {
            return CountValue(min: low, max: high, qualifier: .range)
        }
        guard let reading = read(words.joined(separator: " ")) else { return nil }
        switch reading {
        case .vague(let figure):
            return CountValue(number: figure, qualifier: .vague)
        case .approximate(let figure):
            return NumberReader.qualified(figure, qualifier ?? "about")
        case .exact(let number):
            return NumberReader.qualified(number, qualifier ?? after ?? "exact")
        }
    }

    /// A range "N to M", "N or M": both ends exact numbers, the second larger.
    func range(_ low: [String], _ high: [String]) -> CountValue? {
        guard case .exact(let min)? = read(low.joined(separator: " ")),
              case .exact(let max)? = read(high.joined(separator: " ")), min < max else { return nil }
        return CountValue(min: min, max: max, qualifier: .range)
    }

    /// The bounds a written qualifier gives to a number; `below` is the contract's up_to with max N - 1.
    static func qualified(_ number: Int, _ qualifier: String) -> CountValue {
        if qualifier == "below" { return CountValue(min: nil, max: number - 1, qualifier: .upTo) }
        return CountValue(number: number, qualifier: CountQualifier(rawValue: qualifier) ?? .exact)
    }
}
