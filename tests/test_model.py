"""cnnbook.model: LeNet-5 with the paper's layer names, and its table of shapes and parameters."""
import pytest
import torch
from torch import nn

from cnnbook import conv_output_size, conv_params, linear_params
from cnnbook.model import LAYER_NAMES, LeNet5, count_parameters, format_table, formula_table, layer_table


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return LeNet5()


def test_layers_have_the_papers_names(model):
    names = [n for n, _ in model.named_children() if n != "relu"]
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
    assert text.splitlines()[-1].split()[-1] == "61,706"
    assert "16 x 5 x 5" in text
