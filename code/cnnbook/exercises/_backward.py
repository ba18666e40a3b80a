r"""Checkers for the backpropagation exercises, against :mod:`cnnbook.backward`.

For one signal ``x`` (L,), one kernel ``w`` (K,), no padding and stride 1, the
layer computes :math:`y[n] = \sum_m x[n+m]\, w[m]` (length :math:`L-K+1`), and
``g`` is the gradient of the loss with respect to ``y``. Then

* :math:`\partial\mathcal{L}/\partial x[i] = \sum_n g[n]\, w[i-n]`: the full
  convolution of ``g`` with ``w`` (length :math:`L`), as ``np.convolve(g, w)``;
* :math:`\partial\mathcal{L}/\partial w[m] = \sum_n g[n]\, x[n+m]`: the
  cross-correlation of ``x`` with ``g`` (length :math:`K`), as ``conv1d(x, g)``;
* max pooling sends each ``g[n]`` to the first maximum of its window, and
  windows that share a cell add up there.
"""
import numpy as np

from .. import conv1d, max_pool1d_backward
from ._conv1d import TRUNCATED, _kernel, _values
from ._report import _W, _t
from ._runner import Case, Mistake, run_cases, seeded

# ---------------------------------------------------------------- the input's gradient
NOT_FLIPPED = _W("backward.not_flipped")
VALID_NOT_FULL = _W("backward.valid_not_full")
FORWARD_AGAIN = _W("backward.forward_again")
ONE_SIDED_FULL = _W("backward.one_sided_full")
REVERSED_OUTPUT = _W("backward.reversed_output")


def grad_input_reference(g, w):
    """dL/dx of ``conv1d(x, w)`` given dL/dy = ``g``: the full convolution of g with w."""
    return np.convolve(g, w)


def _full_correlate(g, w):
    k = len(w)
    return conv1d(np.pad(g, (k - 1, k - 1)), w)


def _one_sided(g, w, left):
    k = len(w)
    return conv1d(np.pad(g, (2 * (k - 1), 0) if left else (0, 2 * (k - 1))), w[::-1])


def grad_input_cases(seed=None):
    """Cases for ``fn(g, w)``; kernels that read differently backwards, so that a missed flip shows."""
    a = np.array
    cases = [
        # Not the givens of the chapter's hand exercises (BP_G, BP_W): a failure shows this case's
        # right output, which must not be the answer of a hand exercise.
        Case({"g": a([2., 0., -1.]), "w": a([1., -3.])}, note=_t("backward.grad_input_cases_note")),
        Case({"g": a([1., 0., 0., 0.]), "w": a([1., 2., 3.])},
             note=_t("backward.grad_input_cases_note_2")),
        Case({"g": a([0., 0., 1.]), "w": a([3., -1., 2.])}, note=_t("backward.grad_input_cases_note_3")),
        Case({"g": a([2.]), "w": a([1., -2., 4.])}, note=_t("backward.grad_input_cases_note_4")),
        Case({"g": a([1., -1., 2., 0.5]), "w": a([3.])}, note=_t("backward.grad_input_cases_note_5")),
        Case({"g": a([0.37, -1.25, 2 / 3]), "w": a([-0.45, 1 / 3, 0.12])}, note=_t("backward.fractional_note")),
    ]
    rng = seeded(901, seed)
    for _ in range(5):  # 11 cases in all, as before the fractional one came (the chapter's output stays)
        cases.append(Case({"g": _values(rng, int(rng.integers(2, 8))), "w": _kernel(rng, int(rng.integers(2, 5)))},
                          note=_t("backward.grad_input_cases_note_6")))
    return cases


def check_conv1d_grad_input(fn, *, seed=None):
    """Check ``fn(g, w)``: the gradient of the loss with respect to the input of ``conv1d(x, w)``.

    ``g`` (L - K + 1,) is dL/dy, ``w`` (K,) the kernel; the result has shape (L,) with
    ``dx[i] = sum_n g[n] * w[i - n]``, the full convolution ``np.convolve(g, w)``.
    """
    mistakes = [
        Mistake(NOT_FLIPPED, lambda c: _full_correlate(c.args["g"], c.args["w"])),
        Mistake(VALID_NOT_FULL, lambda c: conv1d(c.args["g"], c.args["w"][::-1])),
        Mistake(VALID_NOT_FULL, lambda c: np.convolve(c.args["g"], c.args["w"], mode="same")),
        Mistake(FORWARD_AGAIN, lambda c: conv1d(c.args["g"], c.args["w"])),
        Mistake(ONE_SIDED_FULL, lambda c: _one_sided(c.args["g"], c.args["w"], True)),
        Mistake(ONE_SIDED_FULL, lambda c: _one_sided(c.args["g"], c.args["w"], False)),
        Mistake(REVERSED_OUTPUT, lambda c: np.convolve(c.args["g"], c.args["w"])[::-1]),
        Mistake(TRUNCATED, lambda c: np.trunc(np.convolve(c.args["g"], c.args["w"]))),
    ]
    return run_cases(_t("backward.check_conv1d_grad_input_run_cases"), fn, grad_input_cases(seed), grad_input_reference, mistakes,
                     length_rule="len(g) + K − 1",
                     done=_t("backward.check_conv1d_grad_input_done"))


