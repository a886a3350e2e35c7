// Lesson 14: what kind of mistake a learner's backward pass made, told from the grads it left
// on a fresh graph. Each usual mistake is replayed here on the same graph (without touching
// its grads), and the learner's grads are compared with each replay in turn. The lines name
// the mistake and the node it shows on, never the code that fixes it.
import NeuralNet

/// The usual ways a backward sweep goes wrong, each replayable.
enum BackwardMistake: CaseIterable {
    /// Grads assigned (`=`) instead of added up: a node used twice keeps one contribution.
    case overwritten
    /// The sweep runs from the leaves towards the output (topological order, not reversed).
    case forwardSweep
    /// Nodes swept breadth-first from the output: a node can pass its grad on before a
    /// consumer further away has added to it.
    case breadthFirst
    /// Nodes swept in depth-first pre-order (a node before its parents' subgraphs): same flaw.
    case preorder
    /// No visited set in the sort: a node reached by two paths is listed, and swept, twice.
    case visitedTwice

    /// The grads this mistake gives, by node, for the graph ending in `output`.
    func replay(output: Value) -> [ObjectIdentifier: Double] {
        switch self {
        case .overwritten: BackwardReplay.sweep(output.topologicalOrder().reversed(), seed: output, accumulate: false)
        case .forwardSweep: BackwardReplay.sweep(output.topologicalOrder(), seed: output)
        case .breadthFirst: BackwardReplay.sweep(BackwardReplay.breadthFirst(output), seed: output)
        case .preorder: BackwardReplay.sweep(BackwardReplay.preorder(output), seed: output)
        case .visitedTwice: BackwardReplay.sweep(BackwardReplay.postorderWithRepeats(output).reversed(), seed: output)
        }
    }
}

/// Sweeps over a graph that keep their grads in a dictionary, so a graph can be replayed
/// under every mistake without changing the grads a learner's pass left on it.
enum BackwardReplay {
    static func sweep(_ order: some Sequence<Value>, seed output: Value, accumulate: Bool = true) -> [ObjectIdentifier: Double] {
        var grad: [ObjectIdentifier: Double] = [ObjectIdentifier(output): 1]
        for node in order {
            let g = grad[ObjectIdentifier(node), default: 0]
            for (parent, d) in zip(node.parents, node.localDerivatives) {
                let id = ObjectIdentifier(parent)
                grad[id] = (accumulate ? grad[id, default: 0] : 0) + d * g
            }
        }
        return grad
    }

    static func breadthFirst(_ output: Value) -> [Value] {
        var order = [output], seen: Set = [ObjectIdentifier(output)], next = 0
        while next < order.count {
            for parent in order[next].parents where seen.insert(ObjectIdentifier(parent)).inserted { order.append(parent) }
            next += 1
        }
        return order
    }

    static func preorder(_ output: Value) -> [Value] {
        var order: [Value] = [], seen = Set<ObjectIdentifier>()
        func visit(_ node: Value) {
            guard seen.insert(ObjectIdentifier(node)).inserted else { return }
            order.append(node)
            for parent in node.parents { visit(parent) }
        }
        visit(output)
        return order
    }

    /// Post-order without a visited set: every path to a node lists it again. Capped (the
    /// count of paths can grow exponentially); nil-free, the cap only shortens the replay.
    static func postorderWithRepeats(_ output: Value, cap: Int = 1_000_000) -> [Value] {
        var order: [Value] = []
        func visit(_ node: Value) {
            guard order.count < cap else { return }
            for parent in node.parents { visit(parent) }
            order.append(node)
        }
        visit(output)
        return order
    }
}

/// The verdict on a learner's backward pass over one graph.
struct BackwardDiagnosis {
    /// Relative agreement for "the same grads": the replays and a correct pass do the same
    /// additions, possibly in another order, so they agree to a few ulps; 1e-9 is far above
    /// that and far below any mistake's effect.
    static let tolerance = 1e-9

