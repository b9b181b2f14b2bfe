import CICU
import Foundation

/// ICU's sentence or word break iterator behind a small Swift type. Opening one costs about 0.2 ms, so iterators
/// are pooled and reused. An iterator holds mutable ICU state: it is `@unchecked Sendable` only so that the pool
/// can hand it from one task to the next, and the pool guarantees one user at a time.
final class BreakIterator: @unchecked Sendable {
    enum Kind: Int32 {
        case sentence = 0  // FACTX_BREAK_SENTENCE
        case word = 1  // FACTX_BREAK_WORD
    }

    let kind: Kind
    private let handle: OpaquePointer

    init(_ kind: Kind, locale: String = "en_US@ss=standard") {
        var status: Int32 = 0
        guard let handle = factx_breaker_open(kind.rawValue, locale, &status) else {
            fatalError("ICU could not open a \(kind) break iterator (status \(status)); is libicu installed?")
        }
        self.kind = kind
        self.handle = handle
    }

    deinit { factx_breaker_close(handle) }

    /// Boundaries (UTF-16 offsets, from 0 to the text's length) with the rule status of the segment each ends.
    func boundaries(_ text: [UInt16]) -> [(offset: Int, status: Int32)] {
        var offsets = [Int32](repeating: 0, count: text.count + 1)
        var statuses = [Int32](repeating: 0, count: text.count + 1)
        var status: Int32 = 0
        let count = text.withUnsafeBufferPointer { buffer in
            factx_breaker_boundaries(handle, buffer.baseAddress, Int32(buffer.count), &offsets, &statuses, &status)
        }
        guard count >= 0 else { return [(0, 0), (text.count, 0)] }
        return (0..<Int(count)).map { (Int(offsets[$0]), statuses[$0]) }
    }
}

/// A pool of break iterators, one per concurrent caller.
///
/// Guarded by an `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`: on Linux, Mutex hands a contended
/// lock over through a priority-inheritance futex, a hand-off the thread sanitizer cannot see, so every batch run
/// under `--sanitize=thread` reported a race here (docs/robustness.md, "Sanitizers").
final class BreakIteratorPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [BreakIterator.Kind: [BreakIterator]] = [:]

    static let shared = BreakIteratorPool()

    func withIterator<Result>(_ kind: BreakIterator.Kind, _ body: (BreakIterator) -> Result) -> Result {
        let iterator = lock.withLock { free[kind]?.popLast() } ?? BreakIterator(kind)
        defer { lock.withLock { free[kind, default: []].append(iterator) } }
        return body(iterator)
    }
}
