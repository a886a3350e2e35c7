// Exercises module: your copies of the lesson functions, bodies left for you to write.
// `backprop run N` (and `backprop`, `backprop next`) runs and checks these; the reading tour
// (`backprop tour`, `--reference`) runs the course's reference instead. Each placeholder
// returns zeros (marked TODO), so its lesson fails until you write it. TODOs say what to
// compute and which derivation step gives it; `backprop hint N` gives one more hint each time.
//   lesson 1: ExerciseForwardPass.layer(weights:bias:input:)
//   lesson 2: ExerciseChainRule.gradients(network:input:target:)
//   lesson 3: ExerciseFiniteDifferences.numericalGradient(at:step:loss:)
//   lesson 4: ExerciseVectorisedBackprop.gradients(parameters:input:targets:) (types in TwoLayerTypes.swift)
//   lesson 5: ExerciseSoftmaxCrossEntropy.softmax(logits:), .logitGradient(logits:targets:)
//   lesson 6: ExerciseReLUKinks.reluBackward(outputGradient:preActivation:)
//   lesson 7: ExerciseMatmul.multiply(_:_:)
//   lesson 9: ExerciseSGD.update(parameter:gradient:learningRate:), .batchRanges(count:batchSize:)
//   lesson 12: ExerciseAdam.step(parameter:gradient:firstMoment:secondMoment:stepCount:learningRate:beta1:beta2:epsilon:)
//   lesson 13: ExerciseDropout.forward(input:mask:rate:), .backward(outputGradient:mask:rate:)
//   lesson 14: ExerciseAutodiff.backward(from:) (the engine, `Value`, is in NeuralNet/Autodiff/Value.swift)
// New to Swift? `backprop help swift` covers exactly what these need.
