import Foundation

/// Errors of one kind said once, with a few examples: a district of 20,000 estates with every
/// fourth consent typed as 1.7 has 5,000 errors that differ only in the feature and the value,
/// and 5,000 lines hide every other problem (and the hint, said 5,000 times, is read once).
///
/// Two errors are of one kind when they are in the same file (and sheet), about the same key,
/// both at a feature or both at a table row (or neither), and their problems are the same text
/// once the feature's values are masked: double-quoted text, numbers (not digits inside a name
/// such as `cost_per_m2`, `EPSG:4547` or an id), and the feature's own id. Everything else of the
/// message must be equal, so two different problems are never one kind; the worst case is the
/// other way, a kind said in two parts. The first ``examples`` of a kind are said in full where
/// they are; one line right after the last of them says how many more there are, which features
/// they are (first to last) and the problem, with a value that differs among them written `…`.
/// Every other error keeps its place in file order.
enum ErrorGroups {
    /// How many errors of a kind are said in full before the rest are counted on one line.
    static let examples = 5

    /// One line of the summary: its text and how many errors it stands for.
    struct Line: Equatable {
        var text: String
        var problems: Int
    }

    /// What makes errors one kind (see ``ErrorGroups``).
    struct Kind: Hashable {
        var file: String
        var sheet: String?
        var key: String?
        /// 0: no feature or row, 1: a feature, 2: a table row.
        var place: Int
        /// The problem's text between the masked values.
        var text: [String]
    }

    /// The errors as lines, in file order: the first ``examples`` of each kind, then one line
    /// for the rest of the kind (only where that saves lines: a kind of six is said in full).
    static func lines(_ errors: [InputError]) -> [Line] {
        let split = errors.map { masked($0) }
        var members: [Kind: [Int]] = [:]
        for (index, item) in split.enumerated() { members[item.kind, default: []].append(index) }
        var lines: [Line] = []
        for (index, error) in errors.enumerated() {
            let kind = members[split[index].kind]!
            guard kind.count > examples + 1 else {
                lines.append(Line(text: error.description, problems: 1))
                continue
            }
            let position = kind.firstIndex(of: index)!
            if position < examples { lines.append(Line(text: error.description, problems: 1)) }
            if position == examples - 1 {
                lines.append(rest(kind.dropFirst(examples).map { (errors[$0], split[$0].values) }))
            }
        }
        return lines
    }

    /// The line for the errors of a kind beyond the examples.
    private static func rest(_ errors: [(error: InputError, values: [String])]) -> Line {
        let first = errors[0].error, last = errors[errors.count - 1].error
        let text = masked(first).kind.text
        // A value every one of them shares is said; one that differs is `…`.
        var problem = text[0]
        var same = true
        for slot in errors[0].values.indices {
            let value = errors[0].values[slot]
            let shared = errors.allSatisfy { $0.values[slot] == value }
            same = same && shared
            problem += (shared ? value : "…") + text[slot + 1]
        }
        func place(_ error: InputError) -> String {
            let id = error.featureID.map { " (\($0))" } ?? ""
            if let row = error.row { return "\(row)\(id)" }
            return error.featureIndex.map { "#\($0)\(id)" } ?? ""
        }
        let noun = first.row != nil ? "rows" : first.featureIndex != nil ? "features" : ""
        let which = noun.isEmpty ? "" : " (\(noun) \(place(first)) to \(place(last)))"
        let head = "… and \(grouped(errors.count)) more\(noun.isEmpty ? "" : " " + noun) with the same error"
            + (same ? "" : " but for the value") + which
        let line = InputError(file: first.file, sheet: first.sheet, problem: head + ": " + problem)
        return Line(text: line.description, problems: errors.count)
    }

    /// The error's kind and the values masked in its problem, in order.
    static func masked(_ error: InputError) -> (kind: Kind, values: [String]) {
        let characters = Array(error.problem)
        let id = error.featureID.map(Array.init) ?? []
        var text: [String] = [""]
        var values: [String] = []
        func isNameCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        func mask(_ value: ArraySlice<Character>) {
            values.append(String(value))
            text.append("")
        }
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let startsToken = i == 0 || !isNameCharacter(characters[i - 1])
            if c == "\"", let close = characters[(i + 1)...].firstIndex(of: "\"") {
                text[text.count - 1].append("\"")
                mask(characters[(i + 1)..<close])
                text[text.count - 1].append("\"")
                i = close + 1
            } else if startsToken, !id.isEmpty, characters[i...].starts(with: id),
                i + id.count == characters.count || !isNameCharacter(characters[i + id.count])
            {
                mask(characters[i..<(i + id.count)])
                i += id.count
            } else if startsToken, c.isASCII, c.isNumber, i == 0 || characters[i - 1] != ":" {
                // Digits, and more after a decimal point or a thousands comma: 12,345.5.
                var end = i + 1
                while end < characters.count {
                    if characters[end].isASCII && characters[end].isNumber {
                        end += 1
                    } else if [".", ","].contains(characters[end]), end + 1 < characters.count,
                        characters[end + 1].isASCII, characters[end + 1].isNumber
                    {
                        end += 2
                    } else {
                        break
                    }
                }
                mask(characters[i..<end])
                i = end
            } else {
                text[text.count - 1].append(c)
                i += 1
            }
        }
        let place = error.row != nil ? 2 : error.featureIndex != nil ? 1 : 0
        return (Kind(file: error.file, sheet: error.sheet, key: error.key, place: place, text: text), values)
    }
}
