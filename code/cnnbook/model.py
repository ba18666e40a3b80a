"""LeNet-5 (LeCun, Bottou, Bengio and Haffner, 1998) as a readable PyTorch module.

The layers keep the paper's names. For a 28x28 MNIST digit (the paper used
32x32, so C1 pads by 2 on every side) the shapes are::

    input            1 x 28 x 28   standardised: (x - 0.1307) / 0.3081
    C1  conv 5x5     6 x 28 x 28   + ReLU   (padding 2)
    S2  max 2x2      6 x 14 x 14            (stride 2)
    C3  conv 5x5    16 x 10 x 10   + ReLU
    S4  max 2x2     16 x  5 x  5            (stride 2)
    C5  conv 5x5   120 x  1 x  1   + ReLU   (in effect fully connected)
    F6  linear      84             + ReLU
    output linear   10 scores (softmax turns them into probabilities)

We use ReLU, max pooling, full connections and plain linear scores, as today's
courses do. The 1998 paper differs in four ways: its units apply a scaled tanh,
1.7159 tanh(2a/3); its subsampling layers S2 and S4 add up each 2x2 window,
multiply the sum by a trainable coefficient, add a trainable bias and pass the
result through the sigmoid; C3 is connected to S2 only partially, by a table
that gives each of its 16 maps 3, 4 or 6 of S2's 6 maps (1,516 parameters
instead of the 2,416 of a full connection); and its 10 outputs are Euclidean
radial basis function (RBF) units, each the squared distance between F6's
output and a fixed code of its digit.

The mean and standard deviation of MNIST's training pixels, 0.1307 and 0.3081,
are the usual constants; the network subtracts and divides by them first, so
that its input has mean 0 and standard deviation 1 (``Standardize``).
"""
import torch
from torch import nn

from .shapes import conv_output_size, conv_params, linear_params, receptive_fields

LAYER_NAMES = ("C1", "S2", "C3", "S4", "C5", "F6", "output")
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # of the 60,000 training images' pixels, in [0, 1]


class Standardize(nn.Module):
    """``(x - mean) / std`` with fixed numbers (nothing learned): inputs of mean 0 and standard deviation 1."""

    def __init__(self, mean=MNIST_MEAN, std=MNIST_STD):
        super().__init__()
        if not (isinstance(std, (int, float)) and std > 0):
            raise ValueError(f"std must be a positive number, got {std!r}")
        self.mean, self.std = float(mean), float(std)

    def forward(self, x):
        return (x - self.mean) / self.std

    def extra_repr(self):
        return f"mean={self.mean}, std={self.std}"


class LeNet5(nn.Module):
    """LeNet-5 for 1 x 28 x 28 images with pixels in [0, 1] and 10 classes; ``forward`` standardises
    the images and returns the 10 scores (logits). ``mean=0, std=1`` leaves the pixels as they are."""

    def __init__(self, in_channels=1, num_classes=10, mean=MNIST_MEAN, std=MNIST_STD):
        super().__init__()
        self.standardize = Standardize(mean, std)
        self.C1 = nn.Conv2d(in_channels, 6, kernel_size=5, padding=2)
        self.S2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.C3 = nn.Conv2d(6, 16, kernel_size=5)
        self.S4 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.C5 = nn.Conv2d(16, 120, kernel_size=5)
        self.F6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.S2(self.relu(self.C1(self.standardize(x))))
        x = self.S4(self.relu(self.C3(x)))
        x = self.relu(self.C5(x)).flatten(1)  # 120 x 1 x 1 -> 120
        x = self.relu(self.F6(x))
        return self.output(x)

    def feature_maps(self, x):
        """Every layer's output for the batch ``x``: ``{"input": x, "C1": ..., "output": ...}``
        (``input`` as given, before standardising; C1, C3, C5 and F6 after their ReLU)."""
        maps = {"input": x}
        maps["C1"] = x = self.relu(self.C1(self.standardize(x)))
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


def _window(layer):
    """(K, s, d) of a layer along one axis; a fully connected layer on top of a 1x1 map acts as K = 1."""
    if isinstance(layer, nn.Conv2d):
        return layer.kernel_size[0], layer.stride[0], layer.dilation[0]
    if isinstance(layer, nn.MaxPool2d):
        return layer.kernel_size, layer.stride, layer.dilation
    return 1, 1, 1


