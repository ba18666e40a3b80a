"""Wrong implementations, written the way a student would, one classic mistake each.

``WRONG`` maps a checker name to ``[(function, phrase), ...]``: the checker must
reject the function (return False) and its Hebrew message must contain the
phrase that names the mistake. ``RIGHT`` maps a checker name to correct
implementations written independently of ``cnnbook`` (plain loops or torch).
"""
import sys

import cnnbook
import numpy as np
import torch
import torch.nn.functional as F


# ---------------------------------------------------------------- conv1d(x, w), chapter 1
def conv1d_loops(x, w):
    """Correct: y[n] = sum_m x[n + m] w[m]."""
    n_out = len(x) - len(w) + 1
    y = np.zeros(n_out)
    for n in range(n_out):
        for m in range(len(w)):
            y[n] += x[n + m] * w[m]
    return y


def conv1d_flipped(x, w):
    """True convolution: the kernel is read backwards."""
    k = len(w)
    y = np.zeros(len(x) - k + 1)
    for n in range(len(y)):
        for m in range(k):
            y[n] += x[n + m] * w[k - 1 - m]
    return y


def conv1d_np_convolve(x, w):
    return np.convolve(x, w, mode="valid")


def conv1d_one_short(x, w):
    """The loop stops one output early (forgot the +1)."""
    y = np.zeros(len(x) - len(w))
    for n in range(len(x) - len(w)):
        y[n] = np.dot(x[n:n + len(w)], w)
    return y


def conv1d_one_long(x, w):
    """One output too many: the array is allocated with +2."""
    y = np.zeros(len(x) - len(w) + 2)
    for n in range(len(x) - len(w) + 1):
        y[n] = np.dot(x[n:n + len(w)], w)
    return y


def conv1d_int_output(x, w):
    """The output array holds integers, so fractions are cut off."""
    y = np.zeros(len(x) - len(w) + 1, dtype=int)
    for n in range(len(y)):
        y[n] = np.dot(x[n:n + len(w)], w)
    return y


def conv1d_reversed_output(x, w):
    return conv1d_loops(x, w)[::-1]


def conv1d_no_return(x, w):
    y = np.zeros(len(x) - len(w) + 1)
    for n in range(len(y)):
        y[n] = np.dot(x[n:n + len(w)], w)


def conv1d_not_implemented(x, w):
    raise NotImplementedError(cnnbook.msg("assign.code_stub"))  # the stub of the edition in use


def conv1d_crashes(x, w):
    return np.array([x[n:n + len(w)] @ w for n in range(len(x))])  # windows at the end are too short


def conv1d_in_place(x, w):
    x *= 1.0  # harmless ...
    x[0] = 0.0  # ... but this changes the caller's array
    return conv1d_loops(x, w)


# ---------------------------------------------------------------- conv_matrix(w, L), chapter 1
def matrix_loops(w, L):
    k = len(w)
    m = np.zeros((L - k + 1, L))
    for n in range(L - k + 1):
        m[n, n:n + k] = w
    return m


def matrix_flipped(w, L):
    return matrix_loops(np.asarray(w)[::-1], L)


def matrix_transposed(w, L):
    return matrix_loops(w, L).T


def matrix_circulant(w, L):
    m = np.zeros((L, L))
    for n in range(L):
        for j in range(len(w)):
            m[n, (n + j) % L] = w[j]
    return m


def matrix_one_short(w, L):
    return matrix_loops(w, L)[:-1]


# ---------------------------------------------------------------- conv1d(x, w, b) with channels, chapter 2
def channels_loops(x, w, b):
    c_out, c_in, k = w.shape
    y = np.zeros((c_out, x.shape[1] - k + 1))
    for o in range(c_out):
        for n in range(y.shape[1]):
            y[o, n] = b[o] + np.sum(x[:, n:n + k] * w[o])
    return y


