import FactxModel
import FactxPatterns

/// Reads a written number: digits with separators ("1,200"), number words ("seventy-two", "one hundred and
/// five"), number phrases ("a dozen", "two dozen"), and vague quantities ("dozens": the conservative figure), from
/// the word maps of `Patterns/numbers/numbers.yaml`.
public struct NumberReader: Sendable {
    let lexicon: Lexicon

    public init(patterns: PatternSet) {
        self.lexicon = patterns.lexicon
    }

    public enum Reading: Hashable, Sendable {
        case exact(Int)
        /// A vague quantity and the conservative figure it is coded as.
        case vague(Int)
    }

    public func read(_ text: String) -> Reading? {
        let folded = Lexicon.fold(text)
        if folded.isEmpty { return nil }
        if let value = lexicon.value(folded, in: "vague_quantities")?.intValue { return .vague(value) }
        if let value = digits(folded) { return .exact(value) }
        return words(folded).map(Reading.exact)
    }

    /// "1,200", "1 200", "54", "20+" (the plus is the qualifier's business).
    func digits(_ text: String) -> Int? {
        let separators: Set<Character> = [",", " ", "+", "\u{00A0}"]
        let cleaned = text.filter { !separators.contains($0) }
        guard !cleaned.isEmpty else { return nil }
        for character in cleaned where !(character.isASCII && character.isNumber) { return nil }
        return Int(cleaned)
    }

    /// Number words: units and tens add up, scales multiply what came before ("one hundred and five" = 105,
    /// "two dozen" = 24, "3 million" = 3,000,000).
    func words(_ text: String) -> Int? {
        let fillers: Set<String> = ["and", "a", "an"]
        let parts: [String] = text.split(separator: " ").map(String.init).filter { !fillers.contains($0) }
        guard !parts.isEmpty else {
            // "a dozen" folds to phrases handled below; bare "a"/"an" is no number.
            return lexicon.value(text, in: "number_phrases")?.intValue
        }
        if let phrase = lexicon.value(text, in: "number_phrases")?.intValue { return phrase }
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
}
