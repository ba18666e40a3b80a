"""cnnbook.shifts: shifting without wrapping round, and the two properties it tests."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnbook import conv1d, conv2d, max_pool1d, shift


def test_shift_moves_right_fills_zeros_and_keeps_the_length():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert shift(x, 1).tolist() == [0.0, 1.0, 2.0, 3.0]
    assert shift(x, -2).tolist() == [3.0, 4.0, 0.0, 0.0]
    assert shift(x, 0).tolist() == x.tolist() and shift(x, 4).tolist() == [0.0] * 4
    m = np.arange(9).reshape(3, 3)
    assert shift(m, 1, axis=0).tolist() == [[0, 0, 0], [0, 1, 2], [3, 4, 5]]
    assert shift(m, 1).tolist() == [[0, 0, 1], [0, 3, 4], [0, 6, 7]]
    assert shift(m, 1).dtype == m.dtype


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="k must be between -3 and 3"):
        shift([1, 2, 3], 4)
    with pytest.raises(ValueError, match="k must be an integer"):
        shift([1, 2, 3], 1.5)
    with pytest.raises(ValueError, match="axis must be between -1 and 0"):
        shift([1, 2, 3], 1, axis=1)
    with pytest.raises(ValueError, match="scalar"):
        shift(3.0, 1)


@settings(max_examples=30, deadline=None)
@given(st.integers(6, 20), st.integers(1, 4), st.integers(0, 3), st.integers(0, 2**16))
def test_convolution_is_shift_equivariant(n, k, s, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=n), rng.normal(size=k)
    np.testing.assert_allclose(conv1d(shift(x, s), w)[s:], shift(conv1d(x, w), s)[s:])
    img, w2 = rng.normal(size=(n, n)), rng.normal(size=(k, k))
    np.testing.assert_allclose(conv2d(shift(img, s, axis=0), w2)[s:], shift(conv2d(img, w2), s, axis=0)[s:])


def test_max_pooling_commutes_only_with_shifts_by_its_stride():
    x = np.array([0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 0.0, 8.0, 3.0, 0.0, 0.0, 0.0])
    assert np.array_equal(max_pool1d(shift(x, 2), 2), shift(max_pool1d(x, 2), 1))
    assert not np.array_equal(max_pool1d(shift(x, 1), 2), max_pool1d(x, 2))
