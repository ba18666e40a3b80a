r"""Checkers for the 1D-convolution exercises (chapters 1-3).

Every checker runs the student's function on fixed cases, chosen so that each
classic mistake shows itself early, and then on seeded random cases, against
:func:`cnnbook.conv1d` (cross-correlation, as in deep-learning libraries):

.. math::  y_o[n] = b_o + \sum_{c} \sum_{m=0}^{K-1} x_c[n s + m d] \, w_{o,c}[m]

on the padded input. The mistakes it recognises by name are modelled here as
the output they would give, e.g. the flipped kernel is ``conv1d(x, w[::-1])``.
"""
import numpy as np

from .. import conv1d
from ._report import _W, _t
from ._runner import Case, Mistake, run_cases, seeded

LENGTH_CONV = "L − K + 1"
LENGTH_PSD = "⌊(L + 2p − d(K − 1) − 1)/s⌋ + 1"
LENGTH_MERGE = "K1 + K2 − 1"

# The classic mistakes, looked up in the catalogue when shown ([checker.conv1d]). The tests find them by phrase.
FLIPPED = _W("conv1d.flipped")
REVERSED_OUTPUT = _W("conv1d.reversed_output")
TRUNCATED = _W("conv1d.truncated")
PADDING_IGNORED = _W("conv1d.padding_ignored")
STRIDE_IGNORED = _W("conv1d.stride_ignored")
STRIDE_ON_INPUT = _W("conv1d.stride_on_input")
DILATION_IGNORED = _W("conv1d.dilation_ignored")
DILATION_GAP = _W("conv1d.dilation_gap")
BIAS_MISSING = _W("conv1d.bias_missing")
BIAS_PER_INPUT = _W("conv1d.bias_per_input")
RELU_APPLIED = _W("conv1d.relu_applied")
CHANNELS_NOT_SUMMED = _W("conv1d.channels_not_summed")
CHANNELS_AVERAGED = _W("conv1d.channels_averaged")
ONLY_FIRST_CHANNEL = _W("conv1d.only_first_channel")
WEIGHTS_TRANSPOSED = _W("conv1d.weights_transposed")
REPLICATE_AS_ZEROS = _W("conv1d.replicate_as_zeros")
REFLECT_NOT_REPLICATE = _W("conv1d.reflect_not_replicate")


def one_sided(case):
    p = case.kwargs.get("padding", 0)
    return (_t("conv1d.one_sided_return", p=p))


def _values(rng, shape, low=-3, high=3):
    """Small whole numbers, easy to check by hand, as floats."""
    return rng.integers(low, high + 1, size=shape).astype(float)


def _kernel(rng, shape):
    """Whole-number weights that are not all zero and not the same read backwards (so a flip shows)."""
    while True:
        w = _values(rng, shape, -2, 2)
        if w.any() and (np.shape(w)[-1] == 1 or not np.array_equal(w, w[..., ::-1])):
            return w


# ---------------------------------------------------------------- chapter 1: loops
def _basic_mistakes():
    return [
        Mistake(FLIPPED, lambda c: conv1d(c.args["x"], c.args["w"][::-1])),
        Mistake(REVERSED_OUTPUT, lambda c: conv1d(c.args["x"], c.args["w"])[::-1]),
        Mistake(TRUNCATED, lambda c: np.trunc(conv1d(c.args["x"], c.args["w"]))),
    ]


