"""Benchmarks of the warehouse app at scale: `python -m benchmarks.run`."""
