#!/usr/bin/env python3
"""NumPy peer for `backprop bench`: the same matmuls and the same MLP epoch, in plain NumPy.

(a) times float32 matmuls C = op(A)·op(B) on the shapes and layouts Linalg's MatmulBenchmark
    uses (A·B, Aᵀ·B, A·Bᵀ);
(b) times epochs of an MLP (ReLU hidden layers, softmax + cross-entropy, float32, a fresh
    shuffle per epoch): 784-250-250-10 with SGD (lr 0.01) at batch 64 and 128, and the course's
    default model 784-256-256-10 with Adam (lr 1e-3) at batch 128, on 60,000 random inputs,
    or on Fashion-MNIST when --data DIR holds train-images-idx3-ubyte.gz and
    train-labels-idx1-ubyte.gz. Each configuration runs one untimed warm-up epoch, then
    --epochs timed ones; min, median and max are reported.
(c) --serve: loads the data once, then reads commands from stdin, one per line,
    "epoch <sgd|adam> <sizes> <batch>", trains one epoch of that configuration (each keeps its
    own parameters across calls) and prints {"seconds", "final_loss"} as one JSON line.
    `backprop bench --peers` drives it this way to interleave NumPy's epochs with its own, so a
    noisy minute on a shared machine slows both sides alike. "quit" or end of input stops it.

Shapes: B = batch, D = 784 inputs, H = 250 hidden units, K = 10 classes.
Weights are stored out×in (W1: H×D), so a layer is Z = X·Wᵀ + b.

Prints one JSON object on stdout:
  {"numpy": version, "blas": ..., "threads": n, "openblas_env": {...},
   "matmul": [{"layout", "m", "k", "n", "median_seconds", "gflops"}, ...],
   "epoch": [{"batch", "seconds", "final_loss", "samples", "data"}, ...]}

Fairness: this environment may set OPENBLAS_CORETYPE (e.g. Haswell), which stops OpenBLAS
using its AVX-512 kernels, and OPENBLAS_L2_SIZE. Unless --keep-openblas-env is given, the script
re-runs itself with both unset and says so under "openblas_env".
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
UNSET_MARKER = "BACKPROP_NUMPY_UNSET"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="directory with Fashion-MNIST train-*-ubyte.gz files")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1: one core)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 1024³ matmul")
    parser.add_argument("--epochs", type=int, default=3,
                        help="epochs timed per configuration after one warm-up epoch (default 3)")
    parser.add_argument("--serve", action="store_true",
                        help="read 'epoch <sgd|adam> <sizes> <batch>' lines from stdin (see above)")
    parser.add_argument("--skip-epoch", action="store_true", help="only time the matmuls")
    parser.add_argument("--skip-matmul", action="store_true", help="only time the epochs")
    parser.add_argument("--keep-openblas-env", action="store_true",
                        help="do not unset OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE")
    return parser.parse_args()


def reexec_with_fair_environment(arguments):
    """Re-runs this script with the OpenBLAS overrides removed and the thread count set.
    Thread variables must be set before NumPy is imported, hence a fresh process."""
    if os.environ.get(UNSET_MARKER) is not None:
        return
    environment = dict(os.environ)
    removed = []
    if not arguments.keep_openblas_env:
        for name in OPENBLAS_OVERRIDES:
            if name in environment:
                removed.append(f"{name}={environment.pop(name)}")
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        environment[name] = str(arguments.threads)
    environment[UNSET_MARKER] = ",".join(removed)
    os.execve(sys.executable, [sys.executable] + sys.argv, environment)


# ----------------------------------------------------------------------------- matmuls

def matmul_shapes(quick):
    """(M, K, N, layouts): the same list as Linalg's MatmulBenchmark.shapes."""
    shapes = [
        (256, 784, 256, ["A·B", "Aᵀ·B", "A·Bᵀ"]),
        (64, 784, 250, ["A·B"]),
        (128, 784, 250, ["A·B"]),
        (128, 250, 250, ["A·B"]),
        (250, 128, 250, ["Aᵀ·B"]),
        (128, 250, 784, ["A·Bᵀ"]),
    ]
    if not quick:
        shapes.append((1024, 1024, 1024, ["A·B"]))
    return shapes


def median_seconds(function, runs, warmups=1):
    for _ in range(warmups):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    times.sort()
    middle = len(times) // 2
    return times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2