def layer_table(model, image_size=28):
    """One row per layer, measured by running the model on one blank image.

    Each row: ``{"layer", "kind", "shape", "params", "rf", "macs"}``: ``shape``
    is the output shape of one image (channels, height, width) or (features,);
    ``params`` counts the layer's learned numbers; ``rf`` is the side of the
    receptive field of one output, in pixels of the padded input (from each
    layer's kernel size, stride and dilation, ``cnnbook.receptive_fields``; a
    fully connected layer sees what the 1x1 map under it sees); ``macs`` counts
    the multiply-adds for one image: every output number times the weights it
    reads (0 for pooling, which only compares).
    """
    model_device = next(model.parameters()).device
    with torch.inference_mode():
        maps = model.feature_maps(torch.zeros(1, model.C1.in_channels, image_size, image_size, device=model_device))
    fields = receptive_fields([_window(getattr(model, name)) for name in LAYER_NAMES])
    rows = []
    for name, rf in zip(LAYER_NAMES, fields):
        layer = getattr(model, name)
        out = maps[name][0]
        reads = layer.weight[0].numel() if hasattr(layer, "weight") else 0  # weights behind one output number
        rows.append({
            "layer": name,
            "kind": _kind(name, layer),
            "shape": tuple(out.shape),
            "params": count_parameters(layer),
            "rf": rf,
            "macs": out.numel() * reads,
        })
    return rows


def formula_table(model, image_size=28):
    """The same rows as ``layer_table``, computed with the formulas of the theory chapters:
    ``n_out = floor((n + 2p - d(K-1) - 1)/s) + 1``, the parameter counts
    ``C_in C_out K^2 + C_out`` (convolution), ``N_in N_out + N_out`` (linear), 0 (pooling),
    the receptive field ``r = 1 + sum_l d_l (K_l - 1) s_1 ... s_(l-1)`` and the multiply-adds
    ``C_out H_out W_out * C_in K^2`` (convolution) and ``N_in N_out`` (linear)."""
    rows = []
    channels, size, features = model.C1.in_channels, image_size, None
    rf, jump = 1, 1
    for name in LAYER_NAMES:
        layer = getattr(model, name)
        if isinstance(layer, nn.Conv2d):
            k, p, s, d = layer.kernel_size[0], layer.padding[0], layer.stride[0], layer.dilation[0]
            params = conv_params(channels, layer.out_channels, layer.kernel_size, bias=layer.bias is not None)
            c_in = channels
            channels, size = layer.out_channels, conv_output_size(size, k, p, s, d)
            shape = (channels, size, size)
            macs = channels * size * size * c_in * k * k
        elif isinstance(layer, nn.MaxPool2d):
            k, s, d = layer.kernel_size, layer.stride, layer.dilation
            size = conv_output_size(size, k, layer.padding, s, d)
            params, shape, macs = 0, (channels, size, size), 0
        else:
            k, s, d = 1, 1, 1
            n_in = features if features is not None else channels * size * size
            params = linear_params(n_in, layer.out_features, bias=layer.bias is not None)
            features = layer.out_features
            shape = (features,)
            macs = n_in * features
        rf, jump = rf + d * (k - 1) * jump, jump * s
        rows.append({"layer": name, "kind": _kind(name, layer), "shape": shape, "params": params,
                     "rf": rf, "macs": macs})
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
    """The layer table as aligned text, with totals."""
    lines = [f"{'layer':<7} {'operation':<34} {'output shape':<14} {'parameters':>10} "
             f"{'receptive field':>15} {'multiply-adds':>13}"]
    for r in rows:
        shape = " x ".join(map(str, r["shape"]))
        field = f"{r['rf']} x {r['rf']}"
        lines.append(f"{r['layer']:<7} {r['kind']:<34} {shape:<14} {r['params']:>10,} {field:>15} {r['macs']:>13,}")
    lines.append(f"{'total':<7} {'':<34} {'':<14} {sum(r['params'] for r in rows):>10,} {'':>15} "
                 f"{sum(r['macs'] for r in rows):>13,}")
    return "\n".join(lines)
