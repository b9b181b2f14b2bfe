import FactxModel
import FactxReading
import FactxWriting
import Foundation

/// Where a unit of work stands in the order of a single run: which input it came from, the file's id (its path
/// relative to that input, `/`-separated), and the line for a document of a JSON-lines file (0 for a whole file).
///
/// The order of keys is the order in which a single run meets the units (folders are walked in sorted order, so
/// comparing ids component by component, by Unicode scalars, gives the walk's order). The batch runner, the pipe
/// mode and `factx merge` all order and deduplicate by it, which is why a merge of shards gives the same bytes as
/// one run.
public struct UnitKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var root: Int
    public var file: String
    public var line: Int

    public init(root: Int, file: String, line: Int) {
        self.root = root
        self.file = file
        self.line = line
    }

    public static func < (lhs: UnitKey, rhs: UnitKey) -> Bool {
        if lhs.root != rhs.root { return lhs.root < rhs.root }
        if lhs.file != rhs.file { return pathPrecedes(lhs.file, rhs.file) }
        return lhs.line < rhs.line
    }

    /// Paths compared component by component, each by Unicode scalar values: `/` ranks before every scalar.
    static func pathPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.unicodeScalars.makeIterator()
        var right = rhs.unicodeScalars.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?):
                if l == r { continue }
                if l == "/" { return true }
                if r == "/" { return false }
                return l.value < r.value
            }
        }
    }

    public var description: String { line > 0 ? "\(file):\(line)" : file }

    /// `[root, file, line]`, its form in pipe output and in the manifest.
    public var json: JSONValue { .array([.int(root), .string(file), .int(line)]) }

    public init?(json: JSONValue?) {
        guard let parts = json?.arrayValue, parts.count == 3, let root = parts[0].intValue,
              let file = parts[1].stringValue, let line = parts[2].intValue else { return nil }
        self.init(root: root, file: file, line: line)
    }

    /// The file a standard-input document line is counted against.
    public static let standardInput = "<stdin>"
}

/// `--shard K/N`: the units whose key hashes to K (1-based) of N. Whole files are shared by their id, lines of a
/// JSON-lines file by id and line number, so shares are stable across runs and machines.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public func owns(_ key: UnitKey) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.file.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        if key.line > 0 {
            for byte in "\n\(key.line)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}

/// One unit of work, in the order of a single run.
public enum WorkItem: Sendable {
    /// A `.txt` or `.html` file: one document.
    case file(InputFile, UnitKey)
    /// One line of a JSON-lines file (or of the standard input): one document.
    case line(JSONLinesReader.Line, UnitKey)
    /// An input that failed before any document could be read from it (a missing path, a JSON-lines file that
    /// is not UTF-8 …).
    case failure(InputError, UnitKey)
    /// Something skipped on purpose, worth a log line (a link back into a folder already read).
    case note(InputError)

    public var key: UnitKey? {
        switch self {
        case .file(_, let key), .line(_, let key), .failure(_, let key): key
        case .note: nil
        }
    }
}

/// Where the units come from: walked inputs, paths read from the standard input (`--stdin-paths`), or document
/// lines read from the standard input (`--stdin`). Produces units lazily, in order; a JSON-lines file is read
/// whole and handed out line by line.
public struct UnitSource: IteratorProtocol {
    enum Mode {
        case walk(InputWalker.Stream)
        case paths(LineReader, root: String)
        case documents(LineReader)
    }

    private var mode: Mode
    private let reader: DocumentReader
    private let shard: Shard?
    private var queue: [WorkItem] = []
    private var queueStart = 0
    /// A `--stdin-paths` folder being walked, with the id prefix of its files.
    private var subwalk: (stream: InputWalker.Stream, prefix: String)?
    private var stdinLine = 0

    /// Files and folders, walked in sorted order (`factx extract INPUT...`).
    public init(inputs: [String], reader: DocumentReader, shard: Shard? = nil) {
        mode = .walk(InputWalker.Stream(inputs))
        self.reader = reader
        self.shard = shard
    }

    /// Paths, one a line, relative to `root` (`--stdin-paths`): a document's id is its path as given, so the
    /// ids are those of a single run over `root`.
    public init(paths: LineReader, root: String, reader: DocumentReader, shard: Shard? = nil) {
        mode = .paths(paths, root: root)
        self.reader = reader
        self.shard = shard
    }

    /// Document lines (`--stdin`), in the format of a `.jsonl` input; errors name the file `<stdin>`.
    public init(documents: LineReader, reader: DocumentReader, shard: Shard? = nil) {
        mode = .documents(documents)
        self.reader = reader
        self.shard = shard
    }

