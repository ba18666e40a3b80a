"""cnnbook.backward against torch.autograd, over grids of kernel, padding, stride and dilation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from strategies import lengths

from cnnbook import (conv1d, conv1d_backward, conv2d_backward, max_pool1d, max_pool1d_backward, max_pool2d,
                     max_pool2d_backward)


def autograd(forward, *arrays, grad_y):
    """Gradients of sum(forward(*arrays) * grad_y) with respect to each array, by torch.autograd."""
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    y = forward(*tensors)
    assert tuple(y.shape) == grad_y.shape
    (y * torch.tensor(grad_y)).sum().backward()
    return [t.grad.numpy() for t in tensors]


def torch_pad(t, padding, mode):
    """torch has no replicate padding inside conv; pad first (padding per axis, last axis first)."""
    return F.pad(t, [q for p in reversed(padding) for q in (p, p)], mode="replicate") if mode == "replicate" else t


@st.composite
def conv1d_case(draw):
    k, p, s, d = draw(st.integers(1, 6)), draw(st.integers(0, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    n = draw(st.integers(*lengths(d * (k - 1) + 1 - 2 * p)))
    mode = draw(st.sampled_from(["zeros", "replicate"]))
    return n, k, p, s, d, c_in, c_out, mode, draw(st.integers(0, 2**31 - 1))


@given(conv1d_case())
def test_conv1d_backward_matches_autograd(case):
    n, k, p, s, d, c_in, c_out, mode, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c_in, n)), rng.normal(size=(c_out, c_in, k)), rng.normal(size=c_out)
    g = rng.normal(size=conv1d(x, w, padding=p, stride=s, dilation=d).shape)

    def forward(tx, tw, tb):
        tp = 0 if mode == "replicate" else p
        return F.conv1d(torch_pad(tx[None], (p,), mode), tw, tb, padding=tp, stride=s, dilation=d)[0]

    dx, dw, db = autograd(forward, x, w, b, grad_y=g)
    ours = conv1d_backward(x, w, g, padding=p, stride=s, dilation=d, padding_mode=mode)
    np.testing.assert_allclose(ours.dx, dx, atol=1e-9)
    np.testing.assert_allclose(ours.dw, dw, atol=1e-9)
    np.testing.assert_allclose(ours.db, db, atol=1e-9)


@st.composite
def conv2d_case(draw):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h = draw(st.integers(*lengths(dh * (kh - 1) + 1 - 2 * ph)))
    w = draw(st.integers(*lengths(dw * (kw - 1) + 1 - 2 * pw)))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    mode = draw(st.sampled_from(["zeros", "replicate"]))
    return (h, w), (kh, kw), (ph, pw), (sh, sw), (dh, dw), c_in, c_out, mode, draw(st.integers(0, 2**31 - 1))


@given(conv2d_case())
def test_conv2d_backward_matches_autograd(case):
    size, k, p, s, d, c_in, c_out, mode, seed = case
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c_in, *size)), rng.normal(size=(c_out, c_in, *k)), rng.normal(size=c_out)

    def forward(tx, tw, tb):
        tp = (0, 0) if mode == "replicate" else p
        return F.conv2d(torch_pad(tx[None], p, mode), tw, tb, padding=tp, stride=s, dilation=d)[0]

    with torch.no_grad():
        shape = tuple(forward(*map(torch.tensor, (x, w, b))).shape)
    g = rng.normal(size=shape)
    dx, dw, db = autograd(forward, x, w, b, grad_y=g)
    ours = conv2d_backward(x, w, g, padding=p, stride=s, dilation=d, padding_mode=mode)
    np.testing.assert_allclose(ours.dx, dx, atol=1e-9)
    np.testing.assert_allclose(ours.dw, dw, atol=1e-9)
    np.testing.assert_allclose(ours.db, db, atol=1e-9)


def test_single_kernel_shapes_follow_the_forward_call():
    g = conv1d_backward(np.arange(6.0), np.array([1.0, -1.0]), np.ones(5))
    assert g.dx.shape == (6,) and g.dw.shape == (2,) and g.db == 5.0
    np.testing.assert_allclose(g.dw, [10.0, 15.0])  # sum of x[0:5] and of x[1:6]
    np.testing.assert_allclose(g.dx, [1, 0, 0, 0, 0, -1])  # full convolution of ones(5) with (1, -1)
    g2 = conv2d_backward(np.ones((1, 4, 4)), np.ones((3, 3)), np.ones((2, 2)))
    assert g2.dx.shape == (1, 4, 4) and g2.dw.shape == (3, 3) and g2.db == 4.0


@st.composite
def pool_case(draw, dims):
    k = [draw(st.integers(1, 3)) for _ in range(dims)]
    s = [draw(st.integers(1, 3)) for _ in range(dims)]
    p = [draw(st.integers(0, q // 2)) for q in k]
    d = [draw(st.integers(1, 2)) for _ in range(dims)]
    size = [draw(st.integers(*lengths(di * (ki - 1) + 1 - 2 * pi))) for ki, pi, di in zip(k, p, d)]
    return size, k, s, p, d, draw(st.integers(1, 3)), draw(st.integers(0, 2**31 - 1))


def _pool_check(case, pool, pool_backward, torch_pool):
    size, k, s, p, d, channels, seed = case
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, size=(channels, *size)).astype(float)  # small integers: many ties
    y = pool(x, k, s, p, d)
    if np.isinf(y).any():  # a window that covers only padding has no input to send the gradient to
        return
    g = rng.normal(size=y.shape)
    (dx,) = autograd(lambda t: torch_pool(t[None], k, s, p, d)[0], x, grad_y=g)
    np.testing.assert_allclose(pool_backward(x, g, k, s, p, d), dx, atol=1e-12)


@given(pool_case(1))
def test_max_pool1d_backward_matches_autograd_also_on_ties(case):
    _pool_check(case, lambda x, k, s, p, d: max_pool1d(x, k[0], s[0], p[0], d[0]),
                lambda x, g, k, s, p, d: max_pool1d_backward(x, g, k[0], s[0], p[0], d[0]), F.max_pool1d)


@given(pool_case(2))
def test_max_pool2d_backward_matches_autograd_also_on_ties(case):
    _pool_check(case, max_pool2d, max_pool2d_backward, F.max_pool2d)


def test_a_tie_sends_the_whole_gradient_to_the_first_maximum():
    np.testing.assert_array_equal(max_pool1d_backward([3.0, 3.0, 1.0, 0.0], [5.0, 7.0], 2), [5, 0, 7, 0])
    np.testing.assert_array_equal(max_pool2d_backward(np.ones((2, 2)), [[4.0]], 2), [[4, 0], [0, 0]])
    # overlapping windows that share their maximum add up its gradients
    np.testing.assert_array_equal(max_pool1d_backward([0.0, 9.0, 1.0], [1.0, 2.0], 2, stride=1), [0, 3, 0])


BAD_CALLS = [
    (lambda: conv1d_backward(np.ones(5), np.ones(3), np.ones(4)), "grad_y must have the shape of the layer's output, (3,), got (4,)"),
    (lambda: conv1d_backward(np.ones(5), np.ones(3), np.ones(3), stride=0), "stride must be an integer >= 1, got 0"),
    (lambda: conv1d_backward(np.ones((2, 5)), np.ones((1, 3, 3)), np.ones((1, 3))), "x has 2 input channels but w expects 3"),
    (lambda: conv1d_backward(np.ones(5), np.ones(3), "abc"), "grad_y must be an array of numbers"),
    (lambda: conv1d_backward(np.ones(5), np.ones(3), np.ones(3), padding_mode="reflect"), "padding_mode must be one of"),
    (lambda: conv2d_backward(np.ones((4, 4)), np.ones((3, 3)), np.ones((2, 3))), "grad_y must have the shape of the layer's output, (2, 2), got (2, 3)"),
    (lambda: conv2d_backward(np.ones((4, 4)), np.ones((3, 3)), np.ones((2, 2)), dilation=(1, 0)), "dilation[1] must be an integer >= 1, got 0"),
    (lambda: max_pool1d_backward(np.ones(4), np.ones(3), 2), "grad_y must have the shape of the layer's output, (2,), got (3,)"),
    (lambda: max_pool1d_backward(np.ones(4), np.ones(2), 0), "kernel_size must be an integer >= 1, got 0"),
    (lambda: max_pool2d_backward(np.ones((4, 4)), np.ones((2, 2)), 2, padding=2), "padding must be at most half the pooling window"),
]


@pytest.mark.parametrize("call, message", BAD_CALLS)
def test_bad_input_gives_a_clear_message(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