def conv1d_cases(seed=None):
    """Cases for ``fn(x, w)``: fixed ones, edge cases, then seeded random ones."""
    cases = [
        Case({"x": np.array([1., 2., 0., -1., 3.]), "w": np.array([2., -1., 1.])}, note=_t("conv1d.conv1d_cases_note")),
        Case({"x": np.array([4., -2., 1., 0., 3., 1.]), "w": np.array([3.])},
             note=_t("conv1d.conv1d_cases_note_2")),
        Case({"x": np.array([2., -1., 3., 1.]), "w": np.array([1., 0., 2., -1.])},
             note=_t("conv1d.conv1d_cases_note_3")),
        Case({"x": np.array([1., 2., 3., 4., 5., 6., 7.]), "w": np.array([0.5, -0.25])},
             note=_t("conv1d.conv1d_cases_note_4")),
        Case({"x": np.array([3, -1, 2, 5, 0, 4]), "w": np.array([0.5, -1 / 3, 0.1])},
             note=_t("conv1d.conv1d_cases_note_5")),
        Case({"x": np.array([0.1, 0.7, -0.3, 1 / 3, 0.2]), "w": np.array([0., 1 / 3, 0.1])},
             note=_t("conv1d.conv1d_cases_note_6")),
    ]
    rng = seeded(101, seed)
    for _ in range(6):
        length = int(rng.integers(5, 13))
        k = int(rng.integers(2, 6))
        cases.append(Case({"x": _values(rng, length), "w": _kernel(rng, k)}, note=_t("conv1d.conv1d_cases_note_7")))
    return cases


def check_conv1d(fn, *, seed=None):
    """Check ``fn(x, w)``: 1D cross-correlation of one signal with one kernel, no padding.

    ``x`` has shape (L,), ``w`` shape (K,); the result has shape (L - K + 1,)
    with ``y[n] = sum_m x[n + m] * w[m]``. This is :func:`cnnbook.conv1d` called
    with its first two arguments, so ``check_conv1d(cnnbook.conv1d)`` passes.
    Prints a report (in the language in use) and returns True or False; never raises for a wrong answer.
    ``seed`` draws other random cases (the nbgrader course's hidden tests use it).
    """
    return run_cases("conv1d", fn, conv1d_cases(seed), conv1d, _basic_mistakes(), length_rule=LENGTH_CONV,
                     done=_t("conv1d.check_conv1d_done"))


# ---------------------------------------------------------------- chapter 1: the matrix of a convolution
def conv_matrix_reference(w, L):
    """The (L-K+1) x L matrix M with M @ x == conv1d(x, w): column i is conv1d(e_i, w)."""
    return np.stack([conv1d(e, w) for e in np.eye(int(L))], axis=1)


def _circulant(w, L):
    k = len(w)
    m = np.zeros((L, L))
    for n in range(L):
        for j in range(k):
            m[n, (n + j) % L] += w[j]
    return m


def check_conv_matrix(fn, *, seed=None):
    """Check ``fn(w, L)``: the matrix M of shape (L-K+1, L) such that ``M @ x == conv1d(x, w)``.

    Row n of M holds the kernel starting at column n (M[n, n + m] = w[m]), zeros elsewhere.
    """
    cases = [
        Case({"w": np.array([1., 2., -1.]), "L": 5}, note=_t("conv1d.check_conv_matrix_note")),
        Case({"w": np.array([2., -1.]), "L": 2}, note=_t("conv1d.check_conv_matrix_note_2")),
        Case({"w": np.array([3.]), "L": 4}, note=_t("conv1d.check_conv_matrix_note_3")),
        Case({"w": np.array([0.5, -1 / 3, 0.1]), "L": 5}, note=_t("conv1d.check_conv_matrix_note_4")),
        Case({"w": np.array([0., 0.25, 2.]), "L": 4}, note=_t("conv1d.check_conv_matrix_note_5")),
    ]
    rng = seeded(102, seed)
    for _ in range(4):
        k = int(rng.integers(2, 5))
        cases.append(Case({"w": _kernel(rng, k), "L": int(rng.integers(k + 1, 9))}, note=_t("conv1d.conv1d_cases_note_7")))
    mistakes = [
        Mistake(FLIPPED, lambda c: conv_matrix_reference(c.args["w"][::-1], c.args["L"])),
        Mistake(_t("conv1d.check_conv_matrix_mistake"),
                lambda c: conv_matrix_reference(c.args["w"], c.args["L"]).T),
        Mistake(_t("conv1d.check_conv_matrix_mistake_2"),
                lambda c: _circulant(c.args["w"], c.args["L"])),
        Mistake(TRUNCATED, lambda c: np.trunc(conv_matrix_reference(c.args["w"], c.args["L"]))),
    ]
    return run_cases("conv_matrix", fn, cases, conv_matrix_reference, mistakes, axis_names=(_t("conv1d.check_conv_matrix_axis_names"), _t("conv1d.check_conv_matrix_text")),
                     length_rule=_t("conv1d.check_conv_matrix_length_rule"), done=_t("conv1d.check_conv_matrix_done"))


