// What CPU the benchmark ran on, for the report header.

import Foundation

/// The CPU model and the vector features that decide matmul speed.
public struct CPUFeatures: Sendable, Equatable {
    /// e.g. "AMD EPYC 9R45 96-Core Processor", or "unknown".
    public var model: String
    /// Feature flags of interest that are present, from ["avx2", "fma", "avx512f", "neon"].
    public var flags: [String]
    /// Logical CPUs online.
    public var logicalCores: Int

    /// Single-core FP32 peak measured on the project's reference machine (AMD EPYC Zen 5,
    /// AVX-512, an FMA-only loop; see docs/performance.md). A labelled reference for the
    /// benchmark table, not a property of the machine running it. (When the virtual machine
    /// exposes only AVX2, the FMA peak is half of this.)
    public static let referenceSingleCorePeakGigaflops = 230.0

    /// Reads the running machine: /proc/cpuinfo on Linux, sysctl on macOS, else "unknown".
    public static func current() -> CPUFeatures {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUFeatures(model: "unknown", flags: [], logicalCores: cores)
        }
        return parse(procCPUInfo: text, logicalCores: cores)
        #elseif os(macOS)
        let model = sysctlString("machdep.cpu.brand_string") ?? "unknown"
        var flags: [String] = []
        #if arch(arm64)
        flags.append("neon")
        #else
        let features = (sysctlString("machdep.cpu.features") ?? "") + " " + (sysctlString("machdep.cpu.leaf7_features") ?? "")
        let words = Set(features.lowercased().split(separator: " ").map(String.init))
        if words.contains("avx2") { flags.append("avx2") }
        if words.contains("fma") { flags.append("fma") }
        if words.contains("avx512f") { flags.append("avx512f") }
        #endif
        return CPUFeatures(model: model, flags: flags, logicalCores: cores)
        #else
        return CPUFeatures(model: "unknown", flags: [], logicalCores: cores)
        #endif
    }

    /// The first "model name" line and the avx2/fma/avx512f words of the first "flags" line.
    public static func parse(procCPUInfo text: String, logicalCores: Int) -> CPUFeatures {
        var model = "unknown"
        var present: Set<String> = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "model name" && model == "unknown" { model = value }
            if key == "flags" && present.isEmpty { present = Set(value.split(separator: " ").map(String.init)) }
        }
        let flags = ["avx2", "fma", "avx512f"].filter { present.contains($0) }
        return CPUFeatures(model: model, flags: flags, logicalCores: logicalCores)
    }

    #if os(macOS)
    private static func sysctlString(_ name: String) -> String? {
        var size = 0
        guard sysctlbyname(name, nil, &size, nil, 0) == 0, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard sysctlbyname(name, &buffer, &size, nil, 0) == 0 else { return nil }
        return String(cString: buffer)
    }
    #endif

    /// "AMD EPYC … (2 cores; avx2 fma avx512f)".
    public var summary: String {
        "\(model) (\(logicalCores) cores; \(flags.isEmpty ? "no vector flags found" : flags.joined(separator: " ")))"
    }
}
