@testable import FactxModel
import Foundation
import Testing

@Suite struct JSONTests {
    @Test func serializesInFixedOrderWithEscapes() {
        let value = JSONValue.object([
            "b": .string("line\nbreak \"quoted\" \\ / é ’"),
            "a": .array([.int(-3), .double(2.5), .double(30), .bool(true), .null]),
            "c": .string("\u{01}\u{2028}"),
        ])
        #expect(value.serialized == #"{"b":"line\nbreak \"quoted\" \\ / é ’","a":[-3,2.5,30,true,null],"c":"\u0001\u2028"}"#)
    }

    @Test func parsesWhatItWrites() throws {
        let text = #"{"doc":"a/b.txt","n":[1,2.25,-0.5e1],"ok":false,"none":null,"s":"\u00e9\ud83d\ude00\n"}"#
        let value = try JSONValue.parse(text)
        #expect(value["doc"]?.stringValue == "a/b.txt")
        #expect(value["n"]?.arrayValue?.compactMap(\.doubleValue) == [1, 2.25, -5])
        #expect(value["ok"]?.boolValue == false)
        #expect(value["none"]?.isNull == true)
        #expect(value["s"]?.stringValue == "é😀\n")
        #expect(try JSONValue.parse(value.serialized) == value)
        #expect(JSONValue.int(30) == .double(30) && Set([JSONValue.int(30), .double(30)]).count == 1)
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1 2", "{\"a\":01x}"])
    func refusesBrokenJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }
}

@Suite struct CalendarDateTests {
    @Test func dayNumbersRoundTrip() {
        for day in stride(from: -800_000, through: 100_000, by: 997) {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CalendarDate(year: 2023, month: 7, day: 30).weekday == 7)  // a Sunday
        #expect(CalendarDate(year: 2024, month: 2, day: 29).adding(years: 1).iso == "2025-02-28")
        #expect(CalendarDate(year: 2023, month: 1, day: 31).adding(months: -2).iso == "2022-11-30")
    }

    @Test func parsesISODatesAndTimestamps() {
        #expect(CalendarDate(iso: "2023-08-07")?.iso == "2023-08-07")
        #expect(CalendarDate(iso: "2023-08-07T09:30:00+05:00")?.iso == "2023-08-07")
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2023-8-7") == nil)
    }
}

@Suite struct TextIndexTests {
    @Test func convertsBetweenUTF16AndScalars() {
        let index = TextIndex("a😀b é")
        #expect(index.scalarCount == 5)
        #expect(index.scalarOffset(utf16: 3) == 2)
        #expect(index.utf16Offset(scalar: 2) == 3)
        #expect(index.substring(TextRange(1, 3)) == "😀b")
    }
}

@Suite struct LooseKeyTests {
    @Test func foldsCaseDiacriticsApostrophesAndHyphens() {
        #expect(LooseKey.key("Ṭayyiba") == "tayyiba")
        #expect(LooseKey.key("State’s") == "state's")
        #expect(LooseKey.words("Khyber-Pakhtunkhwa").map(\.key) == ["khyber", "pakhtunkhwa"])
        #expect(LooseKey.words("Islamic State’s Pakistan Province").map(\.key) == ["islamic", "state", "'s", "pakistan", "province"])
        #expect(LooseKey.words("U.S.-Taliban").map(\.key) == ["u.s", "taliban"])
        #expect(LooseKey.words("KP").first?.hasNoLowercase == true)
    }

    /// The byte-level reading of ASCII phrases gives the words of the scalar-level one, on every name and alias
    /// of the gazetteer and on the apostrophe, period and possessive cases.
    @Test func asciiPhrasesReadAsTheScalarPath() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let gazetteer = try String(contentsOf: url.appendingPathComponent("Patterns/places/gazetteer.jsonl"), encoding: .utf8)
        var phrases = [
            "ISKP's", "ISKP`S", "don't", "U.S.", "U.S.-Taliban", "'s", "a's", "x`y", "rock 'n' roll", "St. John's",
            "1st Battalion", "F-16s", "...", "", "  Dera  Ismail  Khan ", "Dasht-e-Barchi", "O'Neill's", "AbC.d",
        ]
        for line in gazetteer.split(separator: "\n") {
            guard case .object(let members)? = try? JSONValue.parse(String(line)) else { continue }
            for member in members where member.key == "name" || member.key == "aliases" {
                if let name = member.value.stringValue { phrases.append(name) }
                for alias in member.value.arrayValue ?? [] { if let name = alias.stringValue { phrases.append(name) } }
            }
        }
        let ascii = phrases.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        #expect(ascii.count > 40_000)
        for phrase in ascii {
            #expect(LooseKey.asciiWords(Array(phrase.utf8)) == LooseKey.scalarWords(phrase), "\(phrase)")
        }
    }
}