def time_matmuls(np, quick):
    rng = np.random.default_rng(42)
    rows = []
    for m, k, n, layouts in matmul_shapes(quick):
        for layout in layouts:
            a_shape = (k, m) if layout == "Aᵀ·B" else (m, k)
            b_shape = (n, k) if layout == "A·Bᵀ" else (k, n)
            a = rng.uniform(-1, 1, a_shape).astype(np.float32)
            b = rng.uniform(-1, 1, b_shape).astype(np.float32)
            c = np.empty((m, n), dtype=np.float32)
            op_a = a.T if layout == "Aᵀ·B" else a     # views: BLAS reads them transposed
            op_b = b.T if layout == "A·Bᵀ" else b
            once = median_seconds(lambda: np.matmul(op_a, op_b, out=c), runs=1)
            budget = 0.05 if quick else 0.2
            runs = max(3, min(25, int(budget / max(once, 1e-9))))
            seconds = median_seconds(lambda: np.matmul(op_a, op_b, out=c), runs=runs)
            rows.append({"layout": layout, "m": m, "k": k, "n": n, "median_seconds": seconds,
                         "gflops": 2.0 * m * n * k / seconds / 1e9})
    return rows


# ----------------------------------------------------------------------------- data

def read_idx(path, expected_magic):
    """An IDX file (gzip): big-endian magic, dimension sizes, then unsigned bytes."""
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        raise SystemExit(f"error: {path} has IDX magic {magic:#x}, expected {expected_magic:#x}\n"
                         f"hint: pass the directory holding the original Fashion-MNIST .gz files")
    dimensions = data[3]
    sizes = struct.unpack(">" + "I" * dimensions, data[4:4 + 4 * dimensions])
    return data[4 + 4 * dimensions:], sizes


def load_training_data(np, directory, rng):
    """X: 60,000×784 float32 in [0, 1] and labels, from Fashion-MNIST or random."""
    if directory is None:
        images = rng.random((60000, 784), dtype=np.float32)
        labels = rng.integers(0, 10, 60000)
        return images, labels, "random 60000×784"
    image_bytes, image_sizes = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"), 0x803)
    label_bytes, _ = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"), 0x801)
    count = image_sizes[0]
    images = np.frombuffer(image_bytes, dtype=np.uint8).reshape(count, 784).astype(np.float32) / 255.0
    labels = np.frombuffer(label_bytes, dtype=np.uint8).astype(np.int64)
    return images, labels, f"Fashion-MNIST {directory}"


# ----------------------------------------------------------------------------- the MLP

