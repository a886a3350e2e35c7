// Remembering verified dataset files, so a warm load skips gunzip and SHA-256.
// A record is a small JSON file in `<cache directory>/verified/`, one per source file.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files whose decompressed bytes were verified against a SHA-256, remembered by identity.
///
/// Why: verifying the 47 MB training images costs a gunzip (~0.2 s) and a SHA-256 (~0.1 s) on
/// every run. After one successful verification this keeps the decompressed bytes in the
/// cache directory and a record of the source file's identity: (path, size, modification time
/// in nanoseconds, inode, device) and the digest it matched. A later load whose source still
/// has that identity, and whose kept copy still has the identity recorded when it was written,
/// reads the copy instead: no gunzip, no hash. Any change to the source (rewritten,
/// replaced, touched) changes its identity, and the file is decompressed and verified again.
/// The IDX header checks still run on every load.
///
/// A file modified in the last `racyWindowSeconds` before its verification is not remembered:
/// file times are kept at a coarse clock tick (milliseconds), so a second write soon after the
/// first could keep the same size, inode and time, and go unnoticed (git's "racy clean"
/// problem). A just-downloaded file is therefore remembered from its second load on.
///
/// Best effort: a cache that cannot be read or written just means a full verification.
struct VerifiedFileCache {
    /// `<cache directory>/verified`.
    let directory: String
    /// See above.
    static let racyWindowSeconds: Int64 = 2

    /// What `stat` says about a file: enough to notice it was changed or replaced.
    struct Identity: Codable, Equatable {
        var path: String
        var size: Int64
        var modifiedNanoseconds: Int64
        var inode: UInt64
        var device: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.path = path
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
            #else
            modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            #endif
            inode = UInt64(info.st_ino)
            device = UInt64(info.st_dev)
        }
    }

    /// One remembered verification.
    struct Record: Codable {
        var source: Identity
        var digest: String
        /// The decompressed copy, or the source itself when that was not compressed.
        var copy: Identity
    }

    /// Record and copy names for `source`: the file name plus a hash of the full path, so two
    /// directories holding files of the same name do not share a record.
    private func paths(for source: String) -> (record: String, copy: String) {
        let name = (source as NSString).lastPathComponent
        let tag = SHA256.hexDigest(Array(source.utf8)).prefix(16)
        return (directory + "/\(name)-\(tag).json", directory + "/\(name)-\(tag).idx")
    }

    /// The decompressed bytes of `source` if it was verified against `digest` and neither it nor
    /// the kept copy changed since; nil otherwise (then verify it the slow way).
    func verifiedBytes(source: String, digest: String) -> [UInt8]? {
        let (recordPath, _) = paths(for: source)
        guard let current = Identity(path: source),
              let data = FileManager.default.contents(atPath: recordPath),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.source == current, record.digest == digest.lowercased(),
              Identity(path: record.copy.path) == record.copy,
              let bytes = Self.readWhole(path: record.copy.path, size: Int(record.copy.size)) else { return nil }
        return bytes
    }

    /// Exactly `size` bytes of the file at `path` read straight into the array (one copy, not
    /// the two of `Data(contentsOf:)` then `[UInt8](data)`); nil on any error or a size change.
    private static func readWhole(path: String, size: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var complete = true
        let bytes: [UInt8] = LargeArray.make(count: size) { buffer in
            var done = 0
            while done < size {
                let got = read(descriptor, buffer.baseAddress! + done, size - done)
                if got <= 0 { break }
                done += got
            }
            var probe: UInt8 = 0
            complete = done == size && read(descriptor, &probe, 1) == 0   // and nothing after
            return done
        }
        return complete ? bytes : nil
    }

    /// Remembers that `source`, whose decompressed bytes are `bytes`, matched `digest`.
    /// `compressed`: whether `source` is gzip (then a decompressed copy is kept beside the record).
    func remember(source: String, digest: String, bytes: [UInt8], compressed: Bool) {
        guard let sourceIdentity = Identity(path: source) else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        guard sourceIdentity.modifiedNanoseconds < now - Self.racyWindowSeconds * 1_000_000_000 else { return }
        let (recordPath, copyPath) = paths(for: source)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var copyIdentity = sourceIdentity
            if compressed {
                try Data(bytes).write(to: URL(fileURLWithPath: copyPath), options: .atomic)
                guard let written = Identity(path: copyPath) else { return }
                copyIdentity = written
            }
            let record = Record(source: sourceIdentity, digest: digest.lowercased(), copy: copyIdentity)
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: recordPath), options: .atomic)
        } catch {
            return   // best effort: the next load verifies in full
        }
    }
}
