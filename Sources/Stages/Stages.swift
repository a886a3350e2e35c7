// Stages module: see design.md §3.
