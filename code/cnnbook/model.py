"""LeNet-5 (LeCun, Bottou, Bengio and Haffner, 1998) as a readable PyTorch module.

The layers keep the paper's names. For a 28x28 MNIST digit (the paper used
32x32, so C1 pads by 2 on every side) the shapes are::

    input            1 x 28 x 28
    C1  conv 5x5     6 x 28 x 28   + ReLU   (padding 2)
    S2  max 2x2      6 x 14 x 14            (stride 2)
    C3  conv 5x5    16 x 10 x 10   + ReLU
    S4  max 2x2     16 x  5 x  5            (stride 2)
    C5  conv 5x5   120 x  1 x  1   + ReLU   (in effect fully connected)
    F6  linear      84             + ReLU
    output linear   10 scores (softmax turns them into probabilities)

We use ReLU and max pooling, as today's courses do; the 1998 paper used a
scaled tanh and trainable average pooling, with partial C1->C3 connections.
"""
import torch
from torch import nn

from .shapes import conv_output_size, conv_params, linear_params

LAYER_NAMES = ("C1", "S2", "C3", "S4", "C5", "F6", "output")


class LeNet5(nn.Module):
    """LeNet-5 for 1 x 28 x 28 images and 10 classes; ``forward`` returns the 10 scores (logits)."""

    def __init__(self, in_channels=1, num_classes=10):
        super().__init__()
        self.C1 = nn.Conv2d(in_channels, 6, kernel_size=5, padding=2)
        self.S2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.C3 = nn.Conv2d(6, 16, kernel_size=5)
        self.S4 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.C5 = nn.Conv2d(16, 120, kernel_size=5)
        self.F6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.S2(self.relu(self.C1(x)))
        x = self.S4(self.relu(self.C3(x)))
        x = self.relu(self.C5(x)).flatten(1)  # 120 x 1 x 1 -> 120
        x = self.relu(self.F6(x))
        return self.output(x)

    def feature_maps(self, x):
        """Every layer's output for the batch ``x``: ``{"input": x, "C1": ..., "output": ...}``
        (C1, C3, C5 and F6 after their ReLU)."""
        maps = {"input": x}
        maps["C1"] = x = self.relu(self.C1(x))
        maps["S2"] = x = self.S2(x)
        maps["C3"] = x = self.relu(self.C3(x))
        maps["S4"] = x = self.S4(x)
        maps["C5"] = x = self.relu(self.C5(x))
        maps["F6"] = x = self.relu(self.F6(x.flatten(1)))
        maps["output"] = self.output(x)
        return maps


def count_parameters(module):
    """Number of learned numbers (weights and biases) in ``module``."""
    return sum(p.numel() for p in module.parameters())


def layer_table(model, image_size=28):
    """One row per layer, measured by running the model on one blank image.

    Each row: ``{"layer", "kind", "shape", "params"}`` where ``shape`` is the
    output shape of one image (channels, height, width) or (features,).
    """
    model_device = next(model.parameters()).device
    with torch.inference_mode():
        maps = model.feature_maps(torch.zeros(1, model.C1.in_channels, image_size, image_size, device=model_device))
    rows = []
    for name in LAYER_NAMES:
        layer = getattr(model, name)
        rows.append({
            "layer": name,
            "kind": _kind(name, layer),
            "shape": tuple(maps[name].shape[1:]),
            "params": count_parameters(layer),
        })
    return rows


def formula_table(model, image_size=28):
    """The same rows as ``layer_table``, computed with the formulas of the theory chapters:
    ``n_out = floor((n + 2p - d(K-1) - 1)/s) + 1`` and the parameter counts
    ``C_in C_out K^2 + C_out`` (convolution), ``N_in N_out + N_out`` (linear), 0 (pooling)."""
    rows = []
    channels, size, features = model.C1.in_channels, image_size, None
    for name in LAYER_NAMES:
        layer = getattr(model, name)
        if isinstance(layer, nn.Conv2d):
            k, p, s, d = layer.kernel_size[0], layer.padding[0], layer.stride[0], layer.dilation[0]
            params = conv_params(channels, layer.out_channels, layer.kernel_size, bias=layer.bias is not None)
            channels, size = layer.out_channels, conv_output_size(size, k, p, s, d)
            shape = (channels, size, size)
        elif isinstance(layer, nn.MaxPool2d):
            size = conv_output_size(size, layer.kernel_size, layer.padding, layer.stride, layer.dilation)
            params, shape = 0, (channels, size, size)
        else:
            n_in = features if features is not None else channels * size * size
            params = linear_params(n_in, layer.out_features, bias=layer.bias is not None)
            features = layer.out_features
            shape = (features,)
        rows.append({"layer": name, "kind": _kind(name, layer), "shape": shape, "params": params})
    return rows


def _kind(name, layer):
    """A short description of a layer, e.g. ``conv 5x5, 6 ch, padding 2, ReLU``."""
    if isinstance(layer, nn.Conv2d):
        k = "x".join(map(str, layer.kernel_size))
        pad = f", padding {layer.padding[0]}" if layer.padding[0] else ""
        return f"conv {k}, {layer.out_channels} ch{pad}, ReLU"
    if isinstance(layer, nn.MaxPool2d):
        return f"max pool {layer.kernel_size}x{layer.kernel_size}, stride {layer.stride}"
    relu = "" if name == "output" else ", ReLU"
    return f"fully connected {layer.in_features}->{layer.out_features}{relu}"


def format_table(rows):
    """The layer table as aligned text, with a total."""
    lines = [f"{'layer':<7} {'operation':<34} {'output shape':<14} {'parameters':>10}"]
    for r in rows:
        shape = " x ".join(map(str, r["shape"]))
        lines.append(f"{r['layer']:<7} {r['kind']:<34} {shape:<14} {r['params']:>10,}")
    lines.append(f"{'total':<7} {'':<34} {'':<14} {sum(r['params'] for r in rows):>10,}")
    return "\n".join(lines)
