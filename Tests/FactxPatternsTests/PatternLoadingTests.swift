import FactxModel
@testable import FactxPatterns
import FactxTestSupport
import Foundation
import Testing

@Suite struct RepositoryPatternsTests {
    @Test func theRepositoryPatternsLoad() throws {
        let patterns = try PatternSet.load(from: Repository.path("Patterns"))
        #expect(!patterns.rules(in: "dates").isEmpty)
        #expect(!patterns.rules(in: "casualties").isEmpty)
        #expect(patterns.group(id: "iskp") != nil)
        #expect(patterns.fingerprint.count == 16)
        _ = try patterns.corpora()
    }

    @Test func everyRuleHasAnExample() {
        // Context rules of the date tagger (vetoes, tense cues, range links) give no fact of their own: the dates
        // corpora test what they do (docs/dates.md, "How the tagger works").
        let contextRoles: Set<String> = ["veto", "future_cue", "link"]
        for (_, rules) in Repository.patterns.rules {
            for rule in rules where !contextRoles.contains(rule.attributes["role"] ?? "") {
                #expect(!rule.examples.isEmpty, "rule \(rule.id) at \(rule.location) has no example")
            }
        }
    }
}

/// Broken pattern folders: each error names the file and the line.
@Suite struct PatternErrorTests {
    func errors(_ files: [String: String]) -> [String] {
        withTemporaryFolder { folder in
            for (name, content) in files { write(content, to: folder + "/" + name) }
            do {
                _ = try PatternSet.load(from: folder)
                return []
            } catch {
                return (error as? PatternErrors)?.errors.map(\.description) ?? ["\(error)"]
            }
        }
    }

    @Test func brokenYAML() {
        let found = errors(["dates/rules.yaml": "rules:\n  - id: a\n    pattern: [unclosed\n"])
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("dates/rules.yaml:4:"), "\(found)")
    }

    @Test func unknownPartAndBadRegexAndDuplicateId() {
        let found = errors(["dates/rules.yaml": """
            rules:
              - id: a
                pattern: '{nowhere}'
                examples: ['x']
              - id: b
                pattern: '(unclosed'
                examples: ['x']
              - id: b
                pattern: 'x'
                examples: ['x']
            """])
        #expect(found == [
            "dates/rules.yaml:3:14: unknown part {nowhere}",
            "dates/rules.yaml:6:14: rule 'b': the pattern does not compile as a regular expression",
            "dates/rules.yaml:8:9: duplicate rule id 'b' (first defined at dates/rules.yaml:5:9)",
        ])
    }

    @Test func cyclesAndCapturesInParts() {
        let found = errors(["numbers/numbers.yaml": """
            parts:
              one: '{two}'
              two: '{one}'
              named: '(?<x>a)'
            rules:
              - id: r1
                pattern: '{one}'
              - id: r2
                pattern: '{named}'
            """])
        #expect(found.contains { $0.contains("cycle") && $0.hasPrefix("numbers/numbers.yaml:") })
        #expect(found.contains { $0 == "numbers/numbers.yaml:4:10: part {named} holds a named capture; only rules may name captures" })
    }

    @Test func unknownKeysAndAttributes() {
        let found = errors(["casualties/rules.yaml": "attributes: [status]\nrules:\n  - id: r\n    pattern: x\n    colour: red\n"])
        #expect(found.count == 1 && found[0].hasPrefix("casualties/rules.yaml:5:5: unknown key 'colour'"))
    }

    @Test func aliasClaimedByTwoGroupsAndUnknownRelation() {
        let found = errors(["groups/groups.yaml": """
            - id: one
              name: First Front
              kind: armed_group
              aliases: [FF, Front One]
            - id: two
              name: Second Front
              kind: armed_group
              aliases: [front-one]
              relations:
                - {type: splinter_of, target: three}
            """])
        #expect(found.contains { $0.hasPrefix("groups/groups.yaml:5:7: alias 'front-one' of 'two' is already an alias of 'one'") })
    }

    @Test func groupEntriesAreCheckedFieldByField() {
        let found = errors(["groups/g.yaml": """
            - id: one
              name: First Front
              kind: armed_group
              exact_aliases: [FiF]
              relations:
                - {type: splinter_of, target: one, from: 'May 2019'}
            - id: two
              name: Second Front
              kind: armed_group
              colour: red
            """])
        #expect(found.contains { $0.contains("groups/g.yaml:6:") && $0.contains("relation date 'May 2019' must be YYYY, YYYY-MM or YYYY-MM-DD") })
        #expect(found.contains { $0.contains("groups/g.yaml:") && $0.contains("unknown key 'colour'") })
    }

    @Test func aGroupsRuleFileIsReadForItsLists() throws {
        let patterns = try withTemporaryFolder { folder in
            write("- id: one\n  name: First Front\n  kind: armed_group\n", to: folder + "/groups/g.yaml")
            write("lists:\n  generic_group_mentions: [outfit]\n", to: folder + "/groups/words.yaml")
            return try PatternSet.load(from: folder)
        }
        #expect(patterns.group(id: "one") != nil)
        #expect(patterns.list("generic_group_mentions") == ["outfit"])
    }

    @Test func brokenGazetteerLine() {
        let found = errors(["places/p.jsonl": """
            {"id":"x:1","name":"A","kind":"city"}
            {"id":"x:2","name":"B",
            {"id":"x:1","name":"C","kind":"city"}
            """])
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("places/p.jsonl:2:"))
        #expect(found[1] == "places/p.jsonl:3: duplicate place id 'x:1'")
    }
}

@Suite struct PhraseTableTests {
    var table: PhraseTable<String> = {
        var table = PhraseTable<String>()
        table.add("ttp", names: ["TTP", "Tehreek-e-Taliban Pakistan", "the Pakistani Taliban"])
        table.add("is", names: ["IS", "Islamic State"])
        table.add("ispp", names: ["Islamic State's Pakistan Province"])
        return table
    }()

    @Test func looksUpNamesLoosely() {
        #expect(table.lookup("tehrik e taliban pakistan").isEmpty)
        #expect(table.lookup("TEHREEK E TALIBAN PAKISTAN").map(\.entry) == [0])
        #expect(table.lookup("Pakistani Taliban").map(\.entry) == [0])
        #expect(table.lookup("is").isEmpty, "an all-capitals alias needs capitals")
        #expect(table.lookup("Islamic State’s Pakistan Province").map(\.entry) == [2])
    }
}
