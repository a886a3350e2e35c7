// Downloading Fashion-MNIST into the cache: fetch to a temporary file in the same directory,
// verify the decompressed bytes, and only then rename into place.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FashionMNIST {
    /// The base URL downloads use: `options.baseURL`, else `$FASHION_MNIST_URL`, else `canonicalBaseURL`.
    public static func downloadBaseURL(options: LoadOptions) -> String {
        let base = options.baseURL ?? options.environment[baseURLEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? canonicalBaseURL
        return base.hasSuffix("/") ? base : base + "/"
    }

    /// Downloads `fileNames` (each as `<name>.gz`) into `directory`, verifying each before it
    /// appears under its final name. A download that fails verification is deleted.
    ///
    /// - Throws: `DatasetError.downloadFailed` (network, HTTP status, disk) or `.corruptDownload`.
    public static func download(_ fileNames: [String], into directory: String, options: LoadOptions) throws {
        let base = downloadBaseURL(options: options)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.downloadFailed(url: base, reason: "cannot create the cache directory \(directory): \(error.localizedDescription)")
        }
        for fileName in fileNames {
            let urlString = base + fileName + ".gz"
            let finalPath = directory + "/" + fileName + ".gz"
            let temporaryPath = directory + "/." + fileName + ".gz.partial-\(ProcessInfo.processInfo.processIdentifier)"
            defer { try? FileManager.default.removeItem(atPath: temporaryPath) }   // gone on every failure path
            try fetch(urlString, to: temporaryPath, fileName: fileName, options: options)
            do {
                _ = try readVerified(path: temporaryPath, fileName: fileName, checksums: options.checksums)
            } catch let error as DatasetError {
                if case let .checksumMismatch(_, expected, actual) = error {
                    throw DatasetError.corruptDownload(url: urlString, detail: "SHA-256 of the decompressed data is \(actual), expected \(expected)")
                }
                throw DatasetError.corruptDownload(url: urlString, detail: error.message)
            } catch let error as GzipError {
                throw DatasetError.corruptDownload(url: urlString, detail: error.message)
            } catch let error as IDXError {
                throw DatasetError.corruptDownload(url: urlString, detail: error.message)
            }
            do {
                if FileManager.default.fileExists(atPath: finalPath) { try FileManager.default.removeItem(atPath: finalPath) }
                try FileManager.default.moveItem(atPath: temporaryPath, toPath: finalPath)
            } catch {
                throw DatasetError.downloadFailed(url: urlString, reason: "cannot move it into place at \(finalPath): \(error.localizedDescription)")
            }
        }
    }

    /// Fetches one URL into a file, reporting progress; blocks until done.
    static func fetch(_ urlString: String, to path: String, fileName: String, options: LoadOptions) throws {
        guard let url = URL(string: urlString), url.scheme == "http" || url.scheme == "https" else {
            throw DatasetError.downloadFailed(url: urlString, reason: "not an http(s) URL")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw DatasetError.downloadFailed(url: urlString, reason: "cannot create \(path)")
        }
        defer { try? handle.close() }
        let receiver = DownloadReceiver(handle: handle, fileName: fileName, progress: options.progress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.downloadTimeoutSeconds
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        session.dataTask(with: url).resume()
        receiver.finished.wait()
        session.finishTasksAndInvalidate()
        if let reason = receiver.failureReason() {
            throw DatasetError.downloadFailed(url: urlString, reason: reason)
        }
    }
}

/// Receives a download's bytes into a file handle. All state is guarded by `lock`
/// (URLSession calls the delegate on its own queue while `fetch` waits on `finished`).
final class DownloadReceiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private let handle: FileHandle
    private let fileName: String
    private let progress: FashionMNIST.DownloadProgress?
    private var bytesDone = 0
    private var bytesTotal: Int?
    private var failure: String?

    init(handle: FileHandle, fileName: String, progress: FashionMNIST.DownloadProgress?) {
        self.handle = handle
        self.fileName = fileName
        self.progress = progress
    }

    /// Why the download failed, or nil if every byte arrived.
    func failureReason() -> String? {
        lock.lock(); defer { lock.unlock() }
        if failure == nil, let total = bytesTotal, bytesDone != total {
            return "the connection closed after \(bytesDone) of \(total) bytes"
        }
        return failure
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        let status = (response as? HTTPURLResponse)?.statusCode ?? 200
        if status != 200 {
            failure = "the server answered HTTP \(status)"
        }
        bytesTotal = response.expectedContentLength >= 0 ? Int(response.expectedContentLength) : nil
        lock.unlock()
        completionHandler(status == 200 ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        guard failure == nil else { lock.unlock(); return }
        do {
            try handle.write(contentsOf: data)
            bytesDone += data.count
        } catch {
            failure = "cannot write the download to disk: \(error.localizedDescription)"
        }
        let done = bytesDone, total = bytesTotal
        lock.unlock()
        progress?(fileName, done, total)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        if let error, failure == nil {
            let nsError = error as NSError
            failure = "\(nsError.localizedDescription) (\(nsError.domain) \(nsError.code))"
        }
        lock.unlock()
        finished.signal()
    }
}
