import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from strategies import lengths

from cnnbook import conv1d, conv2d, pad

@st.composite
def conv1d_case(draw):
    k, p, s, d = draw(st.integers(1, 7)), draw(st.integers(0, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    c_in, c_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    n = draw(st.integers(*lengths(d * (k - 1) + 1 - 2 * p)))
    seed = draw(st.integers(0, 2**31 - 1))
    return n, k, p, s, d, c_in, c_out, seed


@given(conv1d_case())
def test_conv1d_matches_torch(case):
    n, k, p, s, d, c_in, c_out, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c_in, n)), rng.normal(size=(c_out, c_in, k)), rng.normal(size=c_out)
    ours = conv1d(x, w, b, padding=p, stride=s, dilation=d)
    theirs = F.conv1d(torch.tensor(x)[None], torch.tensor(w), torch.tensor(b), padding=p, stride=s, dilation=d)[0]
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


@given(conv1d_case())
def test_conv1d_replicate_padding_matches_torch_pad(case):
    n, k, p, s, d, c_in, c_out, seed = case
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(c_in, n)), rng.normal(size=(c_out, c_in, k))
    ours = conv1d(x, w, padding=p, stride=s, dilation=d, padding_mode="replicate")
    padded = F.pad(torch.tensor(x)[None], (p, p), mode="replicate") if p else torch.tensor(x)[None]
    theirs = F.conv1d(padded, torch.tensor(w), stride=s, dilation=d)[0]
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


@st.composite
def conv2d_case(draw):
    kh, kw = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    ph, pw = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    sh, sw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h = draw(st.integers(*lengths(dh * (kh - 1) + 1 - 2 * ph)))
    w = draw(st.integers(*lengths(dw * (kw - 1) + 1 - 2 * pw)))
    c_in, c_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    mode = draw(st.sampled_from(["zeros", "replicate"]))
    return (h, w), (kh, kw), (ph, pw), (sh, sw), (dh, dw), c_in, c_out, mode, draw(st.integers(0, 2**31 - 1))


@given(conv2d_case())
def test_conv2d_matches_torch(case):
    size, k, p, s, d, c_in, c_out, mode, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c_in, *size)), rng.normal(size=(c_out, c_in, *k)), rng.normal(size=c_out)
    ours = conv2d(x, w, b, padding=p, stride=s, dilation=d, padding_mode=mode)
    tx = torch.tensor(x)[None]
    if mode == "replicate" and any(p):
        tx = F.pad(tx, (p[1], p[1], p[0], p[0]), mode="replicate")
        theirs = F.conv2d(tx, torch.tensor(w), torch.tensor(b), stride=s, dilation=d)[0]
    else:
        theirs = F.conv2d(tx, torch.tensor(w), torch.tensor(b), padding=p, stride=s, dilation=d)[0]
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


def test_single_kernel_shapes():
    assert conv1d(np.arange(7.0), np.ones(3)).shape == (5,)
    assert conv1d(np.ones((1, 7)), np.ones(3)).shape == (5,)
    assert conv1d(np.arange(7.0), np.ones((2, 1, 3))).shape == (2, 5)
    assert conv2d(np.ones((5, 6)), np.ones((3, 3))).shape == (3, 4)
    np.testing.assert_allclose(conv1d([1, 2, 3, 4], [1, 0, -1]), [-2, -2])


def test_pad_modes():
    np.testing.assert_array_equal(pad(np.array([[1.0, 2.0]]), (2,)), [[0, 0, 1, 2, 0, 0]])
    np.testing.assert_array_equal(pad(np.array([[1.0, 2.0]]), (1,), "replicate"), [[1, 1, 2, 2]])


BAD_CALLS = [
    (lambda: conv1d(np.ones(5), np.ones(4), dilation=2), "kernel of dilated size 7 (kernel_size=4, dilation=2) does not fit the padded input of length 5"),
    (lambda: conv1d(np.ones(5), np.ones(3), stride=0), "stride must be an integer >= 1, got 0"),
    (lambda: conv1d(np.ones(5), np.ones(3), dilation=0), "dilation must be an integer >= 1, got 0"),
    (lambda: conv1d(np.ones(5), np.ones(3), padding=-1), "padding must be an integer >= 0, got -1"),
    (lambda: conv1d(np.ones(5), np.ones(3), padding=1.5), "padding must be an integer >= 0, got 1.5"),
    (lambda: conv1d(np.ones((3, 5)), np.ones((2, 2, 3))), "x has 3 input channels but w expects 2"),
    (lambda: conv1d(np.ones((3, 5)), np.ones(3)), "a kernel w of shape (3,) has one input channel, but x has 3 channels"),
    (lambda: conv1d(np.ones((2, 3, 5)), np.ones(3)), "x must have 1 or 2 dimensions, got shape (2, 3, 5)"),
    (lambda: conv1d(np.ones(5), np.ones((3, 3))), "w must have 1 or 3 dimensions, got shape (3, 3)"),
    (lambda: conv1d(np.ones(5), np.ones(3), padding_mode="reflect"), "padding_mode must be one of ('zeros', 'replicate'), got 'reflect'"),
    (lambda: conv1d(np.ones(5), np.ones((2, 1, 3)), b=[1.0]), "b must hold one bias per output channel (2), got shape (1,)"),
    (lambda: conv1d([], np.ones(3)), "x must not be empty"),
    (lambda: conv1d(["a", "b"], np.ones(1)), "x must be an array of numbers"),
    (lambda: conv2d(np.ones((4, 4)), np.ones((3, 3)), stride=(1, 0)), "stride[1] must be an integer >= 1, got 0"),
    (lambda: conv2d(np.ones((4, 4)), np.ones((3, 3)), padding=(1, 2, 3)), "padding must be an integer or a pair (height, width), got (1, 2, 3)"),
    (lambda: conv2d(np.ones((4, 2)), np.ones((3, 3))), "kernel of dilated size 3 (kernel_size=3, dilation=1) does not fit the padded input of length 2"),
    (lambda: conv2d(np.ones(4), np.ones((3, 3))), "x must have 2 or 3 dimensions, got shape (4,)"),
]


@pytest.mark.parametrize("call, message", BAD_CALLS)
def test_bad_input_gives_a_clear_message(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