# ---------------------------------------------------------------- chapter 2: channels
def _channels_ref(x, w, b):
    return conv1d(x, w, b)


def _not_summed(x, w, b):
    """Every (output channel, input channel) pair on its own: shape (C_out, C_in, L_out)."""
    return np.stack([np.stack([conv1d(x[c], w[o, c]) + b[o] for c in range(x.shape[0])]) for o in range(w.shape[0])])


def _transposed(x, w, b):
    if w.shape[0] != w.shape[1]:
        raise ValueError("only square channel counts can be mixed up")
    return conv1d(x, w.transpose(1, 0, 2), b)


def multichannel_cases(seed=None):
    """Cases for ``fn(x, w, b)`` with x (C_in, L), w (C_out, C_in, K), b (C_out,)."""
    cases = [
        Case({"x": np.array([[1., 2., 0., -1., 3.]]), "w": np.array([[[2., -1., 1.]]]), "b": np.array([0.])},
             note=_t("conv1d.multichannel_cases_note")),
        Case({"x": np.array([[2., 0., -1., 1., 3.], [1., 1., 0., -2., 2.]]),
              "w": np.array([[[1., 0.], [2., -1.]], [[0., 1.], [1., 1.]]]), "b": np.array([0.5, -2.])},
             note=_t("conv1d.multichannel_cases_note_2")),
        Case({"x": np.array([[1., -1., 2., 0.], [0., 3., -2., 1.]]), "w": np.array([[[1., 2.], [-1., 1.]]]),
              "b": np.array([-1.])}, note=_t("conv1d.multichannel_cases_note_3")),
        Case({"x": np.array([[3., -1., 2., 0., 1., 1.]]), "w": np.array([[[1., -1.]], [[2., 1.]], [[0., 3.]]]),
              "b": np.array([1., 0., -1.])}, note=_t("conv1d.multichannel_cases_note_4")),
        Case({"x": np.array([[1., 2., 3.], [0., -1., 2.], [2., 2., -3.]]),
              "w": np.array([[[1., 0., -1.], [2., 1., 0.], [0., 1., 1.]]]), "b": np.array([0.])},
             note=_t("conv1d.multichannel_cases_note_5")),
        Case({"x": np.array([[2, -1, 0, 3], [1, 4, -2, 0]]), "w": np.array([[[0.1, 1 / 3], [-0.5, 0.]], [[0., 0.25], [1 / 3, -0.1]]]),
              "b": np.array([0.1, -1 / 3])}, note=_t("conv1d.multichannel_cases_note_6")),
    ]
    rng = seeded(103, seed)
    for _ in range(5):
        c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        length, k = int(rng.integers(4, 10)), int(rng.integers(1, 4))
        cases.append(Case({"x": _values(rng, (c_in, length)), "w": _kernel(rng, (c_out, c_in, k)),
                           "b": _values(rng, c_out)}, note=_t("conv1d.conv1d_cases_note_7")))
    return cases


