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
    """Learned parameters of a convolution layer: C_in * C_out * (product of K) + C_out.

    ``kernel_size`` is an int (1D) or a tuple of ints, one per spatial axis.
    """
    c_in = as_int("in_channels", in_channels, 1)
    c_out = as_int("out_channels", out_channels, 1)
    sizes = kernel_size if isinstance(kernel_size, (tuple, list)) else (kernel_size,)
    taps = 1
    for i, k in enumerate(sizes):
        taps *= as_int(f"kernel_size[{i}]" if len(sizes) > 1 else "kernel_size", k, 1)
    return c_in * c_out * taps + (c_out if bias else 0)


def linear_params(in_features, out_features, bias=True):
    """Learned parameters of a fully connected layer: N_in * N_out + N_out."""
    n_in = as_int("in_features", in_features, 1)
    n_out = as_int("out_features", out_features, 1)
    return n_in * n_out + (n_out if bias else 0)
