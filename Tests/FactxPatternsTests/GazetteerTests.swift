import FactxModel
@testable import FactxPatterns
import FactxTestSupport
import Foundation
import Testing

/// The generated gazetteer (Patterns/places/gazetteer.jsonl, scripts/build_gazetteer.py) as the extractors see it.
@Suite struct GazetteerTests {
    /// Every place of the 27-entry bootstrap gazetteer it replaced (the casualty and attack-count corpora and the
    /// gold name them) still has an entry of the same name, country and province.
    @Test func thePlacesOfTheBootstrapGazetteerStillResolve() {
        let places: [(name: String, country: String, admin1: String?)] = [
            ("Afghanistan", "AF", nil), ("Kabul", "AF", "Kabul"), ("Khost", "AF", "Khost"), ("Kunar", "AF", "Kunar"),
            ("Nangarhar", "AF", "Nangarhar"), ("Iraq", "IQ", nil), ("Baghdad", "IQ", "Baghdad"), ("Nigeria", "NG", nil),
            ("Borno", "NG", "Borno"), ("Pakistan", "PK", nil), ("Balochistan", "PK", "Balochistan"),
            ("Bajaur", "PK", "Khyber Pakhtunkhwa"), ("Islamabad", "PK", "Islamabad Capital Territory"),
            ("Kalaya", "PK", "Khyber Pakhtunkhwa"), ("Karachi", "PK", "Sindh"), ("Khyber Pakhtunkhwa", "PK", "Khyber Pakhtunkhwa"),
            ("Mohmand", "PK", "Khyber Pakhtunkhwa"), ("North Waziristan", "PK", "Khyber Pakhtunkhwa"),
            ("Orakzai", "PK", "Khyber Pakhtunkhwa"), ("Peshawar", "PK", "Khyber Pakhtunkhwa"), ("Quetta", "PK", "Balochistan"),
            ("Sindh", "PK", "Sindh"), ("Swat", "PK", "Khyber Pakhtunkhwa"), ("Somalia", "SO", nil),
            ("Lower Shabelle", "SO", "Lower Shabelle"), ("Mogadishu", "SO", "Banadir"), ("Yemen", "YE", nil),
        ]
        let table = Repository.patterns.places
        for place in places {
            let entries = table.lookup(place.name).map { table.entries[$0.entry] }
            #expect(entries.contains { $0.name == place.name && $0.country == place.country && $0.admin1 == place.admin1 },
                    "\(place.name): \(entries.map { "\($0.id) \($0.country ?? "-")/\($0.admin1 ?? "-")" })")
        }
    }

    /// The spellings and former names the issue names land on the province they name.
    @Test func formerNamesAndSpellingsOfTheProvinces() {
        let table = Repository.patterns.places
        for (alias, id) in [
            ("NWFP", "iso3166-2:PK-KP"), ("KPK", "iso3166-2:PK-KP"), ("KP", "iso3166-2:PK-KP"),
            ("Khyber-Pakhtunkhwa", "iso3166-2:PK-KP"), ("North-West Frontier Province", "iso3166-2:PK-KP"),
            ("Baluchistan", "iso3166-2:PK-BA"), ("FATA", "factx:pk-fata"),
        ] {
            #expect(table.lookup(alias).map { table.entries[$0.entry].id } == [id], "\(alias)")
        }
        // Written in lower case, an acronym-only alias is no name ("kp" in a URL, "fata" in a word list).
        #expect(table.lookup("kp").isEmpty)
    }

    /// Pakistan's former tribal agencies are districts of Khyber Pakhtunkhwa; the hand-made entries say their source.
    @Test func theFormerAgenciesAreDistrictsWithASource() {
        let table = Repository.patterns.places
        for agency in ["Bajaur", "Mohmand", "Khyber", "Orakzai", "Kurram", "North Waziristan", "South Waziristan"] {
            let districts = table.lookup(agency).map { table.entries[$0.entry] }.filter { $0.kind == "admin2" }
            #expect(districts.count == 1, "\(agency)")
            #expect(districts.first?.admin1 == "Khyber Pakhtunkhwa")
            #expect(districts.first?.source?.isEmpty == false)
        }
    }

    /// A place line with a key the loader does not know is an error that names the file and the line.
    @Test func aBadGazetteerLineNamesFileAndLine() throws {
        let folder = NSTemporaryDirectory() + "factx-gazetteer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/places", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        {"id":"factx:a","name":"A town","kind":"town"}
        {"id":"factx:b","name":"B town","kind":"town","altitude":3}
        """.write(toFile: folder + "/places/x.jsonl", atomically: true, encoding: .utf8)
        #expect(throws: PatternErrors.self) { try PatternSet.load(from: folder) }
        do {
            _ = try PatternSet.load(from: folder)
        } catch {
            #expect(error.errors.map(\.description) == ["places/x.jsonl:2: unknown key 'altitude'"])
        }
    }
}
