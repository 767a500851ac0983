#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the operating system refused a file: what decides the exit code of a failure that is
/// not the input's fault (sysexits: 66 no input, 73 cannot create, 74 input/output, 77
/// permission), and the words for it.
public enum SystemFailure: Sendable, Equatable {
    /// The file or folder to read is not there (66).
    case noInput
    /// The file cannot be created: its folder is missing, or a file stands where a folder
    /// should (73).
    case cannotCreate
    /// The disk is full, or the file is over a size limit (74).
    case full
    /// Reading or writing failed (74).
    case io
    /// Permission denied, or a read-only file system (77).
    case permission

    /// The failure an `errno` value names; `creating` tells a missing file to create (73)
    /// from a missing file to read (66).
    public init(errno code: Int32, creating: Bool) {
        switch code {
        case ENOENT, ENOTDIR: self = creating ? .cannotCreate : .noInput
        case EACCES, EPERM, EROFS: self = .permission
        case ENOSPC, EDQUOT, EFBIG: self = .full
        case EISDIR, EEXIST, ENAMETOOLONG, ELOOP: self = .cannotCreate
        default: self = .io
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .noInput: 66
        case .cannotCreate: 73
        case .full, .io: 74
        case .permission: 77
        }
    }

    /// The reason in words, for "cannot write FILE: …".
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: "no such file or folder"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOSPC, EDQUOT: "the disk is full"
        case EFBIG: "the file is larger than this system allows"
        case EISDIR: "it is a folder"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}

/// A file civic could not read or write, in civic's words: "cannot write out.csv: the disk is
/// full". Thrown by the front ends for their own files (outputs, scripts); `Exit` turns it into
/// the failure's exit code.
public struct FileFailure: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// "read", "write", "create" …
    public let action: String
    public let reason: String
    public let failure: SystemFailure

    public init(path: String, action: String, reason: String, failure: SystemFailure) {
        self.path = path
        self.action = action
        self.reason = reason
        self.failure = failure
    }

    /// From an `errno` value.
    public init(path: String, action: String, errno code: Int32) {
        self.init(path: path, action: action, reason: SystemFailure.reason(errno: code),
                  failure: SystemFailure(errno: code, creating: action != "read"))
    }

    public var description: String { "cannot \(action) \(path): \(reason)" }
}
