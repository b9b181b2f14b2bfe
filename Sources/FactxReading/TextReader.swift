import FactxModel

/// Reads a plain-text article: paragraphs are separated by blank lines, lines inside a paragraph are joined (soft
/// wrap), lines of page furniture are dropped, and a short first line standing alone is taken as the title.
public struct TextReader: Sendable {
    public var boilerplate: Boilerplate

    public init(boilerplate: Boilerplate = Boilerplate()) {
        self.boilerplate = boilerplate
    }

    public func read(bytes: [UInt8], id: String) throws(DecodingError) -> Document {
        let decoded = try TextDecoding.decode(bytes)
        var document = read(text: decoded.text, id: id)
        document.warnings = decoded.warnings + document.warnings
        return document
    }

    /// Reads already decoded text (also used for JSON-lines documents).
    public func read(text: String, id: String, reader: String = "txt") -> Document {
        var accumulator = ParagraphAccumulator()
        var offset = 0
        var lineNumber = 1
        var lineCount = 0
        var firstParagraphLines = 0
        var paragraphIndex = 0
        // Lines end at "\n" scalars: split by Character, "\r\n" is one character and a CRLF file would be one line.
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.count
            defer {
                offset += length + 1
                lineNumber += 1
            }
            let content = Substring(line.last == "\r" ? line.dropLast() : line)
            if content.unicodeScalars.allSatisfy({ ParagraphAccumulator.isWhitespace($0) }) {
                if lineCount > 0 { paragraphIndex += 1 }
                accumulator.breakParagraph()
                lineCount = 0
                continue
            }
            if boilerplate.isFurniture(String(content)) { continue }
            accumulator.append(content, sourceStart: offset, line: lineNumber)
            // Soft wrap: the next line of the same paragraph continues after a space.
            accumulator.append(" ", sourceStart: nil, line: lineNumber)
            lineCount += 1
            if paragraphIndex == 0 { firstParagraphLines = lineCount }
        }
        let paragraphs = accumulator.finish()
        let (body, map) = ParagraphAccumulator.assemble(paragraphs)
        return Document(
            id: id, title: TextReader.title(paragraphs, firstParagraphLines: firstParagraphLines), text: body,
            reader: reader, sourceMap: map)
    }

    /// A first paragraph of one short line, without sentence punctuation at its end, followed by more text, is a
    /// headline.
    static func title(_ paragraphs: [Paragraph], firstParagraphLines: Int) -> String? {
        guard paragraphs.count > 1, firstParagraphLines == 1, let first = paragraphs.first else { return nil }
        let text = first.string
        guard text.unicodeScalars.count <= 200, let last = text.last, !".:;,".contains(last) else { return nil }
        return text
    }
}
