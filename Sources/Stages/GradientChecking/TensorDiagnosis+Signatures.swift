// How each bug signature is recognised, in the order they are tried:
//   1. NaN or ±inf anywhere (the first one, row-major);
//   2. nothing wrong → no diagnosis;
//   3. every entry exactly 0 (the placeholder);
//   4. a square tensor equal to the transpose of the expected one;
//   5. one constant ratio a/e over every entry (−1: a sign flip; N, 1/N, 2, 1/2, K… named);
//   6. every wrong entry in one row, one column (a loop bound), or a single entry.
// The messages name positions and factors, never the expected values.
import Linalg

extension TensorDiagnosis {
    /// What was recognised in a wrong tensor.
    public enum Finding: Sendable, Equatable {
        /// The first non-finite entry (flat index) and how many there are.
        case nonFinite(index: Int, value: Double, count: Int)
        /// Every entry exactly 0.
        case placeholder
        /// A square tensor holding the transpose of the expected one.
        case transposed
        /// Every entry is `ratio` times the expected one; `factor` names it when recognised.
        case ratio(Double, factor: NamedRatio?)
        /// Every wrong entry lies in one row.
        case row(Int)
        /// Every wrong entry lies in one column.
        case column(Int)
        /// Exactly one entry is wrong (flat index).
        case entry(Int)
    }

    /// A recognised ratio: its text ("1/N") and what to look at.
    public struct NamedRatio: Sendable, Equatable {
        public var text: String
        /// "(N = 6)" or "" for plain numbers.
        public var values: String
        public var lookAt: String
    }

    /// The finding for `tensor`, or nil when it agrees or no signature fits.
    public static func finding(_ tensor: TensorUnderTest, factors: [NamedFactor] = []) -> Finding? {
        Signatures.finding(tensor, factors: factors)
    }

    /// The one line that describes `finding` in `tensor`.
    public static func line(_ finding: Finding, for tensor: TensorUnderTest) -> String {
        Signatures.line(finding, tensor: tensor)
    }

    enum Signatures {
        static func diagnose(_ tensor: TensorUnderTest, factors: [NamedFactor]) -> String? {
            finding(tensor, factors: factors).map { line($0, tensor: tensor) }
        }

        /// Flat indices compared (not ignored).
        static func compared(_ tensor: TensorUnderTest) -> [Int] {
            (0..<tensor.actual.count).filter { !tensor.ignored.contains($0) }
        }

        /// Entries below this magnitude count as zero: a fraction of the largest expected one.
        static func noiseFloor(_ tensor: TensorUnderTest) -> Double {
            let largest = compared(tensor).map { abs(tensor.expected.elements[$0]) }.filter(\.isFinite).max() ?? 0
            return max(noiseFloorFraction * largest, 1e-300)
        }

        static func agree(_ a: Double, _ e: Double, floor: Double) -> Bool {
            if abs(a) <= floor && abs(e) <= floor { return true }
            return abs(a - e) <= agreementTolerance * max(abs(a), abs(e))
        }

        /// Flat indices whose actual value disagrees with the expected one.
        static func wrongEntries(_ tensor: TensorUnderTest) -> [Int] {
            let floor = noiseFloor(tensor)
            return compared(tensor).filter { !agree(tensor.actual.elements[$0], tensor.expected.elements[$0], floor: floor) }
        }

