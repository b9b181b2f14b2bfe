import Foundation

/// A file written front to back through a buffer, with POSIX calls so that every failure has its system reason.
/// Not thread-safe: one writer per file.
public final class BufferedFile {
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes handed to the file so far (written or buffered).
    public private(set) var offset: Int = 0

    /// Creates (or truncates) the file.
    public init(creating path: String, capacity: Int = 1 << 20) throws(AtomicFile.WriteError) {
        self.path = path
        self.capacity = capacity
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(capacity)
    }

    /// Writes to an open descriptor that the caller owns (standard output).
    public init(descriptor: Int32, name: String, capacity: Int = 1 << 16) {
        path = name
        self.descriptor = descriptor
        self.capacity = capacity
        ownsDescriptor = false
    }

    private var ownsDescriptor = true
    private var closed = false

    deinit {
        if !closed, ownsDescriptor { Foundation.close(descriptor) }
    }

    public func write(_ text: String) throws(AtomicFile.WriteError) {
        var text = text
        let failure: AtomicFile.WriteError? = text.withUTF8 { bytes in
            do throws(AtomicFile.WriteError) { try write(UnsafeRawBufferPointer(bytes)) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    public func write(_ bytes: [UInt8]) throws(AtomicFile.WriteError) {
        let failure: AtomicFile.WriteError? = bytes.withUnsafeBytes { raw in
            do throws(AtomicFile.WriteError) { try write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(AtomicFile.WriteError) {
        offset += bytes.count
        if buffer.count + bytes.count > capacity {
            try flush()
            if bytes.count > capacity {
                try writeAll(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Hands the buffer to the system (not to the disk: see `sync`).
    public func flush() throws(AtomicFile.WriteError) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        let failure: AtomicFile.WriteError? = pending.withUnsafeBytes { raw in
            do throws(AtomicFile.WriteError) { try writeAll(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(AtomicFile.WriteError) {
        var done = 0
        while done < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno)))
            }
            done += written
        }
    }

    /// Flushes, forces the bytes to disk, and closes the file.
    public func close(sync: Bool = true) throws(AtomicFile.WriteError) {
        guard !closed else { return }
        try flush()
        closed = true
        guard ownsDescriptor else { return }
        if sync, fsync(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            throw AtomicFile.WriteError(path: path, reason: reason)
        }
        Foundation.close(descriptor)
    }
}

/// A file read at given offsets (`pread`), safe to share between tasks.
public final class RandomAccessFile: Sendable {
    public let path: String
    private let descriptor: Int32

    public init?(path: String) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { return nil }
    }

    deinit { close(descriptor) }

    /// `count` bytes at `offset`, or nil if the file is shorter or cannot be read.
    public func read(at offset: Int, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { return nil }
            done += got
        }
        return bytes
    }

    public var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }
}

/// Reads a file line by line through a buffer (lines end in "\n"; a last line without one counts).
public struct LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private let ownsDescriptor: Bool

    public init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        ownsDescriptor = true
    }

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        ownsDescriptor = false
    }

    public func close() {
        if ownsDescriptor { Foundation.close(descriptor) }
    }

    /// The next line without its "\n" (and without a "\r" before it), or nil at the end.
    public mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                var line = Array(buffer[start...])
                if line.last == 0x0D { line.removeLast() }
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let chunk = 1 << 16
            let oldCount = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            var got = 0
            repeat {
                got = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + oldCount, chunk) }
            } while got < 0 && errno == EINTR
            buffer.removeLast(chunk - max(got, 0))
            if got <= 0 { finished = true }
        }
    }
}
