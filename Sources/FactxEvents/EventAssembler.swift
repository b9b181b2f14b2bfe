import FactxModel

/// The incident stage: facts in, incident records out.
///
/// Incident detection and merging are not built yet (see the incident-records issue): until then this stage
/// returns no events, and `events.jsonl` is written empty so that its place in the output contract is fixed.
public struct EventAssembler: Sendable {
    public init() {}

    public func assemble(_ document: SegmentedDocument, facts: [Fact]) -> [Event] {
        []
    }
}
