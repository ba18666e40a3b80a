import pytest
import torch
import torch.nn.functional as F
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cnnbook import (conv_output_size, conv_params, dilated_size, input_positions, linear_params,
                     receptive_field, receptive_fields)


def torch_length(n, k, p, s, d):
    """Output length of torch's conv1d, or None where torch refuses the settings."""
    try:
        return F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), padding=p, stride=s, dilation=d).shape[-1]
    except RuntimeError:
        return None


@settings(max_examples=400, deadline=None)
@given(
    n=st.integers(1, 12), k=st.integers(1, 7), p=st.integers(0, 3), s=st.integers(1, 4), d=st.integers(1, 3)
)
def test_output_size_matches_torch_or_raises(n, k, p, s, d):
    expected = torch_length(n, k, p, s, d)
    if expected is None or expected <= 0:
        with pytest.raises(ValueError, match="does not fit the padded input"):
            conv_output_size(n, k, p, s, d)
    else:
        assert conv_output_size(n, k, p, s, d) == expected


def test_output_size_examples():
    assert conv_output_size(7, 3) == 5
    assert conv_output_size(7, 3, padding=1) == 7
    assert conv_output_size(7, 3, padding=1, stride=2) == 4
    assert conv_output_size(7, 3, dilation=2) == 3
    assert dilated_size(4, 2) == 7


def test_impossible_setting_message_names_sizes():
    with pytest.raises(ValueError) as err:
        conv_output_size(5, 4, dilation=2)
    assert "kernel of dilated size 7 (kernel_size=4, dilation=2)" in str(err.value)
    assert "padded input of length 5" in str(err.value)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(n=5, kernel_size=3, stride=0), "stride"),
        (dict(n=5, kernel_size=3, dilation=0), "dilation"),
        (dict(n=5, kernel_size=3, padding=-1), "padding"),
        (dict(n=5, kernel_size=0), "kernel_size"),
        (dict(n=0, kernel_size=1), "n"),
        (dict(n=5.0, kernel_size=3), "n"),
        (dict(n=5, kernel_size=2.5), "kernel_size"),
        (dict(n=5, kernel_size=True), "kernel_size"),
        (dict(n="5", kernel_size=3), "n"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        conv_output_size(**kwargs)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 10), k=st.integers(1, 5), p=st.integers(0, 2), s=st.integers(1, 3), d=st.integers(1, 3))
def test_input_positions_are_the_receptive_field(n, k, p, s, d):
    """Feeding a one-hot input shows which inputs reach each output; compare with input_positions."""
    if torch_length(n, k, p, s, d) in (None, 0):
        return
    length = conv_output_size(n, k, p, s, d)
    for i in range(n):
        x = torch.zeros(1, 1, n, dtype=torch.float64)
        x[0, 0, i] = 1
        y = F.conv1d(x, torch.ones(1, 1, k, dtype=torch.float64), padding=p, stride=s, dilation=d)[0, 0]
        for o in range(length):
            assert (y[o] != 0) == (i in input_positions(o, k, p, s, d))


def test_input_positions_example():
    assert input_positions(0, 3, padding=1) == [-1, 0, 1]
    assert input_positions(2, 3, stride=2, dilation=2) == [4, 6, 8]


@pytest.mark.parametrize(
    "layer, count",
    [
        (torch.nn.Conv1d(1, 1, 5), conv_params(1, 1, (5,))),
        (torch.nn.Conv1d(3, 8, 3), conv_params(3, 8, (3,))),
        (torch.nn.Conv1d(3, 8, 3, bias=False), conv_params(3, 8, [3], bias=False)),
        (torch.nn.Conv2d(3, 16, (5, 3)), conv_params(3, 16, (5, 3))),
        (torch.nn.Conv2d(16, 120, 5), conv_params(16, 120, (5, 5))),
        (torch.nn.Conv3d(2, 4, (3, 3, 2)), conv_params(2, 4, (3, 3, 2))),
        (torch.nn.Linear(1000, 996), linear_params(1000, 996)),
        (torch.nn.Linear(7, 2, bias=False), linear_params(7, 2, bias=False)),
    ],
)
def test_parameter_counts_match_torch(layer, count):
    assert count == sum(p.numel() for p in layer.parameters())


