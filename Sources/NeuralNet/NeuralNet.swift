// NeuralNet owns the network maths: seeded random numbers, initialisation, the per-element
// (lesson 2) network, vectorised layers and `Network`, losses, optimisers and the gradient
// checker. It builds on Linalg's `Matrix` and `Matmul`; it knows nothing about lessons,
// terminals or data files. See design.md §3.
//
// Weight convention for the whole course: W is out×in (PyTorch's nn.Linear). One sample:
// z = W·x + b; a row-major batch X (N×D): Z = X·Wᵀ + b, so dW = dZᵀ·X and dX = dZ·W.
