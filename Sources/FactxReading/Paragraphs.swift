import FactxModel
import Foundation

/// One paragraph under construction: its text with whitespace collapsed, and where each piece came from.
struct Paragraph {
    var scalars: [Unicode.Scalar] = []
    /// Segments with `textStart` relative to the paragraph.
    var segments: [SourceMap.Segment] = []
    /// How many of the scalars came from link text (`<a>`), to spot menus and lists of links.
    var linkScalars = 0
    /// The paragraph is a heading.
    var isHeading = false

    var isEmpty: Bool { scalars.isEmpty }
    var string: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count)
        Paragraph.encode(scalars, into: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Appends the UTF-8 form of scalars (building a `String` scalar by scalar is several times slower).
    static func encode(_ scalars: [Unicode.Scalar], into utf8: inout [UInt8]) {
        for scalar in scalars {
            if scalar.value < 0x80 {
                utf8.append(UInt8(scalar.value))
            } else {
                utf8.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
    }
    var wordCount: Int { string.split(whereSeparator: { $0 == " " }).count }
}

/// Collects text pieces into paragraphs, the way every reader needs it: NFC, runs of whitespace collapsed to one
/// space, no leading or trailing space, invisible characters dropped, and a source segment for every piece of text
/// kept unchanged.
struct ParagraphAccumulator {
    private(set) var paragraphs: [Paragraph] = []
    private var current = Paragraph()
    private var pendingSpace = false

    /// Appends a piece of source text. `sourceStart` is the scalar offset of the piece in the decoded source, when
    /// the reader knows it; `line` is the 1-based source line where the piece starts.
    mutating func append(_ piece: some StringProtocol, sourceStart: Int?, line: Int, isLink: Bool = false) {
        // Most pieces are already NFC (ASCII, Latin-1, typographic punctuation): normalizing them through
        // Foundation would only cost time. `exact`: offsets map one to one.
        let normalized: [Unicode.Scalar]
        let exact: Bool
        if piece.unicodeScalars.allSatisfy(ParagraphAccumulator.isNFCStable) {
            normalized = Array(piece.unicodeScalars)
            exact = true
        } else {
            let originalCount = piece.unicodeScalars.count
            normalized = Array(String(piece).precomposedStringWithCanonicalMapping.unicodeScalars)
            exact = normalized.count == originalCount
        }
        var currentLine = line
        for (index, scalar) in normalized.enumerated() {
            if scalar == "\n" { currentLine += 1 }
            if ParagraphAccumulator.isWhitespace(scalar) {
                pendingSpace = !current.isEmpty
                continue
            }
            if ParagraphAccumulator.isInvisible(scalar) { continue }
            if pendingSpace {
                current.scalars.append(" ")
                pendingSpace = false
            }
            let textStart = current.scalars.count
            current.scalars.append(scalar)
            if isLink { current.linkScalars += 1 }
            let source = exact ? sourceStart.map { $0 + index } : nil
            if let last = current.segments.last, last.line == currentLine, last.textStart + last.length == textStart,
               last.sourceStart.map({ lastSource in source.map { lastSource + last.length == $0 } ?? false })
                ?? (source == nil) {
                current.segments[current.segments.count - 1].length += 1
            } else {
                current.segments.append(.init(textStart: textStart, length: 1, sourceStart: source, line: currentLine))
            }
        }
    }

    /// Scalars that NFC never changes, whatever surrounds them (NFC_Quick_Check = Yes, combining class 0): text made
    /// only of them is already NFC.
    static func isNFCStable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x300 || (0x2010...0x2027).contains(scalar.value) || (0x2030...0x205E).contains(scalar.value)
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    mutating func markHeading() { current.isHeading = true }

    /// Ends the current paragraph (a block boundary); empty paragraphs vanish.
    mutating func breakParagraph() {
        if !current.isEmpty { paragraphs.append(current) }
        current = Paragraph()
        pendingSpace = false
    }

    mutating func finish() -> [Paragraph] {
        breakParagraph()
        return paragraphs
    }

    /// Zero-width and formatting characters that carry nothing for extraction (soft hyphens, zero-width spaces,
    /// byte-order marks, other controls).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default:
            let category = scalar.properties.generalCategory
            return category == .control || category == .format && scalar.value != 0x200E && scalar.value != 0x200F
        }
    }

    /// Joins paragraphs with one blank line between them into the document text and its source map.
    static func assemble(_ paragraphs: [Paragraph]) -> (text: String, map: SourceMap) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(paragraphs.reduce(0) { $0 + $1.scalars.count + 2 })
        var map = SourceMap()
        var offset = 0
        for (index, paragraph) in paragraphs.enumerated() {
            if index > 0 {
                utf8.append(0x0A)
                utf8.append(0x0A)
                offset += 2
            }
            for segment in paragraph.segments {
                map.append(.init(
                    textStart: offset + segment.textStart, length: segment.length,
                    sourceStart: segment.sourceStart, line: segment.line))
            }
            Paragraph.encode(paragraph.scalars, into: &utf8)
            offset += paragraph.scalars.count
        }
        return (String(decoding: utf8, as: UTF8.self), map)
    }
}

