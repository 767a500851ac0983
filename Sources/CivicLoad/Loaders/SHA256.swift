import CCrypto

/// SHA-256 of a file, for the `sources.sha256` column, computed as the file streams past: the
/// CSV reader feeds it each chunk it reads, so the file is read once and never held whole.
/// Backed by OpenSSL's libcrypto (which uses the CPU's SHA instructions where present).
final class SHA256 {
    private let ctx: OpaquePointer

    init() {
        ctx = EVP_MD_CTX_new()
        EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(ctx) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(ctx, base, bytes.count)
    }

    /// The digest as 64 lowercase hex digits. Call once, at the end.
    func finish() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var n: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &n)
        let hex = Array("0123456789abcdef".utf8)
        var s = [UInt8]()
        s.reserveCapacity(64)
        for b in out.prefix(Int(n)) { s.append(hex[Int(b >> 4)]); s.append(hex[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }

    /// The digest of bytes in memory.
    static func hex(of bytes: [UInt8]) -> String {
        let h = SHA256()
        bytes.withUnsafeBytes { h.update($0) }
        return h.finish()
    }
}