def channels_no_bias(x, w, b):
    return channels_loops(x, w, np.zeros_like(b))


def channels_bias_per_input(x, w, b):
    c_out, c_in, k = w.shape
    y = np.zeros((c_out, x.shape[1] - k + 1))
    for o in range(c_out):
        for c in range(c_in):
            for n in range(y.shape[1]):
                y[o, n] += np.dot(x[c, n:n + k], w[o, c]) + b[o]
    return y


def channels_transposed_w(x, w, b):
    """Reads the kernel as w[c, o] (input channel first)."""
    c_out, c_in, k = w.shape
    y = np.zeros((c_out, x.shape[1] - k + 1))
    for o in range(c_out):
        for c in range(c_in):
            for n in range(y.shape[1]):
                y[o, n] += np.dot(x[c, n:n + k], w[c, o])
        y[o] += b[o]
    return y


def channels_not_summed(x, w, b):
    c_out, c_in, k = w.shape
    y = np.zeros((c_out, c_in, x.shape[1] - k + 1))
    for o in range(c_out):
        for c in range(c_in):
            y[o, c] = conv1d_loops(x[c], w[o, c]) + b[o]
    return y


def channels_relu(x, w, b):
    return np.maximum(channels_loops(x, w, b), 0)


def channels_flipped(x, w, b):
    return channels_loops(x, w[:, :, ::-1], b)


def channels_first_only(x, w, b):
    return channels_loops(x[:1], w[:, :1], b)


# ---------------------------------------------------------------- merge_kernels(w1, w2), chapter 2
def merge_loops(w1, w2):
    w = np.zeros(len(w1) + len(w2) - 1)
    for i in range(len(w1)):
        for j in range(len(w2)):
            w[i + j] += w1[i] * w2[j]
    return w


def merge_correlate(w1, w2):
    return np.correlate(w1, w2, mode="full")


def merge_product(w1, w2):
    n = min(len(w1), len(w2))
    return w1[:n] * w2[:n]


def merge_one_short(w1, w2):
    return merge_loops(w1, w2)[:-1]


# ---------------------------------------------------------------- conv1d with padding, stride, dilation, chapter 3
def psd_loops(x, w, *, padding=0, stride=1, dilation=1):
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    k = len(w)
    n_out = (len(xp) - dilation * (k - 1) - 1) // stride + 1
    y = np.zeros(n_out)
    for n in range(n_out):
        for m in range(k):
            y[n] += xp[n * stride + m * dilation] * w[m]
    return y


def psd_flipped(x, w, *, padding=0, stride=1, dilation=1):
    return psd_loops(x, w[::-1], padding=padding, stride=stride, dilation=dilation)


def psd_pad_left_only(x, w, *, padding=0, stride=1, dilation=1):
    xp = np.concatenate([np.zeros(padding), x])
    return psd_loops(xp, w, padding=0, stride=stride, dilation=dilation)


def psd_pad_right_only(x, w, *, padding=0, stride=1, dilation=1):
    xp = np.concatenate([x, np.zeros(padding)])
    return psd_loops(xp, w, padding=0, stride=stride, dilation=dilation)


def psd_stride_on_input(x, w, *, padding=0, stride=1, dilation=1):
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    return psd_loops(xp[::stride], w, padding=0, stride=1, dilation=dilation)


def psd_dilation_ignored(x, w, *, padding=0, stride=1, dilation=1):
    return psd_loops(x, w, padding=padding, stride=stride, dilation=1)


def psd_dilation_gap(x, w, *, padding=0, stride=1, dilation=1):
    """Puts d empty cells between taps (d + 1 apart) instead of d - 1."""
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    k, gap = len(w), dilation + 1 if dilation > 1 else 1
    n_out = (len(xp) - gap * (k - 1) - 1) // stride + 1
    return np.array([sum(xp[n * stride + m * gap] * w[m] for m in range(k)) for n in range(n_out)])


