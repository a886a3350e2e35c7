// NeuralNet module: see design.md §3.
