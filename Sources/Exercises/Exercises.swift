// Exercises module: the learner's copies of the lesson functions, bodies left to write.
// `backprop run N --mine` checks these instead of the reference. Each function has the same
// signature as the reference the lesson shows; each placeholder returns zeros (marked TODO),
// so its lesson's check fails until the formula is in.
//   lesson 2: ExerciseChainRule.gradients(network:input:target:)
//   lesson 4: ExerciseVectorisedBackprop.gradients(parameters:input:targets:) (types in TwoLayerTypes.swift)
//   lesson 5: ExerciseSoftmaxCrossEntropy.softmax(logits:), .logitGradient(logits:targets:)
//   lesson 6: ExerciseReLUKinks.reluBackward(outputGradient:preActivation:)
