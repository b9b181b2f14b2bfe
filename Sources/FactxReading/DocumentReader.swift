import FactxModel
import Foundation

/// The reading stage: an input file in, its documents (or the reason it has none) out.
public struct DocumentReader: Sendable {
    public var text: TextReader
    public var html: HTMLReader
    /// Files larger than this are refused (a crawler's folder can hold anything).
    public var maxBytes: Int

    public static let defaultMaxBytes = 20 * 1024 * 1024

    public init(boilerplate: Boilerplate = Boilerplate(), maxBytes: Int = DocumentReader.defaultMaxBytes) {
        self.text = TextReader(boilerplate: boilerplate)
        self.html = HTMLReader(boilerplate: boilerplate)
        self.maxBytes = maxBytes
    }

    public struct Outcome: Sendable {
        public var documents: [Document]
        public var errors: [InputError]
    }

    public func read(_ file: InputFile) -> Outcome {
        switch bytes(of: file) {
        case .success(let bytes): read(bytes: bytes, of: file)
        case .failure(let error): Outcome(documents: [], errors: [error])
        }
    }

    /// The raw bytes of an input file, within `maxBytes`, or the error that names it (as `read(_:)` reports it).
    public func bytes(of file: InputFile) -> Result<[UInt8], InputError> {
        switch FileBytes.read(file.path, limit: maxBytes) {
        case .success(let read):
            if read.isEmpty || read.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                return .failure(InputError(file: file.id, code: "read.empty", message: "the file is empty"))
            }
            return .success(read)
        case .failure(let problem):
            return .failure(InputError(file: file.id, code: problem.code, message: problem.message))
        }
    }

    /// The documents of an input file's bytes (as returned by `bytes(of:)`).
    public func read(bytes: [UInt8], of file: InputFile) -> Outcome {
        switch file.kind {
        case .jsonl:
            let (documents, errors) = JSONLinesReader(text: text, html: html).read(bytes: bytes, file: file.id)
            return Outcome(documents: documents, errors: errors)
        case .txt, .html:
            do {
                let document = file.kind == .txt
                    ? try text.read(bytes: bytes, id: file.id)
                    : try html.read(bytes: bytes, id: file.id)
                return Outcome(documents: [document], errors: [])
            } catch {
                return Outcome(documents: [], errors: [InputError(file: file.id, code: error.code, message: error.message)])
            }
        }
    }
}

/// Reads a whole file with POSIX calls, so that every failure has its system reason.
enum FileBytes {
    struct Problem: Error {
        var code: String
        var message: String
    }

    static func read(_ path: String, limit: Int) -> Result<[UInt8], Problem> {
        // O_NONBLOCK: a FIFO named like an article (or a link to one) must not block the run in open(2) waiting for
        // a writer; it is refused below as not a regular file. Reads of regular files ignore the flag.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(problem("read.open", "cannot open")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(problem("read.stat", "cannot inspect")) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Problem(code: "read.not-file", message: "not a regular file"))
        }
        guard Int(info.st_size) <= limit else {
            return .failure(Problem(
                code: "read.too-large",
                message: "the file has \(info.st_size) bytes, more than the limit of \(limit) (--max-bytes)"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(problem("read.io", "cannot read"))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit {
                return .failure(Problem(code: "read.too-large", message: "the file grew past the limit of \(limit) bytes"))
            }
        }
        return .success(bytes)
    }

    private static func problem(_ code: String, _ what: String) -> Problem {
        Problem(code: code, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
