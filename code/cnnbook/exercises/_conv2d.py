r"""Checker for the 2D multichannel convolution exercise (chapter 5), against :func:`cnnbook.conv2d`:

.. math::  y_o[i, j] = b_o + \sum_c \sum_{u, v} x_c[i s + u, \; j s + v] \, w_{o,c}[u, v]

on the input padded by p on all four sides.
"""
import numpy as np

from .. import conv2d
from ._report import _W, _t
from ._runner import Case, Mistake, run_cases, seeded
from ._conv1d import (
    BIAS_MISSING, BIAS_PER_INPUT, CHANNELS_NOT_SUMMED, FLIPPED, ONLY_FIRST_CHANNEL, PADDING_IGNORED,
    STRIDE_IGNORED, STRIDE_ON_INPUT, TRUNCATED, WEIGHTS_TRANSPOSED, _kernel, _values,
)

FLIPPED_ONE_AXIS = _W("conv2d.flipped_one_axis")
KERNEL_TRANSPOSED = _W("conv2d.kernel_transposed")


def one_sided_2d(case):
    p = case.kwargs.get("padding", 0)
    return (_t("conv2d.one_sided_2d_return", p=p))


def _ref(x, w, b=None, **kw):
    return conv2d(x, w, b, **kw)


def _bias(c):
    return np.zeros(c.args["w"].shape[0]) if c.args["b"] is None else c.args["b"]


def _with(c, x=None, w=None, b="same", **changes):
    kw = {**c.kwargs, **changes}
    return conv2d(c.args["x"] if x is None else x, c.args["w"] if w is None else w,
                  c.args["b"] if isinstance(b, str) else b, **kw)


def _padded(c, before, after):
    p = c.kwargs.get("padding", 0)
    return np.pad(c.args["x"], [(0, 0), (before * p, after * p), (before * p, after * p)])


def _not_summed(c):
    x, w, b = c.args["x"], c.args["w"], _bias(c)
    return np.stack([np.stack([conv2d(x[ci], w[o, ci], **c.kwargs) + b[o] for ci in range(x.shape[0])])
                     for o in range(w.shape[0])])


def _square_only(w):
    if w.shape[-1] != w.shape[-2]:
        raise ValueError("only a square kernel can be transposed and keep its shape")
    return w.swapaxes(-1, -2)


def _square_channels(w):
    if w.shape[0] != w.shape[1]:
        raise ValueError("only square channel counts can be mixed up")
    return w.transpose(1, 0, 2, 3)


def conv2d_cases(seed=None):
    """Cases for ``fn(x, w, b, padding=, stride=)`` with x (C_in, H, W), w (C_out, C_in, KH, KW)."""
    a = np.array
    sobel = a([[[[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]]]])
    tilt = a([[[[1., 2., 0.], [0., -1., 1.], [2., 0., -1.]]]])
    cases = [
        Case({"x": a([[[1., 2., 0., 3.], [4., 1., 2., 0.], [0., 3., 1., 1.], [2., 0., 4., 2.]]]), "w": tilt, "b": a([0.])},
             {"padding": 0, "stride": 1}, note=_t("conv2d.conv2d_cases_note")),
        Case({"x": a([[[1., 0., 2., 1., 3., 0.], [2., 1., 0., 4., 1., 2.], [0., 3., 1., 0., 2., 1.],
                       [1., 2., 2., 1., 0., 3.]]]), "w": a([[[[1., -1., 2.], [0., 1., -2.]]]]), "b": a([1.])},
             {"padding": 0, "stride": 1}, note=_t("conv2d.conv2d_cases_note_2")),
        Case({"x": a([[[3., 1., 0., 2.], [1., 4., 2., 0.], [0., 2., 5., 1.]]]), "w": sobel, "b": a([0.])},
             {"padding": 1, "stride": 1}, note=_t("conv2d.conv2d_cases_note_3")),
        Case({"x": a([[[1., 2., 0., 1., 3.], [0., 1., 2., 2., 1.], [3., 0., 1., 0., 2.], [1., 1., 0., 2., 0.],
                       [2., 0., 3., 1., 1.]]]), "w": tilt, "b": a([0.])},
             {"padding": 0, "stride": 2}, note=_t("conv2d.conv2d_cases_note_4")),
        Case({"x": a([[[2., 1., 0., 1., 3.], [1., 0., 2., 2., 0.], [0., 3., 1., 0., 1.], [2., 1., 0., 3., 2.],
                       [1., 0., 2., 1., 0.], [0., 2., 1., 1., 3.]]]), "w": tilt, "b": a([0.])},
             {"padding": 1, "stride": 2}, note=_t("conv2d.conv2d_cases_note_5")),
        Case({"x": a([[[1., 2., 0.], [0., 1., 3.], [2., 1., 1.]], [[0., 1., 1.], [2., 0., 1.], [1., 3., 0.]]]),
              "w": a([[[[1., 0.], [0., -1.]], [[2., 1.], [0., 0.]]],
                      [[[0., 1.], [1., 0.]], [[1., -1.], [2., 0.]]],
                      [[[1., 1.], [1., 1.]], [[0., 0.], [0., 1.]]]]), "b": a([1., -1., 0.5])},
             {"padding": 0, "stride": 1}, note=_t("conv2d.conv2d_cases_note_6")),
        Case({"x": a([[[1., 0., 2.], [2., 1., 0.], [0., 1., 1.]], [[1., 1., 0.], [0., 2., 1.], [1., 0., 2.]]]),
              "w": a([[[[1., 2.], [0., -1.]], [[0., 1.], [1., 0.]]], [[[2., 0.], [1., 1.]], [[-1., 0.], [0., 2.]]]]),
              "b": None}, {"padding": 0, "stride": 1}, note=_t("conv2d.conv2d_cases_note_7")),
        Case({"x": a([[[1., 2., 0.], [3., 1., 2.], [0., 1., 4.]]]), "w": tilt, "b": a([2.])},
             {"padding": 0, "stride": 1}, note=_t("conv2d.conv2d_cases_note_8")),
        Case({"x": a([[[1, 0, 2, 3], [2, 1, 0, 1], [0, 3, 1, 2]]]),
              "w": a([[[[0.1, -1 / 3], [0.5, 0.]]], [[[0., 1.], [0.25, 1 / 3]]], [[[-0.1, 0.], [1., 0.5]]]]), "b": None},
             {"padding": 1, "stride": 2},
             note=_t("conv2d.conv2d_cases_note_9")),
    ]
    rng = seeded(108, seed)
    while len(cases) < 15:
        c_in, c_out = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        h, w, kh, kw = (int(v) for v in rng.integers([3, 3, 1, 1], [8, 8, 4, 4]))
        kwargs = {"padding": int(rng.integers(0, 3)), "stride": int(rng.integers(1, 4))}
        if kh > h + 2 * kwargs["padding"] or kw > w + 2 * kwargs["padding"]:
            continue
        cases.append(Case({"x": _values(rng, (c_in, h, w)), "w": _kernel(rng, (c_out, c_in, kh, kw)),
                           "b": _values(rng, c_out)}, kwargs, note=_t("conv2d.conv2d_cases_note_10")))
    return cases


