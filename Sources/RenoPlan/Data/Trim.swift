import Foundation

extension StringProtocol {
    /// The text without the spaces at its ends: exactly `trimmingCharacters(in: .whitespaces)`,
    /// but without Foundation's work when neither end is white space, as with almost every id,
    /// number and name a layer holds (every scalar of `.whitespaces` has the White_Space
    /// property, so then there is nothing to trim). Reading a 20,000-estate district called it
    /// for every feature's id and every number (docs/benchmarks.md, *Bounds from prices*).
    var trimmedOfSpaces: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
            !first.properties.isWhitespace, !last.properties.isWhitespace
        else { return trimmingCharacters(in: .whitespaces) }
        return String(self)
    }
}
