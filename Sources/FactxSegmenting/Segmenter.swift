import FactxModel

/// The segmentation stage: a document in, its paragraphs, sentences (ICU, corrected by an abbreviation list) and
/// word tokens (ICU, with loose matching keys) out. All offsets are Unicode scalars of the document text.
public struct Segmenter: Sendable {
    /// Lower-case abbreviations with their final period ("dr.", "gen.", "u.s."): a sentence never ends on one.
    public var abbreviations: Set<String>

    public init(abbreviations: some Sequence<String> = []) {
        self.abbreviations = Set(abbreviations.map { $0.lowercased() })
    }

    public func segment(_ document: Document) -> SegmentedDocument {
        let index = TextIndex(document.text)
        let paragraphs = Segmenter.paragraphs(index)
        let sentenceRanges = sentences(index, paragraphs: paragraphs)
        var sentences: [Sentence] = []
        var paragraph = 0
        for range in sentenceRanges {
            while paragraph + 1 < paragraphs.count, paragraphs[paragraph].end <= range.start { paragraph += 1 }
            sentences.append(Sentence(index: sentences.count, range: range, paragraph: paragraph))
        }
        let tokens = Segmenter.tokens(index, sentences: sentences)
        return SegmentedDocument(
            document: document, index: index, paragraphs: paragraphs, sentences: sentences, tokens: tokens)
    }

    /// Paragraphs are the runs of text between blank lines (readers separate them with "\n\n").
    static func paragraphs(_ index: TextIndex) -> [TextRange] {
        var result: [TextRange] = []
        var start: Int?
        var newlines = 0
        var scalarOffset = 0
        for scalar in index.text.unicodeScalars {
            if scalar == "\n" {
                newlines += 1
            } else {
                if newlines >= 2, let begin = start {
                    result.append(TextRange(begin, trimmedEnd(index, begin, scalarOffset)))
                    start = nil
                }
                newlines = 0
                if start == nil, !scalar.properties.isWhitespace { start = scalarOffset }
            }
            scalarOffset += 1
        }
        if let begin = start { result.append(TextRange(begin, trimmedEnd(index, begin, scalarOffset))) }
        return result
    }

    private static func trimmedEnd(_ index: TextIndex, _ start: Int, _ end: Int) -> Int {
        var utf16End = index.utf16Offset(scalar: end)
        let utf16Start = index.utf16Offset(scalar: start)
        while utf16End > utf16Start, isSpace(index.utf16[utf16End - 1]) { utf16End -= 1 }
        return index.scalarOffset(utf16: utf16End)
    }

    static func isSpace(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x0A || unit == 0x0D || unit == 0x09 || unit == 0xA0
    }