def check_conv2d_multichannel(fn, *, seed=None):
    """Check ``fn(x, w, b=None, *, padding=0, stride=1)``: a 2D convolution layer with channels.

    ``x`` (C_in, H, W), ``w`` (C_out, C_in, KH, KW), ``b`` None or (C_out,), ``padding`` and
    ``stride`` ints (the same on both axes); result (C_out, H_out, W_out), each axis
    floor((n + 2p - K)/s) + 1. ``check_conv2d_multichannel(cnnbook.conv2d)`` passes.
    """
    mistakes = [
        Mistake(FLIPPED, lambda c: _with(c, w=c.args["w"][..., ::-1, ::-1])),
        Mistake(FLIPPED_ONE_AXIS, lambda c: _with(c, w=c.args["w"][..., ::-1, :])),
        Mistake(FLIPPED_ONE_AXIS, lambda c: _with(c, w=c.args["w"][..., ::-1])),
        Mistake(KERNEL_TRANSPOSED, lambda c: _with(c, w=_square_only(c.args["w"]))),
        Mistake(WEIGHTS_TRANSPOSED, lambda c: _with(c, w=_square_channels(c.args["w"]))),
        Mistake(BIAS_MISSING, lambda c: _with(c, b=None)),
        Mistake(BIAS_PER_INPUT, lambda c: _with(c, b=_bias(c) * c.args["x"].shape[0])),
        Mistake(CHANNELS_NOT_SUMMED, _not_summed),
        Mistake(ONLY_FIRST_CHANNEL, lambda c: _with(c, x=c.args["x"][:1], w=c.args["w"][:, :1])),
        Mistake(one_sided_2d, lambda c: _with(c, x=_padded(c, 1, 0), padding=0)),
        Mistake(one_sided_2d, lambda c: _with(c, x=_padded(c, 0, 1), padding=0)),
        Mistake(one_sided_2d, lambda c: _with(c, x=_padded(c, 2, 0), padding=0)),
        Mistake(PADDING_IGNORED, lambda c: _with(c, padding=0)),
        Mistake(STRIDE_ON_INPUT, lambda c: _with(c, x=_padded(c, 1, 1)[:, ::c.kwargs["stride"], ::c.kwargs["stride"]],
                                                 padding=0, stride=1)),
        Mistake(STRIDE_IGNORED, lambda c: _with(c, stride=1)),
        Mistake(TRUNCATED, lambda c: np.trunc(_with(c))),
    ]
    return run_cases(_t("conv2d.check_conv2d_multichannel_run_cases"), fn, conv2d_cases(seed), _ref, mistakes, axis_names=(_t("conv2d.check_conv2d_multichannel_axis_names"), _t("conv2d.check_conv2d_multichannel_text")),
                     length_rule="⌊(n + 2p − K)/s⌋ + 1",
                     done=_t("conv2d.check_conv2d_multichannel_done"))