# ---------------------------------------------------------------- the kernel's gradient
KERNEL_FLIPPED = _W("backward.kernel_flipped")
NOT_SUMMED = _W("backward.not_summed")
ONLY_ONE_PLACE = _W("backward.only_one_place")
AVERAGED = _W("backward.averaged")
KERNEL_REVERSED = _W("backward.kernel_reversed")


def grad_kernel_reference(x, g):
    """dL/dw of ``conv1d(x, w)`` given dL/dy = ``g``: the cross-correlation of x with g."""
    return conv1d(x, g)


def _per_place(x, g):
    k = len(x) - len(g) + 1
    return np.array([g[n] * x[n:n + k] for n in range(len(g))])


def grad_kernel_cases(seed=None):
    """Cases for ``fn(x, g)``; the kernel's length is len(x) - len(g) + 1."""
    a = np.array
    cases = [
        Case({"x": a([2., -1., 3., 1.]), "g": a([1., 0., -3.])}, note=_t("backward.grad_input_cases_note")),
        Case({"x": a([2., 1., 0., -1., 3.]), "g": a([1., 1., 1.])},
             note=_t("backward.grad_kernel_cases_note")),
        Case({"x": a([3., -1., 2., 4., 1., 0.]), "g": a([0., 2.])}, note=_t("backward.grad_kernel_cases_note_2")),
        Case({"x": a([1., 4., -2.]), "g": a([2., -1., 3.])}, note=_t("backward.grad_input_cases_note_5")),
        Case({"x": a([2., -3., 1., 5.]), "g": a([3.])}, note=_t("backward.grad_kernel_cases_note_3")),
        Case({"x": a([0.35, -1.25, 2 / 3, 0.1, -0.62]), "g": a([-0.45, 1 / 3, 1.15])},
             note=_t("backward.fractional_note")),
    ]
    rng = seeded(902, seed)
    for _ in range(5):  # 11 cases in all
        length = int(rng.integers(4, 10))
        cases.append(Case({"x": _values(rng, length), "g": _kernel(rng, int(rng.integers(2, length - 1)))},
                          note=_t("backward.grad_input_cases_note_6")))
    return cases


def check_conv1d_grad_kernel(fn, *, seed=None):
    """Check ``fn(x, g)``: the gradient of the loss with respect to the kernel of ``conv1d(x, w)``.

    ``x`` (L,) is the layer's input, ``g`` (L - K + 1,) is dL/dy; the result has shape (K,)
    with ``dw[m] = sum_n g[n] * x[n + m]``, that is ``cnnbook.conv1d(x, g)``.
    """
    mistakes = [
        Mistake(KERNEL_FLIPPED, lambda c: conv1d(c.args["x"], c.args["g"][::-1])),
        Mistake(NOT_SUMMED, lambda c: _per_place(c.args["x"], c.args["g"])),
        Mistake(NOT_SUMMED, lambda c: _per_place(c.args["x"], c.args["g"]).T),
        Mistake(ONLY_ONE_PLACE, lambda c: _per_place(c.args["x"], c.args["g"])[-1]),
        Mistake(ONLY_ONE_PLACE, lambda c: _per_place(c.args["x"], c.args["g"])[0]),
        Mistake(AVERAGED, lambda c: conv1d(c.args["x"], c.args["g"]) / len(c.args["g"])),
        Mistake(KERNEL_REVERSED, lambda c: conv1d(c.args["x"], c.args["g"])[::-1]),
        Mistake(TRUNCATED, lambda c: np.trunc(conv1d(c.args["x"], c.args["g"]))),
    ]
    return run_cases(_t("backward.check_conv1d_grad_kernel_run_cases"), fn, grad_kernel_cases(seed), grad_kernel_reference, mistakes,
                     axis_names=(_t("backward.check_conv1d_grad_kernel_axis_names"),), length_rule="len(x) − len(g) + 1",
                     done=_t("backward.check_conv1d_grad_kernel_done"))


# ---------------------------------------------------------------- max pooling
TO_EVERY_CELL = _W("backward.to_every_cell")
SPREAD_EVENLY = _W("backward.spread_evenly")
LAST_ON_TIE = _W("backward.last_on_tie")
ALL_ON_TIE = _W("backward.all_on_tie")
OVERWRITTEN = _W("backward.overwritten")
MASK_ONLY = _W("backward.mask_only")
POOL_STRIDE_ONE = _W("backward.pool_stride_one")
POOL_STRIDE_TWO = _W("backward.pool_stride_two")
NEGATIVE_WINDOW = _W("backward.negative_window")


