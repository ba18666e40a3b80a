import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import lengths

from cnnbook import max_pool1d, max_pool2d


@settings(max_examples=150, deadline=None)
@given(
    k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3), c=st.integers(1, 4),
    data=st.data(), seed=st.integers(0, 2**31 - 1),
)
def test_max_pool1d_matches_torch(k, s, d, c, data, seed):
    p = data.draw(st.integers(0, k // 2))
    n = data.draw(st.integers(*lengths(d * (k - 1) + 1 - 2 * p)))
    x = np.random.default_rng(seed).normal(size=(c, n))
    ours = max_pool1d(x, k, s, p, d)
    theirs = F.max_pool1d(torch.tensor(x), k, s, p, d)
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


@settings(max_examples=150, deadline=None)
@given(
    kh=st.integers(1, 7), kw=st.integers(1, 7), sh=st.integers(1, 4), sw=st.integers(1, 4),
    dh=st.integers(1, 3), dw=st.integers(1, 3), c=st.integers(1, 4), data=st.data(), seed=st.integers(0, 2**31 - 1),
)
def test_max_pool2d_matches_torch(kh, kw, sh, sw, dh, dw, c, data, seed):
    ph, pw = data.draw(st.integers(0, kh // 2)), data.draw(st.integers(0, kw // 2))
    h = data.draw(st.integers(*lengths(dh * (kh - 1) + 1 - 2 * ph)))
    w = data.draw(st.integers(*lengths(dw * (kw - 1) + 1 - 2 * pw)))
    x = np.random.default_rng(seed).normal(size=(c, h, w))
    ours = max_pool2d(x, (kh, kw), (sh, sw), (ph, pw), (dh, dw))
    theirs = F.max_pool2d(torch.tensor(x), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
    assert ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-5)


def test_default_stride_is_the_window():
    x = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(max_pool2d(x, 2), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(max_pool1d([1, 5, 2, 0, 3, 3], 2), [5, 2, 3])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: max_pool1d(np.ones(6), 2, padding=2), "padding must be at most half the pooling window (kernel_size=2, so padding <= 1), got 2"),
        (lambda: max_pool1d(np.ones(6), 0), "kernel_size must be an integer >= 1, got 0"),
        (lambda: max_pool1d(np.ones(3), 4), "kernel of dilated size 4"),
        (lambda: max_pool2d(np.ones((4, 4)), 2, stride=(2, 0)), "stride[1] must be an integer >= 1, got 0"),
        (lambda: max_pool2d(np.ones((4, 4)), (2, 4), padding=(0, 3)), "padding[1] must be at most half the pooling window (kernel_size[1]=4, so padding <= 2), got 3"),
    ],
)
def test_bad_pooling_input(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)
