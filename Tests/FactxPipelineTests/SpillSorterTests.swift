import FactxModel
@testable import FactxPipeline
import FactxTestSupport
import Foundation
import Testing

@Suite struct SpillSorterTests {
    /// Hundreds of runs need several merge passes (16 runs at a time); the result is still a stable sort.
    @Test(arguments: [1, 17, 300, 1_000])
    func manyRunsMergeIntoAStableSort(count: Int) throws {
        try withTemporaryFolder { folder in
            let sorter = SpillSorter<ErrorRecord>(path: folder + "/spill", budget: 1)
            var generator = SystemRandomNumberGenerator()
            var records: [ErrorRecord] = []
            for index in 0..<count {
                let file = "f\(Int.random(in: 0..<20, using: &generator))"
                let record = ErrorRecord(
                    error: InputError(file: file, line: Bool.random() ? nil : Int.random(in: 1...3), code: "c", message: "\(index)"),
                    unit: UnitKey(root: 0, file: "u", line: 0))
                records.append(record)
                try sorter.append(record)
            }
            var merged = try sorter.finish(sync: false)
            var found: [String] = []
            while let record = merged.next() { found.append(record.error.message) }
            #expect(merged.failure == nil)
            let expected = records.enumerated().sorted { lhs, rhs in
                if ErrorRecord.precedes(lhs.element, rhs.element) { return true }
                if ErrorRecord.precedes(rhs.element, lhs.element) { return false }
                return lhs.offset < rhs.offset
            }.map(\.element.error.message)
            #expect(found == expected)
            sorter.removeScratch()
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["spill"])
        }
    }
}