def initial_parameters(np, rng, sizes=(784, 250, 250, 10)):
    """He initialisation, W out×in, b zero."""
    parameters = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weight = (rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
        parameters.append([weight, np.zeros(fan_out, dtype=np.float32)])
    return parameters


class SGD:
    """θ ← θ − η·g, in place."""
    def __init__(self, np, parameters, learning_rate=0.01):
        self.learning_rate = learning_rate

    def step(self, parameters, gradients):
        for pair, grads in zip(parameters, gradients):
            for theta, g in zip(pair, grads):
                theta -= self.learning_rate * g


class Adam:
    """Adam (Kingma & Ba) as `backprop`'s Adam, in place on float32 state:
    m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·m̂/(√v̂ + ε)."""
    def __init__(self, np, parameters, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.np = np
        self.learning_rate, self.beta1, self.beta2, self.epsilon = learning_rate, beta1, beta2, epsilon
        self.m = [[np.zeros_like(theta) for theta in pair] for pair in parameters]
        self.v = [[np.zeros_like(theta) for theta in pair] for pair in parameters]
        self.t = 0

    def step(self, parameters, gradients):
        np = self.np
        self.t += 1
        correction1 = 1 - self.beta1 ** self.t
        correction2 = 1 - self.beta2 ** self.t
        step_size = np.float32(self.learning_rate / correction1)
        for pair, grads, ms, vs in zip(parameters, gradients, self.m, self.v):
            for theta, g, m, v in zip(pair, grads, ms, vs):
                m *= self.beta1; m += (1 - self.beta1) * g
                v *= self.beta2; v += (1 - self.beta2) * (g * g)
                theta -= step_size * m / (np.sqrt(v / np.float32(correction2)) + np.float32(self.epsilon))


def train_epoch(np, parameters, optimizer, images, labels, batch, rng):
    """One epoch of mini-batch training of a ReLU MLP with softmax + cross-entropy; returns the
    last batch's mean cross-entropy. Layer ℓ: Z = A·Wᵀ + b."""
    order = rng.permutation(len(images))
    loss = float("nan")
    depth = len(parameters)
    for start in range(0, len(images), batch):
        index = order[start:start + batch]
        X = images[index]                         # B×D
        Y = labels[index]
        count = len(index)
        # forward
        inputs, pre = [X], []
        for layer, (W, b) in enumerate(parameters):
            Z = inputs[-1] @ W.T + b
            pre.append(Z)
            if layer < depth - 1:
                inputs.append(np.maximum(Z, 0))
        Z = pre[-1]
        Z = Z - Z.max(axis=1, keepdims=True)      # subtract the row max before exp
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        loss = float(-np.log(P[np.arange(count), Y] + 1e-12).mean())
        # backward: ∂L/∂Z_last = (P − T) / B
        dZ = P
        dZ[np.arange(count), Y] -= 1
        dZ /= count
        gradients = [None] * depth
        for layer in range(depth - 1, -1, -1):
            W = parameters[layer][0]
            gradients[layer] = (dZ.T @ inputs[layer], dZ.sum(axis=0))   # dW: out×in, db
            if layer > 0:
                dZ = (dZ @ W) * (pre[layer - 1] > 0)
        optimizer.step(parameters, gradients)
    return loss


EPOCH_CONFIGURATIONS = (("sgd", "784-250-250-10", 64), ("sgd", "784-250-250-10", 128),
                        ("adam", "784-256-256-10", 128))


class Trainer:
    """One configuration's parameters, optimiser and shuffle generator, kept across epochs."""
    def __init__(self, np, optimizer, sizes, batch):
        self.batch = batch
        self.parameters = initial_parameters(np, np.random.default_rng(1),
                                             tuple(int(size) for size in sizes.split("-")))
        self.optimizer = (Adam if optimizer == "adam" else SGD)(np, self.parameters)
        self.rng = np.random.default_rng(0)

    def epoch(self, np, images, labels):
        start = time.perf_counter()
        loss = train_epoch(np, self.parameters, self.optimizer, images, labels, self.batch, self.rng)
        return time.perf_counter() - start, loss


def time_epochs(np, directory, epochs):
    """Every configuration: one untimed warm-up epoch, then `epochs` timed ones."""
    images, labels, description = load_training_data(np, directory, np.random.default_rng(0))
    rows = []
    for optimizer, sizes, batch in EPOCH_CONFIGURATIONS:
        trainer = Trainer(np, optimizer, sizes, batch)
        trainer.epoch(np, images, labels)
        times, loss = [], float("nan")
        for _ in range(epochs):
            seconds, loss = trainer.epoch(np, images, labels)
            times.append(seconds)
        ordered = sorted(times)
        rows.append({"optimizer": optimizer, "architecture": sizes, "batch": batch,
                     "seconds": ordered[len(ordered) // 2], "min_seconds": ordered[0],
                     "max_seconds": ordered[-1], "all_seconds": times, "final_loss": loss,
                     "samples": len(images), "data": description})
    return rows


def serve(np, directory, header):
    """The --serve loop (see the module docstring)."""
    images, labels, description = load_training_data(np, directory, np.random.default_rng(0))
    print(json.dumps(dict(header, data=description, samples=len(images)), ensure_ascii=False), flush=True)
    trainers = {}
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        if words[0] != "epoch" or len(words) != 4 or words[1] not in ("sgd", "adam"):
            print(json.dumps({"error": f"unknown command {line.strip()!r}; "
                                       "expected 'epoch <sgd|adam> <sizes> <batch>' or 'quit'"}), flush=True)
            continue
        key = (words[1], words[2], int(words[3]))
        if key not in trainers:
            trainers[key] = Trainer(np, *key)
        seconds, loss = trainers[key].epoch(np, images, labels)
        print(json.dumps({"seconds": seconds, "final_loss": loss}), flush=True)


def blas_description(np):
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:   # older NumPy: no dict mode
        return "unknown"


def main():
    arguments = parse_arguments()
    reexec_with_fair_environment(arguments)
    import numpy as np
    removed = [item for item in os.environ.get(UNSET_MARKER, "").split(",") if item]
    header = {
        "numpy": np.__version__,
        "blas": blas_description(np),
        "threads": arguments.threads,
        "openblas_env": {
            "unset": removed,
            "kept": [name for name in OPENBLAS_OVERRIDES if name in os.environ],
            "note": ("ran with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset so OpenBLAS picks its "
                     "own kernels for this CPU" if not arguments.keep_openblas_env
                     else "OpenBLAS environment kept as given (--keep-openblas-env)"),
        },
    }
    if arguments.serve:
        serve(np, arguments.data, header)
        return
    result = dict(header,
                  matmul=[] if arguments.skip_matmul else time_matmuls(np, arguments.quick),
                  epoch=[] if arguments.skip_epoch else time_epochs(np, arguments.data, arguments.epochs))
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
