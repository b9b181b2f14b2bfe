import FactxModel
import FactxNormalizing
import FactxTestSupport
import Testing

@Suite struct NameNormalizationTests {
    @Test func aPlaceInsideAGroupNameIsNoPlace() {
        let found = facts(in: "The Tehreek-e-Taliban Pakistan and the Islamic State of Iraq and the Levant met in Pakistan.")
        #expect(found.filter { $0.type == .group }.map(\.text) == ["Tehreek-e-Taliban Pakistan", "Islamic State of Iraq and the Levant"])
        #expect(found.filter { $0.type == .place }.map(\.text) == ["Pakistan"])
    }

    @Test func spellingsLandOnOneGroup() {
        let found = facts(in: "ISKP, ISK-P and the Islamic State in Khorasan Province are one group; ISPP is another.", type: .group)
        guard case .group(let first) = found.first?.value else {
            Issue.record("no group found")
            return
        }
        let ids = found.compactMap { fact -> String? in if case .group(let group) = fact.value { group.id } else { nil } }
        #expect(ids == [first.id, first.id, first.id, "ispp"])
    }

    @Test func definitionsThatContradictTheTablesAreReported() {
        let text = "In the coming years, the Tehreek-e-Taliban Pakistan (TSKP) may grow. The Islamic State of Iraq and the Levant (ISKP) reemerged."
        let document = Document(id: "d", text: text, reader: "test")
        let result = Repository.pipeline.process(document)
        #expect(result.warnings.map(\.code) == ["definition.contradicts", "definition.contradicts"])
        #expect(result.warnings[0].message.contains("TSKP") && result.warnings[1].message.contains("Islamic State of Iraq"))
        // The canonical readings stand.
        let groups = result.facts.filter { $0.type == .group }.map { ($0.text, $0.value.json["id"]?.stringValue ?? "") }
        #expect(groups.contains { $0 == ("ISKP", "iskp") })
        #expect(groups.contains { $0 == ("Tehreek-e-Taliban Pakistan", "ttp") })
        #expect(!groups.contains { $0.0 == "TSKP" })
    }

    @Test func aValidDefinitionAddsADocumentLocalAlias() {
        // "Jamiat Ulama Islam Fazal" is no spelling of the table: the definition makes it one, in this document.
        let found = facts(in: "A convention of the Jamiat Ulama Islam Fazal (JUI-F) was attacked. Jamiat Ulama Islam Fazal leaders fled.", type: .group)
        #expect(found.map(\.text) == ["Jamiat Ulama Islam Fazal", "JUI-F", "Jamiat Ulama Islam Fazal"])
        #expect(found.map(\.rule) == ["definition", "alias-table", "definition"])
    }
}