/// Lines and blocks that are page furniture rather than article text ("View all comments", "Share this:"), and
/// the HTML class and id words that mark furniture containers. Loaded from `Patterns/reading/boilerplate.yaml`.
public struct Boilerplate: Sendable {
    /// Folded (`LooseKey.key`) phrases; a paragraph or line equal to one of them is dropped.
    public var phrases: Set<String>
    /// Words of HTML `class` / `id` values (split at `-` and `_`) that mark a furniture container.
    public var containerWords: Set<String>

    /// The longest phrase, in scalars: longer text is never furniture, and is not folded to find out.
    private let longest: Int

    public init(phrases: [String] = [], containerWords: [String] = []) {
        self.phrases = Set(phrases.map { Boilerplate.fold($0) })
        self.containerWords = Set(containerWords.map { $0.lowercased() })
        self.longest = phrases.map(\.unicodeScalars.count).max() ?? 0
    }

    public func isFurniture(_ paragraph: String) -> Bool {
        // Allow for a trailing count ("Comments (1,234)") and stray spacing.
        guard paragraph.utf8.count <= 4 * longest + 16 else { return false }
        return phrases.contains(Boilerplate.fold(paragraph))
    }

    /// Folds a line for comparison: loose key, spaces collapsed, trailing counts and punctuation dropped
    /// ("View all 12 comments" stays, "Comments (3)" becomes "comments").
    static func fold(_ text: String) -> String {
        var key: String
        if let quick = quickKey(text) {
            key = collapseASCIISpaces(quick)
        } else {
            key = LooseKey.key(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        while let last = key.last, last.isNumber || "():.;,!?»›>|".contains(last) || last == " " {
            key.removeLast()
        }
        return key
    }
}

extension Boilerplate {
    /// `LooseKey.key` for text of ASCII and the typographic punctuation of news pages, which it maps without
    /// Foundation's compatibility decomposition (slow on Linux); nil for any other text. Same result, by
    /// construction: those scalars have no decomposition but U+00A0 (a space), and LooseKey maps apostrophes to
    /// `'`, dashes to `-`, and lowercases the rest.
    static func quickKey(_ text: String) -> String? {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x60, 0x2018, 0x2019: utf8.append(0x27)
            case 0x41...0x5A: utf8.append(UInt8(scalar.value + 0x20))
            case 0..<0x80: utf8.append(UInt8(scalar.value))
            case 0xA0: utf8.append(0x20)
            case 0x2013, 0x2014: utf8.append(0x2D)
            case 0x201C, 0x201D: utf8.append(contentsOf: UTF8.encode(scalar)!)
            default: return nil
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Whitespace runs to one space, none at either end, for text whose only whitespace is ASCII (what
    /// `quickKey` returns): the same as splitting at whitespace characters and joining with spaces.
    static func collapseASCIISpaces(_ text: String) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(text.utf8.count)
        var pending = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pending = !utf8.isEmpty
                continue
            }
            if pending {
                utf8.append(0x20)
                pending = false
            }
            utf8.append(byte)
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
