import FactxWriting
import Foundation

/// An external merge sort with a memory budget: elements are buffered, and whenever the buffer passes the budget
/// it is sorted and appended to one spill file as a run; at the end the runs are merged. Memory is the budget
/// plus one read buffer per run, whatever the number of elements. Ties keep their insertion order (a stable sort).
final class SpillSorter<Element: Spillable> {
    struct Run {
        var start: Int
        var end: Int
    }

    /// Where a buffered element landed in the spill file, by insertion index within the spilled buffer.
    struct Placement {
        var index: Int
        var offset: Int
        var length: Int
    }

    let path: String
    private let budget: Int
    private var buffer: [Element] = []
    private var buffered = 0
    private var file: BufferedFile?
    private(set) var runs: [Run] = []
    private(set) var count = 0

    init(path: String, budget: Int) {
        self.path = path
        self.budget = budget
    }

    /// Adds an element; returns the placements of the buffer's elements when this addition made it spill.
    @discardableResult
    func append(_ element: Element) throws(AtomicFile.WriteError) -> [Placement]? {
        buffer.append(element)
        buffered += element.footprint
        count += 1
        return buffered >= budget ? try spill() : nil
    }

    /// Writes the buffer as a sorted run. Placements are given by insertion index, in insertion order.
    @discardableResult
    func spill() throws(AtomicFile.WriteError) -> [Placement] {
        guard !buffer.isEmpty else { return [] }
        if file == nil { file = try BufferedFile(creating: path) }
        guard let file else { return [] }
        let order = buffer.indices.sorted { lhs, rhs in
            if Element.precedes(buffer[lhs], buffer[rhs]) { return true }
            if Element.precedes(buffer[rhs], buffer[lhs]) { return false }
            return lhs < rhs
        }
        let start = file.offset
        var placements = [Placement](repeating: Placement(index: 0, offset: 0, length: 0), count: buffer.count)
        var writer = ByteWriter()
        for index in order {
            writer.bytes.removeAll(keepingCapacity: true)
            buffer[index].encode(into: &writer)
            let payload = writer.bytes
            var frame = ByteWriter()
            frame.varint(payload.count)
            try file.write(frame.bytes)
            let offset = file.offset
            try file.write(payload)
            placements[index] = Placement(index: index, offset: offset, length: payload.count)
        }
        runs.append(Run(start: start, end: file.offset))
        buffer.removeAll(keepingCapacity: false)
        buffered = 0
        return placements
    }

    /// At most this many runs are merged at once: with more, groups of runs are first merged into longer runs
    /// (in scratch files beside the spill file), so that the final merge's memory (one read buffer and one element
    /// per run) does not grow with the number of elements either.
    static var fanIn: Int { 16 }

    /// Scratch files of intermediate merges, deleted by `removeScratch()`.
    private var scratch: [String] = []

    /// Spills what is left, closes the file, and returns the merged, sorted elements. Call once.
    func finish(sync: Bool) throws(AtomicFile.WriteError) -> Merged {
        try spill()
        try file?.close(sync: sync)
        file = nil
        guard !runs.isEmpty else { return Merged(runs: []) }
        guard let reader = RandomAccessFile(path: path) else {
            throw AtomicFile.WriteError(path: path, reason: "cannot reopen the spill file")
        }
        var cursors = runs.map { RunCursor(file: reader, run: $0) }
        var pass = 0
        while cursors.count > Self.fanIn {
            pass += 1
            let passPath = path + ".merge\(pass)"
            scratch.append(passPath)
            let output = try BufferedFile(creating: passPath)
            var merged: [Run] = []
            var writer = ByteWriter()
            // Consecutive groups keep the insertion order between groups, so ties still go to the earlier element.
            for group in stride(from: 0, to: cursors.count, by: Self.fanIn) {
                var merge = Merged(runs: Array(cursors[group..<min(group + Self.fanIn, cursors.count)]))
                let start = output.offset
                while let element = merge.next() {
                    writer.bytes.removeAll(keepingCapacity: true)
                    element.encode(into: &writer)
                    var frame = ByteWriter()
                    frame.varint(writer.bytes.count)
                    try output.write(frame.bytes)
                    try output.write(writer.bytes)
                }
                if let failure = merge.failure { throw failure }
                merged.append(Run(start: start, end: output.offset))
            }
            try output.close(sync: false)
            guard let passReader = RandomAccessFile(path: passPath) else {
                throw AtomicFile.WriteError(path: passPath, reason: "cannot reopen the merge file")
            }
            if pass > 1 { try? FileManager.default.removeItem(atPath: path + ".merge\(pass - 1)") }
            cursors = merged.map { RunCursor(file: passReader, run: $0) }
        }
        return Merged(runs: cursors)
    }

