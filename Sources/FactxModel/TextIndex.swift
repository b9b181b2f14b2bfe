/// The text of a document in the two encodings factx works with: Unicode scalars (the offsets it reports) and
/// UTF-16 (the offsets ICU and `NSRegularExpression` use), with O(log n) conversion between them.
///
/// Built once per document. Conversion is the identity for text without characters outside the Basic
/// Multilingual Plane, which is nearly all news text.
public struct TextIndex: Sendable {
    public let text: String
    /// The UTF-16 code units of `text`.
    public let utf16: [UInt16]
    /// UTF-16 offsets at which a scalar needing two code units starts, ascending.
    private let surrogateStarts: [Int]
    /// The length of `text` in Unicode scalars.
    public let scalarCount: Int

    public init(_ text: String) {
        self.text = text
        let units = Array(text.utf16)
        self.utf16 = units
        var starts: [Int] = []
        var index = 0
        while index < units.count {
            if UTF16.isLeadSurrogate(units[index]), index + 1 < units.count, UTF16.isTrailSurrogate(units[index + 1]) {
                starts.append(index)
                index += 2
            } else {
                index += 1
            }
        }
        self.surrogateStarts = starts
        self.scalarCount = units.count - starts.count
    }

    /// The scalar offset of a UTF-16 offset (an offset inside a surrogate pair maps to the pair's scalar).
    public func scalarOffset(utf16 offset: Int) -> Int {
        if surrogateStarts.isEmpty { return offset }
        // Number of pairs that start strictly before `offset`.
        var low = 0
        var high = surrogateStarts.count
        while low < high {
            let middle = (low + high) / 2
            if surrogateStarts[middle] < offset { low = middle + 1 } else { high = middle }
        }
        // An offset pointing at the trail half of a pair counts that pair, which lands on the pair's own scalar.
        return offset - low
    }

    /// The UTF-16 offset of a scalar offset.
    public func utf16Offset(scalar offset: Int) -> Int {
        if surrogateStarts.isEmpty { return offset }
        // Each pair before the scalar adds one code unit. Find k = number of pairs whose scalar index < offset.
        var low = 0
        var high = surrogateStarts.count
        while low < high {
            let middle = (low + high) / 2
            // Scalar index of the pair at `middle` is its UTF-16 start minus the pairs before it.
            if surrogateStarts[middle] - middle < offset { low = middle + 1 } else { high = middle }
        }
        return offset + low
    }

    public func scalarRange(utf16 start: Int, _ end: Int) -> TextRange {
        TextRange(scalarOffset(utf16: start), scalarOffset(utf16: end))
    }

    public func utf16Range(_ range: TextRange) -> Range<Int> {
        utf16Offset(scalar: range.start)..<utf16Offset(scalar: range.end)
    }

    /// The text of a scalar range.
    public func substring(_ range: TextRange) -> String {
        substring(utf16: utf16Range(range))
    }

    /// The text of a UTF-16 range.
    public func substring(utf16 range: Range<Int>) -> String {
        let units = utf16[range]
        // ASCII code units are their own UTF-8: copy them, instead of the transcoder's slow path (every token and
        // every sentence a rule runs over comes through here).
        if units.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: units.count) { buffer in
                var offset = 0
                for unit in units {
                    buffer[offset] = UInt8(truncatingIfNeeded: unit)
                    offset += 1
                }
                return offset
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