def test_parameter_count_bad_input():
    with pytest.raises(ValueError, match="in_channels"):
        conv_params(0, 1, (3,))
    with pytest.raises(ValueError, match=r"kernel_size\[1\]"):
        conv_params(1, 1, (3, -1))
    with pytest.raises(ValueError, match="out_features"):
        linear_params(3, 1.5)


@pytest.mark.parametrize("kernel_size", [5, 5.0, "5", None, ()])
def test_conv_params_needs_one_size_per_axis(kernel_size):
    """A bare int would silently count a 1D kernel where a 2D one was meant (16*120*5 + 120 = 9,720
    instead of 48,120): refused, with both valid forms in the message."""
    with pytest.raises(ValueError, match=r"kernel_size must be a tuple.*\(5,\) or \(5, 5\)"):
        conv_params(16, 120, kernel_size)


def test_receptive_field_examples():
    assert receptive_field([(3, 1)]) == 3
    assert receptive_field([(3, 1), (3, 1)]) == 5  # two 3x3 layers see 5x5
    assert receptive_fields([(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)]) == [3, 7, 15, 31]
    assert receptive_fields([(5, 1), (2, 2), (5, 1), (2, 2), (5, 1)]) == [5, 6, 14, 16, 32]  # LeNet-5
    assert receptive_field([(3, 2), (3, 2), (3, 1)]) == 1 + 2 + 2 * 2 + 2 * 4


@pytest.mark.parametrize("layers, name", [
    ([], "layers"), ([(3, 0)], r"layers\[0\] stride"), ([(3, 1), (0, 1)], r"layers\[1\] kernel_size"),
    ([(3, 1, 1, 1)], r"layers\[0\] must be"), ([3], r"layers\[0\] must be"),
])
def test_receptive_field_bad_input(layers, name):
    with pytest.raises(ValueError, match=name):
        receptive_field(layers)


def autograd_receptive_field(layers, n=2000):
    """Build the stack in PyTorch (all-ones kernels; a pooling window is an average), differentiate
    the middle output by the input and measure the stretch of input cells with a non-zero gradient,
    from the first to the last (a dilated stack may skip cells inside it)."""
    x = torch.zeros(1, 1, n, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = torch.nn.functional.conv1d(y, torch.ones(1, 1, k), stride=s, dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    hit = (x.grad[0, 0] != 0).nonzero().flatten()
    # Without dilation, and with no window smaller than its stride before the last layer, the field
    # has no holes (each layer's field is then at least as wide as its jump). Otherwise it may:
    # a 1-wide kernel with stride 2 followed by a 2-wide kernel reads input cells 0 and 2.
    if all(d == 1 for _, _, d in layers) and all(k >= s for k, s, _ in layers[:-1]):
        assert len(hit) == hit[-1] - hit[0] + 1
    return int(hit[-1] - hit[0] + 1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=4))
@example([(1, 2, 1), (2, 1, 1)])  # a field with a hole and no dilation (found by hypothesis in CI)
def test_receptive_field_matches_autograd(layers):
    assert receptive_field(layers) == autograd_receptive_field(layers)


def test_receptive_field_of_pooling_matches_autograd_2d():
    """LeNet-5's stack with average pooling in 2D: one C5 unit depends on all of a padded 32x32 input."""
    x = torch.zeros(1, 1, 32, 32, requires_grad=True)
    y = x
    for k, s in [(5, 1), (2, 2), (5, 1), (2, 2), (5, 1)]:
        y = torch.nn.functional.avg_pool2d(y, k, s) if s == 2 else torch.nn.functional.conv2d(y, torch.ones(1, 1, k, k))
    assert y.shape[-2:] == (1, 1)
    y.sum().backward()
    assert int((x.grad != 0).sum()) == receptive_field([(5, 1), (2, 2), (5, 1), (2, 2), (5, 1)]) ** 2 == 32 * 32
