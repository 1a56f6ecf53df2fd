"""Benchmarks of Vigil (not part of the installed package)."""
