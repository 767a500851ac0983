import CivicDiagnostics
import Foundation

/// One field of a CSV record: its decoded text and where it starts in the file.
public struct CSVField: Sendable, Equatable {
    public var text: String
    /// 1-based physical line on which the field starts.
    public var line: Int
    /// 1-based field number within its record.
    public var column: Int
}

/// One CSV record (a row), which may span several physical lines when a quoted field holds newlines.
public struct CSVRecord: Sendable {
    public var fields: [CSVField]
    /// 1-based physical line on which the record starts.
    public var line: Int

    public var texts: [String] { fields.map(\.text) }

    /// True when every field is empty (a blank line or a line of bare commas).
    public var isBlank: Bool { fields.allSatisfy { $0.text.isEmpty } }
}

/// A fault in the CSV syntax itself, found by the reader.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var id: DiagnosticID
    public var line: Int
    public var column: Int
    public var message: String
}

/// The text encodings a layout may declare.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// A streaming, byte-level RFC 4180 reader.
///
/// It reads the file in chunks, accepts CRLF, LF or a lone CR as a line end, skips a UTF-8 BOM,
/// unquotes doubled quotes, and knows the line and field number of every field. A field's text
/// is exactly what the file holds between its delimiters (or its quotes), as RFC 4180 and
/// Python's `csv` module read it: spaces at either end are kept, and so are line ends inside
/// quotes, each as written (CRLF, LF or a lone CR; each counts as one physical line). An unterminated quote is reported at the line where the quote opened, invalid
/// UTF-8 at the line where its field starts, and a NUL byte at the line where it occurs.
///
/// Its memory is bounded whatever the file holds: no field may hold more than `maxFieldBytes`
/// bytes, and no record (a row, or the header) more than that in all, its commas included. The
/// reader stops at the byte that passes the limit, so a 100 MB field costs at most the limit and
/// one chunk, and reports the field where it starts. Which message it gives depends on the
/// field alone, never on where chunks split: the first field of a record is too long, or a later
/// one makes its record too long.
public final class CSVReader {
    /// The most a field, or a whole record, may hold unless a layout says otherwise: 1 MiB.
    public static let defaultMaxFieldBytes = 1 << 20
    /// The most a layout may raise `max_field_bytes` to: 256 MiB.
    public static let largestMaxFieldBytes = 1 << 28

    private let file: UnsafeMutablePointer<FILE>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var pos = 0
    private var eof = false
    private let encoding: TextEncoding
    private let maxFieldBytes: Int
    private var line = 1
    private var started = false
    private var fieldBytes: [UInt8] = []
    private var scratch: [CSVField] = []
    public private(set) var bytesRead = 0
    /// Fed every byte of the file as it is read, when set.
    var digest: SHA256?
    /// The file as it was when opened, to tell at the end whether it changed while it was read.
    private let opened: FileState?
    /// Physical lines begun so far.
    public var linesRead: Int { line }

    public init(path: String, encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20,
                maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) throws {
        guard let f = fopen(path, "rb") else {
            throw CSVSyntaxError(id: .unreadableFile, line: 0, column: 0, message: "cannot open file: \(String(cString: strerror(errno)))")
        }
        file = f
        capacity = max(chunkSize, 4)
        buffer = .allocate(capacity: capacity)
        self.encoding = encoding
        self.maxFieldBytes = max(1, maxFieldBytes)
        opened = FileState(f)
        fieldBytes.reserveCapacity(256)
    }

    deinit {
        fclose(file)
        buffer.deallocate()
    }

    /// Reads the next chunk; false at the end of the file.
    private func refill() -> Bool {
        if eof { return false }
        let n = fread(buffer, 1, capacity, file)
        bytesRead += n
        if n > 0, let digest { digest.update(UnsafeRawBufferPointer(start: buffer, count: n)) }
        count = n
        pos = 0
        if n == 0 { eof = true; return false }
        return true
    }

