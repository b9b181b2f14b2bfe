import FactxModel

/// The JSON-lines form of a batch's results: the canonical output of factx.
public enum JSONLines {
    /// One record a line, each line ending in "\n".
    public static func lines(_ records: [JSONValue]) -> String {
        var output = ""
        for record in records {
            record.write(to: &output)
            output += "\n"
        }
        return output
    }

    /// Every fact of the results, in the contract's order.
    public static func facts(_ results: [DocumentResult]) -> [JSONValue] {
        results.flatMap(\.facts).sorted(by: Fact.recordOrder).map(\.json)
    }

    public static func documents(_ results: [DocumentResult]) -> [JSONValue] {
        results.sorted { $0.document.id < $1.document.id }.map(\.documentJSON)
    }

    public static func events(_ results: [DocumentResult]) -> [JSONValue] {
        results.flatMap(\.events).sorted { $0.doc != $1.doc ? $0.doc < $1.doc : eventOrder($0.id, $1.id) }.map(\.json)
    }

    public static func errors(_ errors: [InputError]) -> [JSONValue] {
        errors.sorted { $0.file != $1.file ? $0.file < $1.file : ($0.line ?? 0) < ($1.line ?? 0) }.map(\.json)
    }

    /// "e2" before "e10".
    static func eventOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = Int(lhs.drop { !$0.isNumber }) ?? 0
        let right = Int(rhs.drop { !$0.isNumber }) ?? 0
        return left != right ? left < right : lhs < rhs
    }
}
