"""cnnbook.model: LeNet-5 with the paper's layer names, and its table of shapes and parameters."""
import pytest
import torch
from torch import nn

from cnnbook import conv_output_size, conv_params, linear_params
from cnnbook.model import (LAYER_NAMES, MNIST_MEAN, MNIST_STD, LeNet5, Standardize, count_parameters, format_table,
                           formula_table, layer_table)


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return LeNet5()


def test_layers_have_the_papers_names(model):
    names = [n for n, _ in model.named_children() if n not in ("relu", "standardize")]
    assert names == list(LAYER_NAMES) == ["C1", "S2", "C3", "S4", "C5", "F6", "output"]
    assert isinstance(model.C1, nn.Conv2d) and model.C1.padding == (2, 2) and model.C1.kernel_size == (5, 5)
    assert isinstance(model.S2, nn.MaxPool2d) and model.S2.kernel_size == 2 and model.S2.stride == 2
    assert model.C5.out_channels == 120 and model.F6.out_features == 84 and model.output.out_features == 10


def test_ten_scores_per_image(model):
    assert model(torch.rand(5, 1, 28, 28)).shape == (5, 10)


def test_parameter_counts_by_hand(model):
    # C_in * C_out * 5 * 5 + C_out for a convolution, N_in * N_out + N_out for a linear layer
    by_hand = {"C1": 1 * 6 * 25 + 6, "S2": 0, "C3": 6 * 16 * 25 + 16, "S4": 0,
               "C5": 16 * 120 * 25 + 120, "F6": 120 * 84 + 84, "output": 84 * 10 + 10}
    assert {r["layer"]: r["params"] for r in layer_table(model)} == by_hand
    assert count_parameters(model) == sum(by_hand.values()) == 61706


def test_measured_table_agrees_with_the_formulas(model):
    measured = layer_table(model)
    assert measured == formula_table(model)
    assert [r["shape"] for r in measured] == [
        (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 5, 5), (120, 1, 1), (84,), (10,),
    ]
    # the formulas are the theory chapters' own functions
    assert conv_output_size(28, 5, padding=2) == 28 and conv_output_size(28, 2, stride=2) == 14
    assert conv_params(16, 120, (5, 5)) == 48120 and linear_params(120, 84) == 10164


def test_the_formula_table_follows_the_model():
    """The paper's own setting, a 32x32 input and no padding, gives the same shapes after C1."""
    model = LeNet5()
    model.C1 = nn.Conv2d(1, 6, 5)
    assert layer_table(model, image_size=32) == formula_table(model, image_size=32)
    assert layer_table(model, image_size=32)[0]["shape"] == (6, 28, 28)
    with pytest.raises(ValueError, match="does not fit"):  # 28x28 without padding leaves C5 a 4x4 input
        formula_table(model, image_size=28)


def test_feature_maps_are_the_forward_pass(model):
    x = torch.rand(3, 1, 28, 28)
    maps = model.feature_maps(x)
    assert list(maps) == ["input", *LAYER_NAMES]
    assert torch.allclose(maps["output"], model(x))
    for name in ("C1", "C3", "C5", "F6"):
        assert maps[name].min() >= 0  # after ReLU
    assert maps["S2"].shape == (3, 6, 14, 14)


def test_format_table_lists_every_layer_and_the_total(model):
    text = format_table(layer_table(model))
    for name in LAYER_NAMES:
        assert f"\n{name} " in text
    assert text.splitlines()[-1].split()[-2:] == ["61,706", "416,520"]
    assert "16 x 5 x 5" in text


def test_multiply_adds_by_hand(model):
    """C5 holds most of the parameters, but C1 and C3 do most of the multiplications."""
    by_hand = {"C1": 6 * 28 * 28 * 25, "S2": 0, "C3": 16 * 10 * 10 * 6 * 25, "S4": 0,
               "C5": 120 * 16 * 25, "F6": 120 * 84, "output": 84 * 10}
    table = layer_table(model)
    assert {r["layer"]: r["macs"] for r in table} == by_hand
    assert max(table, key=lambda r: r["params"])["layer"] == "C5"
    assert sorted(table, key=lambda r: -r["macs"])[:2] == [table[2], table[0]]  # C3, then C1


def test_receptive_fields_match_autograd(model):
    """The table's receptive fields against the gradient of one output by a padded input: the same
    stack with all-ones kernels and average pooling (so that every path carries gradient), C1's
    padding applied to the input up front; the field is the stretch of non-zero gradient."""
    table = {r["layer"]: r["rf"] for r in layer_table(model)}
    pad = model.C1.padding[0]
    x = torch.zeros(1, 1, 28 + 2 * pad, 28 + 2 * pad, requires_grad=True)
    y, measured = x, {}
    for name in ("C1", "S2", "C3", "S4", "C5"):
        layer = getattr(model, name)
        if isinstance(layer, nn.Conv2d):
            y = nn.functional.conv2d(y, torch.ones(1, 1, *layer.kernel_size), stride=layer.stride)
        else:
            y = nn.functional.avg_pool2d(y, layer.kernel_size, layer.stride)
        (grad,) = torch.autograd.grad(y[0, 0, y.shape[2] // 2, y.shape[3] // 2], x, retain_graph=True)
        rows = grad[0, 0].abs().sum(1).nonzero().flatten()
        cols = grad[0, 0].abs().sum(0).nonzero().flatten()
        assert rows[-1] - rows[0] == cols[-1] - cols[0]
        measured[name] = int(rows[-1] - rows[0] + 1)
    assert measured == {k: table[k] for k in measured} == {"C1": 5, "S2": 6, "C3": 14, "S4": 16, "C5": 32}
    assert int((grad != 0).sum()) == 32 * 32  # one C5 unit sees the whole padded input
    assert table["F6"] == table["output"] == 32


def test_the_network_standardises_its_input():
    torch.manual_seed(0)
    model = LeNet5()
    raw = LeNet5(mean=0, std=1)
    raw.load_state_dict(model.state_dict())  # no state of its own: the constants are not learned
    x = torch.rand(2, 1, 28, 28)
    assert torch.allclose(model(x), raw((x - MNIST_MEAN) / MNIST_STD), atol=1e-5)
    assert model.feature_maps(x)["input"] is x
    assert count_parameters(Standardize()) == 0
    with pytest.raises(ValueError, match="std"):
        Standardize(std=0)