def psd_stride_ignored(x, w, *, padding=0, stride=1, dilation=1):
    return psd_loops(x, w, padding=padding, stride=1, dilation=dilation)


def psd_padding_ignored(x, w, *, padding=0, stride=1, dilation=1):
    return psd_loops(x, w, padding=0, stride=stride, dilation=dilation)


def psd_one_short(x, w, *, padding=0, stride=1, dilation=1):
    """The length formula without the +1."""
    return psd_loops(x, w, padding=padding, stride=stride, dilation=dilation)[:-1]


def psd_torch(x, w, *, padding=0, stride=1, dilation=1):
    """Correct, through torch."""
    t = F.conv1d(torch.tensor(x, dtype=torch.float64).view(1, 1, -1), torch.tensor(w, dtype=torch.float64).view(1, 1, -1),
                 padding=padding, stride=stride, dilation=dilation)
    return t.flatten().numpy()


# ---------------------------------------------------------------- the whole conv1d, chapter 3 (harder)
def full_loops(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    c_out, c_in, k = w.shape
    if padding_mode == "zeros":
        xp = np.pad(x, [(0, 0), (padding, padding)])
    else:
        left = np.repeat(x[:, :1], padding, axis=1)
        right = np.repeat(x[:, -1:], padding, axis=1)
        xp = np.concatenate([left, x, right], axis=1)
    n_out = (xp.shape[1] - dilation * (k - 1) - 1) // stride + 1
    y = np.zeros((c_out, n_out))
    for o in range(c_out):
        for n in range(n_out):
            for c in range(c_in):
                for m in range(k):
                    y[o, n] += xp[c, n * stride + m * dilation] * w[o, c, m]
            if b is not None:
                y[o, n] += b[o]
    return y


def full_replicate_as_zeros(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    return full_loops(x, w, b, padding=padding, stride=stride, dilation=dilation, padding_mode="zeros")


def full_reflect(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    if padding_mode == "zeros":
        return full_loops(x, w, b, padding=padding, stride=stride, dilation=dilation)
    xp = np.pad(x, [(0, 0), (padding, padding)], mode="reflect")
    return full_loops(xp, w, b, padding=0, stride=stride, dilation=dilation)


def full_no_bias(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    return full_loops(x, w, None, padding=padding, stride=stride, dilation=dilation, padding_mode=padding_mode)


def full_b_none_crashes(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    return full_loops(x, w, np.zeros(w.shape[0]), padding=padding, stride=stride, dilation=dilation,
                      padding_mode=padding_mode) + b[:, None]


def full_flipped(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    return full_loops(x, w[..., ::-1], b, padding=padding, stride=stride, dilation=dilation, padding_mode=padding_mode)


def full_dilation_ignored(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    return full_loops(x, w, b, padding=padding, stride=stride, dilation=1, padding_mode=padding_mode)


# ---------------------------------------------------------------- max_pool2d(x, kernel_size, stride=None), chapter 4
def pool_loops(x, kernel_size, stride=None):
    k, s = kernel_size, stride or kernel_size
    h, w = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    y = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            y[i, j] = x[i * s:i * s + k, j * s:j * s + k].max()
    return y


def pool_average(x, kernel_size, stride=None):
    k, s = kernel_size, stride or kernel_size
    h, w = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    return np.array([[x[i * s:i * s + k, j * s:j * s + k].mean() for j in range(w)] for i in range(h)])


def pool_zero_start(x, kernel_size, stride=None):
    k, s = kernel_size, stride or kernel_size
    h, w = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    y = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            best = 0
            for u in range(k):
                for v in range(k):
                    best = max(best, x[i * s + u, j * s + v])
            y[i, j] = best
    return y


def pool_stride_default_one(x, kernel_size, stride=None):
    return pool_loops(x, kernel_size, stride or 1)


def pool_partial_windows(x, kernel_size, stride=None):
    k, s = kernel_size, stride or kernel_size
    h, w = -(-(x.shape[0] - k) // s) + 1, -(-(x.shape[1] - k) // s) + 1
    return np.array([[x[i * s:i * s + k, j * s:j * s + k].max() for j in range(w)] for i in range(h)])


def pool_minimum(x, kernel_size, stride=None):
    return -pool_loops(-x, kernel_size, stride)


def pool_one_short(x, kernel_size, stride=None):
    k, s = kernel_size, stride or kernel_size
    h, w = (x.shape[0] - k) // s, (x.shape[1] - k) // s + 1
    return np.array([[x[i * s:i * s + k, j * s:j * s + k].max() for j in range(w)] for i in range(h)]).reshape(h, w)


def pool_torch(x, kernel_size, stride=None):
    return F.max_pool2d(torch.tensor(x, dtype=torch.float64)[None], kernel_size, stride).numpy()[0]


# ---------------------------------------------------------------- conv2d with channels, chapter 5
def conv2d_loops(x, w, b=None, *, padding=0, stride=1):
    c_out, c_in, kh, kw = w.shape
    p, s = padding, stride
    xp = np.pad(x, [(0, 0), (p, p), (p, p)])
    h, wd = (xp.shape[1] - kh) // s + 1, (xp.shape[2] - kw) // s + 1
    y = np.zeros((c_out, h, wd))
    for o in range(c_out):
        for i in range(h):
            for j in range(wd):
                y[o, i, j] = np.sum(xp[:, i * s:i * s + kh, j * s:j * s + kw] * w[o]) + (0 if b is None else b[o])
    return y


def conv2d_flipped(x, w, b=None, *, padding=0, stride=1):
    return conv2d_loops(x, w[..., ::-1, ::-1], b, padding=padding, stride=stride)


def conv2d_flipped_rows(x, w, b=None, *, padding=0, stride=1):
    return conv2d_loops(x, w[..., ::-1, :], b, padding=padding, stride=stride)


def conv2d_no_bias(x, w, b=None, *, padding=0, stride=1):
    return conv2d_loops(x, w, None, padding=padding, stride=stride)


def conv2d_pad_top_left(x, w, b=None, *, padding=0, stride=1):
    xp = np.pad(x, [(0, 0), (padding, 0), (padding, 0)])
    return conv2d_loops(xp, w, b, padding=0, stride=stride)


def conv2d_stride_on_input(x, w, b=None, *, padding=0, stride=1):
    xp = np.pad(x, [(0, 0), (padding, padding), (padding, padding)])
    return conv2d_loops(xp[:, ::stride, ::stride], w, b, padding=0, stride=1)


def conv2d_not_summed(x, w, b=None, *, padding=0, stride=1):
    c_out, c_in = w.shape[:2]
    b = np.zeros(c_out) if b is None else b
    return np.stack([np.stack([conv2d_loops(x[c:c + 1], w[o:o + 1, c:c + 1], b[o:o + 1], padding=padding, stride=stride)[0]
                               for c in range(c_in)]) for o in range(c_out)])


def conv2d_kernel_transposed(x, w, b=None, *, padding=0, stride=1):
    if w.shape[-1] != w.shape[-2]:
        return conv2d_loops(x, w, b, padding=padding, stride=stride)
    return conv2d_loops(x, w.swapaxes(-1, -2), b, padding=padding, stride=stride)


def conv2d_one_short(x, w, b=None, *, padding=0, stride=1):
    return conv2d_loops(x, w, b, padding=padding, stride=stride)[:, :-1, :]


def conv2d_b_none_crashes(x, w, b=None, *, padding=0, stride=1):
    return conv2d_loops(x, w, None, padding=padding, stride=stride) + b[:, None, None]


def conv2d_torch(x, w, b=None, *, padding=0, stride=1):
    t = F.conv2d(torch.tensor(x, dtype=torch.float64)[None], torch.tensor(w, dtype=torch.float64),
                 None if b is None else torch.tensor(b, dtype=torch.float64),
                 padding=padding, stride=stride)
    return t[0].numpy()


# ---------------------------------------------------------------- LeNet-5 table, chapter 7
def _lenet(c1_padding=2, bias=True, pool_params=0, channels_last=False, square=True):
    rows, c, n = [], 1, 28
    for name, kind, c_out, k in (("C1", "conv", 6, 5), ("S2", "pool", None, 2), ("C3", "conv", 16, 5),
                                 ("S4", "pool", None, 2), ("C5", "conv", 120, 5)):
        if kind == "conv":
            p = c1_padding if name == "C1" else 0
            n = n + 2 * p - k + 1
            params = c * c_out * (k * k if square else k) + (c_out if bias else 0)
            c = c_out
        else:
            n = (n - k) // 2 + 1
            params = pool_params
        rows.append((name, (n, n, c) if channels_last else (c, n, n), params))
    rows.append(("F6", (84,), 120 * 84 + (84 if bias else 0)))
    rows.append(("output", (10,), 84 * 10 + (10 if bias else 0)))
    return rows


def lenet_right():
    return _lenet()


def lenet_no_padding():
    rows = _lenet(c1_padding=0)
    return rows  # C5 would not fit: the student writes on anyway


def lenet_no_bias():
    return _lenet(bias=False)


def lenet_pool_params():
    return _lenet(pool_params=4)


def lenet_channels_last():
    return _lenet(channels_last=True)


def lenet_kernel_not_squared():
    return _lenet(square=False)


def lenet_fc_no_bias():
    rows = _lenet()
    rows[5] = ("F6", (84,), 120 * 84)
    return rows


def lenet_missing_row():
    return _lenet()[:-1]


# ---------------------------------------------------------------- accuracy(scores, labels), chapter 7
def accuracy_right(scores, labels):
    return (scores.argmax(dim=1) == labels).float().mean().item()


def accuracy_numpy(scores, labels):
    return float(np.mean(np.argmax(scores.numpy(), axis=1) == labels.numpy()))


def accuracy_error_rate(scores, labels):
    return 1 - accuracy_right(scores, labels)


def accuracy_percent(scores, labels):
    return 100 * accuracy_right(scores, labels)


def accuracy_count(scores, labels):
    return int((scores.argmax(dim=1) == labels).sum())


def accuracy_int_division(scores, labels):
    return (scores.argmax(dim=1) == labels).sum() // len(labels)


def accuracy_axis0(scores, labels):
    return (scores.argmax(dim=0) == labels).float().mean().item()


def accuracy_no_mean(scores, labels):
    return (scores.argmax(dim=1) == labels).float()


# ---------------------------------------------------------------- mistakes the first test cases let through
# (issue 11: hidden tests found them accepted), and inputs that once made a checker raise
def conv1d_float16(x, w):
    """Right loops, but in float16: precision loss that only non-dyadic values (0.1, 1/3) show."""
    x, w = np.asarray(x, dtype=np.float16), np.asarray(w, dtype=np.float16)
    y = np.zeros(len(x) - len(w) + 1, dtype=np.float16)
    for n in range(len(y)):
        for m in range(len(w)):
            y[n] += x[n + m] * w[m]
    return y


def conv1d_rounded(x, w):
    return np.round(conv1d_loops(x, w), 2)


def conv1d_dtype_of_x(x, w):
    """The output made like x: an integer x truncates when w is fractional."""
    y = np.zeros(len(x) - len(w) + 1, dtype=np.asarray(x).dtype)
    for n in range(len(y)):
        for m in range(len(w)):
            y[n] += x[n + m] * w[m]
    return y


def conv1d_complex(x, w):
    return conv1d_loops(x, w).astype(complex)


def conv1d_object_array(x, w):
    return np.array(list(conv1d_loops(x, w)) + [None], dtype=object)[:-1]


def conv1d_strings(x, w):
    return [str(v) for v in conv1d_loops(x, w)]


class _Unreadable:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")

    def __len__(self):
        raise RuntimeError("no length either")


def conv1d_unreadable(x, w):
    return _Unreadable()


def conv1d_sys_exit(x, w):
    sys.exit(3)


def conv1d_endless(x, w):
    n = 0
    while n >= 0:  # never ends
        n += 1


def conv1d_endless_swallowing(x, w):
    """An infinite loop that catches every Exception: the time limit must still end it."""
    while True:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001
            pass


def conv1d_grad_tensors(x, w):
    """Right values, as a list of 0-d tensors that require grad (it once made the checker raise)."""
    return [torch.tensor(float(v), requires_grad=True) * 1.0 for v in conv1d_loops(x, w)]


def matrix_int(w, L):
    K = len(w)
    M = np.zeros((L - K + 1, L), dtype=int)
    for n in range(L - K + 1):
        M[n, n:n + K] = w
    return M


def merge_int(w1, w2):
    merged = np.zeros(len(w1) + len(w2) - 1, dtype=int)
    for i in range(len(w1)):
        for j in range(len(w2)):
            merged[i + j] += w1[i] * w2[j]
    return merged


def merge_polymul(w1, w2):
    return np.polymul(w1, w2)


def pool_default_stride_two(x, kernel_size, stride=2):
    return pool_loops(x, kernel_size, stride)


def conv2d_bias_zeros_of_c_in(x, w, b=None, *, padding=0, stride=1):
    """b=None replaced by zeros of the wrong length (C_in)."""
    if b is None:
        b = np.zeros(x.shape[0])
    c_out = w.shape[0]
    y = conv2d_loops(x, w, None, padding=padding, stride=stride)
    for o in range(c_out):
        y[o] += b[o]
    return y


def lenet_float_params():
    rows = lenet_right()
    return [(name, shape, params + 0.9 if name == "C1" else params) for name, shape, params in rows]


def lenet_trailing_space():
    """Right, with the layer names typed with a space after them."""
    return [(name + " ", shape, params) for name, shape, params in lenet_right()]


def lenet_float_whole():
    """Right, the counts as floats that are whole numbers (156.0)."""
    return [(name, tuple(float(v) for v in shape), float(params)) for name, shape, params in lenet_right()]


def accuracy_string(scores, labels):
    return str(accuracy_right(scores, labels))


def accuracy_changes_scores(scores, labels):
    scores -= scores.max(dim=1, keepdim=True).values  # in place, on the caller's tensor
    return accuracy_right(scores, labels)


def accuracy_complex(scores, labels):
    return complex(accuracy_right(scores, labels), 0)


# ---------------------------------------------------------------- the tables the tests run through
WRONG = {
    "check_conv1d": [
        (conv1d_flipped, "הפוך"),
        (conv1d_np_convolve, "הפוך"),
        (conv1d_one_short, "L − K + 1"),
        (conv1d_one_long, "off-by-one"),
        (conv1d_int_output, "שלמים"),
        (conv1d_reversed_output, "בסדר הפוך"),
        (conv1d_no_return, "return"),
        (conv1d_not_implemented, "NotImplementedError"),
        (conv1d_crashes, "חריגה"),
        (conv1d_in_place, "in place"),
        (conv1d_float16, "לא מדויקים"),
        (conv1d_rounded, "לא מדויקים"),
        (conv1d_complex, "מרוכבים"),
        (conv1d_object_array, "אינו מערך"),
        (conv1d_strings, "מחרוזות"),
        (conv1d_unreadable, "אינו מערך"),
        (conv1d_sys_exit, "sys.exit"),
    ],
    "check_conv_matrix": [
        (matrix_flipped, "הפוך"),
        (matrix_transposed, "משוחלפת"),
        (matrix_circulant, "מעגלית"),
        (matrix_one_short, "off-by-one"),
        (matrix_int, "dtype int"),
    ],
    "check_conv1d_multichannel": [
        (channels_no_bias, "שכחתם את ההטיה"),
        (channels_bias_per_input, "לכל ערוץ קלט"),
        (channels_transposed_w, "סדר הממדים של w"),
        (channels_not_summed, "לא סכמתם"),
        (channels_relu, "ReLU"),
        (channels_flipped, "הפוך"),
        (channels_first_only, "רק בערוץ הקלט הראשון"),
    ],
    "check_merge_kernels": [
        (merge_correlate, "הפכתם"),
        (merge_product, "איבר־איבר"),
        (merge_one_short, "K1 + K2 − 1"),
        (merge_int, "dtype int"),
        (merge_polymul, "np.polymul"),
    ],
    "check_conv1d_stride_dilation": [
        (psd_flipped, "הפוך"),
        (psd_pad_left_only, "בצד אחד"),
        (psd_pad_right_only, "בצד אחד"),
        (psd_stride_on_input, "הצעד הופעל על הקלט"),
        (psd_dilation_ignored, "התעלמתם מההתרחבות"),
        (psd_dilation_gap, "גדול באחד"),
        (psd_stride_ignored, "התעלמתם מהצעד"),
        (psd_padding_ignored, "התעלמתם מהריפוד"),
        (psd_one_short, "⌊(L + 2p − d(K − 1) − 1)/s⌋ + 1"),
    ],
    "check_conv1d_full": [
        (full_replicate_as_zeros, "replicate"),
        (full_reflect, "שיקוף"),
        (full_no_bias, "שכחתם את ההטיה"),
        (full_b_none_crashes, "חריגה"),
        (full_flipped, "הפוך"),
        (full_dilation_ignored, "התעלמתם מההתרחבות"),
    ],
    "check_max_pool2d": [
        (pool_average, "ממוצע"),
        (pool_zero_start, "מ־0"),
        (pool_stride_default_one, "ברירת המחדל"),
        (pool_partial_windows, "חלון חלקי"),
        (pool_minimum, "הקטן ביותר"),
        (pool_one_short, "⌊(n − k)/s⌋ + 1"),
        (pool_default_stride_two, "ולא מספר קבוע"),
    ],
    "check_conv2d_multichannel": [
        (conv2d_flipped, "הגרעין הפוך:"),
        (conv2d_flipped_rows, "הפוך בציר אחד"),
        (conv2d_no_bias, "שכחתם את ההטיה"),
        (conv2d_pad_top_left, "בצד אחד"),
        (conv2d_stride_on_input, "הצעד הופעל על הקלט"),
        (conv2d_not_summed, "לא סכמתם"),
        (conv2d_kernel_transposed, "בין השורות לעמודות"),
        (conv2d_one_short, "⌊(n + 2p − K)/s⌋ + 1"),
        (conv2d_b_none_crashes, "חריגה"),
        (conv2d_bias_zeros_of_c_in, "חריגה"),
    ],
    "check_lenet_shapes": [
        (lenet_no_padding, "ריפוד"),
        (lenet_no_bias, "ההטיות"),
        (lenet_pool_params, "אין פרמטרים"),
        (lenet_channels_last, "סדר הממדים"),
        (lenet_kernel_not_squared, "25 משקלים"),
        (lenet_fc_no_bias, "ההטיות"),
        (lenet_missing_row, "שורות"),
        (lenet_float_params, "מספרים שלמים"),
    ],
    "check_accuracy": [
        (accuracy_error_rate, "שיעור השגיאה"),
        (accuracy_percent, "אחוזים"),
        (accuracy_count, "מספר החיזויים"),
        (accuracy_int_division, "חילוק שלמים"),
        (accuracy_axis0, "הציר הלא נכון"),
        (accuracy_no_mean, "הממוצע"),
        (accuracy_string, "מחרוזת"),
        (accuracy_changes_scores, "scores"),
        (accuracy_complex, "מרוכב"),
    ],
}

# ---------------------------------------------------------------- right torch solutions, written as students write them
# (issue 19: the checkers passed integer arrays, and torch refuses them: "not implemented for 'Long'")
def conv1d_torch_functional(x, w):
    """F.conv1d on tensors made from the arrays as they come (no dtype given)."""
    return F.conv1d(torch.from_numpy(np.asarray(x)).view(1, 1, -1), torch.from_numpy(np.asarray(w)).view(1, 1, -1)).flatten()


def conv1d_torch_module(x, w):
    """nn.Conv1d with the kernel copied into its (float32) weight."""
    layer = torch.nn.Conv1d(1, 1, len(w), bias=False)
    with torch.no_grad():
        layer.weight[:] = torch.tensor(w).view(1, 1, -1)
    return layer(torch.tensor(x, dtype=torch.float32).view(1, 1, -1)).detach().flatten()


def channels_torch(x, w, b):
    return F.conv1d(torch.tensor(x)[None], torch.tensor(w), torch.tensor(b))[0]


def full_torch(x, w, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    t = torch.tensor(x)[None]
    if padding_mode != "zeros" and padding:
        t = F.pad(t, (padding, padding), mode={"replicate": "replicate", "reflect": "reflect", "circular": "circular"}[padding_mode])
        padding = 0
    return F.conv1d(t, torch.tensor(w), None if b is None else torch.tensor(b), stride=stride, padding=padding,
                    dilation=dilation)[0]


def conv2d_unfold(x, w, b=None, *, padding=0, stride=1):
    """F.unfold: every window as a column, then one matrix product."""
    c_out, c_in, kh, kw = np.shape(w)
    t = torch.tensor(x)[None]
    cols = F.unfold(t, (kh, kw), padding=padding, stride=stride)
    out = torch.tensor(w).reshape(c_out, -1) @ cols[0]
    if b is not None:
        out = out + torch.tensor(b)[:, None]
    h = (np.shape(x)[1] + 2 * padding - kh) // stride + 1
    return out.reshape(c_out, h, -1)


def pool_torch_plain(x, kernel_size, stride=None):
    return F.max_pool2d(torch.tensor(x)[None], kernel_size, stride)[0]


def accuracy_fraction(scores, labels):
    """A Fraction is a number too."""
    from fractions import Fraction

    return Fraction(int((scores.argmax(dim=1) == labels).sum()), len(labels))


def conv1d_zeros_like_x(x, w):
    """The output made like x (float inputs: right)."""
    return conv1d_dtype_of_x(x, w)



RIGHT = {
    "check_conv1d": [conv1d_loops, conv1d_grad_tensors, conv1d_torch_functional, conv1d_torch_module,
                     conv1d_zeros_like_x],
    "check_conv_matrix": [matrix_loops],
    "check_conv1d_multichannel": [channels_loops, channels_torch],
    "check_merge_kernels": [merge_loops],
    "check_conv1d_stride_dilation": [psd_loops, psd_torch],
    "check_conv1d_full": [full_loops, full_torch],
    "check_max_pool2d": [pool_loops, pool_torch, pool_torch_plain],
    "check_conv2d_multichannel": [conv2d_loops, conv2d_torch, conv2d_unfold],
    "check_lenet_shapes": [lenet_right, lenet_trailing_space, lenet_float_whole],
    "check_accuracy": [accuracy_right, accuracy_numpy, accuracy_fraction],
}

# ---------------------------------------------------------------- the backpropagation chapter's checkers
from exercises_wrong_backward import RIGHT_BACKWARD, WRONG_BACKWARD  # noqa: E402

WRONG.update(WRONG_BACKWARD)
RIGHT.update(RIGHT_BACKWARD)