    /// Deletes the scratch files of intermediate merges (after the merged elements have been read).
    func removeScratch() {
        for file in scratch { try? FileManager.default.removeItem(atPath: file) }
        scratch = []
    }

    /// Reads one run front to back through a buffer.
    struct RunCursor {
        let file: RandomAccessFile
        var position: Int
        let end: Int
        var chunk: [UInt8] = []
        var chunkStart = 0

        init(file: RandomAccessFile, run: Run) {
            self.file = file
            position = run.start
            end = run.end
        }

        mutating func next() throws(AtomicFile.WriteError) -> Element? {
            guard position < end else { return nil }
            guard let length = try readVarint() else { return nil }
            guard let payload = try read(length) else { throw corrupt() }
            var reader = ByteReader(payload)
            guard let element = Element.decode(from: &reader) else { throw corrupt() }
            return element
        }

        private func corrupt() -> AtomicFile.WriteError {
            AtomicFile.WriteError(path: file.path, reason: "the spill file is damaged")
        }

        private mutating func readVarint() throws(AtomicFile.WriteError) -> Int? {
            var value = 0
            var shift = 0
            while true {
                guard let byte = try read(1)?.first else { throw corrupt() }
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
                if shift > 56 { throw corrupt() }
            }
        }

        private mutating func read(_ count: Int) throws(AtomicFile.WriteError) -> [UInt8]? {
            guard position + count <= end else { return nil }
            let chunkEnd = chunkStart + chunk.count
            if position >= chunkStart, position + count <= chunkEnd {
                defer { position += count }
                return Array(chunk[(position - chunkStart)..<(position - chunkStart + count)])
            }
            let size = min(max(count, 1 << 16), end - position)
            guard let bytes = file.read(at: position, count: size) else { throw corrupt() }
            chunk = bytes
            chunkStart = position
            position += count
            return Array(chunk[0..<count])
        }
    }

    /// The k-way merge of the runs; a tie goes to the earlier run (insertion order).
    struct Merged: IteratorProtocol, Sequence {
        private var cursors: [RunCursor]
        /// Run indexes ordered as a binary min-heap by their current element.
        private var heap: [Int] = []
        private var heads: [Element?]
        private var started = false
        private(set) var failure: AtomicFile.WriteError?

        init(runs: [RunCursor]) {
            cursors = runs
            heads = Array(repeating: nil, count: runs.count)
        }

        private func less(_ a: Int, _ b: Int) -> Bool {
            guard let left = heads[a], let right = heads[b] else { return heads[a] != nil }
            if Element.precedes(left, right) { return true }
            if Element.precedes(right, left) { return false }
            return a < b
        }

        private mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }

        private mutating func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                guard less(heap[child], heap[parent]) else { return }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        private mutating func advance(_ run: Int) -> Bool {
            do {
                heads[run] = try cursors[run].next()
            } catch {
                failure = error
                heads[run] = nil
            }
            return heads[run] != nil
        }

        mutating func next() -> Element? {
            if !started {
                started = true
                for run in cursors.indices where advance(run) {
                    heap.append(run)
                    siftUp(heap.count - 1)
                }
            }
            guard failure == nil, let top = heap.first, let element = heads[top] else { return nil }
            if advance(top) {
                siftDown(0)
            } else {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
                if !heap.isEmpty { siftDown(0) }
            }
            return failure == nil ? element : nil
        }
    }
}
