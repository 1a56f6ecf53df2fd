"""`make bench-linkage`: Vigil vs Splink on generated multi-list data and on FEBRL4.

See docs/linkage.md, section Benchmark, and BENCHMARKS.md.
"""
