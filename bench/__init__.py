"""Benchmarks: speed of the engine as ratios against plain PyTorch, measured in the same run."""
