r"""Backpropagation through a convolution and through max pooling, in numpy.

Given the gradient of the loss with respect to a layer's output,
:math:`g = \partial \mathcal{L} / \partial y` (same shape as :math:`y`), these
functions return the gradients with respect to the layer's inputs. Each is
written with the forward functions of :mod:`cnnbook.conv`, so that the code
reads as the three facts the chapter teaches. For
:math:`y[n] = b + \sum_m x_p[n s + m d]\, w[m]` (:math:`x_p` the padded input):

* :math:`\partial \mathcal{L}/\partial x` is a *full* convolution of :math:`g`
  with the kernel, that is, a cross-correlation of :math:`g`, padded by the
  dilated kernel's span minus one on both sides, with the *flipped* kernel.
  A stride :math:`s` first spreads :math:`g` out, :math:`s-1` zeros between
  its entries (a dilated output gradient); padding is cut off at the end.
* :math:`\partial \mathcal{L}/\partial w[m] = \sum_n g[n]\, x_p[n s + m d]`, a
  cross-correlation of the padded input with :math:`g`, in which the stride
  becomes the dilation and the dilation becomes the stride.
* :math:`\partial \mathcal{L}/\partial b = \sum_n g[n]`: a shared weight adds
  up the gradients of every place where it is used.

Max pooling routes each output's gradient to the input cell that won its
window. When several cells tie for the maximum, the first of them in the window
(row by row) gets all of it, as in PyTorch; windows that overlap add up.
"""
from typing import NamedTuple

import numpy as np

from .checks import as_array, as_int, as_pair
from .conv import _channels, conv1d, conv2d, pad
from .pool import max_pool1d, max_pool2d
from .shapes import conv_output_size


class ConvGrads(NamedTuple):
    """The gradients of the loss with respect to a convolution's input, kernel and bias."""

    dx: np.ndarray  # the shape of x
    dw: np.ndarray  # the shape of w
    db: object  # (C_out,), or a float for a single kernel


def _grad_y(grad_y, shape, ndims):
    """``grad_y`` as an array of ``shape`` (the forward output's), or a clear ValueError."""
    g = as_array("grad_y", grad_y, ndims)
    if g.shape != shape:
        raise ValueError(
            f"grad_y must have the shape of the layer's output, {shape}, got {g.shape}; "
            f"it holds one gradient dL/dy per output value"
        )
    return g


def _spread(g, strides, lengths):
    """Put ``s - 1`` zeros between neighbouring entries of ``g`` along its last axes, and zeros at
    the end up to ``lengths``: the output gradient on the grid of the (stride-1) input positions."""
    out = np.zeros(g.shape[: g.ndim - len(strides)] + tuple(lengths))
    index = tuple(slice(0, (n - 1) * s + 1, s) for n, s in zip(g.shape[-len(strides):], strides))
    out[(Ellipsis,) + index] = g
    return out


def _unpad(dxp, padding, mode):
    """The gradient of the unpadded input from that of the padded one.

    With zero padding the padding cells are constants, so their gradients are dropped;
    with ``"replicate"`` each of them is a copy of the edge cell, which collects them.
    """
    for axis, p in zip(range(-len(padding), 0), padding):
        if not p:
            continue
        n = dxp.shape[axis]
        inner = np.take(dxp, range(p, n - p), axis=axis)
        if mode == "replicate":
            first = [slice(None)] * dxp.ndim
            last = [slice(None)] * dxp.ndim
            first[axis], last[axis] = slice(0, 1), slice(-1, None)
            inner[tuple(first)] += np.take(dxp, range(0, p), axis=axis).sum(axis=axis, keepdims=True)
            inner[tuple(last)] += np.take(dxp, range(n - p, n), axis=axis).sum(axis=axis, keepdims=True)
        dxp = inner
    return dxp


