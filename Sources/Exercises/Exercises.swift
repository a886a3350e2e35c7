// Exercises module: see design.md §3.
