import Foundation
import NeuralNet

/// `backprop train`'s lesson-13 options: --dropout, --augment, --flips, --validation, --patience.
enum GeneralisationOptions {
    static var specs: [OptionSpec] {
        [
            .value("dropout", "<p>", "Dropout on the hidden layers while training: one drop probability in [0, 1) for all (0.3), or one per hidden layer (0.2,0.3). Identity at inference; the saved file is unchanged (default: none)."),
            .value("augment", "<pixels>", "Shift every training image by a random dx, dy in −N…N pixels, drawn afresh each batch; N from 1 to 27, 1–2 is usual (default: none)."),
            .flag("flips", "With --augment: also mirror each training image left-right with probability ½."),
            .value("validation", "<n>", "Hold out the last N training images as a validation set: the per-epoch columns show it, and the test set is measured once, at the end."),
            .value("patience", "<n>", "Early stopping (needs --validation): stop after N epochs without a better validation accuracy, and keep the best epoch's weights."),
        ]
    }

    /// The settings from the options; nil when none of them is given.
    static func settings(from arguments: ParsedArguments) throws(UsageError) -> GeneralisationSettings? {
        var settings = GeneralisationSettings()
        if let text = arguments.value("dropout") { settings.dropout = try dropoutRates(text) }
        if arguments.value("augment") != nil {
            let shift = try arguments.integer("augment", minimum: 1, default: 0, example: "2")
            guard shift <= 27 else {
                throw UsageError(message: "--augment must be a shift from 1 to 27 pixels (the images are 28×28), not '\(shift)'",
                                 hint: "for example --augment 2 (shifts of up to 2 pixels each way)")
            }
            settings.augmentation = Augmentation(maxShift: shift, flips: arguments.has("flips"))
        } else if arguments.has("flips") {
            throw UsageError(message: "--flips needs --augment <pixels>", hint: "for example --augment 2 --flips")
        }
        let validation = try arguments.optionalInteger("validation", minimum: 1, example: "5000")
        settings.patience = try arguments.optionalInteger("patience", minimum: 1, example: "5")
        if settings.patience != nil && validation == nil {
            throw UsageError(message: "--patience needs --validation <n>: early stopping must watch held-out training images, never the test set",
                             hint: "for example --validation 5000 --patience 5")
        }
        return settings == GeneralisationSettings() ? nil : settings
    }

    /// "0.3" → [0.3]; "0.2,0.3" → [0.2, 0.3]; each in [0, 1).
    static func dropoutRates(_ text: String) throws(UsageError) -> [Double] {
        var rates: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let rate = Double(trimmed), rate.isFinite, rate >= 0, rate < 1 else {
                throw UsageError(message: "--dropout takes drop probabilities in [0, 1), one for all hidden layers or one per hidden layer; '\(trimmed)' in '\(text)' is not one",
                                 hint: "for example --dropout 0.3 or --dropout 0.2,0.3")
            }
            rates.append(rate)
        }
        return rates
    }

    /// The number of validation images asked for, checked against the training images there are.
    static func validationCount(_ arguments: ParsedArguments, trainingCount: Int) throws(UsageError) -> Int? {
        guard let count = try arguments.optionalInteger("validation", minimum: 1, example: "5000") else { return nil }
        guard count < trainingCount else {
            throw UsageError(message: "--validation \(count) leaves no training images: there are \(trainingCount)",
                             hint: "hold out fewer, for example --validation \(max(1, trainingCount / 12))")
        }
        return count
    }
}
