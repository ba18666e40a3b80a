r"""Reference convolutions in numpy, written to be read beside the formula.

Deep-learning libraries call *cross-correlation* a convolution, and so do we:

.. math::  y[n] = b + \sum_{c} \sum_{m=0}^{K-1} x_c[n s + m d] \, w_c[m]

where :math:`x` is the padded input, :math:`s` the stride and :math:`d` the
dilation. The loops below follow that sum one output at a time.
"""
import numpy as np

from .checks import as_array, as_int, as_pair
from .shapes import conv_output_size

PADDING_MODES = ("zeros", "replicate")


def pad(x, padding, mode="zeros"):
    """Pad the last axis (or the last two) of ``x`` on both sides.

    ``padding`` is one int per padded axis, e.g. ``(2,)`` or ``(1, 2)``.
    ``mode="zeros"`` adds zeros; ``mode="replicate"`` repeats the edge value.
    """
    if mode not in PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {PADDING_MODES}, got {mode!r}")
    widths = [(0, 0)] * (x.ndim - len(padding)) + [(p, p) for p in padding]
    return np.pad(x, widths, mode="constant" if mode == "zeros" else "edge")


def _bias(b, c_out):
    if b is None:
        return np.zeros(c_out)
    b = np.asarray(b, dtype=np.float64).reshape(-1)
    if b.shape != (c_out,):
        raise ValueError(f"b must hold one bias per output channel ({c_out}), got shape {b.shape}")
    return b


def _channels(x, w, spatial):
    """Bring x to (C_in, *spatial) and w to (C_out, C_in, *kernel); check they agree."""
    single_kernel = w.ndim == spatial
    if single_kernel:
        w = w[None, None]
    if x.ndim == spatial:
        x = x[None]
    if x.shape[0] != w.shape[1]:
        if single_kernel:
            raise ValueError(
                f"a kernel w of shape {w.shape[2:]} has one input channel, but x has "
                f"{x.shape[0]} channels; give w the shape (C_out, {x.shape[0]}, ...) instead"
            )
        raise ValueError(
            f"x has {x.shape[0]} input channels but w expects {w.shape[1]} "
            f"(w has shape (C_out, C_in, ...) = {w.shape}); the two C_in must be equal"
        )
    return x, w, single_kernel


def conv1d(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    """1D cross-correlation, as ``torch.nn.functional.conv1d``.

    x : shape (L,) or (C_in, L)
    w : shape (K,) or (C_out, C_in, K)
    b : None, or one bias per output channel
    Returns shape (L_out,) when ``w`` is a single kernel of shape (K,),
    else (C_out, L_out), with L_out = floor((L + 2p - d(K-1) - 1)/s) + 1.
    """
    x = as_array("x", x, (1, 2))
    w = as_array("w", w, (1, 3))
    padding = as_int("padding", padding, 0)
    stride = as_int("stride", stride, 1)
    dilation = as_int("dilation", dilation, 1)
    x, w, single = _channels(x, w, spatial=1)
    c_out, _, k = w.shape
    l_out = conv_output_size(x.shape[1], k, padding, stride, dilation)
    b = _bias(b, c_out)
    xp = pad(x, (padding,), padding_mode)

    y = np.zeros((c_out, l_out))
    for o in range(c_out):
        for n in range(l_out):
            start = n * stride
            window = xp[:, start : start + dilation * (k - 1) + 1 : dilation]  # (C_in, K)
            y[o, n] = np.sum(window * w[o]) + b[o]
    return y[0] if single else y


def conv2d(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    """2D cross-correlation, as ``torch.nn.functional.conv2d``.

    x : shape (H, W) or (C_in, H, W)
    w : shape (KH, KW) or (C_out, C_in, KH, KW)
    ``padding``, ``stride`` and ``dilation`` are an int or a pair (height, width).
    Returns (H_out, W_out) for a single kernel, else (C_out, H_out, W_out);
    each axis follows ``conv_output_size``.
    """
    x = as_array("x", x, (2, 3))
    w = as_array("w", w, (2, 4))
    ph, pw = as_pair("padding", padding, 0)
    sh, sw = as_pair("stride", stride, 1)
    dh, dw = as_pair("dilation", dilation, 1)
    x, w, single = _channels(x, w, spatial=2)
    c_out, _, kh, kw = w.shape
    h_out = conv_output_size(x.shape[1], kh, ph, sh, dh)
    w_out = conv_output_size(x.shape[2], kw, pw, sw, dw)
    b = _bias(b, c_out)
    xp = pad(x, (ph, pw), padding_mode)

    y = np.zeros((c_out, h_out, w_out))
    for o in range(c_out):
        for i in range(h_out):
            for j in range(w_out):
                top, left = i * sh, j * sw
                window = xp[:, top : top + dh * (kh - 1) + 1 : dh, left : left + dw * (kw - 1) + 1 : dw]
                y[o, i, j] = np.sum(window * w[o]) + b[o]
    return y[0] if single else y