    /// ICU sentences inside each paragraph, trimmed, with breaks after abbreviations undone.
    func sentences(_ index: TextIndex, paragraphs: [TextRange]) -> [TextRange] {
        let boundaries = BreakIteratorPool.shared.withIterator(.sentence) { $0.boundaries(index.utf16) }.map(\.offset)
        var result: [TextRange] = []
        // Paragraphs and boundaries are both in text order: one pass over the boundaries, not one per paragraph
        // (a page of 100,000 one-line paragraphs made this quadratic).
        var next = 0
        for paragraph in paragraphs {
            let start16 = index.utf16Offset(scalar: paragraph.start)
            let end16 = index.utf16Offset(scalar: paragraph.end)
            while next < boundaries.count, boundaries[next] <= start16 { next += 1 }
            var inside = next
            while inside < boundaries.count, boundaries[inside] < end16 { inside += 1 }
            var cuts = [start16] + boundaries[next..<inside] + [end16]
            next = inside
            cuts = cuts.enumerated().filter { position, cut in
                position == 0 || position == cuts.count - 1 || !endsWithAbbreviation(index, before: cut)
            }.map(\.element)
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                var a = from
                var b = to
                while a < b, Segmenter.isSpace(index.utf16[a]) { a += 1 }
                while b > a, Segmenter.isSpace(index.utf16[b - 1]) { b -= 1 }
                for (pieceStart, pieceEnd) in Segmenter.bounded(a, b, index) {
                    result.append(index.scalarRange(utf16: pieceStart, pieceEnd))
                }
            }
        }
        return result
    }

    /// The longest sentence, in UTF-16 units: about ten times the longest sentence of real news prose.
    public static let maximumSentenceLength = 2_000

    /// A sentence cut into pieces of at most `maximumSentenceLength` units, at the last space before the limit (or
    /// at the limit, between two scalars, when there is none). Rules work on one sentence at a time, and some look
    /// around each anchor within its sentence: a "sentence" of 200,000 characters without a period (a list, a
    /// table flattened into text, a hostile page) would make that work grow with the square of the document.
    static func bounded(_ start: Int, _ end: Int, _ index: TextIndex) -> [(Int, Int)] {
        var pieces: [(Int, Int)] = []
        var a = start
        while end - a > maximumSentenceLength {
            let limit = a + maximumSentenceLength
            var cut = limit
            while cut > a + maximumSentenceLength / 2, !isSpace(index.utf16[cut]) { cut -= 1 }
            if !isSpace(index.utf16[cut]) {
                cut = limit
                if UTF16.isTrailSurrogate(index.utf16[cut]) { cut -= 1 }
            }
            var b = cut
            while b > a, isSpace(index.utf16[b - 1]) { b -= 1 }
            if a < b { pieces.append((a, b)) }
            a = cut
            while a < end, isSpace(index.utf16[a]) { a += 1 }
        }
        if a < end { pieces.append((a, end)) }
        return pieces
    }

    /// Whether the text just before a sentence break ends with a listed abbreviation ("Gen. Asim" must not split).
    func endsWithAbbreviation(_ index: TextIndex, before cut: Int) -> Bool {
        guard !abbreviations.isEmpty else { return false }
        var end = cut
        while end > 0, Segmenter.isSpace(index.utf16[end - 1]) { end -= 1 }
        guard end > 0, index.utf16[end - 1] == 0x2E else { return false }  // "."
        var start = end - 1
        while start > 0, !Segmenter.isSpace(index.utf16[start - 1]), index.utf16[start - 1] != 0x28 { start -= 1 }
        let word = LooseKey.key(index.substring(utf16: start..<end))
        return abbreviations.contains(word)
    }

    /// ICU word tokens (words, numbers and punctuation; no whitespace), possessive "'s" split off.
    static func tokens(_ index: TextIndex, sentences: [Sentence]) -> [Token] {
        let boundaries = BreakIteratorPool.shared.withIterator(.word) { $0.boundaries(index.utf16) }
        var tokens: [Token] = []
        tokens.reserveCapacity(boundaries.count / 2)
        var sentence = 0
        for (previous, boundary) in zip(boundaries, boundaries.dropFirst()) {
            let range16 = previous.offset..<boundary.offset
            guard !range16.isEmpty else { continue }
            let kind: Token.Kind
            switch boundary.status {
            case 100..<200: kind = .number
            case 200...: kind = .word
            default:
                if range16.allSatisfy({ isSpace(index.utf16[$0]) || index.utf16[$0] == 0x3000 }) { continue }
                kind = .punctuation
            }
            let range = index.scalarRange(utf16: range16.lowerBound, range16.upperBound)
            while sentence + 1 < sentences.count, sentences[sentence + 1].range.start <= range.start { sentence += 1 }
            let text = index.substring(utf16: range16)
            if kind == .word, let cut = LooseKey.possessiveSplit(text) {
                // "ISKP’s" → "ISKP" + "’s"
                let cut16 = range16.lowerBound + String(String.UnicodeScalarView(Array(text.unicodeScalars)[..<cut])).utf16.count
                let base = index.substring(utf16: range16.lowerBound..<cut16)
                tokens.append(Token(
                    range: TextRange(range.start, range.start + cut), utf16: range16.lowerBound..<cut16, kind: .word,
                    key: LooseKey.key(base), hasNoLowercase: LooseKey.hasNoLowercase(base), sentence: sentence))
                tokens.append(Token(
                    range: TextRange(range.start + cut, range.end), utf16: cut16..<range16.upperBound, kind: .word,
                    key: "'s", hasNoLowercase: false, sentence: sentence))
                continue
            }
            tokens.append(Token(
                range: range, utf16: range16, kind: kind, key: LooseKey.key(text),
                hasNoLowercase: LooseKey.hasNoLowercase(text), sentence: sentence))
        }
        return tokens
    }
}
