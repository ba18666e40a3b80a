"""cnnbook: the shared code of the Hebrew course book on convolutional neural networks.

The package is layered, simple at the bottom and presentation on top; a lower
layer never imports a higher one:

1. arithmetic (numpy only): ``checks``, ``shapes``, ``conv``, ``pool``
2. drawing (matplotlib): ``style``, ``draw``
3. animation and the figure catalogue: ``animate``, ``figures``
4. interactive pieces: ``widgets``, ``explorer``
5. data, model and training: ``data``, ``model``, ``train``, ``bench``

Only the arithmetic layer is imported here, so ``import cnnbook`` stays light.
"""
from .conv import conv1d, conv2d, pad
from .pool import max_pool1d, max_pool2d
from .shapes import (conv_output_size, conv_params, dilated_size, input_positions, linear_params,
                     receptive_field, receptive_fields)

__all__ = [
    "conv1d",
    "conv2d",
    "pad",
    "max_pool1d",
    "max_pool2d",
    "conv_output_size",
    "conv_params",
    "dilated_size",
    "input_positions",
    "linear_params",
    "receptive_field",
    "receptive_fields",
]
__version__ = "0.1.0"
