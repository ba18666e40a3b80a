"""Shifting a signal or a map, to test shift equivariance and shift invariance.

``shift(x, k)`` moves the contents of ``x`` ``k`` places along an axis
towards higher indices (to the right, or down), fills the ``k`` cells that
open with zeros and drops the ``k`` cells that fall off the far end, so the
shape does not change: ``shift(x, 1)[n] == x[n - 1]`` for ``n >= 1``. A
negative ``k`` shifts the other way. Unlike ``np.roll`` nothing wraps round,
as when a pattern moves inside a longer signal.

A convolution commutes with a shift (shift equivariance): away from the
first ``k`` outputs, ``conv1d(shift(x, k), w) == shift(conv1d(x, w), k)``.
Max pooling with stride ``s`` only commutes with shifts by multiples of
``s``; a smaller shift leaves only some outputs unchanged (approximate
shift invariance). Chapters 1 and 4 show both with this function.
"""
import numpy as np

from .checks import as_int


def shift(x, k, axis=-1):
    """``x`` moved ``k`` places along ``axis`` (zeros fill in, nothing wraps round); same shape."""
    arr = np.asarray(x)
    if arr.ndim == 0:
        raise ValueError("x must be an array with at least one dimension, got a scalar")
    axis = as_int("axis", axis)
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis must be between {-arr.ndim} and {arr.ndim - 1} for an array of {arr.ndim} dimension(s), got {axis}")
    n = arr.shape[axis]
    k = as_int("k", k)
    if abs(k) > n:
        raise ValueError(f"k must be between {-n} and {n} (the length of axis {axis}), got {k}")
    out = np.zeros_like(arr)
    src = [slice(None)] * arr.ndim
    dst = [slice(None)] * arr.ndim
    if k >= 0:
        src[axis], dst[axis] = slice(0, n - k), slice(k, n)
    else:
        src[axis], dst[axis] = slice(-k, n), slice(0, n + k)
    out[tuple(dst)] = arr[tuple(src)]
    return out
