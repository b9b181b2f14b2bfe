import FactxModel
import FactxPatterns

/// Reads abbreviation definitions in the text, "Long form (SHORT)", with the algorithm of Schwartz and Hearst
/// (2003): the short form's letters must appear, in order, in the words before the parenthesis, its first letter
/// at the start of a word.
///
/// What a definition means depends on what the alias tables already know:
/// - both sides name the same entity: nothing to do;
/// - they name different entities ("The Islamic State of Iraq and the Levant (ISKP)"): the tables stand, and a
///   `definition.contradicts` warning names both sides;
/// - the long form is known and the short form new: a valid abbreviation becomes a document-local alias; one that
///   does not abbreviate the long form ("Tehreek-e-Taliban Pakistan (TSKP)") is reported;
/// - the short form is known and the long form new ("Jamiat Ullema Islam-Fazl (JUI-F)"): the long form becomes a
///   document-local alias.
struct DefinitionReader {
    let patterns: PatternSet

    struct Definition {
        var short: TextRange
        var long: TextRange?
        var shortText: String
    }

    struct LocalAlias {
        var phrase: String
        var type: FactType
        var id: String
        var definition: TextRange
    }

    struct Outcome {
        var aliases: [LocalAlias] = []
        /// Spans of long forms that the definition itself resolves.
        var mentions: [Mention] = []
        var warnings: [Diagnostic] = []
    }

    /// Candidate short forms: one word in parentheses, 2 to 10 characters, with a capital letter.
    func candidates(_ document: SegmentedDocument) -> [Definition] {
        let tokens = document.tokens
        var result: [Definition] = []
        var index = 0
        while index + 2 < tokens.count {
            defer { index += 1 }
            guard tokens[index].key == "(" else { continue }
            // The short form may be split by ICU at hyphens ("JUI-F", "ISK-P"): take tokens up to ")".
            var end = index + 1
            while end < tokens.count, tokens[end].key != ")", end - index <= 4 { end += 1 }
            guard end < tokens.count, tokens[end].key == ")", end > index + 1 else { continue }
            let range = TextRange(tokens[index + 1].range.start, tokens[end - 1].range.end)
            let text = document.text(range)
            let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            guard (2...10).contains(text.count), !text.contains(" "),
                  text.unicodeScalars.contains(where: { $0.properties.isUppercase }),
                  let first = text.unicodeScalars.first, first.properties.isAlphabetic || first.properties.numericType != nil,
                  letters.count >= 2 else { continue }
            result.append(Definition(short: range, long: longForm(document, short: text, before: tokens[index]), shortText: text))
        }
        return result
    }

