import CICU
import FactxModel
import Foundation

/// Turns a file's bytes into text: byte-order marks, UTF-8 validation, declared character sets (through ICU's
/// converters, which know every common encoding) and the Windows-1252 fall-back, each with the warning a reviewer
/// needs.
public enum TextDecoding {
    public struct Decoded: Sendable {
        public var text: String
        /// The encoding actually used (lower-case label).
        public var encoding: String
        public var warnings: [Diagnostic]
    }

    /// What a file's first bytes say it is when it is not text.
    public static func binarySignature(_ bytes: [UInt8]) -> String? {
        func starts(with prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(with: Array("%PDF".utf8)) { return "a PDF document" }
        if starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "a PNG image" }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
        if starts(with: Array("GIF8".utf8)) { return "a GIF image" }
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive (or an Office document)" }
        if starts(with: [0x1F, 0x8B]) { return "gzip-compressed data" }
        if starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "an executable (ELF)" }
        if starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Office document" }
        return nil
    }

    /// Decodes bytes, honouring a byte-order mark first, then `declared` (an encoding label from the file itself,
    /// such as an HTML `<meta charset>`), then UTF-8, then Windows-1252.
    /// Throws when the bytes are not text at all.
    public static func decode(_ bytes: [UInt8], declared: String? = nil) throws(DecodingError) -> Decoded {
        if let signature = binarySignature(bytes) {
            throw DecodingError(code: "read.binary", message: "binary content: the file is \(signature)")
        }
        // Byte-order marks win over everything else.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try decodeUTF8OrFallBack(Array(bytes.dropFirst(3)), label: "utf-8", declared: declared)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return Decoded(text: try icu(Array(bytes.dropFirst(2)), "utf-16le"), encoding: "utf-16le", warnings: [])
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return Decoded(text: try icu(Array(bytes.dropFirst(2)), "utf-16be"), encoding: "utf-16be", warnings: [])
        }
        if let utf16 = utf16WithoutMark(bytes) {
            return Decoded(
                text: try icu(bytes, utf16), encoding: utf16,
                warnings: [.warning("decode.utf16-unmarked", "no byte-order mark; the bytes read as \(utf16.uppercased())")]
            )
        }
        if bytes.contains(0) {
            throw DecodingError(code: "read.binary", message: "binary content: the file holds NUL bytes")
        }
        var warnings: [Diagnostic] = []
        if let declared, let label = canonicalLabel(declared), label != "utf-8" {
            if isSingleByteLatin(label), hasMultiByteUTF8(bytes), let text = String(validating: bytes, as: UTF8.self) {
                warnings.append(.warning(
                    "decode.charset-mismatch",
                    "the page declares \(declared) but its bytes are UTF-8; read as UTF-8"))
                return Decoded(text: text, encoding: "utf-8", warnings: warnings)
            }
            if factx_charset_known(label) == 1 {
                var substitutions = 0
                let text = try icu(bytes, label, substitutions: &substitutions)
                if substitutions > 0 {
                    warnings.append(.warning(
                        "decode.substituted",
                        "\(substitutions) byte sequence(s) invalid in \(declared) were replaced by U+FFFD"))
                }
                return Decoded(text: text, encoding: label, warnings: warnings)
            }
            warnings.append(.warning("decode.unknown-charset", "unknown declared charset '\(declared)'; guessed instead"))
        }
        var decoded = try decodeUTF8OrFallBack(bytes, label: "utf-8", declared: declared)
        decoded.warnings.insert(contentsOf: warnings, at: 0)
        return decoded
    }

    static func decodeUTF8OrFallBack(_ bytes: [UInt8], label: String, declared: String?) throws(DecodingError) -> Decoded {
        if let text = String(validating: bytes, as: UTF8.self) {
            return Decoded(text: text, encoding: "utf-8", warnings: [])
        }
        let what = declared.map { "declared as \($0) but is not valid UTF-8" } ?? "not valid UTF-8"
        return Decoded(
            text: try icu(bytes, "windows-1252"), encoding: "windows-1252",
            warnings: [.warning("decode.windows-1252", "the file is \(what); decoded as Windows-1252")]
        )
    }

    /// Maps an encoding label to the one factx decodes with, following the WHATWG Encoding Standard where it
    /// differs from IANA (every Latin-1 and ASCII label means Windows-1252 on the web).
    public static func canonicalLabel(_ label: String) -> String? {
        let cleaned = label.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased()
        guard !cleaned.isEmpty else { return nil }
        switch cleaned {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1", "cp819", "ibm819", "us-ascii", "ascii",
             "windows-1252", "cp1252", "x-cp1252", "iso-ir-100", "csisolatin1", "iso_8859-1:1987":
            return "windows-1252"
        case "utf-16", "utf-16le": return "utf-16le"
        case "utf-16be": return "utf-16be"
        default: return cleaned
        }
    }

    static func isSingleByteLatin(_ label: String) -> Bool {
        label == "windows-1252" || label.hasPrefix("iso-8859") || label.hasPrefix("windows-125")
    }

    static func hasMultiByteUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0xC2 && $0 <= 0xF4 }
    }

    /// Recognizes UTF-16 text without a byte-order mark by its zero bytes: ASCII-range text in UTF-16 has a zero in
    /// every other byte.
    static func utf16WithoutMark(_ bytes: [UInt8]) -> String? {
        let sample = bytes.prefix(4096)
        guard sample.count >= 4, sample.count % 2 == 0 || sample.count == 4096 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        let pairs = sample.count / 2
        if oddZeros * 10 >= pairs * 7, evenZeros * 10 <= pairs { return "utf-16le" }
        if evenZeros * 10 >= pairs * 7, oddZeros * 10 <= pairs { return "utf-16be" }
        // Text in a non-Latin script has zero bytes only in its spaces, digits and ASCII punctuation, all on one
        // side: it is UTF-16 when it then decodes to letters, not to controls or broken surrogates.
        if evenZeros == 0, oddZeros > 0, readsAsText(sample, bigEndian: false) { return "utf-16le" }
        if oddZeros == 0, evenZeros > 0, readsAsText(sample, bigEndian: true) { return "utf-16be" }
        return nil
    }

    /// Whether bytes decode as UTF-16 to text in one script: no controls but tab and line breaks, no lone
    /// surrogates (but one cut off at the end of the sample), at least half letters. (Chinese or Japanese without a
    /// byte-order mark has too few zero bytes to tell, and is refused as binary.)
    static func readsAsText(_ sample: ArraySlice<UInt8>, bigEndian: Bool) -> Bool {
        var units: [UInt16] = []
        units.reserveCapacity(sample.count / 2)
        var index = sample.startIndex
        while index + 1 < sample.endIndex {
            let (first, second) = (UInt16(sample[index]), UInt16(sample[index + 1]))
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        if let last = units.last, UTF16.isLeadSurrogate(last) { units.removeLast() }
        // Zeros in at least one unit of twenty (spaces), and the other units mostly in one block of 256 code points
        // (one script): ASCII or UTF-8 bytes read in pairs scatter over dozens of blocks.
        var blocks: [UInt16: Int] = [:]
        var zeros = 0
        for unit in units {
            if unit >> 8 == 0 { zeros += 1 } else { blocks[unit >> 8, default: 0] += 1 }
        }
        let nonASCII = units.count - zeros
        guard zeros * 20 >= units.count, nonASCII > 0, (blocks.values.max() ?? 0) * 10 >= nonASCII * 6 else { return false }
        var letters = 0
        var total = 0
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                total += 1
                if scalar.properties.generalCategory == .control, !["\t", "\n", "\r"].contains(scalar) { return false }
                if scalar.properties.isAlphabetic { letters += 1 }
            case .emptyInput:
                return total > 0 && letters * 2 >= total
            case .error:
                return false
            }
        }
    }

    static func icu(_ bytes: [UInt8], _ label: String) throws(DecodingError) -> String {
        var substitutions = 0
        return try icu(bytes, label, substitutions: &substitutions)
    }

    static func icu(_ bytes: [UInt8], _ label: String, substitutions: inout Int) throws(DecodingError) -> String {
        guard bytes.count < Int(Int32.max) else { throw DecodingError(code: "read.too-large", message: "file too large") }
        if bytes.isEmpty { return "" }
        var status: Int32 = 0
        var substituted: Int32 = 0
        let needed = bytes.withUnsafeBufferPointer { input in
            factx_decode(label, input.baseAddress, Int32(input.count), nil, 0, &substituted, &status)
        }
        guard needed >= 0 else {
            throw DecodingError(code: "read.decode", message: "cannot decode as \(label) (ICU error \(status))")
        }
        var units = [UInt16](repeating: 0, count: Int(needed))
        let written = bytes.withUnsafeBufferPointer { input in
            units.withUnsafeMutableBufferPointer { output in
                factx_decode(label, input.baseAddress, Int32(input.count), output.baseAddress, needed, &substituted, &status)
            }
        }
        guard written >= 0 else {
            throw DecodingError(code: "read.decode", message: "cannot decode as \(label) (ICU error \(status))")
        }
        substitutions = Int(substituted)
        return String(decoding: units.prefix(Int(written)), as: UTF16.self)
    }
}

/// Why bytes could not be read as text.
public struct DecodingError: Error, Hashable, Sendable {
    public var code: String
    public var message: String
}