def conv1d_backward(x, w, grad_y, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    """Gradients of ``cnnbook.conv1d(x, w, b, ...)`` given ``grad_y`` = dL/dy.

    ``x``, ``w`` and the settings are those of the forward call (the bias does not
    enter the gradients); ``grad_y`` has the shape of its output. Returns
    :class:`ConvGrads` ``(dx, dw, db)`` with the shapes of ``x``, ``w`` and the bias.

    >>> conv1d_backward([1., 2., 3.], [1., -1.], [1., 0.]).dw   # doctest: +SKIP
    array([1., 2.])
    """
    x0, w0 = as_array("x", x, (1, 2)), as_array("w", w, (1, 3))
    p = as_int("padding", padding, 0)
    s = as_int("stride", stride, 1)
    d = as_int("dilation", dilation, 1)
    xc, wc, single = _channels(x0, w0, spatial=1)
    c_out, c_in, k = wc.shape
    l_out = conv_output_size(xc.shape[1], k, p, s, d)
    g = _grad_y(grad_y, (l_out,) if single else (c_out, l_out), (1, 2)).reshape(c_out, l_out)
    xp = pad(xc, (p,), padding_mode)
    span = d * (k - 1)

    # dL/dw[o, c, m] = sum_n g[o, n] xp[c, n s + m d]: correlate the input with g (dilation s, stride d).
    dw = np.stack([conv1d(xp[c], g[:, None, :], stride=d, dilation=s)[:, :k] for c in range(c_in)], axis=1)
    # dL/dx: the spread-out g, padded by the kernel's span on both sides, correlated with the flipped kernel.
    full = pad(_spread(g, (s,), (xp.shape[1] - span,)), (span,))
    dxp = conv1d(full, wc[:, :, ::-1].transpose(1, 0, 2), dilation=d)
    dx = _unpad(dxp, (p,), padding_mode)
    db = g.sum(axis=1)
    return ConvGrads(dx.reshape(x0.shape), dw.reshape(w0.shape), float(db[0]) if single else db)


def conv2d_backward(x, w, grad_y, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    """Gradients of ``cnnbook.conv2d(x, w, b, ...)`` given ``grad_y`` = dL/dy.

    As :func:`conv1d_backward`, on both axes: the input gradient is a full
    convolution with the kernel flipped along both axes (turned by 180 degrees),
    the kernel gradient a cross-correlation of the input with ``grad_y``.
    """
    x0, w0 = as_array("x", x, (2, 3)), as_array("w", w, (2, 4))
    ph, pw = as_pair("padding", padding, 0)
    sh, sw = as_pair("stride", stride, 1)
    dh, dw_ = as_pair("dilation", dilation, 1)
    xc, wc, single = _channels(x0, w0, spatial=2)
    c_out, c_in, kh, kw = wc.shape
    h_out = conv_output_size(xc.shape[1], kh, ph, sh, dh)
    w_out = conv_output_size(xc.shape[2], kw, pw, sw, dw_)
    g = _grad_y(grad_y, (h_out, w_out) if single else (c_out, h_out, w_out), (2, 3)).reshape(c_out, h_out, w_out)
    xp = pad(xc, (ph, pw), padding_mode)
    span = (dh * (kh - 1), dw_ * (kw - 1))

    dw = np.stack([conv2d(xp[c], g[:, None], stride=(dh, dw_), dilation=(sh, sw))[:, :kh, :kw]
                   for c in range(c_in)], axis=1)
    spread = _spread(g, (sh, sw), (xp.shape[1] - span[0], xp.shape[2] - span[1]))
    dxp = conv2d(pad(spread, span), wc[:, :, ::-1, ::-1].transpose(1, 0, 2, 3), dilation=(dh, dw_))
    dx = _unpad(dxp, (ph, pw), padding_mode)
    db = g.sum(axis=(1, 2))
    return ConvGrads(dx.reshape(x0.shape), dw.reshape(w0.shape), float(db[0]) if single else db)


def max_pool1d_backward(x, grad_y, kernel_size, stride=None, padding=0, dilation=1):
    """Gradient of ``cnnbook.max_pool1d(x, ...)`` with respect to ``x``, given ``grad_y`` = dL/dy.

    Each output's gradient goes to the cell that holds its window's maximum (the
    first one on a tie, as in PyTorch); cells that win several windows add them up.
    """
    y = max_pool1d(x, kernel_size, stride, padding, dilation)  # checks every argument
    x0 = as_array("x", x, (1, 2))
    k = as_int("kernel_size", kernel_size, 1)
    s = k if stride is None else as_int("stride", stride, 1)
    p, d = as_int("padding", padding, 0), as_int("dilation", dilation, 1)
    xc = x0.reshape(-1, x0.shape[-1])
    g = _grad_y(grad_y, y.shape, (1, 2)).reshape(xc.shape[0], -1)
    xp = np.pad(xc, [(0, 0), (p, p)], constant_values=-np.inf)
    dxp = np.zeros_like(xp)
    rows = np.arange(xc.shape[0])
    for n in range(g.shape[1]):
        taps = n * s + d * np.arange(k)
        winner = taps[np.argmax(xp[:, taps], axis=1)]  # argmax keeps the first of equal values
        dxp[rows, winner] += g[:, n]
    return dxp[:, p: p + xc.shape[1]].reshape(x0.shape)


def max_pool2d_backward(x, grad_y, kernel_size, stride=None, padding=0, dilation=1):
    """Gradient of ``cnnbook.max_pool2d(x, ...)`` with respect to ``x``, given ``grad_y`` = dL/dy.

    As :func:`max_pool1d_backward`; on a tie the first maximum reading the window
    row by row wins, as in PyTorch.
    """
    y = max_pool2d(x, kernel_size, stride, padding, dilation)  # checks every argument
    x0 = as_array("x", x, (2, 3))
    kh, kw = as_pair("kernel_size", kernel_size, 1)
    sh, sw = (kh, kw) if stride is None else as_pair("stride", stride, 1)
    ph, pw = as_pair("padding", padding, 0)
    dh, dw = as_pair("dilation", dilation, 1)
    xc = x0.reshape((-1,) + x0.shape[-2:])
    g = _grad_y(grad_y, y.shape, (2, 3)).reshape((xc.shape[0],) + y.shape[-2:])
    xp = np.pad(xc, [(0, 0), (ph, ph), (pw, pw)], constant_values=-np.inf)
    dxp = np.zeros_like(xp)
    rows = np.arange(xc.shape[0])
    for i in range(g.shape[1]):
        for j in range(g.shape[2]):
            ti = (i * sh + dh * np.arange(kh))[:, None].repeat(kw, axis=1).ravel()  # row by row
            tj = (j * sw + dw * np.arange(kw))[None, :].repeat(kh, axis=0).ravel()
            best = np.argmax(xp[:, ti, tj], axis=1)
            dxp[rows, ti[best], tj[best]] += g[:, i, j]
    return dxp[:, ph: ph + xc.shape[1], pw: pw + xc.shape[2]].reshape(x0.shape)
