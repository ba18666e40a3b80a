"""Checking the arguments that students pass in.

Every public function of the arithmetic layer goes through these helpers, so a
mistake gives one clear ``ValueError`` that names the parameter and says what
would be valid, never a numpy traceback or a silently wrong array.
"""
import numbers

import numpy as np


def as_int(name, value, minimum=None):
    """Return ``value`` as a Python int, or raise a ValueError naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        rule = f"an integer >= {minimum}" if minimum is not None else "an integer"
        raise ValueError(f"{name} must be {rule}, got {value!r} ({type(value).__name__})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def as_pair(name, value, minimum=None):
    """An int or a pair of ints (height, width) -> a tuple of two checked ints."""
    if isinstance(value, (tuple, list, np.ndarray)):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an integer or a pair (height, width), got {tuple(value)!r}"
            )
        return (as_int(f"{name}[0]", value[0], minimum), as_int(f"{name}[1]", value[1], minimum))
    v = as_int(name, value, minimum)
    return (v, v)


def as_array(name, value, ndims):
    """Convert ``value`` to a float64 array whose number of dimensions is one of ``ndims``."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {type(value).__name__}") from None
    if arr.ndim not in ndims:
        raise ValueError(
            f"{name} must have {' or '.join(map(str, ndims))} dimensions, got shape {arr.shape} ({arr.ndim} dimensions)"
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    return arr
