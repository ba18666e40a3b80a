"""Shared pieces of the property-based tests."""


def lengths(shortest):
    """Input lengths from the shortest that still fits the kernel to a few more (odd and even)."""
    lo = max(1, shortest)
    return lo, lo + 8
