"""Wrong (and right) implementations of the backpropagation exercises, one classic mistake each.

Merged into ``WRONG`` and ``RIGHT`` of ``exercises_wrong.py``; see there.
"""
import numpy as np
import torch
import torch.nn.functional as F


# ---------------------------------------------------------------- dL/dx of conv1d(x, w): fn(g, w)
def grad_input_loops(g, w):
    """Correct: every output n sends g[n] * w[m] back to the cell n + m that it read."""
    dx = np.zeros(len(g) + len(w) - 1)
    for n in range(len(g)):
        for m in range(len(w)):
            dx[n + m] += g[n] * w[m]
    return dx


def grad_input_autograd(g, w):
    """Correct: torch.autograd on the forward pass."""
    x = torch.zeros(1, 1, len(g) + len(w) - 1, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(x, torch.tensor(w, dtype=torch.float64).view(1, 1, -1))
    (y.flatten() * torch.tensor(g, dtype=torch.float64)).sum().backward()
    return x.grad.flatten().numpy()


def grad_input_not_flipped(g, w):
    k = len(w)
    gp = np.pad(g, (k - 1, k - 1))
    return np.array([gp[i:i + k] @ w for i in range(len(gp) - k + 1)])


def grad_input_valid(g, w):
    """The flipped kernel, but no padding: as long as the output, not the input."""
    return np.convolve(g, w, mode="valid") if len(g) >= len(w) else np.convolve(w, g, mode="valid")


def grad_input_forward_again(g, w):
    return np.correlate(g, w, mode="valid") if len(g) >= len(w) else np.zeros(1)


def grad_input_pad_left_only(g, w):
    k = len(w)
    gp = np.pad(g, (2 * (k - 1), 0))
    return np.array([gp[i:i + k] @ w[::-1] for i in range(len(gp) - k + 1)])


def grad_input_int_array(g, w):
    dx = np.zeros(len(g) + len(w) - 1, dtype=int)
    for n in range(len(g)):
        for m in range(len(w)):
            dx[n + m] += int(g[n] * w[m])
    return dx


# ---------------------------------------------------------------- dL/dw of conv1d(x, w): fn(x, g)
def grad_kernel_loops(x, g):
    """Correct: w[m] is used by every output n, on x[n + m]; its gradient adds them all."""
    k = len(x) - len(g) + 1
    dw = np.zeros(k)
    for n in range(len(g)):
        for m in range(k):
            dw[m] += g[n] * x[n + m]
    return dw


def grad_kernel_autograd(x, g):
    k = len(x) - len(g) + 1
    w = torch.zeros(1, 1, k, dtype=torch.float64, requires_grad=True)
    y = F.conv1d(torch.tensor(x, dtype=torch.float64).view(1, 1, -1), w)
    (y.flatten() * torch.tensor(g, dtype=torch.float64)).sum().backward()
    return w.grad.flatten().numpy()


def grad_kernel_flipped(x, g):
    return np.convolve(x, g, mode="valid")


def grad_kernel_not_summed(x, g):
    k = len(x) - len(g) + 1
    return np.array([[g[n] * x[n + m] for m in range(k)] for n in range(len(g))])


def grad_kernel_overwritten(x, g):
    """'=' instead of '+=': only the last output's contribution is left."""
    k = len(x) - len(g) + 1
    dw = np.zeros(k)
    for n in range(len(g)):
        for m in range(k):
            dw[m] = g[n] * x[n + m]
    return dw


def grad_kernel_mean(x, g):
    return grad_kernel_loops(x, g) / len(g)


# ---------------------------------------------------------------- max pooling: fn(x, g, kernel_size, stride=None)
def pool_back_loops(x, g, kernel_size, stride=None):
    """Correct: g[n] to the first maximum of window n; overlapping windows add up."""
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        window = x[n * s:n * s + kernel_size]
        dx[n * s + int(np.argmax(window))] += g[n]
    return dx


def pool_back_autograd(x, g, kernel_size, stride=None):
    t = torch.tensor(x, dtype=torch.float64).view(1, 1, -1).requires_grad_()
    y = F.max_pool1d(t, kernel_size, stride)
    (y.flatten() * torch.tensor(g, dtype=torch.float64)).sum().backward()
    return t.grad.flatten().numpy()


def pool_back_every_cell(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        dx[n * s:n * s + kernel_size] += g[n]
    return dx


def pool_back_average(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        dx[n * s:n * s + kernel_size] += g[n] / kernel_size
    return dx


def pool_back_last_max(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        window = x[n * s:n * s + kernel_size]
        best = max(range(kernel_size), key=lambda m: (window[m], m))  # the last of equal values
        dx[n * s + best] += g[n]
    return dx


def pool_back_all_ties(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        window = x[n * s:n * s + kernel_size]
        dx[n * s:n * s + kernel_size] += (window == window.max()) * g[n]
    return dx


def pool_back_overwrite(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        dx[n * s + int(np.argmax(x[n * s:n * s + kernel_size]))] = g[n]
    return dx


def pool_back_mask(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        dx[n * s + int(np.argmax(x[n * s:n * s + kernel_size]))] = 1.0
    return dx


def pool_back_stride_one(x, g, kernel_size, stride=None):
    return pool_back_loops(x, g, kernel_size, stride or 1)


# ---------------------------------------------------------------- accepted before issue 19; each must be rejected
def grad_input_float16(g, w):
    """Low precision: the loops in float16."""
    return grad_input_loops(g.astype(np.float16), w.astype(np.float16))


def grad_input_rounded(g, w):
    return np.round(grad_input_loops(g, w), 1)


def grad_kernel_float16(x, g):
    return grad_kernel_loops(x.astype(np.float16), g.astype(np.float16))


def grad_kernel_rounded(x, g):
    return np.round(grad_kernel_loops(x, g), 1)


def grad_kernel_int_array(x, g):
    k = len(x) - len(g) + 1
    dw = np.zeros(k, dtype=int)
    for n in range(len(g)):
        for m in range(k):
            dw[m] += g[n] * x[n + m]
    return dw


def pool_back_int_array(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x), dtype=int)
    for n in range(len(g)):
        dx[n * s + int(np.argmax(x[n * s:n * s + kernel_size]))] += g[n]
    return dx


def pool_back_rounded(x, g, kernel_size, stride=None):
    return np.round(pool_back_loops(x, g, kernel_size, stride), 1)


def pool_back_default_two_signature(x, g, kernel_size, stride=2):
    return pool_back_loops(x, g, kernel_size, stride)


def pool_back_stride_or_two(x, g, kernel_size, stride=None):
    return pool_back_loops(x, g, kernel_size, stride or 2)


def pool_back_running_max_from_zero(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        best, where = 0.0, 0
        for m in range(kernel_size):
            if x[n * s + m] > best:
                best, where = x[n * s + m], m
        dx[n * s + where] += g[n]
    return dx


def pool_back_argmax_of_relu(x, g, kernel_size, stride=None):
    s = stride or kernel_size
    dx = np.zeros(len(x))
    for n in range(len(g)):
        dx[n * s + int(np.argmax(np.maximum(x[n * s:n * s + kernel_size], 0)))] += g[n]
    return dx


WRONG_BACKWARD = {
    "check_conv1d_grad_input": [
        (grad_input_not_flipped, "לא הפכתם את הגרעין"),
        (grad_input_valid, "'מלאה' (full)"),
        (grad_input_forward_again, "הפעלתם שוב את השכבה"),
        (grad_input_pad_left_only, "בצד אחד"),
        (grad_input_int_array, "שלמים"),
        (grad_input_float16, "float16"),
        (grad_input_rounded, "float16"),
    ],
    "check_conv1d_grad_kernel": [
        (grad_kernel_flipped, "הגרדיאנט הפוך"),
        (grad_kernel_not_summed, "לא סכמתם על המקומות"),
        (grad_kernel_overwritten, "'=' במקום '+='"),
        (grad_kernel_mean, "ממוצע"),
        (grad_kernel_float16, "float16"),
        (grad_kernel_rounded, "float16"),
        (grad_kernel_int_array, "שלמים"),
    ],
    "check_max_pool1d_backward": [
        (pool_back_every_cell, "לכל תאי החלון"),
        (pool_back_average, "איגום ממוצע"),
        (pool_back_last_max, "לאחרון שבהם"),
        (pool_back_all_ties, "הוכפל"),
        (pool_back_overwrite, "לחבר את שני הגרדיאנטים"),
        (pool_back_mask, "המסכה"),
        (pool_back_stride_one, "ברירת המחדל"),
        (pool_back_int_array, "שלמים"),
        (pool_back_rounded, "float16"),
        (pool_back_default_two_signature, "ולא 2"),
        (pool_back_stride_or_two, "ולא 2"),
        (pool_back_running_max_from_zero, "שכל ערכיו שליליים"),
        (pool_back_argmax_of_relu, "שכל ערכיו שליליים"),
    ],
}
RIGHT_BACKWARD = {
    "check_conv1d_grad_input": [grad_input_loops, grad_input_autograd],
    "check_conv1d_grad_kernel": [grad_kernel_loops, grad_kernel_autograd],
    "check_max_pool1d_backward": [pool_back_loops, pool_back_autograd],
}
