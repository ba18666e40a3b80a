"""cnnbook: the shared code of the Hebrew and English course book on convolutional neural networks.

The package is layered, simple at the bottom and presentation on top; a lower
layer never imports a higher one:

1. arithmetic (numpy only): ``lang`` (the reader's language and its words), ``checks``, ``shapes``, ``conv``, ``pool``, ``shifts``, ``backward``
2. drawing (matplotlib): ``style``, ``draw``
3. animation and the figure catalogue: ``animate``, ``figures``
4. interactive pieces: ``widgets``, ``explorer``
5. data, model and training: ``data``, ``model``, ``train``, ``bench``

Only the arithmetic layer is imported here, so ``import cnnbook`` stays light.
"""
from .backward import conv1d_backward, conv2d_backward, max_pool1d_backward, max_pool2d_backward
from .conv import conv1d, conv2d, pad
from .lang import language, msg, set_language
from .pool import max_pool1d, max_pool2d
from .shapes import (conv_output_size, conv_params, dilated_size, input_positions, linear_params,
                     receptive_field, receptive_fields)
from .shifts import shift

__all__ = [
    "conv1d",
    "conv2d",
    "pad",
    "max_pool1d",
    "max_pool2d",
    "conv1d_backward",
    "conv2d_backward",
    "max_pool1d_backward",
    "max_pool2d_backward",
    "conv_output_size",
    "conv_params",
    "dilated_size",
    "input_positions",
    "linear_params",
    "shift",
    "receptive_field",
    "receptive_fields",
    "set_language",
    "language",
    "msg",
]
__version__ = "0.2.0"
