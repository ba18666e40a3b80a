import numpy as np

import cnnbook
from cnnbook import torch_reference


def test_conv1d_agrees_with_cnnbook():
    x, w = np.arange(9.0) - 4, np.array([1.0, -2.0, 0.5])
    for options in ({}, {"padding": 2}, {"stride": 2, "dilation": 3}):
        np.testing.assert_allclose(torch_reference.conv1d(x, w, **options), cnnbook.conv1d(x, w, **options))


def test_conv2d_agrees_with_cnnbook():
    x, w = np.arange(30.0).reshape(5, 6) % 7, np.array([[1.0, 0.0], [-1.0, 2.0]])
    for options in ({}, {"padding": (1, 2)}, {"stride": 2, "dilation": (2, 1)}):
        np.testing.assert_allclose(torch_reference.conv2d(x, w, **options), cnnbook.conv2d(x, w, **options))


def test_integer_inputs_are_accepted():
    assert torch_reference.conv1d([1, 2, 3], [1, 1]).tolist() == [3.0, 5.0]
