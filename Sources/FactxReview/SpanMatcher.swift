import FactxModel

/// Pairs the records of two runs (or of a run and its gold) that speak of the same thing: same document, same type,
/// and the same span, else an overlapping one.
///
/// Within each document and type, records with identical spans pair first (those with equal values before the
/// rest); the records left over then pair with overlapping ones, preferring an equal value, then the longest
/// overlap, then the nearest start. Each record pairs at most once; what stays alone was added or removed.
public enum SpanMatcher {
    public enum Pairing: Hashable, Sendable {
        case exact(old: Int, new: Int)
        case overlap(old: Int, new: Int)
        case onlyOld(Int)
        case onlyNew(Int)
    }

    /// Pairings over indices into `old` and `new`, in no particular order.
    public static func match(
        _ old: [ReviewRecord], _ new: [ReviewRecord], sameValue: (ReviewRecord, ReviewRecord) -> Bool
    ) -> [Pairing] {
        struct Key: Hashable {
            var doc: String
            var type: String
        }
        var oldGroups: [Key: [Int]] = [:]
        var newGroups: [Key: [Int]] = [:]
        for (index, record) in old.enumerated() { oldGroups[Key(doc: record.doc, type: record.type), default: []].append(index) }
        for (index, record) in new.enumerated() { newGroups[Key(doc: record.doc, type: record.type), default: []].append(index) }

        var pairings: [Pairing] = []
        for key in Set(oldGroups.keys).union(newGroups.keys) {
            let olds = oldGroups[key] ?? []
            let news = newGroups[key] ?? []
            var oldTaken = Set<Int>()
            var newTaken = Set<Int>()

            // 1. Identical spans: equal values first, then whatever else shares the span.
            var oldBySpan: [[TextRange]: [Int]] = [:]
            for index in olds { oldBySpan[old[index].spans, default: []].append(index) }
            for requireSameValue in [true, false] {
                for newIndex in news where !newTaken.contains(newIndex) {
                    guard let candidates = oldBySpan[new[newIndex].spans] else { continue }
                    let found = candidates.first { oldIndex in
                        !oldTaken.contains(oldIndex) && (!requireSameValue || sameValue(old[oldIndex], new[newIndex]))
                    }
                    if let oldIndex = found {
                        oldTaken.insert(oldIndex)
                        newTaken.insert(newIndex)
                        pairings.append(.exact(old: oldIndex, new: newIndex))
                    }
                }
            }

            // 2. Overlapping spans among the rest, best candidates first.
            struct Candidate {
                var old: Int
                var new: Int
                var same: Bool
                var overlap: Int
                var distance: Int
            }
            var candidates: [Candidate] = []
            let oldLeft = olds.filter { !oldTaken.contains($0) }
            let newLeft = news.filter { !newTaken.contains($0) }
            for oldIndex in oldLeft {
                for newIndex in newLeft where old[oldIndex].overlaps(new[newIndex]) {
                    candidates.append(Candidate(
                        old: oldIndex, new: newIndex, same: sameValue(old[oldIndex], new[newIndex]),
                        overlap: old[oldIndex].overlapLength(new[newIndex]),
                        distance: abs(old[oldIndex].span.start - new[newIndex].span.start)))
                }
            }
            candidates.sort { lhs, rhs in
                if lhs.same != rhs.same { return lhs.same }
                if lhs.overlap != rhs.overlap { return lhs.overlap > rhs.overlap }
                if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
                return (lhs.old, lhs.new) < (rhs.old, rhs.new)
            }
            for candidate in candidates where !oldTaken.contains(candidate.old) && !newTaken.contains(candidate.new) {
                oldTaken.insert(candidate.old)
                newTaken.insert(candidate.new)
                pairings.append(.overlap(old: candidate.old, new: candidate.new))
            }

            for index in olds where !oldTaken.contains(index) { pairings.append(.onlyOld(index)) }
            for index in news where !newTaken.contains(index) { pairings.append(.onlyNew(index)) }
        }
        return pairings
    }
}
