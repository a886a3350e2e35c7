// Datasets module: see design.md §3.