def _pool_model(x, g, k, s, rule, add=True):
    """The input gradient under a routing ``rule(window) -> weights``; windows add up, or the
    winner's cell is overwritten (``add=False``, for the first-maximum rule)."""
    dx = np.zeros_like(x)
    for n in range(len(g)):
        window = slice(n * s, n * s + k)
        if add:
            dx[window] += rule(x[window]) * g[n]
        else:
            dx[n * s + int(np.argmax(x[window]))] = g[n]
    return dx


def _first(v):
    return np.eye(len(v))[np.argmax(v)]


def _last(v):
    return np.eye(len(v))[len(v) - 1 - np.argmax(v[::-1])]


def _pool(c, rule, add=True, stride=None):
    k = c.args["kernel_size"]
    s = stride or c.kwargs.get("stride") or k
    return _pool_model(c.args["x"], c.args["g"], k, s, rule, add)


def _stride_two(c):
    """A default stride of 2 (``stride=2`` in the signature, or ``stride or 2``): the model, where it differs."""
    if "stride" in c.kwargs or c.args["kernel_size"] == 2:
        return None
    return _pool(c, _first, stride=2)


def _pool_reference(x, g, kernel_size, stride=None):
    return max_pool1d_backward(x, g, kernel_size, stride)


def pool_cases(seed=None):
    """Cases for ``fn(x, g, kernel_size, stride=None)``: a tie, overlapping windows, the default stride."""
    a = np.array
    cases = [
        Case({"x": a([1., 4., 2., 0., -1., -3.]), "g": a([2., -1., 3.]), "kernel_size": 2},
             note=_t("backward.pool_cases_note")),
        Case({"x": a([3., 3., 1., 5., 2., 2.]), "g": a([1., 2., 4.]), "kernel_size": 2}, {"stride": 2},
             note=_t("backward.pool_cases_note_2")),
        Case({"x": a([0., 6., 1., 2., 4.]), "g": a([1., 2., 3., 4.]), "kernel_size": 2}, {"stride": 1},
             note=_t("backward.pool_cases_note_3")),
        Case({"x": a([2., 7., 1., 3., 0., 5., 1.]), "g": a([1., -2., 0.5]), "kernel_size": 3}, {"stride": 2},
             note=_t("backward.pool_cases_note_4")),
        Case({"x": a([-2.5, -0.5, -1.25, 0.75, -3., 1.5, -1., -0.25, -2.]), "g": a([0.35, -1.2, 2 / 3]),
              "kernel_size": 3}, note=_t("backward.pool_negative_note")),
    ]
    rng = seeded(903, seed)
    while len(cases) < 12:
        k, s = int(rng.integers(2, 4)), int(rng.integers(1, 4))
        x = _values(rng, int(rng.integers(k, 10)), 0, 3)  # few values: ties are common
        n_out = (len(x) - k) // s + 1
        cases.append(Case({"x": x, "g": _values(rng, n_out, -3, 3), "kernel_size": k}, {"stride": s},
                          note=_t("backward.grad_input_cases_note_6")))
    return cases


def check_max_pool1d_backward(fn, *, seed=None):
    """Check ``fn(x, g, kernel_size, stride=None)``: the input gradient of 1D max pooling.

    ``x`` (L,), ``g`` = dL/dy with the shape of ``max_pool1d(x, kernel_size, stride)``;
    each ``g[n]`` goes to the first maximum of window n, and shared cells add up.
    """
    mistakes = [
        Mistake(TO_EVERY_CELL, lambda c: _pool(c, np.ones_like)),
        Mistake(SPREAD_EVENLY, lambda c: _pool(c, lambda v: np.full(len(v), 1.0 / len(v)))),
        Mistake(LAST_ON_TIE, lambda c: _pool(c, _last)),
        Mistake(ALL_ON_TIE, lambda c: _pool(c, lambda v: (v == v.max()).astype(float))),
        Mistake(OVERWRITTEN, lambda c: _pool(c, _first, add=False)),
        Mistake(MASK_ONLY, lambda c: (_pool(c, _first) != 0).astype(float)),
        Mistake(POOL_STRIDE_ONE, lambda c: None if "stride" in c.kwargs else _pool(c, _first, stride=1)),
        Mistake(POOL_STRIDE_TWO, _stride_two),
        Mistake(NEGATIVE_WINDOW, lambda c: _pool(c, lambda v: _first(np.maximum(v, 0)))),
    ]
    return run_cases(_t("backward.check_max_pool1d_backward_run_cases"), fn, pool_cases(seed), _pool_reference, mistakes,
                     length_rule="len(x)",
                     done=_t("backward.check_max_pool1d_backward_done"))
