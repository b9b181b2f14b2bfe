import Foundation

/// The loose form of text that names are matched in: case, diacritics, apostrophe styles, hyphens and dashes
/// folded away.
///
/// The same functions key the words of the document (one token at a time) and the names of the gazetteers and
/// alias tables (one phrase at a time), so that "Khyber-Pakhtunkhwa", "Khyber Pakhtunkhwa" and
/// "KHYBER PAKHTUNKHWA" meet, and "ISKP’s" meets "ISKP" followed by the possessive "'s".
public enum LooseKey {
    /// The key of one token: lower case, no diacritics, every apostrophe written `'`.
    public static func key(_ text: some StringProtocol) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x60 }) {
            return text.lowercased()
        }
        var output = String.UnicodeScalarView()
        let decomposed = String(text).decomposedStringWithCompatibilityMapping
        for scalar in decomposed.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if apostrophes.contains(scalar) {
                output.append("'")
            } else if dashes.contains(scalar) {
                output.append("-")
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(output)
    }

    /// Whether a token's text has no lower-case letter (acronym-only aliases match only such tokens).
    public static func hasNoLowercase(_ text: some StringProtocol) -> Bool {
        !text.unicodeScalars.contains { $0.properties.isLowercase }
    }

    /// The word keys of a phrase, split the way the segmenter splits text into word tokens: at spaces, hyphens,
    /// dashes and punctuation, keeping apostrophes and periods between letters ("U.S", "don't"), and splitting a
    /// possessive "'s" into a word of its own.
    public static func words(_ phrase: some StringProtocol) -> [Word] {
        let text = String(phrase)
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(Array(text.utf8)) }
        return scalarWords(text)
    }

    /// `words` of any phrase, scalar by scalar.
    static func scalarWords(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        // ASCII is its own canonical composition: skip Foundation's (most gazetteer names are ASCII).
        let scalars = Array((text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping).unicodeScalars)
        func flush() {
            guard !current.isEmpty else { return }
            words.append(contentsOf: splitPossessive(current))
            current = ""
        }
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                current.unicodeScalars.append(scalar)
            } else if (apostrophes.contains(scalar) || scalar == "."), !current.isEmpty,
                      index + 1 < scalars.count, isWordScalar(scalars[index + 1]) {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// `words` of an ASCII phrase, on its bytes: the same splitting, keys and possessives without building a
    /// scalar array and a `String` a scalar at a time (the gazetteer has tens of thousands of names).
    static func asciiWords(_ bytes: [UInt8]) -> [Word] {
        func isWord(_ byte: UInt8) -> Bool {
            (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
        }
        func word(_ slice: ArraySlice<UInt8>) -> Word {
            var key: [UInt8] = []
            key.reserveCapacity(slice.count)
            var noLowercase = true
            for byte in slice {
                if (0x61...0x7A).contains(byte) { noLowercase = false }
                key.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte == 0x60 ? 0x27 : byte)
            }
            return Word(key: String(decoding: key, as: UTF8.self), hasNoLowercase: noLowercase)
        }
        var words: [Word] = []
        var start = -1
        func flush(_ end: Int) {
            guard start >= 0 else { return }
            let slice = bytes[start..<end]
            start = -1
            // A trailing possessive "'s" (either ASCII apostrophe) is a word of its own (`splitPossessive`).
            if slice.count >= 3, slice[end - 1] == 0x73 || slice[end - 1] == 0x53,
               slice[end - 2] == 0x27 || slice[end - 2] == 0x60 {
                words.append(word(slice.dropLast(2)))
                words.append(Word(key: "'s", hasNoLowercase: false))
            } else {
                words.append(word(slice))
            }
        }
        for index in bytes.indices {
            let byte = bytes[index]
            if isWord(byte) {
                if start < 0 { start = index }
            } else if byte == 0x27 || byte == 0x60 || byte == 0x2E, start >= 0, index + 1 < bytes.count,
                      isWord(bytes[index + 1]) {
                continue
            } else {
                flush(index)
            }
        }
        flush(bytes.count)
        return words
    }

    /// One word of a phrase: its key and whether it was written with no lower-case letter.
    public struct Word: Hashable, Sendable {
        public var key: String
        public var hasNoLowercase: Bool
    }

    /// Splits a trailing possessive `'s` (any apostrophe) off a word; used for phrases and tokens alike.
    public static func possessiveSplit(_ text: some StringProtocol) -> Int? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars[scalars.count - 1] == "s" || scalars[scalars.count - 1] == "S",
              apostrophes.contains(scalars[scalars.count - 2]) else { return nil }
        return scalars.count - 2
    }

    static func splitPossessive(_ word: String) -> [Word] {
        if let cut = possessiveSplit(word) {
            let scalars = Array(word.unicodeScalars)
            let base = String(String.UnicodeScalarView(scalars[..<cut]))
            return [Word(key: key(base), hasNoLowercase: hasNoLowercase(base)), Word(key: "'s", hasNoLowercase: false)]
        }
        return [Word(key: key(word), hasNoLowercase: hasNoLowercase(word))]
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
    }

    public static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "\u{02BB}", "`", "\u{00B4}"]
    public static let dashes: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE58}", "\u{FE63}", "\u{FF0D}",
    ]

    /// Whether a scalar may sit between two words of one name ("Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa").
    public static func isNameGap(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\t" || dashes.contains(scalar)
    }
}
