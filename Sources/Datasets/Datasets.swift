// Datasets module: reading and verifying the training data (design.md §3, "Data").
//
// Owns: the IDX file format (reader and writer), gzip through the system zlib, SHA-256,
// and Fashion-MNIST: locating, downloading, verifying and loading it.
// Must not know about: matrices, networks or lessons. Images come out as plain
// row-major arrays (N×784) that `Matrix(rows:columns:elements:)` takes as they are.
