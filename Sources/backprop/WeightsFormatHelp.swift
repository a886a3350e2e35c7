/// The weights, checkpoint and gradients file formats, for `backprop help weights` and the
/// FILE FORMAT section of `evaluate --help`: enough to read or write these files with the
/// `safetensors` library or NumPy and reproduce our numbers without reading the Swift.
enum WeightsFormatHelp {
    static let text = """
    WEIGHTS FILES (read by `evaluate`, `predict`, `gradients`; `train --save` writes one):
      A safetensors file: 8 bytes little-endian header length, a JSON header, then the raw
      little-endian tensor data. Read it with `safetensors.numpy.load_file(path)`; the header's
      "__metadata__" object holds the metadata below (every value is a string).

      Tensors, one pair per Dense layer, layers numbered from 1 (not 0):
        layer1.weight   out×in, 2-D: row j holds the weights into unit j (PyTorch's
                        nn.Linear layout), e.g. 256×784 for the first layer of 784-256-256-10
        layer1.bias     [out], 1-D (a 1×out 2-D bias is accepted when reading)
        layer2.weight, layer2.bias, … up to layerL for L = number of widths − 1
      dtype: F32 (what `train` writes) or F64; every tensor of a file has the same dtype.

      Metadata, required to load:
        architecture    widths from input to output, e.g. "784-256-256-10"
        activations     hidden-layer activations: one for all ("relu") or one per hidden
                        layer ("relu,sigmoid"); may be "" only with no hidden layer
        output          "softmax+ce", "sigmoid+mse" or "linear+mse"
      Optional (written by backprop, checked when present):
        dtype ("F32"/"F64", must match the tensors), format ("backprop-weights"),
        format_version ("1"), created_by, loss ("cross-entropy"/"mse"), epoch, seed,
        optimizer, test_accuracy (in [0, 1]: `evaluate` compares it with its own measurement
        and exits 1 if they differ)

      The forward pass: x = the 28×28 image's pixels row by row, each divided by 255
      (Float); a = act(a_prev · Wᵀ + b) per layer, with `activations` on hidden layers and
      `output` on the last. For example, in NumPy with relu and softmax+ce:
        h = np.maximum(x @ W1.T + b1, 0); …; z = h @ WL.T + bL; p = softmax(z)

    CHECKPOINTS (the file `train --save` rewrites after every epoch; `train --resume` continues it):
      A weights file plus metadata kind = "checkpoint", training_configuration and
      training_history (JSON), optimizer_step (Adam's step count t), and the optimiser's
      state as tensors shaped like their parameter:
        momentum: optim.layerℓ.weight.velocity, optim.layerℓ.bias.velocity
        adam:     optim.layerℓ.weight.m, optim.layerℓ.weight.v (and .bias.m, .bias.v)
      Loaders that want only the model can ignore every optim.* tensor.

    GRADIENTS FILES (`gradients --save`):
      Tensors grad.layerℓ.weight (out×in) and grad.layerℓ.bias ([out]): the gradient of
      the batch-mean loss over the first N training images with respect to layerℓ.weight
      and layerℓ.bias; metadata as for weights, plus format = "backprop-gradients",
      loss (the batch-mean loss value) and loss_function ("cross-entropy" or "mse").
      Autograd in JAX or PyTorch on the same weights and images reproduces them.
    """
}