    /// The SHA-256 of exactly the bytes read: reads whatever is left of the file into the
    /// digest and finishes it, in the same pass as the records (the file is read once). Nil when
    /// no digest was set.
    ///
    /// A file written to while it is read would leave rows and hash of no one version of it, so
    /// it is refused (`fileChanged`): a regular file must end with as many bytes as it had when
    /// opened, all of them read, and the same modification time. (A change that keeps the size
    /// and falls within the file system's timestamp granularity of the last one cannot be seen.
    /// A file replaced by a rename is no change: the reader goes on reading the file it opened.)
    func finishDigest() throws -> String? {
        guard let digest else { return nil }
        while !eof { _ = refill() }
        self.digest = nil
        guard ferror(file) == 0 else {
            throw CSVSyntaxError(id: .unreadableFile, line: 0, column: 0, message: "cannot read the file to its end")
        }
        if let opened, opened.regular {
            let now = FileState(file)
            if now != opened || bytesRead != opened.size {
                let size = now.map { "\($0.size)" } ?? "unknown"
                let modified = now.map { $0.modified != opened.modified } ?? true
                throw CSVSyntaxError(id: .fileChanged, line: 0, column: 0, message:
                    "the file changed while it was being read (\(opened.size) bytes when opened, \(bytesRead) read, \(size) now"
                    + (modified ? ", modified since it was opened" : "") + "): load it again once nothing is writing to it")
            }
        }
        return digest.finish()
    }

    /// What tells that an open file changed: its size and modification time.
    private struct FileState: Equatable {
        var size: Int
        var modified: [Int]  // seconds, nanoseconds
        var regular: Bool

