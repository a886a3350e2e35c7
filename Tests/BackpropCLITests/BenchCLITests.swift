import Foundation
import Testing

@Suite("backprop bench", .serialized)
struct BenchCLITests {
    @Test("bench --help documents every option and exits 0")
    func help() throws {
        let output = try backprop(["bench", "--help"])
        #expect(output.status == 0)
        for option in ["--quick", "--peers", "--threads", "--epochs-only", "--matmul-only", "--data", "--json", "--allow-debug"] {
            #expect(output.stdout.contains(option), "help should mention \(option)")
        }
    }

    @Test("a tiny matmul-only run prints the CPU header and every variant; JSON is written")
    func tinyMatmulRun() throws {
        let json = temporaryDirectory().appendingPathComponent("bench.json")
        let output = try backprop(["bench", "--quick", "--allow-debug", "--matmul-only", "--tiny", "--json", json.path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains("CPU:") && output.stdout.contains("-target-cpu native"))
        for variant in ["naive", "reordered", "blocked", "simd", "threaded"] {
            #expect(output.stdout.contains(variant), "table should list \(variant)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect((object?["matmul"] as? [Any])?.count == 15)   // 5 variants × 3 layouts of one tiny shape
    }

    @Test("a debug build refuses to benchmark without --allow-debug; bad --threads is a usage error")
    func refusals() throws {
        let debug = try backprop(["bench", "--matmul-only", "--tiny"])
        if debug.stdout.contains("build: debug") {
            #expect(debug.status != 0 && debug.stdout.contains("numbers are meaningless"))
        }
        let threads = try backprop(["bench", "--threads", "3"])
        #expect(threads.status == 2 && threads.stderr.contains("--threads"))
    }
}
