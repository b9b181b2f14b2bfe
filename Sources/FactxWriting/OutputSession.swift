import Foundation

/// One run's hold on an output folder: the lock, the staging area for the new generation of files, and the switch
/// from the previous generation to the new one.
///
/// Everything lives in the folder's hidden `.factx/` (which ignores itself for git):
///
/// - `lock`: held with `flock` for the whole run, so a second run fails at once; the kernel drops it when the
///   process dies, so a killed run never leaves a stale lock.
/// - `next/`: the run in progress writes every new file here (`next/output/` for the records, `next/state/` for
///   the incremental cache). Killed before the switch, it is garbage and the next run deletes it; the previous
///   generation is untouched.
/// - `commit/`: the switch. When every new file is complete and on disk, `next/` is renamed to `commit/` in one
///   atomic step: from then on the new generation is the one that counts. Its files are then renamed one by one
///   over the old ones and `commit/` is removed. A run killed between those renames leaves `commit/`, and the
///   next run (before anything else, under the lock) finishes the renames.
///
/// Every file replacement is a `rename(2)` of a complete, fsynced file, so a reader never sees a partial file.
public final class OutputSession {
    public enum Failure: Error, CustomStringConvertible {
        case locked(folder: String, holder: String?)
        case io(AtomicFile.WriteError)

        public var description: String {
            switch self {
            case .locked(let folder, let holder):
                "\(folder) is locked by another factx run\(holder.map { " (\($0))" } ?? ""); exiting"
            case .io(let error): error.description
            }
        }
    }

    public let folder: String
    public let stateFolder: String
    private var lockDescriptor: Int32 = -1

    /// Files of `.factx/` that are not part of a generation's state.
    static let reserved: Set<String> = ["lock", ".gitignore", "next", "commit"]

    /// Creates the folder if needed, takes the lock, finishes a switch a killed run left half done, and clears
    /// what a killed run left in `next/`.
    public init(folder: String) throws(Failure) {
        self.folder = folder
        stateFolder = (folder as NSString).appendingPathComponent(".factx")
        do {
            try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        } catch {
            throw .io(AtomicFile.WriteError(path: stateFolder, reason: "cannot create the folder"))
        }
        let ignore = (stateFolder as NSString).appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore) {
            do throws(AtomicFile.WriteError) {
                try AtomicFile.write("# factx's run state (lock, staging, incremental cache): not for version control\n*\n", to: ignore)
            } catch { throw .io(error) }
        }
        let lockPath = (stateFolder as NSString).appendingPathComponent("lock")
        lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw .io(AtomicFile.WriteError(path: lockPath, reason: String(cString: strerror(errno))))
        }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(lockDescriptor)
            lockDescriptor = -1
            throw .locked(folder: folder, holder: holder.flatMap { $0.isEmpty ? nil : $0 })
        }
        let note = Array("pid \(getpid())\n".utf8)
        _ = ftruncate(lockDescriptor, 0)
        _ = note.withUnsafeBytes { pwrite(lockDescriptor, $0.baseAddress, $0.count, 0) }
        try recover()
        removeTree(path("next"))
        do {
            for sub in ["next/output", "next/state"] {
                try FileManager.default.createDirectory(atPath: path(sub), withIntermediateDirectories: true)
            }
        } catch {
            throw .io(AtomicFile.WriteError(path: path("next"), reason: "cannot create the folder"))
        }
    }

    deinit { unlock() }

    /// Whether another process holds the folder's lock, without creating anything: a run can then exit before it
    /// loads its patterns. The lock `init` takes stays the authority (the holder may finish meanwhile). The holder's
    /// note ("pid N") when locked, nil when free or never used; an empty note is "".
    public static func lockHolder(folder: String) -> String? {
        let lockPath = (((folder as NSString).appendingPathComponent(".factx")) as NSString).appendingPathComponent("lock")
        let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Releases the lock (also done by the kernel when the process ends).
    public func unlock() {
        guard lockDescriptor >= 0 else { return }
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    /// A path inside `.factx/`.
    public func path(_ name: String) -> String { (stateFolder as NSString).appendingPathComponent(name) }

    /// Where the run writes a record file of the new generation (`facts.jsonl` …).
    public func stagedOutput(_ name: String) -> String { path("next/output/" + name) }
    /// Where the run writes a state file of the new generation (the incremental cache).
    public func stagedState(_ name: String) -> String { path("next/state/" + name) }
    /// A state file of the current (previous) generation.
    public func state(_ name: String) -> String { path(name) }
    /// A scratch file that is not part of the generation (deleted with `next/`).
    public func scratch(_ name: String) -> String { path("next/" + name) }

    /// Switches to the new generation: everything in `next/output` and `next/state` replaces the current files;
    /// state files of the current generation that the new one does not have are removed. Scratch files in `next/`
    /// are deleted. The files in `next/` must be complete and synced.
    public func commit() throws(Failure) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path("next"))) ?? []
        where name != "output" && name != "state" {
            removeTree(path("next/" + name))
        }
        try syncFolder(path("next/output"))
        try syncFolder(path("next/state"))
        try syncFolder(path("next"))
        guard rename(path("next"), path("commit")) == 0 else {
            throw .io(AtomicFile.WriteError(path: path("commit"), reason: String(cString: strerror(errno))))
        }
        try syncFolder(stateFolder)
        try recover()
    }

    /// Finishes a switch: moves what is left in `commit/` into place. Idempotent, so a kill during it is harmless.
    func recover() throws(Failure) {
        let commit = path("commit")
        guard FileManager.default.fileExists(atPath: commit) else { return }
        let outputs = (try? FileManager.default.contentsOfDirectory(atPath: commit + "/output")) ?? []
        for name in outputs.sorted() {
            try move(commit + "/output/" + name, to: (folder as NSString).appendingPathComponent(name))
        }
        try syncFolder(folder)
        let states = Set((try? FileManager.default.contentsOfDirectory(atPath: commit + "/state")) ?? [])
        for name in states.sorted() {
            try move(commit + "/state/" + name, to: path(name))
        }
        // The previous generation's state files that the new one replaced by nothing.
        if FileManager.default.fileExists(atPath: commit + "/state") {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: stateFolder)) ?? []
            where !Self.reserved.contains(name) && !states.contains(name) {
                removeTree(path(name))
            }
        }
        try syncFolder(stateFolder)
        removeTree(commit)
        try syncFolder(stateFolder)
    }

    /// Deletes the staging area (a run that stops without switching).
    public func abandon() {
        removeTree(path("next"))
    }

    private func move(_ source: String, to target: String) throws(Failure) {
        guard rename(source, target) == 0 else {
            throw .io(AtomicFile.WriteError(path: target, reason: String(cString: strerror(errno))))
        }
    }

    private func syncFolder(_ path: String) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .io(AtomicFile.WriteError(path: path, reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        _ = fsync(descriptor)
    }

    private func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
