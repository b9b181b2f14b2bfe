import FactxModel
import Foundation
import Logging
import Synchronization

/// Standard error, shared by the log handlers and the progress bar: one line at a time, and a progress bar (only
/// when standard error is a terminal) that log lines never tear.
final class Console: Sendable {
    static let standardError = Console(descriptor: 2)

    let descriptor: Int32
    let isTerminal: Bool
    private let progressLine = Mutex<String?>(nil)

    init(descriptor: Int32) {
        self.descriptor = descriptor
        isTerminal = isatty(descriptor) == 1
    }

    /// Writes one line (a log record), above the progress bar if one is shown.
    func line(_ text: String) {
        progressLine.withLock { progress in
            var output = progress == nil ? "" : "\r\u{1B}[K"
            output += text + "\n"
            if let progress { output += progress }
            emit(output)
        }
    }

    /// Shows (or replaces) the progress bar; nil removes it.
    func progress(_ text: String?) {
        progressLine.withLock { progress in
            guard isTerminal else { return }
            emit("\r\u{1B}[K" + (text ?? ""))
            progress = text
        }
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            done += written
        }
        bytes.removeAll()
    }
}

/// `--log-format text`: `factx: level: message (key=value …)`, one line a record, for people and cron mail.
struct TextLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let console: Console

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        var text = "factx: "
        if level != .notice && level != .info { text += "\(level): " }
        text += message.description
        if logLevel <= .debug, !all.isEmpty {
            text += " (" + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + ")"
        }
        console.line(text)
    }
}

/// `--log-format json`: one JSON object a record (`time`, `level`, `message`, then the metadata), for log
/// collectors.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let console: Console

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        var members: [JSONValue.Member] = [
            .init("time", .string(Self.timestamp())), .init("level", .string("\(level)")),
            .init("message", .string(message.description)),
        ]
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            members.append(.init(key, .string("\(value)")))
        }
        console.line(JSONValue.object(members).serialized)
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(now.tv_nsec / 1_000_000))
    }
}

/// The progress bar of a batch run: shown only when standard error is a terminal, redrawn at most five times a
/// second, by bytes of input when the total is known.
final class ProgressBar {
    private let console: Console
    private let totalBytes: Int?
    private let started = Date()
    private var lastDraw = Date.distantPast
    private(set) var documents = 0
    private var bytes = 0

    init?(console: Console, enabled: Bool, totalBytes: Int?) {
        guard enabled, console.isTerminal else { return nil }
        self.console = console
        self.totalBytes = totalBytes
    }

    func advance(documents: Int, bytes: Int) {
        self.documents += documents
        self.bytes += bytes
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(self.documents) / elapsed
        var text = ""
        if let totalBytes, totalBytes > 0 {
            let share = min(1, Double(self.bytes) / Double(totalBytes))
            let width = 30
            let filled = Int(share * Double(width))
            text += "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "] "
            text += String(format: "%3.0f%% ", share * 100)
            if share > 0.01 {
                let remaining = elapsed / share - elapsed
                text += String(format: "ETA %d:%02d ", Int(remaining) / 60, Int(remaining) % 60)
            }
        }
        text += String(format: "%d documents, %.1f/s", self.documents, rate)
        console.progress(text)
    }

    func clear() {
        console.progress(nil)
    }
}