    public mutating func next() -> WorkItem? {
        while true {
            let item: WorkItem
            if queueStart < queue.count {
                item = queue[queueStart]
                queueStart += 1
                if queueStart == queue.count {
                    queue.removeAll(keepingCapacity: false)
                    queueStart = 0
                }
            } else {
                guard let produced = produce() else { return nil }
                item = produced
            }
            if let key = item.key, let shard, !shard.owns(key) { continue }
            return item
        }
    }

    /// The next item before the shard filter; JSON-lines files are expanded into `queue` (nil: the end).
    private mutating func produce() -> WorkItem? {
        while true {
            switch mode {
            case .walk(var stream):
                let found = stream.next()
                let root = stream.root
                mode = .walk(stream)
                guard let found else { return nil }
                if let next = item(found, root: root, prefix: "") { return next }
            case .paths(var lines, let root):
                if var current = subwalk {
                    let found = current.stream.next()
                    subwalk = current
                    if let found {
                        if let next = item(found, root: 0, prefix: current.prefix) { return next }
                        continue
                    }
                    subwalk = nil
                }
                guard let raw = lines.next() else {
                    lines.close()
                    mode = .paths(lines, root: root)
                    return nil
                }
                mode = .paths(lines, root: root)
                var id = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if id.isEmpty { continue }
                while id.hasPrefix("./") { id.removeFirst(2) }
                let path = id.hasPrefix("/") ? id : (root as NSString).appendingPathComponent(id)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    return .failure(
                        InputError(file: id, code: "walk.missing", message: "no such file or folder"),
                        UnitKey(root: 0, file: id, line: 0))
                }
                if isFolder.boolValue {
                    subwalk = (InputWalker.Stream([path]), id)
                    continue
                }
                guard let kind = InputFile.kind(ofExtension: id) else {
                    return .failure(
                        InputError(file: id, code: "walk.unsupported", message: "not a .txt, .html or .jsonl file"),
                        UnitKey(root: 0, file: id, line: 0))
                }
                if let next = expand(InputFile(path: path, id: id, kind: kind), root: 0) { return next }
            case .documents(var lines):
                guard let raw = lines.next() else {
                    mode = .documents(lines)
                    return nil
                }
                mode = .documents(lines)
                stdinLine += 1
                let key = UnitKey(root: 0, file: UnitKey.standardInput, line: stdinLine)
                var bytes = raw
                if stdinLine == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    return .failure(
                        InputError(file: key.file, line: key.line, code: "jsonl.encoding",
                                   message: "JSON lines must be UTF-8; the line is not"), key)
                }
                if text.allSatisfy({ $0.isWhitespace }) { continue }
                return .line(JSONLinesReader.Line(number: stdinLine, text: text), key)
            }
        }
    }

    private mutating func item(_ found: InputWalker.Item, root: Int, prefix: String) -> WorkItem? {
        func prefixed(_ id: String) -> String { prefix.isEmpty ? id : prefix + "/" + id }
        switch found {
        case .file(var file):
            file.id = prefixed(file.id)
            return expand(file, root: root)
        case .error(var error):
            error.file = prefixed(error.file)
            return .failure(error, UnitKey(root: root, file: error.file, line: 0))
        case .note(var note):
            note.file = prefixed(note.file)
            return .note(note)
        }
    }

    /// A `.txt`/`.html` file is one unit; a `.jsonl` file is read here and becomes one unit per line (or one
    /// failure for the whole file). Nil when the file holds no document line.
    private mutating func expand(_ file: InputFile, root: Int) -> WorkItem? {
        let fileKey = UnitKey(root: root, file: file.id, line: 0)
        guard file.kind == .jsonl else { return .file(file, fileKey) }
        // Every shard reads the file; only the share's lines are kept (`next()` filters them).
        let bytes: [UInt8]
        switch reader.bytes(of: file) {
        case .success(let read): bytes = read
        case .failure(let error): return .failure(error, fileKey)
        }
        queue = JSONLinesReader.lines(of: bytes, file: file.id).map { entry -> WorkItem in
            switch entry {
            case .success(let line): .line(line, UnitKey(root: root, file: file.id, line: line.number))
            case .failure(let error): .failure(error, UnitKey(root: root, file: file.id, line: error.line ?? 0))
            }
        }
        queueStart = 0
        if queue.isEmpty { return nil }
        let first = queue[0]
        queueStart = 1
        if queue.count == 1 {
            queue = []
            queueStart = 0
        }
        return first
    }
}
