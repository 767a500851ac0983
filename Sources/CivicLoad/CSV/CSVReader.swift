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
/// unquotes doubled quotes and newlines inside quotes, and knows the line and field number of
/// every field. An unterminated quote is reported at the line where the quote opened, invalid
/// UTF-8 at the line where its field starts, and a NUL byte at the line where it occurs.
public final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8]
    private var count = 0
    private var pos = 0
    private var eof = false
    private let encoding: TextEncoding
    private var line = 1
    private var started = false
    private var fieldBytes: [UInt8] = []
    public private(set) var bytesRead = 0
    /// Physical lines begun so far.
    public var linesRead: Int { line }

    public init(path: String, encoding: TextEncoding = .utf8, chunkSize: Int = 1 << 20) throws {
        guard let f = fopen(path, "rb") else {
            throw CSVSyntaxError(line: 0, column: 0, message: "cannot open file: \(String(cString: strerror(errno)))")
        }
        file = f
        buffer = [UInt8](repeating: 0, count: chunkSize)
        self.encoding = encoding
        fieldBytes.reserveCapacity(256)
    }

    deinit { fclose(file) }

    private func refill() -> Bool {
        if eof { return false }
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        bytesRead += n
        count = n
        pos = 0
        if n == 0 { eof = true; return false }
        return true
    }

    @inline(__always) private func peekByte() -> UInt8? {
        if pos >= count && !refill() { return nil }
        return buffer[pos]
    }

    @inline(__always) private func nextByte() -> UInt8? {
        if pos >= count && !refill() { return nil }
        let b = buffer[pos]
        pos += 1
        return b
    }

    /// Reads the next record, or nil at the end of the file.
    public func next() throws -> CSVRecord? {
        if !started {
            started = true
            // Skip a UTF-8 byte order mark (the first chunk holds the whole file's first bytes).
            if peekByte() != nil, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                pos = 3
            }
        }
        guard peekByte() != nil else { return nil }
        let recordLine = line
        var fields: [CSVField] = []
        var column = 1
        while true {
            let fieldLine = line
            fieldBytes.removeAll(keepingCapacity: true)
            var endOfRecord = false
            if peekByte() == UInt8(ascii: "\"") {
                pos += 1
                // Quoted field.
                quoted: while true {
                    guard let b = nextByte() else {
                        throw CSVSyntaxError(line: fieldLine, column: column,
                                             message: "unterminated quoted field: the quote opened here is never closed")
                    }
                    switch b {
                    case UInt8(ascii: "\""):
                        if peekByte() == UInt8(ascii: "\"") {
                            pos += 1
                            fieldBytes.append(b)
                        } else {
                            break quoted
                        }
                    case 0:
                        throw CSVSyntaxError(line: line, column: column, message: "unexpected NUL byte")
                    case UInt8(ascii: "\r"):
                        if peekByte() == UInt8(ascii: "\n") { pos += 1 }
                        fieldBytes.append(UInt8(ascii: "\n"))
                        line += 1
                    case UInt8(ascii: "\n"):
                        fieldBytes.append(b)
                        line += 1
                    default:
                        fieldBytes.append(b)
                    }
                }
                // After the closing quote: a delimiter, a line end or the end of the file.
                switch nextByte() {
                case nil: endOfRecord = true
                case UInt8(ascii: ","): break
                case UInt8(ascii: "\r"):
                    if peekByte() == UInt8(ascii: "\n") { pos += 1 }
                    line += 1
                    endOfRecord = true
                case UInt8(ascii: "\n"):
                    line += 1
                    endOfRecord = true
                default:
                    throw CSVSyntaxError(line: line, column: column,
                                         message: "expected a comma or the end of the line after a closing quote")
                }
            } else {
                unquoted: while true {
                    guard let b = nextByte() else { endOfRecord = true; break unquoted }
                    switch b {
                    case UInt8(ascii: ","): break unquoted
                    case UInt8(ascii: "\r"):
                        if peekByte() == UInt8(ascii: "\n") { pos += 1 }
                        line += 1
                        endOfRecord = true
                        break unquoted
                    case UInt8(ascii: "\n"):
                        line += 1
                        endOfRecord = true
                        break unquoted
                    case 0:
                        throw CSVSyntaxError(line: line, column: column, message: "unexpected NUL byte")
                    default:
                        fieldBytes.append(b)
                    }
                }
            }
            guard let text = decode(fieldBytes) else {
                throw CSVSyntaxError(line: fieldLine, column: column,
                                     message: "invalid UTF-8 (the layout may need \"encoding\": \"windows-1252\")")
            }
            fields.append(CSVField(text: text, line: fieldLine, column: column))
            column += 1
            if endOfRecord { break }
        }
        return CSVRecord(fields: fields, line: recordLine)
    }

    private func decode(_ bytes: [UInt8]) -> String? {
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8: return String(validating: bytes, as: UTF8.self)
        case .windows1252: return Windows1252.decode(bytes)
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
