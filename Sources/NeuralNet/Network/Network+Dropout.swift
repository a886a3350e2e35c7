// Dropout on a network's hidden layers: one rate per hidden layer, applied after its activation.
import Linalg

extension Network {
    /// Puts a `Dropout` after each hidden activation whose rate is above 0 (`rates`: one per
    /// hidden layer, or one for all); all zeros (or an empty list) removes dropout. Dropout
    /// has no parameters, so the weights, their names and the saved file are unchanged.
    /// Each layer's masks come from its own generator, seeded from `seed` and the layer.
    public func setDropout(rates: [Double], seed: UInt64 = 1) throws(DropoutError) {
        let hidden = architecture.hiddenActivations.count
        let perLayer = rates.count == 1 ? Array(repeating: rates[0], count: hidden) : rates
        guard rates.isEmpty || perLayer.count == hidden else {
            throw .countMismatch(rates: rates.count, hiddenLayers: hidden)
        }
        if let bad = perLayer.first(where: { !($0 >= 0 && $0 < 1) }) { throw .outOfRange(bad) }
        dropoutLayers = []
        guard perLayer.contains(where: { $0 > 0 }) else {
            trainingLayers = nil
            return
        }
        var withDropout: [any Layer<Scalar>] = []
        for (index, layer) in layers.enumerated() {
            withDropout.append(layer)
            // layers = Dense, act, Dense, act, …: hidden layer h's activation is at 2h + 1.
            let hiddenIndex = (index - 1) / 2
            if index % 2 == 1, hiddenIndex < hidden, perLayer[hiddenIndex] > 0 {
                let dropout = Dropout<Scalar>(rate: perLayer[hiddenIndex], seed: Self.dropoutSeed(seed, layer: hiddenIndex))
                dropout.isTraining = isTraining
                dropoutLayers.append(dropout)
                withDropout.append(dropout)
            }
        }
        trainingLayers = withDropout
    }

    /// The drop rate of each hidden layer (0 where there is none).
    public var dropoutRates: [Double] {
        guard let trainingLayers else { return Array(repeating: 0, count: architecture.hiddenActivations.count) }
        var rates: [Double] = []
        for layer in trainingLayers {
            if let dropout = layer as? Dropout<Scalar> { rates[rates.count - 1] = dropout.rate }
            else if !(layer is Dense<Scalar>), rates.count < architecture.hiddenActivations.count { rates.append(0) }
        }
        return rates
    }

    /// Restarts every dropout generator from (seed, epoch), so epoch e's masks depend only on
    /// them (a resumed run draws what an uninterrupted one would).
    public func reseedDropout(seed: UInt64, epoch: Int) {
        for (index, dropout) in dropoutLayers.enumerated() {
            dropout.reseed(Self.dropoutSeed(seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15, layer: index))
        }
    }

    static func dropoutSeed(_ seed: UInt64, layer: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ 0xD20F_0A7E ^ (UInt64(layer) &+ 1) &* 0xBF58_476D_1CE4_E5B9)
        return mixer.next()
    }
}

/// Dropout rates that do not fit the network.
public enum DropoutError: Error, Equatable, Sendable, CustomStringConvertible {
    case countMismatch(rates: Int, hiddenLayers: Int)
    case outOfRange(Double)

    public var description: String {
        switch self {
        case let .countMismatch(rates, hidden):
            return "error: \(rates) dropout rates for \(hidden) hidden \(hidden == 1 ? "layer" : "layers")\nhint: give one rate for all hidden layers (0.3) or one per hidden layer (0.2,0.3)"
        case let .outOfRange(rate):
            return "error: a dropout rate must be in [0, 1), got \(rate)\nhint: 0 keeps every unit; 0.2–0.5 is usual for hidden layers"
        }
    }
}