        static func finding(_ tensor: TensorUnderTest, factors: [NamedFactor]) -> Finding? {
            let indices = compared(tensor)
            let a = tensor.actual, e = tensor.expected
            let nonFinite = indices.filter { !a.elements[$0].isFinite }
            if let first = nonFinite.first { return .nonFinite(index: first, value: a.elements[first], count: nonFinite.count) }
            let wrong = wrongEntries(tensor)
            if wrong.isEmpty { return nil }
            let floor = noiseFloor(tensor)
            if indices.allSatisfy({ a.elements[$0] == 0 }) { return .placeholder }
            if a.rows == a.columns && a.rows > 1 {
                let transposedAgrees = indices.allSatisfy { index in
                    agree(a.elements[index], e[index % a.columns, index / a.columns], floor: floor)
                }
                if transposedAgrees { return .transposed }
            }
            if let ratio = constantRatio(tensor, indices: indices, floor: floor) {
                return .ratio(ratio, factor: name(ratio: ratio, factors: factors))
            }
            let wrongRows = Set(wrong.map { $0 / a.columns }), wrongColumns = Set(wrong.map { $0 % a.columns })
            if wrong.count == 1 { return .entry(wrong[0]) }
            if wrongRows.count == 1 && a.rows > 1 { return .row(wrongRows.first!) }
            if wrongColumns.count == 1 && a.columns > 1 { return .column(wrongColumns.first!) }
            return nil
        }

        /// The common ratio a/e when every significant entry has it (and every entry whose
        /// expected value is ~0 is ~0 too), over at least two entries; nil otherwise.
        static func constantRatio(_ tensor: TensorUnderTest, indices: [Int], floor: Double) -> Double? {
            let a = tensor.actual.elements, e = tensor.expected.elements
            let significant = indices.filter { abs(e[$0]) > floor }
            guard significant.count >= 2 else { return nil }
            let ratios = significant.map { a[$0] / e[$0] }.sorted()
            let median = ratios[ratios.count / 2]
            guard median != 0, median.isFinite,
                  ratios.allSatisfy({ abs($0 - median) <= ratioTolerance * abs(median) }) else { return nil }
            let tiny = indices.filter { abs(e[$0]) <= floor }
            guard tiny.allSatisfy({ abs(a[$0]) <= floor * max(1, abs(median)) }) else { return nil }
            return median
        }

        /// Names `ratio` after −1, 2, 1/2, a factor, its reciprocal, or a product of two, each
        /// possibly negated; the simplest name wins.
        static func name(ratio: Double, factors: [NamedFactor]) -> NamedRatio? {
            typealias Candidate = (value: Double, text: String, symbols: [NamedFactor])
            let two = NamedFactor("2", 2, lookAt: "the factor 2 that differentiating a square brings down")
            var candidates: [Candidate] = [(2, "2 times", [two]), (0.5, "1/2 of", [two])]
            for f in factors {
                candidates.append((f.value, "\(f.symbol) times", [f]))
                candidates.append((1 / f.value, "1/\(f.symbol) of", [f]))
            }
            let all = [two] + factors
            for i in all.indices {
                for j in all.indices where j > i {
                    let (f, g) = (all[i], all[j])
                    candidates.append((f.value * g.value, "\(f.symbol)·\(g.symbol) times", [f, g]))
                    candidates.append((1 / (f.value * g.value), "1/(\(f.symbol)·\(g.symbol)) of", [f, g]))
                    candidates.append((f.value / g.value, "\(f.symbol)/\(g.symbol) times", [f, g]))
                    candidates.append((g.value / f.value, "\(g.symbol)/\(f.symbol) times", [f, g]))
                }
            }
            func matches(_ value: Double) -> Bool { abs(ratio - value) <= 1e-6 * abs(value) }
            if matches(-1) { return NamedRatio(text: "−1 times", values: "", lookAt: "") }
            for sign in [1.0, -1.0] {
                if let found = candidates.first(where: { matches(sign * $0.value) }) {
                    let values = found.symbols.filter { $0.symbol != "2" }
                        .map { "\($0.symbol) = \(formatted($0.value))" }.joined(separator: ", ")
                    return NamedRatio(text: (sign < 0 ? "−" : "") + found.text,
                                      values: values.isEmpty ? "" : " (\(values))",
                                      lookAt: found.symbols.map(\.lookAt).joined(separator: ", and "))
                }
            }
            return nil
        }

        static func formatted(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
    }
}
