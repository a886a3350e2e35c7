// Finding Fashion-MNIST on this machine (design.md §3, "Data"), and loading it.
import Foundation

extension FashionMNIST {
    /// Called as a download progresses: the file being fetched, bytes received so far, and the
    /// total if the server said (the CLI draws a progress bar from this).
    public typealias DownloadProgress = @Sendable (_ fileName: String, _ bytesDone: Int, _ bytesTotal: Int?) -> Void

    /// Where to look for the data, how to verify it, and whether and how to download it.
    public struct LoadOptions: Sendable {
        /// `--data DIR`: if set, only this directory is used (relative paths from `currentDirectory`).
        public var dataDirectory: String?
        /// How decompressed files are verified.
        public var checksums: ChecksumPolicy
        /// Download into the cache directory when no searched directory has the data.
        public var allowDownload: Bool
        /// Base URL the `.gz` files are fetched from; nil means `$FASHION_MNIST_URL` or `canonicalBaseURL`.
        public var baseURL: String?
        /// Environment consulted for `$FASHION_MNIST_DIR`, `$FASHION_MNIST_URL`, `$XDG_CACHE_HOME`, `$HOME`.
        public var environment: [String: String]
        /// Directory that `./data/fashion-mnist` and relative paths are resolved against.
        public var currentDirectory: String
        /// System-wide directories searched last (Debian's package by default).
        public var systemDirectories: [String]
        /// Seconds a download may wait for data before failing.
        public var downloadTimeoutSeconds: Double
        /// Download progress callback; called on a background thread as bytes arrive.
        public var progress: DownloadProgress?

        public init(dataDirectory: String? = nil, checksums: ChecksumPolicy = .canonical, allowDownload: Bool = true,
                    baseURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                    currentDirectory: String = FileManager.default.currentDirectoryPath,
                    systemDirectories: [String] = [FashionMNIST.systemDirectory],
                    downloadTimeoutSeconds: Double = 60, progress: DownloadProgress? = nil) {
            self.dataDirectory = dataDirectory
            self.checksums = checksums
            self.allowDownload = allowDownload
            self.baseURL = baseURL
            self.environment = environment
            self.currentDirectory = currentDirectory
            self.systemDirectories = systemDirectories
            self.downloadTimeoutSeconds = downloadTimeoutSeconds
            self.progress = progress
        }
    }

    /// A directory to search, with where it came from (for messages).
    public struct SearchLocation: Equatable, Sendable {
        /// Absolute path.
        public let directory: String
        /// Where it came from: "--data", "$FASHION_MNIST_DIR", "the working directory", "the cache", "the system".
        public let origin: String
        /// The user named it: if it lacks the data that's an error, not a reason to look elsewhere.
        public let isExplicit: Bool
    }

