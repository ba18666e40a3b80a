"""Checker for the max-pooling exercise (chapter 4), against :func:`cnnbook.max_pool2d`."""
import math

import numpy as np

from .. import conv2d, max_pool2d
from ._report import _W, _t
from ._runner import Case, Mistake, run_cases, seeded
from ._conv1d import TRUNCATED

AVERAGE = _W("pool.average")
MINIMUM = _W("pool.minimum")
ZERO_START = _W("pool.zero_start")
PARTIAL_WINDOW = _W("pool.partial_window")


def _stride_explained(case):
    if "stride" not in case.kwargs:
        return (_t("pool.stride_explained_return"))
    return _t("pool.stride_explained_text")


FIXED_DEFAULT = _W("pool.fixed_default")


def _fixed_default_two(c):
    if "stride" in c.kwargs or c.args["kernel_size"] == 2:
        return None  # the same as the right answer here
    return max_pool2d(c.args["x"], c.args["kernel_size"], 2)


def _stride(case):
    return case.kwargs.get("stride") or case.args["kernel_size"]


def _average(c):
    k, s = c.args["kernel_size"], _stride(c)
    return conv2d(c.args["x"], np.full((k, k), 1.0 / (k * k)), stride=s)


def _partial_windows(c):
    x, k, s = c.args["x"], c.args["kernel_size"], _stride(c)
    extra = [(math.ceil((n - k) / s) * s + k) - n for n in x.shape]
    if not any(extra):
        return None
    xp = np.pad(x, [(0, extra[0]), (0, extra[1])], constant_values=-np.inf)
    return max_pool2d(xp, k, s)


def pool_cases(seed=None):
    """Cases for ``fn(x, kernel_size, stride=None)`` with x of shape (H, W)."""
    a = np.array
    cases = [
        Case({"x": a([[1., 3., 2., 0.], [4., 2., 1., 5.], [0., 1., 3., 2.], [2., 6., 1., 1.]]), "kernel_size": 2},
             note=_t("pool.pool_cases_note")),
        Case({"x": a([[-3., -1., 2., 0.], [-2., -5., 1., -1.], [-4., -2., -1., -3.], [-6., -1., -2., -2.]]),
              "kernel_size": 2}, {"stride": 2}, note=_t("pool.pool_cases_note_2")),
        Case({"x": a([[1., 0., 2., 3., 1.], [4., 1., 0., 2., 2.], [3., 5., 1., 0., 4.], [0., 2., 2., 6., 1.],
                      [7., 1., 3., 0., 9.]]), "kernel_size": 2},
             note=_t("pool.pool_cases_note_3")),
        Case({"x": a([[1., 5., 0., 2., 3., 1.], [2., 0., 4., 1., 0., 6.], [3., 1., 2., 2., 5., 0.],
                      [0., 4., 1., 3., 1., 2.]]), "kernel_size": 2}, {"stride": 2},
             note=_t("pool.pool_cases_note_4")),
        Case({"x": a([[1., 2., 0., 1., 3.], [0., 4., 1., 2., 0.], [2., 1., 5., 0., 1.], [3., 0., 1., 2., 2.],
                      [1., 2., 0., 3., 1.]]), "kernel_size": 3}, {"stride": 1},
             note=_t("pool.pool_cases_note_5")),
        Case({"x": a([[0.5, 1.5, 2.25], [3.75, 0.25, 1.0], [2.5, 2.0, 0.75]]), "kernel_size": 2}, {"stride": 1},
             note=_t("pool.pool_cases_note_6")),
        Case({"x": a([[2., 0., 1., 4., 1., 0.], [1., 3., 2., 0., 2., 1.], [0., 1., 5., 1., 0., 3.],
                      [4., 2., 0., 2., 1., 1.], [1., 0., 3., 1., 6., 0.], [2., 2., 1., 0., 1., 2.],
                      [0., 3., 2., 4., 0., 1.]]), "kernel_size": 3}, {"stride": 2},
             note=_t("pool.pool_cases_note_7")),
        Case({"x": a([[3., -1., 2.], [0., 7., 1.], [4., 2., -2.]]), "kernel_size": 3},
             note=_t("pool.pool_cases_note_8")),
        Case({"x": a([[1., 0.1, 2., 1 / 3, 0., 4., 1.], [0., 3., 1., 2., 5., 0., 2.], [2., 1., 0., 6., 1., 1., 0.],
                      [0., 2., 7., 1., 0., 3., 1.], [1., 0., 2., 0., 2., 1., 8.], [3., 1., 0., 1., 0., 2., 1.],
                      [0., 9., 1., 2., 1., 0., 1 / 3]]), "kernel_size": 3},
             note=_t("pool.pool_cases_note_9")),
        Case({"x": a([[1, -2, 3, 0], [4, 5, -6, 2], [0, 1, 2, 3]]), "kernel_size": 2}, {"stride": 1},
             note=_t("pool.pool_cases_note_10")),
    ]
    rng = seeded(107, seed)
    while len(cases) < 16:
        h, w, k = int(rng.integers(2, 9)), int(rng.integers(2, 9)), int(rng.integers(1, 4))
        if k > min(h, w):
            continue
        kwargs = {} if rng.random() < 0.3 else {"stride": int(rng.integers(1, 4))}
        cases.append(Case({"x": rng.integers(-5, 10, size=(h, w)).astype(float), "kernel_size": k}, kwargs,
                          note=_t("pool.pool_cases_note_11")))
    return cases


def check_max_pool2d(fn, *, seed=None):
    """Check ``fn(x, kernel_size, stride=None)``: max pooling of an (H, W) array with a square window.

    ``stride`` defaults to ``kernel_size``; no padding. Output size per axis
    floor((n - k)/s) + 1, each value the largest in its window.
    ``check_max_pool2d(cnnbook.max_pool2d)`` passes.
    """
    mistakes = [
        Mistake(AVERAGE, _average),
        Mistake(MINIMUM, lambda c: -max_pool2d(-c.args["x"], c.args["kernel_size"], _stride(c))),
        Mistake(ZERO_START, lambda c: np.maximum(max_pool2d(c.args["x"], c.args["kernel_size"], _stride(c)), 0)),
        Mistake(_stride_explained, lambda c: max_pool2d(c.args["x"], c.args["kernel_size"], 1)),
        Mistake(FIXED_DEFAULT, _fixed_default_two),
        Mistake(PARTIAL_WINDOW, _partial_windows),
        Mistake(TRUNCATED, lambda c: np.trunc(max_pool2d(c.args["x"], c.args["kernel_size"], _stride(c)))),
    ]
    return run_cases("max_pool2d", fn, pool_cases(seed), max_pool2d, mistakes, axis_names=(_t("pool.check_max_pool2d_axis_names"), _t("pool.check_max_pool2d_text")),
                     length_rule="⌊(n − k)/s⌋ + 1",
                     done=_t("pool.check_max_pool2d_done"))
