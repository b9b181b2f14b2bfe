import FactxModel
@testable import FactxReading
import Foundation
import Testing

/// Line endings, and the reader's fast paths against the general ones they stand in for.
@Suite struct ReadingFastPathTests {
    @Test func crlfTextKeepsItsParagraphsAndTitle() {
        let reader = TextReader()
        let unix = reader.read(text: "Title here\n\nFirst line\nsecond line.\n\nLast.\n", id: "a.txt")
        let windows = reader.read(text: "Title here\r\n\r\nFirst line\r\nsecond line.\r\n\r\nLast.\r\n", id: "a.txt")
        #expect(windows.text == "Title here\n\nFirst line second line.\n\nLast.")
        #expect(windows.text == unix.text && windows.title == "Title here")
    }

    @Test func crlfJSONLinesAreLines() throws {
        let lines = try JSONLinesReader.lines(of: Array("{\"id\":\"a\",\"text\":\"x\"}\r\n\r\n{\"id\":\"b\",\"text\":\"y\"}\r\n".utf8), file: "f").map { try $0.get() }
        #expect(lines.map(\.number) == [1, 3])
        #expect(lines.map(\.text) == [#"{"id":"a","text":"x"}"#, #"{"id":"b","text":"y"}"#])
    }

    static let samples = [
        "Share this", "  Comments (1,234) ", "View all 12 comments", "It’s the “Read more” link — isn’t it?",
        "Tab\tand\u{00A0}no-break space", "`backtick` and 'quotes'", "Ünïcödé café", "e\u{301}te\u{301}", "ﬁne ligature",
        "Ἀθῆναι", "İstanbul", "Straße", "\u{2026} ellipsis", "dash \u{2015} bar", "ISKP’S", "",
    ]

    @Test(arguments: samples)
    func quickKeyIsLooseKeyWhereItAnswers(_ text: String) {
        if let quick = Boilerplate.quickKey(text) {
            #expect(quick == LooseKey.key(text))
            #expect(Boilerplate.collapseASCIISpaces(quick) == quick.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        }
    }

    @Test(arguments: samples)
    func theNFCFastPathChangesNothing(_ text: String) {
        var accumulator = ParagraphAccumulator()
        accumulator.append(text, sourceStart: 0, line: 1)
        let fast = accumulator.finish().map(\.string)
        // The general path: normalize first (NFC is idempotent), then collapse as the accumulator does.
        var general = ParagraphAccumulator()
        general.append(text.precomposedStringWithCanonicalMapping, sourceStart: nil, line: 1)
        #expect(fast == general.finish().map(\.string))
        if text.unicodeScalars.allSatisfy(ParagraphAccumulator.isNFCStable) {
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars))
        }
    }
}
