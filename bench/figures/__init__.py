"""`make bench-figures`: Vigil's figures against hand-written SQL on a generated registry.

See docs/figures.md, section Benchmark, and BENCHMARKS.md.
"""
