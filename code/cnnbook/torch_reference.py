"""PyTorch as the reference: its convolutions on plain numpy arrays.

The chapters check every ``cnnbook`` result against ``torch.nn.functional``;
these two helpers take one signal (or one grey image) and one kernel, as the
chapters' examples have them, and give back a numpy array.

>>> conv1d(np.array([1., 2., 3.]), np.array([1., -1.]))   # doctest: +SKIP
array([-1., -1.])
"""
import numpy as np
import torch
import torch.nn.functional as F


def conv1d(x, w, **options):
    """``F.conv1d`` on one channel: ``x`` of shape (L,), ``w`` of shape (K,); options as torch's."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    return F.conv1d(torch.tensor(x).view(1, 1, -1), torch.tensor(w).view(1, 1, -1), **options).flatten().numpy()


def conv2d(x, w, **options):
    """``F.conv2d`` on one grey image: ``x`` of shape (H, W), ``w`` of shape (KH, KW); options as torch's."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    return F.conv2d(torch.tensor(x)[None, None], torch.tensor(w)[None, None], **options)[0, 0].numpy()


def grads(forward, *arrays, grad_y):
    """The gradients that ``torch.autograd`` finds for numpy inputs, given dL/dy = ``grad_y``.

    ``forward`` maps tensors (float64, one per array) to the output y; the loss is
    ``sum(y * grad_y)``, whose gradient with respect to y is exactly ``grad_y``.
    Returns one numpy array per input, each the shape of its array.
    """
    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    y = forward(*tensors)
    g = torch.tensor(np.asarray(grad_y, dtype=np.float64))
    if tuple(y.shape) != tuple(g.shape):
        raise ValueError(f"grad_y must have the shape of forward's output, {tuple(y.shape)}, got {tuple(g.shape)}")
    (y * g).sum().backward()
    return [t.grad.numpy() for t in tensors]
