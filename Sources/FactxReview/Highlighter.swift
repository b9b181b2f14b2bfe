import Foundation

/// HTML escaping for text and attribute values.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                // Controls other than tab and line breaks cannot appear in HTML text.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" || scalar.value == 0x7F {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}

/// Turns a document's text and marked spans into HTML paragraphs, nesting the marks.
///
/// Spans that nest become nested elements; a span that crosses the end of another is closed and reopened around
/// it (the reopened piece carries the continuation tag: the same look, no id, not focusable), and so is every span
/// at a paragraph break. Offsets are Unicode-scalar offsets. Empty spans and spans outside the text are not drawn.
struct Highlighter {
    struct Span {
        var start: Int
        var end: Int
        /// The element's opening tag, e.g. `<mark class="f t-date" id="d1-f3" tabindex="0">`.
        var open: String
        /// The opening tag of a continuation piece.
        var reopen: String
        /// The closing tag, e.g. `</mark>`.
        var close: String
    }

    var text: String
    var spans: [Span]

    func render() -> String {
        let scalars = Array(text.unicodeScalars)
        let drawn = spans.indices.filter { spans[$0].start < spans[$0].end && spans[$0].end <= scalars.count && spans[$0].start >= 0 }
        var starting: [Int: [Int]] = [:]
        var ending: [Int: [Int]] = [:]
        for index in drawn {
            starting[spans[index].start, default: []].append(index)
            ending[spans[index].end, default: []].append(index)
        }
        // Longer spans open first (outside); equal spans keep their given order.
        for key in starting.keys {
            starting[key]!.sort { spans[$0].end != spans[$1].end ? spans[$0].end > spans[$1].end : $0 < $1 }
        }

        var output = "<p>"
        var stack: [Int] = []
        var position = 0
        while position <= scalars.count {
            if let closing = ending[position] {
                // Close from the top of the stack down to the deepest span ending here, then reopen the survivors.
                let closingSet = Set(closing)
                if let deepest = stack.firstIndex(where: closingSet.contains) {
                    let above = Array(stack[deepest...])
                    for index in above.reversed() { output += spans[index].close }
                    stack.removeSubrange(deepest...)
                    for index in above where !closingSet.contains(index) {
                        output += spans[index].reopen
                        stack.append(index)
                    }
                }
            }
            guard position < scalars.count else { break }
            for index in starting[position] ?? [] {
                output += spans[index].open
                stack.append(index)
            }
            // Text up to the next boundary.
            var next = position
            repeat {
                next += 1
            } while next < scalars.count && starting[next] == nil && ending[next] == nil && scalars[next] != "\n"
                && scalars[next - 1] != "\n"
            if scalars[position] == "\n" {
                // A run of line breaks: a blank line ends the paragraph, a single break is a <br>.
                var end = position
                while end < scalars.count && scalars[end] == "\n" && starting[end] == nil && (end == position || ending[end] == nil) {
                    end += 1
                }
                let breaks = end - position
                for index in stack.reversed() { output += spans[index].close }
                output += breaks >= 2 ? "</p>\n<p>" : "<br>\n"
                for index in stack { output += spans[index].reopen }
                position = end
                continue
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[position..<next])
            output += HTML.escape(String(piece))
            position = next
        }
        for index in stack.reversed() { output += spans[index].close }
        output += "</p>"
        return output.replacingOccurrences(of: "<p></p>", with: "")
    }
}
