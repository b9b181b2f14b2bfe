import FactxModel
@testable import FactxPatterns
import FactxTestSupport
import Foundation
import Testing

/// Hostile pattern files (docs/robustness.md): each is an error naming the file (and the line where there is
/// one), never a crash, a hang or a blown-up memory. The common mistakes (broken YAML, a duplicate id, an alias
/// claimed by two groups, a regex that does not compile) are `PatternErrorTests`.
@Suite struct PatternBadInputTests {
    func errors(_ files: [String: [UInt8]]) -> [String] {
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

    @Test(arguments: [
        // A billion laughs: anchors and aliases are refused before anything is expanded.
        ("billion-laughs", Array("""
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            rules: [*g]
            """.utf8), "dates/rules.yaml:"),
        ("deep-flow", Array(("rules: " + String(repeating: "[", count: 100_000)).utf8), "dates/rules.yaml:"),
        ("deep-block", Array(("rules:\n" + (0..<3000).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n")).utf8),
         "dates/rules.yaml:"),
        ("not-utf8", Array("rules:\n  - id: caf".utf8) + [0xE9] + Array("\n".utf8), "dates/rules.yaml: the file is not UTF-8"),
        ("binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "dates/rules.yaml:"),
        ("a-list-not-a-map", Array("- one\n- two\n".utf8), "dates/rules.yaml:"),
        ("rules-not-a-list", Array("rules: 12\n".utf8), "dates/rules.yaml:"),
        ("tab-indent", Array("rules:\n\t- id: a\n".utf8), "dates/rules.yaml:"),
    ] as [(String, [UInt8], String)])
    func aHostileRuleFileIsAnErrorNamingIt(_ name: String, _ bytes: [UInt8], _ prefix: String) {
        let found = errors(["dates/rules.yaml": bytes])
        #expect(!found.isEmpty, "\(name) loaded")
        #expect(found.allSatisfy { $0.hasPrefix(prefix) }, "\(name): \(found)")
    }

    @Test func anEmptyRuleFileIsNoRulesNotACrash() {
        #expect(errors(["dates/rules.yaml": []]).allSatisfy { $0.hasPrefix("dates/rules.yaml") })
    }

    @Test func aHostileGazetteerIsAnErrorNamingFileAndLine() {
        let found = errors(["places/p.jsonl": Array((String(repeating: "[", count: 100_000) + "\n{\"id\":\"x:1\"}\n").utf8)])
        #expect(found.first?.hasPrefix("places/p.jsonl:1:") == true, "\(found)")
    }
}
