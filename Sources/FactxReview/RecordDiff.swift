import FactxModel

/// What happened to one record between two runs.
public struct RecordChange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case unchanged, changed, added, removed
    }

    /// What differs in a changed record.
    public enum Aspect: String, Hashable, Sendable, CaseIterable {
        case span, text, rule, value
    }

    public var kind: Kind
    public var old: ReviewRecord?
    public var new: ReviewRecord?
    /// For `changed`: what differs, in this order: span, text, rule, value.
    public var aspects: [Aspect]

    /// The side a report shows first: the new record, or the old one when it was removed.
    public var shown: ReviewRecord { (new ?? old)! }

    /// The rules this change concerns: the old and the new record's rule (once when the same).
    public var rules: [String] {
        var rules: [String] = []
        for rule in [old?.rule, new?.rule].compactMap({ $0 }) where !rules.contains(rule) { rules.append(rule) }
        return rules
    }
}

/// Counts of changes by kind.
public struct ChangeCounts: Hashable, Sendable {
    public var unchanged = 0
    public var changed = 0
    public var added = 0
    public var removed = 0

    public init() {}

    public subscript(kind: RecordChange.Kind) -> Int {
        get {
            switch kind {
            case .unchanged: unchanged
            case .changed: changed
            case .added: added
            case .removed: removed
            }
        }
        set {
            switch kind {
            case .unchanged: unchanged = newValue
            case .changed: changed = newValue
            case .added: added = newValue
            case .removed: removed = newValue
            }
        }
    }

    public var differences: Int { changed + added + removed }
}

/// The comparison of one kind of record (facts, or events) between two runs.
public struct RecordComparison: Sendable {
    /// Every record of either side, paired, in display order (unchanged ones included).
    public var changes: [RecordChange]

    public var differences: [RecordChange] { changes.filter { $0.kind != .unchanged } }
    public var isEqual: Bool { changes.allSatisfy { $0.kind == .unchanged } }

    public var total: ChangeCounts {
        var counts = ChangeCounts()
        for change in changes { counts[change.kind] += 1 }
        return counts
    }

    /// Counts per type, types in the contract's order (date, casualty, attack_count, place, group, then others).
    public var byType: [(type: String, counts: ChangeCounts)] {
        var counts: [String: ChangeCounts] = [:]
        for change in changes { counts[change.shown.type, default: ChangeCounts()][change.kind] += 1 }
        return RecordDiff.orderedTypes(counts.keys).map { ($0, counts[$0]!) }
    }

    /// Counts of differences per rule (a changed record whose rule changed counts for both rules), by rule name.
    public var byRule: [(rule: String, counts: ChangeCounts)] {
        var counts: [String: ChangeCounts] = [:]
        for change in differences {
            for rule in change.rules { counts[rule, default: ChangeCounts()][change.kind] += 1 }
        }
        return counts.keys.sorted().map { ($0, counts[$0]!) }
    }

    /// The differences grouped by document, documents sorted.
    public var byDocument: [(doc: String, changes: [RecordChange])] {
        var groups: [String: [RecordChange]] = [:]
        for change in differences { groups[change.shown.doc, default: []].append(change) }
        return groups.keys.sorted().map { ($0, groups[$0]!) }
    }
}

/// `factx diff`: two runs compared record by record.
public struct DiffReport: Sendable {
    public var old: String
    public var new: String
    public var facts: RecordComparison
    /// Nil when either side has no events file.
    public var events: RecordComparison?

    public var isEqual: Bool { facts.isEqual && (events?.isEqual ?? true) }
}

public enum RecordDiff {
    public static func compare(_ old: RecordSet, _ new: RecordSet) -> DiffReport {
        var events: RecordComparison?
        if let oldEvents = old.events, let newEvents = new.events {
            events = compare(oldEvents, newEvents)
        }
        return DiffReport(old: old.source, new: new.source, facts: compare(old.facts, new.facts), events: events)
    }

    /// Pairs the records (SpanMatcher) and says what changed in each pair.
    public static func compare(_ old: [ReviewRecord], _ new: [ReviewRecord]) -> RecordComparison {
        let pairings = SpanMatcher.match(old, new) { $0.value == $1.value }
        var changes: [RecordChange] = []
        for pairing in pairings {
            switch pairing {
            case .exact(let oldIndex, let newIndex), .overlap(let oldIndex, let newIndex):
                let aspects = differences(old[oldIndex], new[newIndex])
                changes.append(RecordChange(
                    kind: aspects.isEmpty ? .unchanged : .changed, old: old[oldIndex], new: new[newIndex],
                    aspects: aspects))
            case .onlyOld(let index):
                changes.append(RecordChange(kind: .removed, old: old[index], new: nil, aspects: []))
            case .onlyNew(let index):
                changes.append(RecordChange(kind: .added, old: nil, new: new[index], aspects: []))
            }
        }
        changes.sort { lhs, rhs in
            if lhs.shown.doc != rhs.shown.doc || lhs.shown.span != rhs.shown.span || lhs.shown.type != rhs.shown.type {
                return ReviewRecord.displayOrder(lhs.shown, rhs.shown)
            }
            // Removed before added at the same place, so that a report reads like a diff.
            let order: [RecordChange.Kind] = [.unchanged, .changed, .removed, .added]
            if lhs.kind != rhs.kind { return order.firstIndex(of: lhs.kind)! < order.firstIndex(of: rhs.kind)! }
            return ReviewRecord.displayOrder(lhs.shown, rhs.shown)
        }
        return RecordComparison(changes: changes)
    }

    /// What differs between two paired records. The sentence index is not compared: it follows from segmentation,
    /// not from the fact; an event's id is not compared either (ids are renumbered when events come and go).
    static func differences(_ old: ReviewRecord, _ new: ReviewRecord) -> [RecordChange.Aspect] {
        var aspects: [RecordChange.Aspect] = []
        if old.spans != new.spans { aspects.append(.span) }
        if old.text != new.text { aspects.append(.text) }
        if old.rule != new.rule { aspects.append(.rule) }
        if old.value != new.value { aspects.append(.value) }
        return aspects
    }

    /// Types in the record contract's order, unknown ones after them by name.
    static func orderedTypes(_ types: some Sequence<String>) -> [String] {
        let known = FactType.allCases.map(\.rawValue) + ["event"]
        let present = Set(types)
        return known.filter(present.contains) + present.subtracting(known).sorted()
    }
}