        init?(_ file: UnsafeMutablePointer<FILE>) {
            var st = stat()
            guard fstat(fileno(file), &st) == 0 else { return nil }
            #if canImport(Darwin)
            let m = st.st_mtimespec
            #else
            let m = st.st_mtim
            #endif
            size = Int(st.st_size)
            modified = [Int(m.tv_sec), Int(m.tv_nsec)]
            regular = (st.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// Reads the next record, or nil at the end of the file.
    ///
    /// The hot loop works on local copies of the read position, the chunk's length and the line
    /// number (written back on the way out), so it runs over plain memory with no exclusivity
    /// checks on the reader's stored properties.
    public func next() throws -> CSVRecord? {
        if !started {
            started = true
            // Skip a UTF-8 byte order mark (a chunk holds at least the file's first four bytes).
            if pos >= count { _ = refill() }
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { pos = 3 }
        }
        var p = pos, n = count, line = self.line
        let buf = buffer
        defer { pos = p; count = n; self.line = line }
        /// Makes a byte available at `p`; false at the end of the file.
        @inline(__always) func ready() -> Bool {
            if p < n { return true }
            pos = p
            guard refill() else { p = pos; n = count; return false }
            p = 0
            n = count
            return true
        }
        guard ready() else { return nil }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let recordLine = line
        // The last record's array, reused: once the caller has let go of that record, its
        // storage is ours again and a record costs no allocation for its fields.
        var fields = scratch
        scratch = []
        fields.removeAll(keepingCapacity: true)
        var column = 1
        /// Bytes of the record before the current field, its commas included.
        var recordBytes = 0
        let maxFieldBytes = self.maxFieldBytes
        /// The fault of a field that passes the limit, or makes its record pass it.
        func tooLong(line fieldLine: Int) -> CSVSyntaxError {
            let raise = "(a layout may raise it with \"max_field_bytes\")"
            return recordBytes == 0
                ? CSVSyntaxError(id: .fieldTooLong, line: fieldLine, column: column,
                                 message: "the field is longer than \(maxFieldBytes) bytes, the most a field may hold \(raise)")
                : CSVSyntaxError(id: .fieldTooLong, line: fieldLine, column: column,
                                 message: "the row is longer than \(maxFieldBytes) bytes in all by this field, the most a row or the header may hold \(raise)")
        }
        /// Consumes what ends a field: a comma (false), or a line end or the end of the file
        /// (true: the record ends). Anything else is the fault named.
        @inline(__always) func endOfField(else fault: DiagnosticID, _ message: String) throws -> Bool {
            guard ready() else { return true }
            let b = buf[p]
            p += 1
            switch b {
            case comma: return false
            case cr:
                if ready() && buf[p] == lf { p += 1 }
                line += 1
                return true
            case lf:
                line += 1
                return true
            default:
                throw CSVSyntaxError(id: fault, line: line, column: column, message: message)
            }
        }
        while true {
            let fieldLine = line
            var endOfRecord = false
            var text: String?
            if ready() && buf[p] == quote {
                p += 1
                fieldBytes.removeAll(keepingCapacity: true)
                // What the field may hold: no byte is kept past it.
                let room = maxFieldBytes - recordBytes
                var length = 0
                // Quoted field.
                quoted: while true {
                    guard length <= room else { throw tooLong(line: fieldLine) }
                    length += 1
                    guard ready() else {
                        throw CSVSyntaxError(id: .unterminatedQuote, line: fieldLine, column: column,
                                             message: "unterminated quoted field: the quote opened here is never closed")
                    }
                    let b = buf[p]
                    p += 1
                    switch b {
                    case quote:
                        if ready() && buf[p] == quote {
                            p += 1
                            fieldBytes.append(b)
                        } else {
                            break quoted
                        }
                    case 0:
                        throw CSVSyntaxError(id: .nulByte, line: line, column: column, message: "unexpected NUL byte")
                    case cr:
                        // Kept as written: a CRLF is one line end, a lone CR another.
                        fieldBytes.append(b)
                        line += 1
                        if ready() && buf[p] == lf {
                            p += 1
                            fieldBytes.append(lf)
                            length += 1
                        }
                    case lf:
                        fieldBytes.append(b)
                        line += 1
                    default:
                        fieldBytes.append(b)
                    }
                }
                // After the closing quote: a delimiter, a line end or the end of the file.
                length = fieldBytes.count
                guard length <= room else { throw tooLong(line: fieldLine) }
                recordBytes += length
                endOfRecord = try endOfField(else: .textAfterQuote, "expected a comma or the end of the line after a closing quote")
                text = decode(fieldBytes)
            } else {
                // Unquoted: scan the chunk for the field's end; only a field that runs past the
                // end of the chunk is copied byte by byte.
                var start = p
                var carried = false
                let room = maxFieldBytes - recordBytes
                unquoted: while true {
                    while p < n {
                        let b = buf[p]
                        if b == comma || b == cr || b == lf || b == 0 { break }
                        p += 1
                    }
                    if p < n { break unquoted }
                    // The chunk ends inside the field: keep what we have, up to what it may hold, and read on.
                    if !carried { fieldBytes.removeAll(keepingCapacity: true); carried = true }
                    guard fieldBytes.count + (p - start) <= room else { throw tooLong(line: fieldLine) }
                    fieldBytes.append(contentsOf: UnsafeBufferPointer(start: buf + start, count: p - start))
                    guard ready() else { break unquoted }
                    start = p
                }
                let length = (carried ? fieldBytes.count : 0) + (p - start)
                guard length <= room else { throw tooLong(line: fieldLine) }
                recordBytes += length
                if carried && p > start {
                    fieldBytes.append(contentsOf: UnsafeBufferPointer(start: buf + start, count: p - start))
                }
                // Decode now: reading on past the field's end may refill the chunk under it.
                text = carried ? decode(fieldBytes) : decode(UnsafeBufferPointer(start: buf + start, count: p - start))
                endOfRecord = try endOfField(else: .nulByte, "unexpected NUL byte")  // the scan stops only at these
            }
            guard let text else {
                throw CSVSyntaxError(id: .invalidUTF8, line: fieldLine, column: column,
                                     message: "invalid UTF-8 (the layout may need \"encoding\": \"windows-1252\")")
            }
            fields.append(CSVField(text: text, line: fieldLine, column: column))
            column += 1
            if endOfRecord { break }
            recordBytes += 1  // the comma
        }
        scratch = fields
        return CSVRecord(fields: fields, line: recordLine)
    }

    private func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8: return String(validating: bytes, as: UTF8.self)
        case .windows1252: return Windows1252.decode(Array(bytes))
        }
    }
}

/// Windows-1252 to Unicode: bytes 0x80–0x9F map through Microsoft's table, the rest as Latin-1.
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func decode(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes {
            let v: UInt32 = (b >= 0x80 && b <= 0x9F) ? high[Int(b - 0x80)] : UInt32(b)
            s.append(Unicode.Scalar(v)!)
        }
        return String(s)
    }
}
