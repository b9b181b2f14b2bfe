import FactxModel
import FactxPatterns

/// Finds group names from the alias table (`Patterns/groups/`).
public struct GroupExtractor: Extractor {
    public let name = "groups"
    let table: PhraseTable<GroupEntry>

    public init(patterns: PatternSet) {
        table = patterns.groups
    }

    public func extract(_ context: ExtractionContext) -> [Mention] {
        table.matches(in: context.document).map { match in
            Mention(
                type: .group, range: match.range, rule: "alias-table", sentence: context.sentence(of: match.range),
                value: .entity(candidates: match.candidates.map { table.entries[$0.entry].id }))
        }
    }
}
