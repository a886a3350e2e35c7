import Datasets
import Foundation
import LessonEngine
import Linalg
import NeuralNet

/// `backprop train`: train a Fashion-MNIST classifier (by default `DefaultModel`), with a
/// progress bar per epoch, a checkpoint after every epoch, a summary table and charts.
enum TrainCommand: Command {
    static let name = "train"
    static let overview = "Train a Fashion-MNIST classifier (default: the course's default model) and save it; checkpoints after every epoch."
    static let usage = "[--arch <sizes>] [--activations <list>] [--output <head>] [--epochs <n>] [--batch <n>] [--lr <x>] [--optimizer <name>] [--momentum <x>] [--weight-decay <x>] [--lr-step <every:factor>] [--dropout <p>] [--augment <pixels> [--flips]] [--validation <n>] [--patience <n>] [--seed <n>] [--save <file>] [--resume <file>] [--limit <n>] [--quiet] [--data <dir>]"
    static let defaultSaveFile = "model.safetensors"

    static var options: [OptionSpec] {
        let defaults = DefaultModel.configuration
        return [
            CommandData.dataOption,
            .value("arch", "<sizes>", "Layer widths from input to output (default \(DefaultModel.architecture)); Fashion-MNIST needs 784 inputs and 10 outputs."),
            .value("activations", "<list>", "Hidden activation, relu or sigmoid, one for all hidden layers or one per layer: relu,sigmoid (default \(DefaultModel.activations))."),
            .value("output", "<head>", "Output head and loss: softmax+ce or sigmoid+mse (default \(DefaultModel.output))."),
            .value("epochs", "<n>", "Epochs to train, at least 1 (default \(defaults.epochs)); with --resume, the total to reach."),
            .value("batch", "<n>", "Mini-batch size, at least 1 (default \(defaults.batchSize))."),
            .value("lr", "<x>", "Learning rate, a positive number (default \(Formatting.compact(defaults.learningRate)))."),
            .value("optimizer", "<name>", "sgd, momentum or adam (default \(defaults.optimizer.rawValue))."),
            .value("momentum", "<x>", "Momentum μ in [0, 1) for --optimizer momentum (default \(Formatting.compact(defaults.momentum)))."),
            .value("weight-decay", "<x>", "Weight decay λ ≥ 0 on weights, not biases (default \(Formatting.compact(defaults.weightDecay))); decoupled for adam."),
            .value("lr-step", "<every:factor>", "Multiply the learning rate by FACTOR every EVERY epochs, e.g. 5:0.3 (default \(scheduleText(defaults.schedule))); 'none' keeps it constant."),
            .value("seed", "<n>", "Seed for the initial weights and the shuffling (default \(DefaultModel.seed))."),
            .value("save", "<file>", "Where to save the model (default ./\(defaultSaveFile); with --resume, the resumed file). It is also the checkpoint: rewritten atomically after every epoch, so after Ctrl-C (or a crash) it holds the last completed epoch intact, and `--resume <file>` continues."),
            .value("resume", "<file>", "Continue the run saved in this checkpoint (weights, optimizer state, history) up to --epochs; the architecture and optimizer come from the file."),
            .value("limit", "<n>", "Train on the first N training images only, for quick tries (the test set stays whole)."),
            .flag("quiet", "No progress bars or per-epoch lines; just the configuration, the summary and the result."),
        ] + GeneralisationOptions.specs
    }

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let presenter = session.presenter()
        let observer = TrainingProgressObserver(presenter: presenter, quiet: arguments.has("quiet"))
        return CommandFailure.reporting {
            do {
                return try train(arguments, session: session, presenter: presenter, observer: observer)
            } catch {
                observer.interrupt()
                throw error
            }
        }
    }

    static func train(_ arguments: ParsedArguments, session: Session, presenter: TerminalPresenter,
                      observer: TrainingProgressObserver) throws -> Int32 {
        let style = session.style
        let interruption = TrainingInterruption()
        interruption.install()
        observer.interruption = interruption
        let limit = try arguments.optionalInteger("limit", minimum: 1, example: "1000")
        let trainer: Trainer<Float>
        let saveURL: URL
        if let resumeText = arguments.value("resume") {
            let fixed = ["arch", "activations", "output", "batch", "lr", "optimizer", "momentum", "weight-decay", "lr-step", "seed",
                         "dropout", "augment", "patience"]
            if let clash = fixed.first(where: { arguments.value($0) != nil }) {
                throw UsageError(message: "--\(clash) cannot change when resuming: the checkpoint fixes the model and how it trains",
                                 hint: "resume with only --epochs, --save, --limit, --validation, --data or --quiet; or start a new run without --resume")
            }
            let resumeURL = URL(fileURLWithPath: resumeText).standardizedFileURL
            saveURL = arguments.value("save").map { URL(fileURLWithPath: $0).standardizedFileURL } ?? resumeURL
            let epochs = try arguments.optionalInteger("epochs", minimum: 1, example: "15")
            trainer = try Trainer<Float>(resumingFrom: resumeURL, epochs: epochs, checkpointURL: saveURL)
        } else {
            let configuration = try configuration(from: arguments)
            let architecture = try Architecture(parsing: arguments.value("arch") ?? DefaultModel.architecture,
                                                activations: arguments.value("activations") ?? DefaultModel.activations,
                                                output: try arguments.choice("output", ["softmax+ce", "sigmoid+mse"], default: DefaultModel.output))
            try checkSize(of: architecture)
            var generator = Xoshiro256StarStar(seed: configuration.seed)
            let network = Network<Float>(architecture: architecture, using: &generator)
            saveURL = URL(fileURLWithPath: arguments.value("save") ?? defaultSaveFile).standardizedFileURL
            trainer = Trainer(network: network, configuration: configuration, checkpointURL: saveURL)
        }
        if let problem = trainer.configuration.problem { throw TrainingError.invalidConfiguration(problem: problem) }
        if let patience = trainer.configuration.generalisation?.patience, arguments.value("validation") == nil {
            throw UsageError(message: "this run stops early (patience \(patience)), which must watch a validation set, never the test set",
                             hint: "resume with the --validation <n> the run started with")
        }
        // Before any data is loaded or epoch trained: a bad --save fails now, not after epoch 1.
        try OutputPath.check(saveURL, option: "save", inputs: [])
        if trainer.completedEpochs > 0 && trainer.completedEpochs >= trainer.configuration.epochs {
            throw UsageError(message: "the checkpoint \(arguments.value("resume") ?? "") already holds \(trainer.completedEpochs) \(trainer.completedEpochs == 1 ? "epoch" : "epochs"), and --epochs \(trainer.configuration.epochs) asks for no more; nothing to train or save",
                             hint: "resume with --epochs \(trainer.completedEpochs + 1) or more to train further")
        }

        let fullTraining = try CommandData.load(.train, arguments: arguments, style: style)
        var training = limit.map { fullTraining.prefix($0) } ?? fullTraining
        let test = try CommandData.load(.test, arguments: arguments, style: style)
        var validation: LabelledData<Float>?
        if let count = try GeneralisationOptions.validationCount(arguments, trainingCount: training.count) {
            (training, validation) = {
                let split = training.splittingValidation(count: count)
                return (split.training, split.validation)
            }()
            trainer.evaluatesTestSet = false
            observer.heldOutName = "val"
        }

        presenter.say(TableRenderer.render(configurationTable(trainer, training: training, test: test, saveURL: saveURL, validation: validation), style: style))
        if trainer.completedEpochs > 0 {
            presenter.say(["Resuming after epoch \(trainer.completedEpochs) of \(trainer.configuration.epochs)."])
        }
        presenter.say(["Checkpoint after every epoch: \(saveURL.path) (written atomically; Ctrl-C keeps the last completed epoch).", ""])

        var resume = ["backprop", "train", "--resume", saveURL.path, "--epochs", "\(trainer.configuration.epochs)"]
        for option in ["limit", "validation", "data"] { if let value = arguments.value(option) { resume += ["--\(option)", value] } }
        if arguments.has("quiet") { resume.append("--quiet") }
        interruption.trainingStarts(checkpoint: saveURL.path, savedEpochs: trainer.completedEpochs, totalEpochs: trainer.configuration.epochs,
                                    resumeCommand: resume.map(Self.shellQuoted).joined(separator: " "))
        let history = try trainer.train(on: training, test: validation ?? test, observer: observer)

        let heldOut = validation == nil ? "test" : "val"
        presenter.say([""] + TableRenderer.render(summaryTable(history, heldOut: heldOut), style: style))
        if history.epochs.count > 1 {
            for chart in charts(history, heldOut: heldOut) { presenter.say([""] + ChartRenderer.render(chart, style: style, height: 10)) }
        }
        if validation != nil {
            return try finishValidatedRun(trainer, test: test, saveURL: saveURL, presenter: presenter)
        }
        let last = history.epochs.last
        presenter.say(["", "Saved the model to \(saveURL.path)"
                       + (last.map { " (epoch \($0.epoch), test accuracy \($0.testAccuracy.map { Formatting.percent($0) } ?? "n/a"))" } ?? "") + ".",
                       "Next: backprop evaluate --weights \(saveURL.path)"])
        return ExitStatus.success
    }

    /// `word` as one shell word: unchanged when safe, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0)) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The configuration from the options, `DefaultModel.configuration` for each one absent.
    static func configuration(from arguments: ParsedArguments) throws(UsageError) -> TrainingConfiguration {
        var configuration = DefaultModel.configuration
        configuration.epochs = try arguments.integer("epochs", minimum: 1, default: configuration.epochs, example: "15")
        configuration.batchSize = try arguments.integer("batch", minimum: 1, default: configuration.batchSize, example: "128")
        configuration.learningRate = try arguments.number("lr", default: configuration.learningRate, requirement: "a positive number",
                                                          example: "0.001") { $0 > 0 }
        let optimizerName = try arguments.choice("optimizer", OptimizerKind.allCases.map(\.rawValue), default: configuration.optimizer.rawValue)
        configuration.optimizer = OptimizerKind(rawValue: optimizerName) ?? configuration.optimizer
        configuration.momentum = try arguments.number("momentum", default: configuration.momentum, requirement: "a number in [0, 1)",
                                                      example: "0.9") { $0 >= 0 && $0 < 1 }
        configuration.generalisation = try GeneralisationOptions.settings(from: arguments)
        configuration.weightDecay = try arguments.number("weight-decay", default: configuration.weightDecay, requirement: "a number ≥ 0",
                                                         example: "0.0001") { $0 >= 0 }
        if let text = arguments.value("seed") {
            guard let seed = UInt64(text) else {
                throw UsageError(message: "--seed must be a non-negative whole number, not '\(text)'", hint: "for example --seed 42")
            }
            configuration.seed = seed
        }
        if let text = arguments.value("lr-step") {
            configuration.schedule = try parseSchedule(text)
        }
        return configuration
    }

    /// "5:0.3" → step every 5 epochs by ×0.3; "none" → constant.
    static func parseSchedule(_ text: String) throws(UsageError) -> LearningRateSchedule {
        if text.lowercased() == "none" { return .constant }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let every = Int(parts[0]), every >= 1, let factor = Double(parts[1]), factor > 0, factor.isFinite else {
            throw UsageError(message: "--lr-step must be EVERY:FACTOR with EVERY ≥ 1 epochs and FACTOR > 0, not '\(text)'",
                             hint: "for example --lr-step 5:0.3 (multiply the learning rate by 0.3 every 5 epochs), or --lr-step none")
        }
        return .step(everyEpochs: every, factor: factor)
    }

    static func scheduleText(_ schedule: LearningRateSchedule) -> String {
        switch schedule {
        case .constant: return "none"
        case let .step(every, factor): return "\(every):\(Formatting.compact(factor))"
        }
    }

    static func configurationTable(_ trainer: Trainer<Float>, training: LabelledData<Float>, test: LabelledData<Float>,
                                   saveURL: URL, validation: LabelledData<Float>? = nil) -> Table {
        let configuration = trainer.configuration
        let architecture = trainer.network.architecture
        let rows: [[String]] = [
            ["architecture", architecture.sizesDescription],
            ["hidden activations", architecture.activationsDescription],
            ["output + loss", architecture.output.rawValue],
            ["epochs", "\(configuration.epochs)"],
            ["batch size", "\(configuration.batchSize)"],
            ["optimizer", configuration.optimizer.rawValue + (configuration.optimizer == .momentum ? " (μ = \(Formatting.compact(configuration.momentum)))" : "")],
            ["learning rate", Formatting.compact(configuration.learningRate)],
            ["lr schedule", scheduleText(configuration.schedule)],
            ["weight decay", Formatting.compact(configuration.weightDecay)],
            ["generalisation", configuration.generalisation.map { $0.summary.isEmpty ? "none" : $0.summary } ?? "none"],
            ["seed", "\(configuration.seed)"],
            ["training images", "\(training.count)"],
            ["validation images", validation.map { "\($0.count) (the last of the training file)" } ?? "none"],
            ["test images", "\(test.count)" + (validation == nil ? "" : " (measured once, after training)")],
            ["parameters", "\(trainer.network.namedParameters.reduce(0) { $0 + $1.value.count })"],
            ["save / checkpoint", saveURL.path],
        ]
        return Table(title: "Training configuration", headers: ["setting", "value"], rows: rows, rightAligned: [false, false])
    }

    static func summaryTable(_ history: TrainingHistory, heldOut: String = "test") -> Table {
        let rows = history.epochs.map { record in
            ["\(record.epoch)", Formatting.compact(record.learningRate), Formatting.fixed(record.trainLoss),
             Formatting.percent(record.trainAccuracy), record.testLoss.map { Formatting.fixed($0) } ?? "-",
             record.testAccuracy.map { Formatting.percent($0) } ?? "-", String(format: "%.1f", record.seconds)]
        }
        return Table(title: "Training summary", headers: ["epoch", "lr", "train loss", "train acc", "\(heldOut) loss", "\(heldOut) acc", "seconds"],
                     rows: rows)
    }

    static func charts(_ history: TrainingHistory, heldOut: String = "test") -> [Chart] {
        let epochs = history.epochs.map { Double($0.epoch) }
        let accuracy = Chart(title: "Accuracy by epoch", xLabel: "epoch", yLabel: "accuracy (%)", series: [
            .init(name: "train", x: epochs, y: history.epochs.map { $0.trainAccuracy * 100 }),
            .init(name: heldOut, x: epochs, y: history.epochs.map { ($0.testAccuracy ?? .nan) * 100 }),
        ])
        let loss = Chart(title: "Loss by epoch", xLabel: "epoch", yLabel: "loss", series: [
            .init(name: "train", x: epochs, y: history.epochs.map(\.trainLoss)),
            .init(name: heldOut, x: epochs, y: history.epochs.map { $0.testLoss ?? .nan }),
        ])
        return [accuracy, loss]
    }
}