    /// The Schwartz–Hearst long form: the shortest run of words ending before the parenthesis that holds the
    /// short form's letters in order, the first at a word start; at most min(|S| + 5, 2|S|) words back.
    func longForm(_ document: SegmentedDocument, short: String, before open: Token) -> TextRange? {
        let sentence = document.sentences[open.sentence].range
        let end = open.range.start
        let shortLetters = Array(LooseKey.key(short).unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        })
        guard !shortLetters.isEmpty else { return nil }
        let maxWords = min(shortLetters.count + 5, shortLetters.count * 2)
        // Word starts before the parenthesis, within the sentence, nearest first.
        let firstToken = document.firstToken(atOrAfter: sentence.start)
        let words = document.tokens[firstToken..<document.firstToken(atOrAfter: end)].filter { $0.kind != .punctuation }
        guard !words.isEmpty else { return nil }
        let windowStart = words[max(0, words.count - maxWords)].range.start
        let window = Array(LooseKey.key(document.text(TextRange(windowStart, end))).unicodeScalars)
        let original = Array(document.text(TextRange(windowStart, end)).unicodeScalars)
        guard window.count == original.count else { return nil }
        var longIndex = window.count - 1
        var shortIndex = shortLetters.count - 1
        while shortIndex >= 0 {
            let wanted = shortLetters[shortIndex]
            while longIndex >= 0 {
                let character = window[longIndex]
                let atWordStart = longIndex == 0 || !DefinitionReader.isWordScalar(window[longIndex - 1])
                if character == wanted, shortIndex > 0 || atWordStart { break }
                longIndex -= 1
            }
            guard longIndex >= 0 else { return nil }
            longIndex -= 1
            shortIndex -= 1
        }
        let start = windowStart + longIndex + 1
        var trimmedEnd = end
        while trimmedEnd > start, let last = document.text(TextRange(trimmedEnd - 1, trimmedEnd)).unicodeScalars.first,
              last.properties.isWhitespace {
            trimmedEnd -= 1
        }
        return TextRange(start, trimmedEnd)
    }

    /// Whether `short`'s letters appear in `long` in order, the first at the start of `long`'s first word
    /// (Schwartz–Hearst's test, applied to a known name).
    func abbreviates(_ short: String, _ long: String) -> Bool {
        let letters = Array(LooseKey.key(short).unicodeScalars.filter(DefinitionReader.isWordScalar))
        let text = Array(LooseKey.key(long).unicodeScalars)
        guard let first = letters.first, text.first == first else { return false }
        var position = 1
        for letter in letters.dropFirst() {
            guard let found = text[position...].firstIndex(of: letter) else { return false }
            position = found + 1
        }
        return true
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Weighs each definition against the alias tables and the mentions already found.
    func read(_ document: SegmentedDocument, entityMentions: [Mention]) -> Outcome {
        var outcome = Outcome()
        for definition in candidates(document) {
            // The entity named right before the parenthesis ("… Pakistan (TSKP)").
            let openStart = document.tokens[document.firstToken(atOrAfter: definition.short.start) - 1].range.start
            // Mentions are in text order: the nearest one ending before the parenthesis, if only spaces follow it.
            let longMention = entityMentions.last { $0.range.end <= openStart }.flatMap { mention in
                document.text(TextRange(mention.range.end, openStart)).allSatisfy(\.isWhitespace) ? mention : nil
            }
            let longEntity = longMention.flatMap { mention -> (FactType, String)? in
                guard case .entity(let ids) = mention.value, let id = ids.first else { return nil }
                return (mention.type, id)
            }
            let shortEntity = lookup(definition.shortText)
            let longText = definition.long.map(document.text)
            switch (longEntity, shortEntity) {
            case let ((longType, longId)?, (shortType, shortId)?):
                if longId != shortId {
                    let longName = name(longType, longId)
                    let shortName = name(shortType, shortId)
                    outcome.warnings.append(.warning(
                        "definition.contradicts",
                        "the text defines '\(definition.shortText)' as '\(document.text(longMention!.range))', "
                            + "but '\(definition.shortText)' is \(shortName) (\(shortId)) and "
                            + "'\(document.text(longMention!.range))' is \(longName) (\(longId)); both keep their known meaning",
                        range: TextRange(longMention!.range.start, definition.short.end + 1)))
                }
            case let ((longType, longId)?, nil):
                // The short form must abbreviate the name right before it, not some longer stretch of text.
                if abbreviates(definition.shortText, document.text(longMention!.range)) {
                    outcome.aliases.append(LocalAlias(
                        phrase: definition.shortText, type: longType, id: longId, definition: definition.short))
                } else {
                    outcome.warnings.append(.warning(
                        "definition.contradicts",
                        "the text abbreviates '\(document.text(longMention!.range))' (\(name(longType, longId)), \(longId)) "
                            + "as '\(definition.shortText)', which does not abbreviate it; '\(definition.shortText)' "
                            + "is not taken as an alias",
                        range: TextRange(longMention!.range.start, definition.short.end + 1)))
                }
            case let (nil, (shortType, shortId)?):
                guard let long = definition.long, let longText, longText.split(separator: " ").count >= 2 else { continue }
                outcome.aliases.append(LocalAlias(phrase: longText, type: shortType, id: shortId, definition: long))
            case (nil, nil):
                continue
            }
        }
        return outcome
    }

    func lookup(_ phrase: String) -> (FactType, String)? {
        if let group = patterns.groups.lookup(phrase).first {
            return (.group, patterns.groups.entries[group.entry].id)
        }
        if let place = patterns.places.lookup(phrase).first {
            return (.place, patterns.places.entries[place.entry].id)
        }
        return nil
    }

    func name(_ type: FactType, _ id: String) -> String {
        switch type {
        case .group: patterns.group(id: id)?.name ?? id
        case .place: patterns.place(id: id)?.name ?? id
        default: id
        }
    }
}
