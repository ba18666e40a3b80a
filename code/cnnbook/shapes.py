r"""Convolution arithmetic: output sizes, receptive fields and parameter counts.

Along one axis a convolution (or a pooling window) with kernel size :math:`K`,
padding :math:`p`, stride :math:`s` and dilation :math:`d` maps an input of
length :math:`n` to

.. math::  n_{out} = \left\lfloor \frac{n + 2p - d(K-1) - 1}{s} \right\rfloor + 1 .

The dilated kernel covers :math:`d(K-1)+1` input cells; it must fit inside the
padded input of length :math:`n + 2p`.
"""
from .checks import as_int


def dilated_size(kernel_size, dilation=1):
    """Number of input cells that a kernel of ``kernel_size`` taps spans: d(K-1)+1."""
    kernel_size = as_int("kernel_size", kernel_size, 1)
    dilation = as_int("dilation", dilation, 1)
    return dilation * (kernel_size - 1) + 1


def conv_output_size(n, kernel_size, padding=0, stride=1, dilation=1):
    """Output length along one axis: floor((n + 2p - d(K-1) - 1) / s) + 1.

    2D callers apply it to each axis. Raises ``ValueError`` for settings that
    have no output (the dilated kernel does not fit the padded input) and for
    out-of-range arguments.

    >>> conv_output_size(7, 3, padding=1, stride=2)
    4
    """
    n = as_int("n (input length)", n, 1)
    kernel_size = as_int("kernel_size", kernel_size, 1)
    padding = as_int("padding", padding, 0)
    stride = as_int("stride", stride, 1)
    dilation = as_int("dilation", dilation, 1)
    span = dilated_size(kernel_size, dilation)
    padded = n + 2 * padding
    if span > padded:
        raise ValueError(
            f"kernel of dilated size {span} (kernel_size={kernel_size}, dilation={dilation}) "
            f"does not fit the padded input of length {padded} (n={n}, padding={padding}); "
            f"valid settings need dilation*(kernel_size-1)+1 <= n + 2*padding"
        )
    return (padded - span) // stride + 1


def input_positions(out_index, kernel_size, padding=0, stride=1, dilation=1):
    """The input positions that output ``out_index`` reads, one per kernel tap.

    Position ``i`` is in the coordinates of the unpadded input, so ``i < 0`` or
    ``i >= n`` is a padding cell. Tap ``m`` of the kernel meets position
    ``out_index*stride - padding + m*dilation``.

    >>> input_positions(1, 3, padding=1, stride=2)
    [1, 2, 3]
    """
    out_index = as_int("out_index", out_index, 0)
    kernel_size = as_int("kernel_size", kernel_size, 1)
    padding = as_int("padding", padding, 0)
    stride = as_int("stride", stride, 1)
    dilation = as_int("dilation", dilation, 1)
    start = out_index * stride - padding
    return [start + m * dilation for m in range(kernel_size)]


def conv_params(in_channels, out_channels, kernel_size, bias=True):
    """Learned parameters of a convolution layer: C_in * C_out * (product of the kernel sizes) + C_out.

    ``kernel_size`` is a tuple (or list) with one size per spatial axis:
    ``(5,)`` for a 1D kernel of 5 taps, ``(5, 5)`` for a 2D kernel of 5x5. A
    bare int is refused, because it would not say how many axes the kernel has.

    >>> conv_params(16, 120, (5, 5))
    48120
    """
    c_in = as_int("in_channels", in_channels, 1)
    c_out = as_int("out_channels", out_channels, 1)
    if not isinstance(kernel_size, (tuple, list)) or not kernel_size:
        raise ValueError(
            f"kernel_size must be a tuple with one size per spatial axis, (K,) for 1D or (K, K) for 2D, "
            f"e.g. (5,) or (5, 5); got {kernel_size!r}"
        )
    taps = 1
    for i, k in enumerate(kernel_size):
        taps *= as_int(f"kernel_size[{i}]", k, 1)
    return c_in * c_out * taps + (c_out if bias else 0)


def linear_params(in_features, out_features, bias=True):
    """Learned parameters of a fully connected layer: N_in * N_out + N_out."""
    n_in = as_int("in_features", in_features, 1)
    n_out = as_int("out_features", out_features, 1)
    return n_in * n_out + (n_out if bias else 0)


def _layer_settings(i, layer):
    """(K, s, d) of one entry of ``receptive_fields``' list, checked."""
    if not isinstance(layer, (tuple, list)) or len(layer) not in (1, 2, 3):
        raise ValueError(
            f"layers[{i}] must be (kernel_size,), (kernel_size, stride) or (kernel_size, stride, dilation), "
            f"got {layer!r}"
        )
    k = as_int(f"layers[{i}] kernel_size", layer[0], 1)
    s = as_int(f"layers[{i}] stride", layer[1], 1) if len(layer) > 1 else 1
    d = as_int(f"layers[{i}] dilation", layer[2], 1) if len(layer) > 2 else 1
    return k, s, d


def receptive_fields(layers):
    r"""The receptive field along one axis after each layer of a stack, as a list of ints.

    ``layers`` lists ``(kernel_size, stride)`` or ``(kernel_size, stride,
    dilation)`` per layer, first layer first; a pooling window is a layer like
    any other. Layer :math:`\ell` adds :math:`d_\ell (K_\ell - 1)` input cells
    of *its own* input, and one cell there is :math:`j_\ell = s_1 s_2 \cdots
    s_{\ell-1}` cells of the network's input apart, so

    .. math::  r_L = 1 + \sum_{\ell=1}^{L} d_\ell (K_\ell - 1) \prod_{i<\ell} s_i .

    The field is the stretch from the first to the last input cell that one
    output depends on (with dilation some cells inside it may be skipped),
    counted in the padded input: padding moves it, but does not change its size.

    >>> receptive_fields([(5, 1), (2, 2), (5, 1), (2, 2), (5, 1)])  # LeNet-5: C1, S2, C3, S4, C5
    [5, 6, 14, 16, 32]
    """
    if not isinstance(layers, (tuple, list)) or not layers:
        raise ValueError(f"layers must be a non-empty list of (kernel_size, stride[, dilation]), got {layers!r}")
    fields, r, jump = [], 1, 1
    for i, layer in enumerate(layers):
        k, s, d = _layer_settings(i, layer)
        r += d * (k - 1) * jump
        jump *= s
        fields.append(r)
    return fields


def receptive_field(layers):
    """The receptive field along one axis of one output of the whole stack ``layers``
    (see ``receptive_fields``).

    >>> receptive_field([(3, 1), (3, 1)])  # two 3-tap layers see 5 cells
    5
    """
    return receptive_fields(layers)[-1]
