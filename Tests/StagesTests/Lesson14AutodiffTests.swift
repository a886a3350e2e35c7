// Lesson 14: the autodiff engine (operations vs central differences and closed forms, the
// reference backward on graphs with shared nodes, its size), the learner's backward through
// the stage with injected functions (the reference passes, each usual mistake is named), and
// the scalar graph of lesson 2's network against lesson 2's loops and lesson 4's matrices.
import Foundation
import LessonEngine
import Linalg
import NeuralNet
import Testing
@testable import Stages

@Suite("Lesson 14: autodiff")
struct Lesson14AutodiffTests {
    // MARK: - The engine

    static let engineFile = LessonReferencesTests.packageRoot.appendingPathComponent("Sources/NeuralNet/Autodiff/Value.swift")

    @Test("the engine is at most 150 lines, and the lesson says how many")
    func engineSize() throws {
        let text = try String(contentsOf: Self.engineFile, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
        #expect(lines <= 150)
        let lesson = try String(contentsOf: LessonReferencesTests.packageRoot.appendingPathComponent("lessons/14-autodiff.md"), encoding: .utf8)
        #expect(lesson.contains("\(lines) lines"), "the lesson should state the engine's \(lines) lines")
    }

    /// The derivatives of each operation in `EngineOperation.all`, by hand, at its inputs.
    static func closedForms(_ name: String, _ x: [Double]) -> [Double] {
        switch name {
        case "a + b": [1, 1]
        case "a − b": [1, -1]
        case "a · b": [x[1], x[0]]
        case "a · a": [2 * x[0]]
        case "a ÷ b": [1 / x[1], -x[0] / (x[1] * x[1])]
        case "a³ (power)": [3 * x[0] * x[0]]
        case "exp a": [Foundation.exp(x[0])]
        case "σ(a)": [Foundation.exp(-x[0]) / ((1 + Foundation.exp(-x[0])) * (1 + Foundation.exp(-x[0])))]
        case "a + b + c (sum)": [1, 1, 1]
        default: []
        }
    }

    @Test("every operation's grads equal its closed-form derivatives and central differences")
    func operations() {
        for operation in EngineOperation.all {
            let grads = operation.grads(Autodiff.backward)
            let closed = Self.closedForms(operation.name, operation.inputs)
            #expect(closed.count == grads.count, "\(operation.name): no closed form in the test")
            for (a, c) in zip(grads, closed) { #expect(abs(a - c) <= 1e-14 * max(1, abs(c)), "\(operation.name): \(a) vs \(c)") }
            for (a, n) in zip(grads, operation.centralDifferences(step: 1e-5)) {
                #expect(abs(a - n) <= 1e-8 * max(1, abs(a)), "\(operation.name): \(a) vs central difference \(n)")
            }
        }
        // The forward values too, against the plain-number formulas.
        for operation in EngineOperation.all {
            let node = operation.build(operation.inputs.map { Value($0) })
            #expect(abs(node.value - operation.function(operation.inputs)) <= 1e-15 * max(1, abs(node.value)), "\(operation.name)")
        }
    }

    @Test("a node used several times adds up every contribution: x·x, x·x·x, a diamond")
    func sharedNodes() {
        let x = Value(1.5)
        (x * x).backward()
        #expect(x.grad == 3)                       // d(x²)/dx = 2x
        let y = Value(1.5)
        (y * y * y).backward()
        #expect(abs(y.grad - 3 * 1.5 * 1.5) <= 1e-15)   // 3y²
        // Diamond: s = t + t·t with t = 2z: ds/dz = 2 + 8z.
        let z = Value(0.25)
        let t = 2 * z
        (t + t * t).backward()
        #expect(abs(z.grad - (2 + 8 * 0.25)) <= 1e-15)
        // The probe graph against its closed forms, node by node.
        let graph = ProbeGraph()
        graph.output.backward()
        for (node, expected) in zip(graph.nodes, ProbeGraph.closedForm) {
            #expect(abs(node.grad - expected) <= 1e-14, "\(node.label): \(node.grad) vs \(expected)")
        }
    }

    @Test("topologicalOrder lists every node once, each after all of its parents, the output last")
    func topologicalOrder() {
        let graph = ProbeGraph()
        let order = graph.output.topologicalOrder()
        #expect(order.count == graph.nodes.count)
        #expect(Set(order.map(ObjectIdentifier.init)).count == order.count)
        #expect(order.last === graph.output)
        for (index, node) in order.enumerated() {
            for parent in node.parents { #expect(order.firstIndex { $0 === parent }! < index) }
        }
    }

    // MARK: - The learner's backward, injected

    /// Each usual mistake written as a learner would write it, on the engine's public API.
    enum Learner {
        static func postorder(_ output: Value, visited: Bool = true) -> [Value] {
            var order: [Value] = [], seen = Set<ObjectIdentifier>()
            func visit(_ node: Value) {
                if visited { guard seen.insert(ObjectIdentifier(node)).inserted else { return } }
                for parent in node.parents { visit(parent) }
                order.append(node)
            }
            visit(output)
            return order
        }
        static func sweep(_ order: some Sequence<Value>, output: Value, seed: Bool = true, add: Bool = true) {
            if seed { output.grad = 1 }
            for node in order {
                for (parent, d) in zip(node.parents, node.localDerivatives) {
                    parent.grad = (add ? parent.grad : 0) + d * node.grad
                }
            }
        }
        static func correct(_ output: Value) { sweep(postorder(output).reversed(), output: output) }
        static func overwritten(_ output: Value) { sweep(postorder(output).reversed(), output: output, add: false) }
        static func noSeed(_ output: Value) { sweep(postorder(output).reversed(), output: output, seed: false) }
        static func forwardSweep(_ output: Value) { sweep(postorder(output), output: output) }
        static func visitedTwice(_ output: Value) { sweep(postorder(output, visited: false).reversed(), output: output) }
        static func placeholder(_ output: Value) {}
        static func seedOnly(_ output: Value) { output.grad = 1 }
        static func breadthFirst(_ output: Value) {
            var queue = [output], seen: Set = [ObjectIdentifier(output)], index = 0
            while index < queue.count {
                for parent in queue[index].parents where seen.insert(ObjectIdentifier(parent)).inserted { queue.append(parent) }
                index += 1
            }
            sweep(queue, output: output)
        }
        static func nan(_ output: Value) {   // a seed of 0/0
            output.grad = .nan
            sweep(postorder(output).reversed(), output: output, seed: false)
        }
    }

    func run(_ backward: @escaping Autodiff.BackwardFunction, steps: [String] = ["your-backward", "network"]) throws -> CollectingSink {
        let stage = AutodiffStage()
        stage.exerciseBackward = backward
        return try runSteps(stage, steps: steps, mine: true)
    }

    @Test("a correct backward written on the public API passes the probe and the network")
    func learnersCorrectBackwardPasses() throws {
        let sink = try run(Learner.correct)
        #expect(sink.checks.count == 3)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.detail)") }
    }

    @Test("each usual mistake fails with its own one-line diagnosis, on the probe and on the network", arguments: [
        ("overwritten", "overwritten instead of added up"),
        ("noSeed", "the seed is missing"),
        ("forwardSweep", "from the leaves towards the output"),
        ("breadthFirst", "not a reversed topological order"),
        ("visitedTwice", "swept twice"),
        ("placeholder", "the placeholder is still there"),
        ("seedOnly", "no other node received one"),
        ("nan", "NaN"),
    ])
    func mistakesAreNamed(name: String, expected: String) throws {
        let functions: [String: Autodiff.BackwardFunction] = [
            "overwritten": Learner.overwritten, "noSeed": Learner.noSeed, "forwardSweep": Learner.forwardSweep,
            "breadthFirst": Learner.breadthFirst, "visitedTwice": Learner.visitedTwice, "placeholder": Learner.placeholder,
            "seedOnly": Learner.seedOnly, "nan": Learner.nan,
        ]
        let sink = try run(try #require(functions[name]))
        let probe = try #require(sink.checks.first)
        #expect(!probe.passed)
        #expect(probe.detail.contains(expected), "probe: \(probe.detail)")
        let network = try #require(sink.checks.dropFirst().first)
        if name == "breadthFirst" {
            // Lesson 2's graph is layered (every path from a node to the loss has the same
            // length), so breadth-first happens to be a reversed topological order there: only
            // the probe graph, where u reaches L by paths of two lengths, can tell.
            #expect(sink.checks.dropFirst().allSatisfy { $0.passed })
            return
        }
        #expect(!network.passed)
        #expect(network.detail.contains(expected), "network: \(network.detail)")
        #expect(sink.checks.last?.passed == false, "the finite-difference check must fail too")
    }

    @Test("on the probe graph every mistake's replay differs from the right grads and from every other mistake's")
    func replaysAreDistinct() {
        let graph = ProbeGraph()
        let nodes = graph.nodes.map(ObjectIdentifier.init)
        let correct = BackwardReplay.sweep(graph.output.topologicalOrder().reversed(), seed: graph.output)
        let signatures = [nodes.map { correct[$0, default: 0] }]
            + BackwardMistake.allCases.map { mistake in let r = mistake.replay(output: graph.output); return nodes.map { r[$0, default: 0] } }
        for i in signatures.indices {
            for j in signatures.indices where j > i {
                let sameLine = (i, j) == (3, 4)   // breadth-first and pre-order share one diagnosis line
                #expect(sameLine || !BackwardDiagnosis.agree(signatures[i], signatures[j]), "signatures \(i) and \(j) coincide")
            }
        }
    }

    // MARK: - The lesson's claims

    @Test("the scalar graph's gradients equal lesson 2's loops and lesson 4's matrices to 1e-12, and its loss lesson 2's")
    func agreement() {
        for seed: UInt64 in [1, 42, 2026] {
            let network = SampleData.perElementNetwork(seed: seed)
            let batch = SampleData.batch(seed: seed)
            let graph = ScalarNetworkGraph(network: network, inputs: batch.inputs, targets: batch.targets)
            #expect(abs(graph.loss.value - network.loss(inputs: batch.inputs, targets: batch.targets)) <= 1e-15)
            graph.loss.backward()
            let loops = network.gradients(inputs: batch.inputs, targets: batch.targets)
            let difference = zip(graph.gradients.families, loops.families).map { ($0.value - $1.value).maxAbs() }.max() ?? .nan
            #expect(difference <= AutodiffStage.agreementTolerance)
            #expect(loops.families.map { $0.value.maxAbs() }.min()! > 1e-4)   // not trivially small
            let matrices = VectorisedBackprop.gradients(parameters: VectorisedBackprop.parameters(of: network),
                                                        input: Matrix(batch.inputs), targets: Matrix(batch.targets))
            #expect(VectorisedBackprop.maxAbsoluteDifference(VectorisedBackprop.asMatrices(graph.gradients), matrices) <= 1e-12)
        }
    }

    @Test("the reference passes every step in quick mode; the timing table has one row per N")
    func everyStepPasses() throws {
        let sink = try runSteps(AutodiffStage())
        #expect(sink.checks.count == 5)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        let timing = try #require(sink.tables.last)
        #expect(timing.rows.map { $0[0] } == AutodiffStage.quickTimedSampleCounts.map(String.init))
        #expect(sink.charts.first?.series.count == 3)
    }
}
