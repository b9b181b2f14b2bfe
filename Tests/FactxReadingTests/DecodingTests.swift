import FactxModel
@testable import FactxReading
import Testing

@Suite struct DecodingTests {
    let sample = "At least 54 persons were killed in Bajaur on July 30 — ISKP’s “attack”."

    @Test func readsUTF8WithAndWithoutMark() throws {
        let plain = try TextDecoding.decode(Array(sample.utf8))
        #expect(plain.text == sample && plain.encoding == "utf-8" && plain.warnings.isEmpty)
        let marked = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(sample.utf8))
        #expect(marked.text == sample)
    }

    @Test func readsUTF16WithMarks() throws {
        let little: [UInt8] = [0xFF, 0xFE] + sample.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] }
        let big: [UInt8] = [0xFE, 0xFF] + sample.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] as [UInt8] }
        #expect(try TextDecoding.decode(little).text == sample)
        #expect(try TextDecoding.decode(big).text == sample)
    }

    @Test func recognizesUTF16WithoutAMarkAndSaysSo() throws {
        let text = "Quetta hospital attack, August 2016"
        let decoded = try TextDecoding.decode(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] as [UInt8] })
        #expect(decoded.text == text)
        #expect(decoded.warnings.map(\.code) == ["decode.utf16-unmarked"])
    }

    @Test func fallsBackToWindows1252WithAWarning() throws {
        // “Quetta” – café in Windows-1252
        let bytes: [UInt8] = [0x93] + Array("Quetta".utf8) + [0x94, 0x20, 0x96, 0x20] + Array("caf".utf8) + [0xE9]
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == "“Quetta” – café")
        #expect(decoded.encoding == "windows-1252")
        #expect(decoded.warnings.map(\.code) == ["decode.windows-1252"])
    }

    @Test func honoursADeclaredCharsetAndCatchesOneThatLies() throws {
        let latin: [UInt8] = Array("Pe".utf8) + [0xF1] + Array("a".utf8)  // Peña in Latin-1
        #expect(try TextDecoding.decode(latin, declared: "iso-8859-1").text == "Peña")
        let koi8: [UInt8] = [0xEB, 0xC1, 0xC2, 0xD5, 0xCC]  // Кабул in KOI8-R
        #expect(try TextDecoding.decode(koi8, declared: "koi8-r").text == "Кабул")
        let lying = try TextDecoding.decode(Array("Peña".utf8), declared: "windows-1252")
        #expect(lying.text == "Peña")
        #expect(lying.warnings.map(\.code) == ["decode.charset-mismatch"])
        let unknown = try TextDecoding.decode(Array("Kabul".utf8), declared: "x-no-such-charset")
        #expect(unknown.text == "Kabul" && unknown.warnings.map(\.code) == ["decode.unknown-charset"])
    }

    @Test(arguments: [
        (Array("%PDF-1.7\n".utf8), "PDF"), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG"),
        ([0x41, 0x00, 0x00, 0x42, 0x43, 0x00, 0x44, 0x45], "NUL"),
    ])
    func refusesBinaryContent(_ bytes: [UInt8], _ word: String) {
        #expect {
            try TextDecoding.decode(bytes)
        } throws: { error in
            (error as? DecodingError)?.code == "read.binary" && (error as? DecodingError)?.message.contains(word) == true
        }
    }
}
