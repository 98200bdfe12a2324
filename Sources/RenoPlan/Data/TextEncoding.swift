import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file says of its text's encoding, and whether its bytes are that: a Shapefile's .cpg
/// (or the .dbf's code-page byte) may be missing, or say UTF-8 over GBK bytes (docs/data.md,
/// *What is refused or counted*).
enum TextEncoding {
    /// What a Shapefile names as its code page.
    enum CodePage: Equatable {
        /// The text of its .cpg, trimmed (`GBK`, `936`, `UTF-8`).
        case cpg(String)
        /// The .dbf's language-driver byte (offset 29), not 0.
        case byte(UInt8)

        /// Whether it says UTF-8 (a .cpg of `UTF-8`, `UTF8` or `65001`; the byte has no UTF-8 value).
        var saysUTF8: Bool {
            guard case .cpg(let text) = self else { return false }
            return ["utf-8", "utf8", "65001", "cp65001"].contains(text.lowercased())
        }

        /// "the .cpg says UTF-8", "the .dbf's code-page byte says 77".
        var words: String {
            switch self {
            case .cpg(let text): return "the .cpg says \(text.isEmpty ? "nothing" : text)"
            case .byte(let byte): return "the .dbf's code-page byte is \(byte)"
            }
        }
    }

    /// The code page a Shapefile (`.shp` or `.dbf`) names: its .cpg, else a non-zero code-page
    /// byte (offset 29) in the .dbf; nil when it names none.
    static func codePage(ofShapefile url: URL) -> CodePage? {
        let base = url.deletingPathExtension()
        for ext in ["cpg", "CPG"] {
            if let data = FileManager.default.contents(atPath: base.appendingPathExtension(ext).path) {
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return .cpg(text)
            }
        }
        for ext in ["dbf", "DBF"] {
            guard let handle = FileHandle(forReadingAtPath: base.appendingPathExtension(ext).path) else { continue }
            defer { try? handle.close() }
            let header = handle.readData(ofLength: 32)
            guard header.count > 29 else { return nil }
            let byte = header[header.startIndex + 29]
            return byte == 0 ? nil : .byte(byte)
        }
        return nil
    }

    /// Whether iconv (which GDAL recodes with) converts from `encoding` to UTF-8: `cp936`,
    /// `GBK`, `Big5` yes, `cp9999` no.
    static func isKnown(_ encoding: String) -> Bool {
        guard let converter = iconv_open("UTF-8", encoding), converter != iconv_t(bitPattern: -1) else { return false }
        iconv_close(converter)
        return true
    }

    /// `raw` decoded from `encoding` (an iconv name: `CP936`, `GBK`) into UTF-8, strictly: nil
    /// when a byte sequence is not of that encoding, or the text holds U+FFFD.
    ///
    /// - Complexity: O(n) in the bytes.
    static func decode(_ raw: UnsafePointer<CChar>, from encoding: String) -> String? {
        let converter = iconv_open("UTF-8", encoding)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        let length = strlen(raw)
        // GBK is at most 2 bytes per character; UTF-8 at most 3 for those characters.
        var output = [CChar](repeating: 0, count: length * 2 + 4)
        let ok = output.withUnsafeMutableBufferPointer { buffer -> Bool in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: raw)
            var inLeft = length
            var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress
            var outLeft = buffer.count - 1
            return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != size_t.max && inLeft == 0
        }
        guard ok, let text = output.withUnsafeBufferPointer({ String(validatingCString: $0.baseAddress!) }),
            !text.contains("\u{FFFD}")
        else { return nil }
        return text
    }

    /// Whether text that is not UTF-8 reads cleanly as GBK/cp936 (what Chinese ArcGIS, SuperMap
    /// and Excel on a Chinese Windows write).
    static func readsAsGBK(_ raw: UnsafePointer<CChar>) -> Bool { decode(raw, from: "CP936") != nil }

    /// For GDAL's text of a field `width` bytes wide: nil when it is UTF-8 (whole, or cut inside
    /// its last character, ``isCutUTF8(_:width:)``); else whether it reads as GBK.
    static func gbkIfNotUTF8(_ raw: UnsafePointer<CChar>, width: Int) -> Bool? {
        guard String(validatingCString: raw) == nil, !isCutUTF8(raw, width: width) else { return nil }
        return readsAsGBK(raw)
    }
}

extension TextEncoding {
    /// Whether `raw`, text of a field `width` bytes wide, is UTF-8 cut inside its last
    /// character: it fills the field, and is valid once the start of a character at its end
    /// (a lead byte and fewer continuation bytes than it needs) is dropped. GDAL cuts a UTF-8
    /// Shapefile's text at the field's width in bytes, without regard for characters; that is no
    /// sign of another encoding.
    static func isCutUTF8(_ raw: UnsafePointer<CChar>, width: Int) -> Bool {
        let length = strlen(raw)
        guard width > 0, length > 1, length >= width, String(validatingCString: raw) == nil else { return false }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: length)
        for drop in 1...min(3, length - 1) {
            let lead = bytes[length - drop]
            guard lead >= 0x80 else { return false }
            if lead < 0xC0 { continue }  // a continuation byte: the lead is further back
            let needs = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            return lead >= 0xC2 && drop < needs && String(validating: bytes.dropLast(drop), as: UTF8.self) != nil
        }
        return false
    }

    /// Column names (GDAL's, as bytes) that show the text is in another encoding than the one
    /// GDAL read it in, or nil when they are clean: `gbk` when every such name reads as GBK,
    /// `replaced` when a name is UTF-8 holding U+FFFD.
    ///
    /// A Shapefile's names are cut at 10 bytes; GDAL cuts UTF-8 names inside a character
    /// (`改造费\xe7`, `改造\xe8\xb4_1` for a second such name), so in a file whose other
    /// names are UTF-8 with Chinese in them, a name of 9 bytes or more that is not is such a cut.
    static func badNames(_ names: [UnsafePointer<CChar>], format: LayerFormat) -> (gbk: Bool, replaced: Bool)? {
        let valid = names.compactMap { String(validatingCString: $0) }
        let replaced = valid.contains { $0.contains("\u{FFFD}") }
        var invalid = names.filter { String(validatingCString: $0) == nil }
        if format == .shapefile, valid.contains(where: { !$0.allSatisfy(\.isASCII) }) {
            invalid.removeAll { strlen($0) >= 9 }
        }
        guard !invalid.isEmpty || replaced else { return nil }
        return (gbk: !invalid.isEmpty && invalid.allSatisfy(readsAsGBK), replaced: invalid.isEmpty && replaced)
    }
}