    /// One line naming the mistake, or nil when the grads are right. `build` makes a fresh
    /// copy of the graph (nodes in topological order, output last); `backward` is the pass
    /// under test. The learner's pass runs on a fresh graph, and — only if it left every grad
    /// at 0 — once more on a graph whose output grad was set to 1 beforehand.
    static func diagnose(_ backward: Autodiff.BackwardFunction, build: () -> [Value], file: String = "AutodiffExercise.swift") -> String? {
        let nodes = build()
        guard let output = nodes.last else { return nil }
        backward(output)
        let got = nodes.map(\.grad)
        let correct = BackwardReplay.sweep(output.topologicalOrder().reversed(), seed: output)
        let expected = nodes.map { correct[ObjectIdentifier($0), default: 0] }
        if agree(got, expected) { return nil }
        if got.contains(where: { !$0.isFinite }) {
            return "some grads are NaN or infinite (\(describe(nodes.first { !$0.grad.isFinite }!))): every local derivative here is finite, so look for a division or an uninitialised sum in your sweep"
        }
        if got.allSatisfy({ $0 == 0 }) {
            let seeded = build()
            seeded.last!.grad = 1
            backward(seeded.last!)
            if agree(seeded.map(\.grad), expected) {
                return "every grad is 0, the output's own too — yet with the output's grad set beforehand your sweep gets every grad right: the seed is missing (TODO 2: set the output's grad before the sweep starts)"
            }
            return "every grad is still 0, the output's too: the placeholder is still there (the TODOs in \(file))"
        }
        if zip(nodes, got).allSatisfy({ $0 === output ? $1 == 1 : $1 == 0 }) {
            return "only the output's grad is set; no other node received one: the sweep that passes grads on to the parents is missing, or never reaches them"
        }
        for mistake in BackwardMistake.allCases {
            let replay = mistake.replay(output: output)
            guard agree(got, nodes.map { replay[ObjectIdentifier($0), default: 0] }) else { continue }
            return line(for: mistake, nodes: nodes, got: got, expected: expected)
        }
        let index = got.indices.first { !agree([got[$0]], [expected[$0]]) }!
        return "grad of \(describe(nodes[index])) is \(Format.precise(got[index])), expected \(Format.precise(expected[index])); compare your sort and sweep with the steps of \"The chain rule on a graph\""
    }

    static func agree(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// "node u (a·b)" or, unlabelled, "a node made by σ".
    static func describe(_ node: Value) -> String {
        if !node.label.isEmpty { return "node \(node.label)" }
        return node.operation.isEmpty ? "a leaf (value \(Format.fixed(node.value)))" : "a node made by \(node.operation)"
    }

    /// Nodes that feed more than one consumer (or one consumer twice).
    static func sharedNodes(_ nodes: [Value]) -> [Value] {
        var uses: [ObjectIdentifier: Int] = [:]
        for node in nodes { for parent in node.parents { uses[ObjectIdentifier(parent), default: 0] += 1 } }
        return nodes.filter { uses[ObjectIdentifier($0), default: 0] > 1 }
    }

    private static func line(for mistake: BackwardMistake, nodes: [Value], got: [Double], expected: [Double]) -> String {
        let wrong = nodes.indices.filter { !agree([got[$0]], [expected[$0]]) }
        let shared = sharedNodes(nodes).map(ObjectIdentifier.init)
        let first = wrong.first { shared.contains(ObjectIdentifier(nodes[$0])) } ?? wrong[0]
        let example = "\(describe(nodes[first])): \(Format.precise(got[first])) instead of \(Format.precise(expected[first]))"
        switch mistake {
        case .overwritten:
            return "a node used more than once keeps only one of its contributions (\(example)): grads are overwritten instead of added up"
        case .forwardSweep:
            return "the sweep went from the leaves towards the output, so most nodes passed on their grad while it was still 0 (\(example)): go through the topological order backwards"
        case .breadthFirst, .preorder:
            return "a node passed its grad on before all of its consumers had added to it (\(example)): the order of the sweep is not a reversed topological order — a node must come after every node that uses it"
        case .visitedTwice:
            return "a node reached by two paths was swept twice, so its parents got its contribution twice (\(example)): your list of nodes holds some node more than once — remember which nodes you have visited"
        }
    }
}