def check_conv1d_multichannel(fn, *, seed=None):
    """Check ``fn(x, w, b)``: a convolution layer with several input and output channels.

    ``x`` (C_in, L), ``w`` (C_out, C_in, K), ``b`` (C_out,); result (C_out, L-K+1) with
    ``y[o, n] = b[o] + sum_c sum_m x[c, n + m] * w[o, c, m]`` (no activation).
    """
    mistakes = [
        Mistake(FLIPPED, lambda c: conv1d(c.args["x"], c.args["w"][..., ::-1], c.args["b"])),
        Mistake(BIAS_MISSING, lambda c: conv1d(c.args["x"], c.args["w"])),
        Mistake(BIAS_PER_INPUT, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"] * c.args["x"].shape[0])),
        Mistake(WEIGHTS_TRANSPOSED, lambda c: _transposed(c.args["x"], c.args["w"], c.args["b"])),
        Mistake(RELU_APPLIED, lambda c: np.maximum(conv1d(c.args["x"], c.args["w"], c.args["b"]), 0)),
        Mistake(CHANNELS_NOT_SUMMED, lambda c: _not_summed(c.args["x"], c.args["w"], c.args["b"])),
        Mistake(CHANNELS_AVERAGED, lambda c: conv1d(c.args["x"], c.args["w"]) / c.args["x"].shape[0] + c.args["b"][:, None]),
        Mistake(ONLY_FIRST_CHANNEL, lambda c: conv1d(c.args["x"][:1], c.args["w"][:, :1], c.args["b"])),
        Mistake(TRUNCATED, lambda c: np.trunc(conv1d(c.args["x"], c.args["w"], c.args["b"]))),
    ]
    return run_cases(_t("conv1d.check_conv1d_multichannel_run_cases"), fn, multichannel_cases(seed), _channels_ref, mistakes, length_rule=LENGTH_CONV,
                     done=_t("conv1d.check_conv1d_multichannel_done"))


# ---------------------------------------------------------------- chapter 2: two layers in a row
def merge_reference(w1, w2):
    """The one kernel w with conv1d(conv1d(x, w1), w2) == conv1d(x, w) for every x.

    y[n] = sum_j w2[j] sum_i w1[i] x[n + i + j], so w[m] = sum_{i + j = m} w1[i] w2[j]:
    the full (textbook) convolution of the two kernels, of length K1 + K2 - 1.
    """
    return np.convolve(w1, w2)


def check_merge_kernels(fn, *, seed=None):
    """Check ``fn(w1, w2)``: one kernel that does the work of two stacked convolutions (no activation)."""
    cases = [
        Case({"w1": np.array([1., 2.]), "w2": np.array([1., -1.])}, note=_t("conv1d.check_merge_kernels_note")),
        Case({"w1": np.array([2., 0., -1.]), "w2": np.array([1., 3.])}, note=_t("conv1d.check_merge_kernels_note_2")),
        Case({"w1": np.array([1., -2.]), "w2": np.array([3.])}, note=_t("conv1d.check_merge_kernels_note_3")),
        Case({"w1": np.array([0.5, 1 / 3]), "w2": np.array([0.1, -0.25, 2.])}, note=_t("conv1d.check_merge_kernels_note_4")),
        Case({"w1": np.array([0., 1., 2.]), "w2": np.array([1., -1.])}, note=_t("conv1d.check_merge_kernels_note_5")),
        Case({"w1": np.array([2., 1.]), "w2": np.array([1., 3., 0.])}, note=_t("conv1d.check_merge_kernels_note_6")),
    ]
    rng = seeded(104, seed)
    for _ in range(4):
        cases.append(Case({"w1": _kernel(rng, int(rng.integers(2, 5))), "w2": _kernel(rng, int(rng.integers(2, 5)))},
                          note=_t("conv1d.conv1d_cases_note_7")))
    mistakes = [
        Mistake(_t("conv1d.check_merge_kernels_mistake"),
                lambda c: np.correlate(c.args["w1"], c.args["w2"], mode="full")),
        Mistake(_t("conv1d.check_merge_kernels_mistake_2"),
                lambda c: np.convolve(c.args["w1"], c.args["w2"])[::-1]),
        Mistake(_t("conv1d.check_merge_kernels_mistake_3"),
                lambda c: np.polymul(c.args["w1"], c.args["w2"])),
        Mistake(_t("conv1d.check_merge_kernels_mistake_4"),
                lambda c: c.args["w1"] * c.args["w2"]),
    ]
    return run_cases("merge_kernels", fn, cases, merge_reference, mistakes, length_rule=LENGTH_MERGE,
                     done=_t("conv1d.check_merge_kernels_done"))


# ---------------------------------------------------------------- chapter 3: padding, stride, dilation
def _psd(c, x=None, **changes):
    """conv1d on the case's x (or another x) and w, with the case's settings, some of them changed."""
    kw = {"padding": 0, "stride": 1, "dilation": 1, **c.kwargs, **changes}
    return conv1d(c.args["x"] if x is None else x, c.args["w"], **kw)


def _padded(c, left, right):
    p = c.kwargs.get("padding", 0)
    return np.pad(c.args["x"], (left * p, right * p))


def _stride_on_input(c):
    s = c.kwargs.get("stride", 1)
    return _psd(c, x=_padded(c, 1, 1)[::s], padding=0, stride=1)


def _stride_on_input_before_padding(c):
    s = c.kwargs.get("stride", 1)
    return _psd(c, x=c.args["x"][::s], stride=1)


def psd_mistakes():
    """The mistakes of padding, stride and dilation (also used by ``check_conv1d_full``)."""
    return [
        Mistake(FLIPPED, lambda c: conv1d(c.args["x"], c.args["w"][..., ::-1], **c.kwargs)),
        Mistake(one_sided, lambda c: _psd(c, x=_padded(c, 1, 0), padding=0)),
        Mistake(one_sided, lambda c: _psd(c, x=_padded(c, 0, 1), padding=0)),
        Mistake(one_sided, lambda c: _psd(c, x=_padded(c, 2, 0), padding=0)),
        Mistake(one_sided, lambda c: _psd(c, x=_padded(c, 0, 2), padding=0)),
        Mistake(PADDING_IGNORED, lambda c: _psd(c, padding=0)),
        Mistake(STRIDE_ON_INPUT, _stride_on_input),
        Mistake(STRIDE_ON_INPUT, _stride_on_input_before_padding),
        Mistake(STRIDE_IGNORED, lambda c: _psd(c, stride=1)),
        Mistake(DILATION_IGNORED, lambda c: _psd(c, dilation=1)),
        Mistake(DILATION_GAP, lambda c: _psd(c, dilation=c.kwargs.get("dilation", 1) + 1)),
        Mistake(TRUNCATED, lambda c: np.trunc(_psd(c))),
    ]


def psd_cases(seed=None):
    """Cases for ``fn(x, w, padding=, stride=, dilation=)``, one idea at a time, then together."""
    a = np.array
    cases = [
        Case({"x": a([1., 2., 0., -1., 3., 2.]), "w": a([2., -1., 1.])}, {"padding": 0, "stride": 1, "dilation": 1},
             note=_t("conv1d.psd_cases_note")),
        Case({"x": a([3., 1., -2., 4., 1.]), "w": a([1., 2., -1.])}, {"padding": 1, "stride": 1, "dilation": 1},
             note=_t("conv1d.psd_cases_note_2")),
        Case({"x": a([2., -1., 3., 1., 2.]), "w": a([1., 0., 2.])}, {"padding": 2, "stride": 1, "dilation": 1},
             note=_t("conv1d.psd_cases_note_3")),
        Case({"x": a([1., 3., -2., 0., 2., 1., -1.]), "w": a([1., 2., -1.])}, {"padding": 0, "stride": 2, "dilation": 1},
             note=_t("conv1d.psd_cases_note_4")),
        Case({"x": a([2., 1., 0., -1., 3., 2., 1., 4.]), "w": a([1., -1., 2.])}, {"padding": 0, "stride": 2, "dilation": 1},
             note=_t("conv1d.psd_cases_note_5")),
        Case({"x": a([1., 2., 3., 4., 5., 6., 7., 8., 9., 10.]), "w": a([1., 0., -2.])},
             {"padding": 0, "stride": 3, "dilation": 1}, note=_t("conv1d.psd_cases_note_6")),
        Case({"x": a([3., 0., 1., -2., 2., 1., 0., 4.]), "w": a([1., 2., -1.])}, {"padding": 0, "stride": 1, "dilation": 2},
             note=_t("conv1d.psd_cases_note_7")),
        Case({"x": a([1., -1., 2., 0., 3., 1., 2.]), "w": a([2., -1.])}, {"padding": 0, "stride": 1, "dilation": 3},
             note=_t("conv1d.psd_cases_note_8")),
        Case({"x": a([2., 1., -1., 0., 3., 1., 2., -2., 1.]), "w": a([1., 0., 2.])},
             {"padding": 1, "stride": 2, "dilation": 2}, note=_t("conv1d.psd_cases_note_9")),
        Case({"x": a([1., 3., -1., 2., 0.]), "w": a([2., 1., -1.])}, {"padding": 0, "stride": 1, "dilation": 2},
             note=_t("conv1d.psd_cases_note_10")),
        Case({"x": a([4., -2., 1.]), "w": a([1., 2., 1., -1.])}, {"padding": 1, "stride": 1, "dilation": 1},
             note=_t("conv1d.psd_cases_note_11")),
        Case({"x": a([2, 0, -1, 3, 1, 4, -2]), "w": a([0.1, -1 / 3, 0.5])}, {"padding": 1, "stride": 2, "dilation": 1},
             note=_t("conv1d.psd_cases_note_12")),
    ]
    rng = seeded(105, seed)
    while len(cases) < 19:
        length, k = int(rng.integers(4, 13)), int(rng.integers(1, 5))
        kw = {"padding": int(rng.integers(0, 3)), "stride": int(rng.integers(1, 4)), "dilation": int(rng.integers(1, 4))}
        if kw["dilation"] * (k - 1) + 1 > length + 2 * kw["padding"]:
            continue
        cases.append(Case({"x": _values(rng, length), "w": _kernel(rng, k)}, kw,
                          note=_t("conv1d.conv1d_cases_note_7")))
    return cases


def check_conv1d_stride_dilation(fn, *, seed=None):
    """Check ``fn(x, w, *, padding=0, stride=1, dilation=1)`` (one channel, zero padding).

    ``x`` (L,), ``w`` (K,); result of length floor((L + 2p - d(K-1) - 1)/s) + 1 with
    ``y[n] = sum_m xp[n*s + m*d] * w[m]``, ``xp`` the input with p zeros on each side.
    The settings are passed by name, so ``check_conv1d_stride_dilation(cnnbook.conv1d)`` passes.
    """
    return run_cases(_t("conv1d.check_conv1d_stride_dilation_run_cases"), fn, psd_cases(seed), conv1d, psd_mistakes(), length_rule=LENGTH_PSD,
                     done=_t("conv1d.check_conv1d_stride_dilation_done"))


# ---------------------------------------------------------------- chapter 3 (harder): the whole conv1d
def _full_ref(x, w, b=None, **kw):
    return conv1d(x, w, b, **kw)


def _full_mode_pad(c, mode):
    p = c.kwargs.get("padding", 0)
    xp = np.pad(c.args["x"], [(0, 0), (p, p)], mode=mode)
    kw = {**c.kwargs, "padding": 0}
    kw.pop("padding_mode", None)
    return conv1d(xp, c.args["w"], c.args["b"], **kw)


def full_cases(seed=None):
    """Cases for the full signature: channels, bias (or None), settings, both padding modes."""
    a = np.array
    x2 = a([[1., 2., 0., -1., 3.], [2., -1., 1., 0., 1.]])
    w2 = a([[[1., 0., -1.], [2., 1., 0.]], [[0., 1., 1.], [1., -1., 2.]]])
    cases = [
        Case({"x": a([[1., 2., 0., -1., 3., 2.]]), "w": a([[[2., -1., 1.]]]), "b": None}, {},
             note=_t("conv1d.full_cases_note")),
        Case({"x": x2, "w": w2, "b": a([1., -1.])}, {"padding": 1}, note=_t("conv1d.full_cases_note_2")),
        Case({"x": a([[4., 4., 5., 6., 7., 8., 8., 8.]]), "w": a([[[1., 2., -1.]]]), "b": None},
             {"padding": 2, "padding_mode": "replicate"}, note=_t("conv1d.full_cases_note_3")),
        Case({"x": a([[3., 1., 2., 5., 0.]]), "w": a([[[1., -1., 2.]]]), "b": a([0.5])},
             {"padding": 1, "padding_mode": "replicate"}, note=_t("conv1d.full_cases_note_4")),
        Case({"x": x2, "w": w2, "b": a([0., 2.])}, {"padding": 2, "stride": 2, "dilation": 2, "padding_mode": "replicate"},
             note=_t("conv1d.full_cases_note_5")),
        Case({"x": a([[3, 1, -2, 0, 4], [1, 0, 2, -1, 1]]), "w": a([[[0.1, -1 / 3], [0.5, 0.]], [[1 / 3, 0.], [0.25, -0.1]],
                                                                     [[0., 1.], [-1., 0.1]]]), "b": None},
             {"padding": 1}, note=_t("conv1d.full_cases_note_6")),
    ]
    rng = seeded(106, seed)
    while len(cases) < 15:
        c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        length, k = int(rng.integers(4, 11)), int(rng.integers(1, 4))
        kw = {"padding": int(rng.integers(0, 3)), "stride": int(rng.integers(1, 4)), "dilation": int(rng.integers(1, 3)),
              "padding_mode": ["zeros", "replicate"][int(rng.integers(0, 2))]}
        if kw["dilation"] * (k - 1) + 1 > length + 2 * kw["padding"]:
            continue
        b = None if rng.random() < 0.3 else _values(rng, c_out)
        cases.append(Case({"x": _values(rng, (c_in, length)), "w": _values(rng, (c_out, c_in, k)), "b": b}, kw,
                          note=_t("conv1d.conv1d_cases_note_7")))
    return cases


def check_conv1d_full(fn, *, seed=None):
    """Check ``fn(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros")``.

    The whole of :func:`cnnbook.conv1d` for ``x`` (C_in, L), ``w`` (C_out, C_in, K) and
    ``b`` None or (C_out,): channels, bias, padding with zeros or by repeating the edge
    value (``"replicate"``), stride and dilation. ``check_conv1d_full(cnnbook.conv1d)`` passes.
    """

    def bias(c):
        return np.zeros(c.args["w"].shape[0]) if c.args["b"] is None else c.args["b"]

    mistakes = [
        Mistake(FLIPPED, lambda c: conv1d(c.args["x"], c.args["w"][..., ::-1], c.args["b"], **c.kwargs)),
        Mistake(REPLICATE_AS_ZEROS, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"], **{**c.kwargs, "padding_mode": "zeros"})),
        Mistake(REFLECT_NOT_REPLICATE, lambda c: _full_mode_pad(c, "reflect")),
        Mistake(REFLECT_NOT_REPLICATE, lambda c: _full_mode_pad(c, "symmetric")),
        Mistake(BIAS_MISSING, lambda c: conv1d(c.args["x"], c.args["w"], None, **c.kwargs)),
        Mistake(BIAS_PER_INPUT, lambda c: conv1d(c.args["x"], c.args["w"], bias(c) * c.args["x"].shape[0], **c.kwargs)),
        Mistake(PADDING_IGNORED, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"], **{**c.kwargs, "padding": 0})),
        Mistake(STRIDE_IGNORED, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"], **{**c.kwargs, "stride": 1})),
        Mistake(DILATION_IGNORED, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"], **{**c.kwargs, "dilation": 1})),
        Mistake(DILATION_GAP, lambda c: conv1d(c.args["x"], c.args["w"], c.args["b"],
                                               **{**c.kwargs, "dilation": c.kwargs.get("dilation", 1) + 1})),
    ]
    return run_cases(_t("conv1d.check_conv1d_full_run_cases"), fn, full_cases(seed), _full_ref, mistakes, length_rule=LENGTH_PSD,
                     done=_t("conv1d.check_conv1d_full_done"))
