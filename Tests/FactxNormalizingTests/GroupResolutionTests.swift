import FactxExtracting
import FactxModel
import FactxNormalizing
import FactxPatterns
import FactxTestSupport
import Testing

/// Group names as the table, the text's own definitions and the generic-mention option resolve them
/// (Patterns/groups/README.md). The spellings themselves are tested by Patterns/groups/corpus.yaml.
@Suite struct GroupResolutionTests {
    func groups(_ text: String, options: ExtractionOptions = ExtractionOptions()) -> [(text: String, id: String, rule: String)] {
        let document = Document(id: "d", text: text, reader: "test")
        return Repository.pipeline.process(document, extraction: options).facts.filter { $0.type == .group }.map {
            ($0.text, $0.value.json["id"]?.stringValue ?? "", $0.rule)
        }
    }

    func warnings(_ text: String) -> [Diagnostic] {
        Repository.pipeline.process(Document(id: "d", text: text, reader: "test")).warnings
    }

    @Test func theVerbIsIsNoGroupButTheAcronymIs() {
        #expect(groups("The blast is the worst this year.").isEmpty)
        #expect(groups("IS claimed the blast, which is the worst this year.").map(\.id) == ["islamic-state"])
        #expect(groups("WHY IS BAJAUR BURNING").isEmpty)
    }

    @Test func anExactCaseAliasNeedsItsLetterCase() {
        #expect(groups("Let them go, said the LeT commander.").map(\.text) == ["LeT"])
        #expect(groups("Park rangers and the Rangers arrived.").map { $0.text } == ["Rangers"])
    }

    @Test func aTextThatRedefinesAKnownAcronymShadowsItInThatDocument() {
        let text = "A report by the Press Trust of India (PTI) said two were held. PTI added that the police were on alert."
        #expect(groups(text).isEmpty)
        let shadows = warnings(text).filter { $0.code == "definition.shadows" }
        #expect(shadows.count == 1)
        #expect(shadows.first?.message.contains("Press Trust of India") == true)
        #expect(shadows.first?.message.contains("pti") == true)
        // Without the definition, PTI is the party; a gloss whose initials are not P-T-I redefines nothing.
        #expect(groups("PTI said two were held.").map(\.id) == ["pti"])
        #expect(groups("Prime Minister Imran Khan's party (PTI) won; PTI said so.").map(\.id) == ["pti", "pti"])
        #expect(warnings("Prime Minister Imran Khan's party (PTI) won; PTI said so.").isEmpty)
    }

    @Test func shortFormThenLongFormIsADefinitionToo() {
        let found = groups("JUI-F (the Jamiat Ulama Islam Fazal) held a rally; Jamiat Ulama Islam Fazal workers were hurt.")
        #expect(found.map(\.id) == ["jui-f", "jui-f", "jui-f"])
        #expect(found.map(\.rule) == ["alias-table", "definition", "definition"])
    }

    @Test func anUnknownDefinitionMakesNoGroup() {
        #expect(groups("The Pakistan Institute for Conflict and Security Studies (PICSS) counted 29 attacks.").isEmpty)
        #expect(warnings("The Pakistan Institute for Conflict and Security Studies (PICSS) counted 29 attacks.").isEmpty)
    }

    @Test func aParenthesizedQualifierOrCreditIsNoContradiction() {
        #expect(warnings("A rally of the Jamiat Ulema-e-Islam (Fazl) was attacked, Amaq (AP) said.").isEmpty)
        #expect(warnings("Fighters of al-Shabaab (Somalia) and the TTP (Pakistan) were named.").isEmpty)
        // The parent in parentheses after its branch is a gloss; the branch's acronym after the parent's name is not.
        #expect(warnings("Presumed JNIM (Al-Qaeda) militants attacked a convoy.").isEmpty)
        #expect(warnings("The Islamic State of Iraq and the Levant (ISKP) reemerged.").map(\.code) == ["definition.contradicts"])
    }

    @Test func genericMentionsTakeTheLastGroupOfTheirParagraphOnlyWhenAsked() {
        let text = "ISKP claimed the attack. The group has grown since 2019, and the outfit recruits in Bajaur.\n\nThe group of elders met."
            + " The organization said nothing.\n\nTTP denied it. Later the militant group said the ISPP had done it; the group is small."
        #expect(!groups(text).contains { $0.rule == "generic-mention" })
        let found = groups(text, options: ExtractionOptions(genericMentions: true))
        let generic = found.filter { $0.rule == "generic-mention" }
        // "The group of elders" is no mention; "The organization" has no group before it in its paragraph; the last
        // "the group" follows ISPP, the last group named.
        #expect(generic.map(\.text) == ["The group", "the outfit", "the militant group", "the group"])
        #expect(generic.map(\.id) == ["iskp", "iskp", "ttp", "ispp"])
    }

    @Test func theTableRecordsRelationsWithDates() throws {
        let patterns = Repository.patterns
        let ispp = try #require(patterns.group(id: "ispp"))
        #expect(ispp.relations.contains { $0.type == "splinter_of" && $0.target == "iskp" && $0.from == "2019-05" })
        let provinces = patterns.groups.entries.filter { $0.relations.contains { $0.type == "branch_of" && $0.target == "islamic-state" } }
        #expect(Set(provinces.map(\.id)).isSuperset(of: ["iskp", "ispp", "is-hind", "iswap", "is-sahel", "is-somalia"]))
        let factions = patterns.groups.entries.filter { $0.relations.contains { $0.target == "ttp" } }.map(\.id)
        #expect(Set(factions).isSuperset(of: ["jamaat-ul-ahrar", "hizb-ul-ahrar"]))
        // Every entry names its source.
        #expect(patterns.groups.entries.allSatisfy { !($0.source ?? "").isEmpty })
        #expect(patterns.groups.entries.count >= 60)
    }
}
