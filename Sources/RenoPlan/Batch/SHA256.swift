internal import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4) by OpenSSL's libcrypto (`EVP_sha256`): content fingerprints of batch runs
/// and the scenario-to-shard hash. The same digests `sha256sum` prints, so a person can check them.
public enum SHA256 {
    /// The digest of `data`, as 64 lower-case hex digits.
    public static func hex(of data: Data) -> String {
        hex(digest { update in data.withUnsafeBytes { update($0) } })
    }

    /// The digest of `text`'s UTF-8 bytes.
    public static func hex(of text: String) -> String { hex(of: Data(text.utf8)) }

    /// The first eight bytes of `text`'s digest as a big-endian integer (the shard hash).
    public static func prefix64(of text: String) -> UInt64 {
        let bytes = digest { update in Data(text.utf8).withUnsafeBytes { update($0) } }
        return bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The digest of a file's contents, read in 1 MiB pieces (geodata may be large).
    ///
    /// - Throws: ``InputError`` naming the file when it cannot be read.
    public static func hex(ofFileAt url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw InputError(file: url.path, problem: "cannot be read")
        }
        defer { try? handle.close() }
        var failure: Error?
        let bytes = digest { update in
            do {
                while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                    piece.withUnsafeBytes { update($0) }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw InputError(file: url.path, problem: "cannot be read: \(failure.localizedDescription)") }
        return hex(bytes)
    }

    /// Runs `feed` with a function that adds bytes to one `EVP_MD_CTX`, and returns the digest.
    /// The context lives and dies inside this call.
    private static func digest(_ feed: ((UnsafeRawBufferPointer) -> Void) -> Void) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed (out of memory)") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { fatalError("EVP_DigestInit_ex(sha256) failed") }
        feed { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 {
                _ = EVP_DigestUpdate(context, base, buffer.count)
            }
        }
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &output, &length) == 1, length == 32 else { fatalError("EVP_DigestFinal_ex failed") }
        return output
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
