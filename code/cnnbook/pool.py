r"""Reference max pooling in numpy.

Max pooling slides a window over each channel separately and keeps the largest
value under it. It has no learned parameters; the window size, stride, padding
and dilation are hyperparameters with the same arithmetic as a convolution.
Padding cells hold :math:`-\infty`, so they never win.
"""
import numpy as np

from .checks import as_array, as_int, as_pair
from .shapes import conv_output_size


def _check_pool_padding(padding, kernel_size, axis=""):
    if padding > kernel_size // 2:
        raise ValueError(
            f"padding{axis} must be at most half the pooling window "
            f"(kernel_size{axis}={kernel_size}, so padding <= {kernel_size // 2}), got {padding}"
        )


def max_pool1d(x, kernel_size, stride=None, padding=0, dilation=1):
    """Max pooling over the last axis, as ``torch.nn.functional.max_pool1d``.

    x : shape (L,) or (C, L). ``stride`` defaults to ``kernel_size``.
    Returns shape (L_out,) or (C, L_out).
    """
    x = as_array("x", x, (1, 2))
    k = as_int("kernel_size", kernel_size, 1)
    s = k if stride is None else as_int("stride", stride, 1)
    p = as_int("padding", padding, 0)
    d = as_int("dilation", dilation, 1)
    _check_pool_padding(p, k)
    single = x.ndim == 1
    if single:
        x = x[None]
    l_out = conv_output_size(x.shape[1], k, p, s, d)
    xp = np.pad(x, [(0, 0), (p, p)], constant_values=-np.inf)

    y = np.zeros((x.shape[0], l_out))
    for n in range(l_out):
        start = n * s
        y[:, n] = xp[:, start : start + d * (k - 1) + 1 : d].max(axis=1)
    return y[0] if single else y


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1):
    """Max pooling over the last two axes, as ``torch.nn.functional.max_pool2d``.

    x : shape (H, W) or (C, H, W). Every size argument is an int or a pair
    (height, width); ``stride`` defaults to ``kernel_size``.
    """
    x = as_array("x", x, (2, 3))
    kh, kw = as_pair("kernel_size", kernel_size, 1)
    sh, sw = (kh, kw) if stride is None else as_pair("stride", stride, 1)
    ph, pw = as_pair("padding", padding, 0)
    dh, dw = as_pair("dilation", dilation, 1)
    _check_pool_padding(ph, kh, "[0]" if kh != kw or ph != pw else "")
    _check_pool_padding(pw, kw, "[1]" if kh != kw or ph != pw else "")
    single = x.ndim == 2
    if single:
        x = x[None]
    h_out = conv_output_size(x.shape[1], kh, ph, sh, dh)
    w_out = conv_output_size(x.shape[2], kw, pw, sw, dw)
    xp = np.pad(x, [(0, 0), (ph, ph), (pw, pw)], constant_values=-np.inf)

    y = np.zeros((x.shape[0], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            top, left = i * sh, j * sw
            window = xp[:, top : top + dh * (kh - 1) + 1 : dh, left : left + dw * (kw - 1) + 1 : dw]
            y[:, i, j] = window.max(axis=(1, 2))
    return y[0] if single else y
