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


def test_grads_of_a_convolution_are_those_of_cnnbook_backward():
    import pytest
    import torch.nn.functional as F

    x, w, g = np.array([1.0, 3.0, 0.0, -2.0]), np.array([1.0, -1.0]), np.array([2.0, 0.0, 1.0])
    dx, dw = torch_reference.grads(lambda tx, tw: F.conv1d(tx.view(1, 1, -1), tw.view(1, 1, -1)).flatten(), x, w, grad_y=g)
    ours = cnnbook.conv1d_backward(x, w, g)
    np.testing.assert_allclose(dx, ours.dx)
    np.testing.assert_allclose(dw, ours.dw)
    with pytest.raises(ValueError, match="grad_y must have the shape of forward's output, \\(3,\\)"):
        torch_reference.grads(lambda tx: tx[1:], x, grad_y=g[:2])