    /// The cache directory downloads go to: `$XDG_CACHE_HOME/backprop/fashion-mnist`, else
    /// `~/.cache/backprop/fashion-mnist`.
    public static func cacheDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return xdg + "/backprop/fashion-mnist"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/backprop/fashion-mnist"
    }

    /// The directories searched, in order: `--data DIR` alone if given; otherwise
    /// `$FASHION_MNIST_DIR` if set, `./data/fashion-mnist`, the cache directory, the system directories.
    public static func searchLocations(options: LoadOptions) -> [SearchLocation] {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : options.currentDirectory + "/" + path
        }
        if let explicit = options.dataDirectory {
            return [SearchLocation(directory: absolute(explicit), origin: "--data", isExplicit: true)]
        }
        var locations: [SearchLocation] = []
        if let fromEnvironment = options.environment[directoryEnvironmentVariable], !fromEnvironment.isEmpty {
            locations.append(SearchLocation(directory: absolute(fromEnvironment), origin: "$\(directoryEnvironmentVariable)", isExplicit: true))
        }
        locations.append(SearchLocation(directory: absolute("data/fashion-mnist"), origin: "the working directory", isExplicit: false))
        locations.append(SearchLocation(directory: cacheDirectory(environment: options.environment), origin: "the cache", isExplicit: false))
        for system in options.systemDirectories {
            locations.append(SearchLocation(directory: system, origin: "the system", isExplicit: false))
        }
        return locations
    }

    /// The path of `fileName` in `directory`, raw (preferred: no decompression) or `.gz`; nil if neither exists.
    public static func dataFilePath(_ fileName: String, in directory: String) -> String? {
        let fileManager = FileManager.default
        for candidate in [directory + "/" + fileName, directory + "/" + fileName + ".gz"]
        where fileManager.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }

    /// The directory holding both files of `split`, searching `searchLocations(options:)` in
    /// order and downloading into the cache if none has them (and `allowDownload`).
    ///
    /// - Throws: `DatasetError` (unreadable/empty/incomplete directory the user named,
    ///   download failure, data not found).
    public static func locate(_ split: Split, options: LoadOptions = LoadOptions()) throws -> String {
        let locations = searchLocations(options: options)
        for location in locations {
            let missing = split.fileNames.filter { dataFilePath($0, in: location.directory) == nil }
            if missing.isEmpty { return location.directory }
            guard location.isExplicit else { continue }
            // The user named this directory: say exactly what is wrong with it.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location.directory, isDirectory: &isDirectory) else {
                throw DatasetError.unreadableDirectory(path: location.directory, origin: location.origin,
                                                       reason: "it does not exist")
            }
            guard isDirectory.boolValue else {
                throw DatasetError.unreadableDirectory(path: location.directory, origin: location.origin,
                                                       reason: "it is a file, not a directory")
            }
            let listing: [String]
            do {
                listing = try FileManager.default.contentsOfDirectory(atPath: location.directory)
            } catch {
                throw DatasetError.unreadableDirectory(path: location.directory, origin: location.origin,
                                                       reason: error.localizedDescription)
            }
            let knownNames = Split.allCases.flatMap(\.fileNames).flatMap { [$0, $0 + ".gz"] }
            if !listing.contains(where: knownNames.contains) {
                throw DatasetError.emptyDirectory(path: location.directory, origin: location.origin)
            }
            throw DatasetError.missingFiles(directory: location.directory, missing: missing)
        }
        let cache = cacheDirectory(environment: options.environment)
        guard options.allowDownload else {
            throw DatasetError.dataNotFound(searched: locations.map(\.directory))
        }
        let missing = split.fileNames.filter { dataFilePath($0, in: cache) == nil }
        try download(missing, into: cache, options: options)
        return cache
    }

    /// Loads a split: locates (or downloads) the files, decompresses, verifies and cross-checks them.
    ///
    /// - Returns: N images of 28×28 with their labels (N = 60,000 for `.train`, 10,000 for `.test`).
    /// - Throws: `DatasetError`, `IDXError`, `GzipError`, each naming the file and a remedy.
    public static func load(_ split: Split, options: LoadOptions = LoadOptions()) throws -> LabelledImages {
        try load(split, fromDirectory: locate(split, options: options), checksums: options.checksums,
                 verifiedCacheDirectory: cacheDirectory(environment: options.environment) + "/verified")
    }

    /// Loads a split from one directory holding its two files (raw or `.gz`). With
    /// `verifiedCacheDirectory`, files verified once are remembered there and not re-hashed
    /// until they change (see `VerifiedFileCache`).
    public static func load(_ split: Split, fromDirectory directory: String,
                            checksums: ChecksumPolicy = .canonical,
                            verifiedCacheDirectory: String? = nil) throws -> LabelledImages {
        guard let imagesPath = dataFilePath(split.imagesFileName, in: directory),
              let labelsPath = dataFilePath(split.labelsFileName, in: directory) else {
            throw DatasetError.missingFiles(directory: directory,
                                            missing: split.fileNames.filter { dataFilePath($0, in: directory) == nil })
        }
        let cache = verifiedCacheDirectory.map { VerifiedFileCache(directory: $0) }
        let images = try readVerified(path: imagesPath, fileName: split.imagesFileName, checksums: checksums, cache: cache)
        let labels = try readVerified(path: labelsPath, fileName: split.labelsFileName, checksums: checksums, cache: cache)
        return try LabelledImages(images: images, labels: labels, imagesPath: imagesPath, labelsPath: labelsPath)
    }

    /// Reads, decodes and (per `checksums`) verifies one file.
    /// With `cache`, a file verified before and unchanged since is read from its kept copy.
    static func readVerified(path: String, fileName: String, checksums: ChecksumPolicy,
                             cache: VerifiedFileCache? = nil) throws -> IDXArray {
        let expected = checksums.expectedDigest(for: fileName)?.lowercased()
        if let expected, let cache, let bytes = cache.verifiedBytes(source: path, digest: expected) {
            return try IDX.decode(bytes, path: path)
        }
        let raw = try readFileBytes(path: path)
        let compressed = Gzip.isCompressed(raw)
        let bytes = compressed ? try Gzip.decompress(raw, path: path) : raw
        let array = try IDX.decode(bytes, path: path)
        if let expected {
            let actual = SHA256.hexDigest(bytes)
            guard actual == expected else {
                throw DatasetError.checksumMismatch(path: path, expected: expected, actual: actual)
            }
            cache?.remember(source: path, digest: expected, bytes: bytes, compressed: compressed)
        }
        return array
    }
}
