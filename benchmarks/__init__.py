"""Benchmarks: ``make bench`` (``python -m benchmarks``) prints figures; nothing is asserted."""
