import FactxModel
import FactxPatterns

/// The words around a count that change what it means, read from the word lists of `Patterns/casualties/`: a
/// modal or an intent before the verb makes it hypothetical, a denial or a condition takes it back, an armed
/// subject makes armed victims victims, "including the bomber" puts attackers in the count (docs/casualties.md
/// §7, §9). Token-level checks, made only for the counts the rules found.
struct CountCues: Sendable {
    let modals: Set<String>
    let verbGroup: Set<String>
    let conditionals: Set<String>
    let denials: Set<String>
    let inclusions: Set<String>
    let nonEvents: Set<String>
    let attackers: Set<String>
    let militants: Set<String>

    init(lexicon: Lexicon) {
        func words(_ list: String) -> Set<String> {
            Set((lexicon.lists[list] ?? []).map { LooseKey.words($0).map(\.key).joined(separator: " ") })
        }
        modals = words("modal_verbs")
        verbGroup = words("verb_group_words")
        conditionals = words("conditional_words")
        denials = words("denial_words")
        inclusions = words("inclusion_words")
        nonEvents = words("non_event_words")
        attackers = words("attacker_nouns")
        militants = words("militant_nouns")
    }

    /// The last word of a noun phrase, folded: the head of "suspected ISKP militants" is "militants".
    static func head(_ phrase: String) -> String {
        LooseKey.words(phrase).last?.key ?? ""
    }

    func isAttacker(_ phrase: String) -> Bool { attackers.contains(CountCues.head(phrase)) }
    func isMilitant(_ phrase: String) -> Bool { militants.contains(CountCues.head(phrase)) }

    /// The tokens of the sentence that holds a scalar offset: its first and last index.
    static func sentenceTokens(_ document: SegmentedDocument, at offset: Int) -> ClosedRange<Int>? {
        let tokens = document.tokens
        let sentence = document.sentences[document.sentenceIndex(at: offset)].range
        let first = document.firstToken(atOrAfter: sentence.start)
        var last = document.firstToken(atOrAfter: sentence.end) - 1
        last = min(last, tokens.count - 1)
        return first <= last ? first...last : nil
    }

    /// A verb governed by a modal or by "to" (intent, threat): "could have killed", "threatened to kill", but not
    /// "claimed to have killed". `verb` is the token index of the verb (or of the word the statement starts with).
    func isHypothetical(verb: Int, in document: SegmentedDocument, sentence: ClosedRange<Int>) -> Bool {
        let tokens = document.tokens
        var index = verb - 1
        while index >= sentence.lowerBound, verbGroup.contains(tokens[index].key) { index -= 1 }
        guard index >= sentence.lowerBound else { return false }
        if modals.contains(tokens[index].key) { return true }
        return tokens[index].key == "to" && tokens[index + 1].key != "have"
    }

    /// A count the sentence takes back or puts as a condition or a question: "police denied reports that 20 …",
    /// "if …", "how many … ?". `start` is the token index where the statement starts.
    func isTakenBack(start: Int, in document: SegmentedDocument, sentence: ClosedRange<Int>) -> Bool {
        let tokens = document.tokens
        for index in sentence.lowerBound..<max(sentence.lowerBound, start) {
            if denials.contains(tokens[index].key) { return true }
            if conditionals.contains(tokens[index].key), start - index <= 12 { return true }
        }
        return tokens[sentence.upperBound].key == "?"
    }

    /// Words just before an attack count that say the attacks did not happen or may yet happen: "foiled five
    /// attacks", "could launch dozens of attacks", "plans to carry out ten attacks".
    func isNonEvent(count: Int, in document: SegmentedDocument, sentence: ClosedRange<Int>) -> Bool {
        let tokens = document.tokens
        for index in max(sentence.lowerBound, count - 3)..<count {
            let key = tokens[index].key
            // "to" before a verb ("plans to carry out"), not before the count ("climbed to 73").
            if modals.contains(key) || nonEvents.contains(key) || (key == "to" && index < count - 1) { return true }
        }
        return false
    }

    /// An attacker or armed noun among the few words before an active verb: its subject is armed ("ISKP gunmen
    /// killed six Taliban fighters").
    func hasArmedSubject(verb: Int, in document: SegmentedDocument, sentence: ClosedRange<Int>) -> Bool {
        let tokens = document.tokens
        var index = verb - 1
        while index >= max(sentence.lowerBound, verb - 4) {
            let key = tokens[index].key
            if [",", ";", ":", "(", ")"].contains(key) { return false }
            if attackers.contains(key) || militants.contains(key) { return true }
            index -= 1
        }
        return false
    }

    /// "including the bomber", "among them two attackers" after a count (inside its span or just after it), but
    /// not "not counting the bomber".
    func includesAttackers(from start: Int, spanEnd: Int, in document: SegmentedDocument, sentence: ClosedRange<Int>) -> Bool {
        let tokens = document.tokens
        let stop = min(sentence.upperBound, spanEnd + 8)
        var index = start
        while index <= stop {
            let key = tokens[index].key
            if index >= spanEnd, [";", ":", "and"].contains(key) { return false }
            if inclusions.contains(key), index + 1 <= stop, index == 0 || !["not", "excluding"].contains(tokens[index - 1].key) {
                let following = (index + 1)...min(stop, index + 4)
                if following.contains(where: { attackers.contains(tokens[$0].key) || militants.contains(tokens[$0].key) }) {
                    return true
                }
            }
            index += 1
        }
        return false
    }
}
