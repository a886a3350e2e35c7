import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("lesson 7: naive vs vectorised")
struct NaiveVsVectorisedStageTests {
    @Test("every step runs in quick mode and every check passes")
    func allChecksPass() throws {
        let sink = try runSteps(NaiveVsVectorisedStage())
        #expect(sink.checks.count == 4)
        #expect(sink.checks.allSatisfy { $0.passed }, "\(sink.checks)")
        // One timing row per matmul variant, whatever variants Linalg provides.
        let matmulTable = sink.tables.first { $0.headers.contains("GFLOP/s") }
        #expect(matmulTable?.rows.count == MatmulVariant.allCases.count)
        // Each row says how many cores it ran on and its share of their peak; the peak is printed.
        #expect(matmulTable?.headers.suffix(2) == ["cores", "% of peak"])
        #if DEBUG
        #expect(matmulTable?.rows.allSatisfy { $0.last == "—" } == true)
        #expect(sink.texts.contains { $0.contains("No peak in a debug build") })
        #else
        #expect(matmulTable?.rows.allSatisfy { $0.last?.hasSuffix("%") == true } == true)
        #expect(sink.texts.contains { $0.contains("Peak of one core on this machine") })
        #endif
        #if DEBUG
        #expect(sink.texts.contains { $0.contains("debug build") })
        #endif
    }

    @Test("the rounding-bound check flags a result with one wrong term")
    func boundCatchesAnError() {
        var generator = Xoshiro256StarStar(seed: 1)
        let a: Matrix<Float> = SampleData.uniformMatrix(rows: 5, columns: 7, using: &generator).converted()
        let b: Matrix<Float> = SampleData.uniformMatrix(rows: 7, columns: 3, using: &generator).converted()
        let exact = a.converted(to: Double.self).multiplied(by: b.converted(to: Double.self))
        let absolute = a.converted(to: Double.self).map(abs).multiplied(by: b.converted(to: Double.self).map(abs))
        var c = a.multiplied(by: b)
        #expect(NaiveVsVectorised.worstBoundRatio(c, exact: exact, absoluteProducts: absolute, k: 7) <= 1)
        c[2, 1] += a[2, 6] * b[6, 1]   // a term counted twice, as an off-by-one loop bound would
        #expect(NaiveVsVectorised.worstBoundRatio(c, exact: exact, absoluteProducts: absolute, k: 7) > 1)
    }

    @Test("% of peak divides by the cores used times the one-core peak")
    func percentOfPeak() {
        #expect(NaiveVsVectorised.percentOfPeak(gigaflops: 50, threads: 1, peakGigaflops: 100) == "50%")
        #expect(NaiveVsVectorised.percentOfPeak(gigaflops: 150, threads: 2, peakGigaflops: 100) == "75%")
        #expect(NaiveVsVectorised.percentOfPeak(gigaflops: 1, threads: 1, peakGigaflops: 0) == "—")
    }

    @Test("GFLOP/s is 2·M·K·N per second")
    func gigaflops() {
        #expect(NaiveVsVectorised.gigaflops(m: 1000, k: 1000, n: 1000, seconds: 2) == 1)
    }

    @Test("medianSeconds runs one warm-up and then the requested runs")
    func medianTiming() {
        var calls = 0
        let median = NaiveVsVectorised.medianSeconds(runs: 3) { calls += 1 }
        #expect(calls == 4)   // one warm-up + three timed
        #expect(median >= 0 && median < 0.01)
    }
}
