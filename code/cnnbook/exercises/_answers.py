"""Hand-computation exercises: ``check_answer(exercise_id, value)``.

Each exercise in :data:`QUESTIONS` states its givens (the same numbers as in the
chapter's text), computes the right answer with ``cnnbook`` (never typed in by
hand), and models the classic wrong answers, so that a wrong value is met with
the reason it is wrong, not just "wrong".
"""
import ast
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .. import conv1d, conv1d_backward, conv2d, conv_output_size, conv_params, linear_params, max_pool2d
from ._report import _W, _t, ATOL, FAIL_MARK, OK_MARK, RTOL, Code, Message, _plain, first_difference, fmt, show

NUMBER, SHAPE, ARRAY = "number", "shape", "array"


@dataclass
class Question:
    """One hand-computation exercise."""

    chapter: str
    given: str  # the givens, code between backticks, e.g. "`x = (2, 0, -1)`, `w = (2, -1, 1)`"
    answer: Callable[[], object]  # the right answer, computed with cnnbook
    hint: str  # how to get it, shown on a wrong answer that matches no known mistake
    kind: str = NUMBER
    mistakes: list = field(default_factory=list)  # [(model: () -> value, explanation: a catalogue message)]


# ---------------------------------------------------------------- the givens
X1 = np.array([2., 0., -1., 3., 1., -2.])
W1 = np.array([2., -1., 1.])
FC_IN, FC_K = 256, 7
X2 = np.array([[1., -1., 2., 0.], [0., 3., -2., 1.]])
W2 = np.array([[[1., 2.], [-1., 1.]]])
B2 = np.array([-1.])
PSD = dict(L=17, K=4, p=4, s=2, d=3)
POOL_X = np.array([[1., 5., -2., 0.], [3., -1., 4., 2.], [-3., -4., 0., -1.], [-2., -6., 1., 3.]])
IMG5 = np.array([[1., 2., 0., 3.], [4., 1., 2., 0.], [0., 3., 1., 1.], [2., 0., 4., 2.]])
SOBEL_X = np.array([[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]])
BP_X, BP_W, BP_G = np.array([1., 2., -1., 3.]), np.array([2., -1.]), np.array([1., 0., -2.])  # backprop


def _vec(v):
    """A 1D vector as the text writes it: (2, 0, -1)."""
    return "(" + ", ".join(fmt(float(t)) for t in v) + ")"


def _rows(m):
    """A matrix on one line, row by row: [[1, 2], [3, 4]]."""
    return "[" + ", ".join("[" + ", ".join(fmt(float(t)) for t in row) + "]" for row in m) + "]"


def _given(text):
    """The givens as message parts: what is between backticks is code (left to right)."""
    pieces = str(text).split("`")
    return [Code(p) if i % 2 else p.strip() for i, p in enumerate(pieces) if p.strip()]


def _relu(v):
    return np.maximum(v, 0)


def _same_padding(kernel_size, dilation, length=20):
    """The smallest padding that keeps the length (stride 1), found with conv_output_size."""
    return next(p for p in range(0, dilation * kernel_size + 1)
                if conv_output_size(length, kernel_size, p, 1, dilation) == length)


def _receptive_field(dilations, kernel_size=3, length=64):
    """How many input cells one output of stacked convolutions sees: push an impulse through them."""
    x = np.zeros(length)
    x[length // 2] = 1.0
    for d in dilations:
        x = conv1d(x, np.ones(kernel_size), padding=d * (kernel_size - 1) // 2, dilation=d)
    return int(np.count_nonzero(x))


def _layers_needed(samples, doubling=True, kernel_size=3):
    """The fewest stacked layers (d = 1, 2, 4, ... or all d = 1) whose receptive field covers ``samples``."""
    layers = 1
    while _receptive_field([2 ** i if doubling else 1 for i in range(layers)], kernel_size, 4 * samples) < samples:
        layers += 1
    return layers


def _lenet_rows():
    from ._lenet import lenet_reference

    return lenet_reference()


def _lenet_no_padding_side():
    n = 28
    for k, s in ((5, 1), (2, 2), (5, 1), (2, 2)):  # C1 (no padding), S2, C3, S4
        n = conv_output_size(n, k, 0, s)
    return n


def _conv2d_layer_shape(kernel=(3, 5), padding=(1, 2), stride=(2, 1)):
    """The output shape of the chapter-5 exercise layer on a (4, 32, 24) input."""
    return conv2d(np.zeros((4, 32, 24)), np.zeros((10, 4) + kernel), padding=padding, stride=stride).shape


def _psd(L, K, p, s, d):
    return conv_output_size(L, K, p, s, d)


QUESTIONS = {
    # chapter 1 ---------------------------------------------------------------
    "conv1d-length": Question(
        "01", f"`x = {_vec(X1)}`, `w = {_vec(W1)}`",
        lambda: len(conv1d(X1, W1)),
        _W("answers.conv1d-length.hint"),
        mistakes=[
            (lambda: len(X1) - len(W1), _W("answers.conv1d-length.mistake_1")),
            (lambda: len(X1), _W("answers.conv1d-length.mistake_2")),
            (lambda: len(np.convolve(X1, W1)), _W("answers.conv1d-length.mistake_3")),
        ]),
    "conv1d-y1": Question(
        "01", _W("answers.conv1d-y1.given", vec=_vec(X1), vec2=_vec(W1)),
        lambda: conv1d(X1, W1)[1],
        "y[1] = x[1]·w[0] + x[2]·w[1] + x[3]·w[2].",
        mistakes=[
            (lambda: conv1d(X1, W1[::-1])[1], _W("answers.conv1d-y1.mistake_1")),
            (lambda: conv1d(X1, W1)[0], _W("answers.conv1d-y1.mistake_2")),
            (lambda: conv1d(X1, W1)[2], _W("answers.conv1d-y1.mistake_3")),
        ]),
    "conv1d-fc-params": Question(
        "01", _W("answers.conv1d-fc-params.given", fc_in=FC_IN, fc_k=FC_K),
        lambda: linear_params(FC_IN, conv_output_size(FC_IN, FC_K)),
        _W("answers.conv1d-fc-params.hint"),
        mistakes=[
            (lambda: FC_IN * conv_output_size(FC_IN, FC_K), _W("answers.conv1d-fc-params.mistake_1")),
            (lambda: linear_params(FC_IN, FC_IN), _W("answers.conv1d-fc-params.mistake_2", conv_output_size=conv_output_size(FC_IN, FC_K), fc_in=FC_IN)),
        ]),
    "conv1d-conv-params": Question(
        "01", _W("answers.conv1d-conv-params.given", fc_k=FC_K, fc_in=FC_IN),
        lambda: conv_params(1, 1, (FC_K,)),
        _W("answers.conv1d-conv-params.hint"),
        mistakes=[
            (lambda: FC_K, _W("answers.conv1d-conv-params.mistake_1")),
            (lambda: FC_K * conv_output_size(FC_IN, FC_K), _W("answers.conv1d-conv-params.mistake_2")),
            (lambda: (FC_K + 1) * conv_output_size(FC_IN, FC_K), _W("answers.conv1d-conv-params.mistake_3")),
        ]),
    # chapter 2 ---------------------------------------------------------------
    "channels-params": Question(
        "02", "`C_in = 3, C_out = 8, K = 5`",
        lambda: conv_params(3, 8, (5,)),
        "C_in × C_out × K + C_out.",
        mistakes=[
            (lambda: 3 * 8 * 5, _W("answers.channels-params.mistake_1")),
            (lambda: 3 * 8 * 5 + 3, _W("answers.channels-params.mistake_2")),
            (lambda: 8 * 5 + 8, _W("answers.channels-params.mistake_3")),
            (lambda: 3 * 5 + 8, _W("answers.channels-params.mistake_4")),
        ]),
    "channels-relu": Question(
        "02", _W("answers.channels-relu.given", vec=_vec(X2[0]), vec2=_vec(X2[1]), vec3=_vec(W2[0, 0]), vec4=_vec(W2[0, 1]), fmt=fmt(float(B2[0]))),
        lambda: _relu(conv1d(X2, W2, B2))[0],
        _W("answers.channels-relu.hint"),
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(X2, W2, B2)[0], _W("answers.channels-relu.mistake_1")),
            (lambda: _relu(conv1d(X2, W2))[0], _W("answers.channels-relu.mistake_2")),
            (lambda: _relu(conv1d(X2, W2[..., ::-1], B2))[0], _W("answers.channels-relu.mistake_3")),
            (lambda: _relu(conv1d(X2[:1], W2[:, :1], B2))[0], _W("answers.channels-relu.mistake_4")),
        ]),
    # chapter 3 ---------------------------------------------------------------
    "psd-length": Question(
        "03", "`L = {L}, K = {K}, p = {p}, s = {s}, d = {d}`".format(**PSD),
        lambda: _psd(**PSD),
        "L_out = ⌊(L + 2p − d(K − 1) − 1)/s⌋ + 1.",
        mistakes=[
            (lambda: _psd(**{**PSD, "d": 1}), _W("answers.psd-length.mistake_1")),
            (lambda: (PSD["L"] + PSD["p"] - PSD["d"] * (PSD["K"] - 1) - 1) // PSD["s"] + 1,
             _W("answers.psd-length.mistake_2")),
            (lambda: _psd(**PSD) - 1, _W("answers.psd-length.mistake_3")),
            (lambda: _psd(**{**PSD, "s": 1}), _W("answers.psd-length.mistake_4")),
            (lambda: _psd(**{**PSD, "p": 0}), _W("answers.psd-length.mistake_5")),
            (lambda: -(-(PSD["L"] + 2 * PSD["p"] - PSD["d"] * (PSD["K"] - 1) - 1) // PSD["s"]) + 1,
             _W("answers.psd-length.mistake_6")),
        ]),
    "same-padding": Question(
        "03", _W("answers.same-padding.given"),
        lambda: _same_padding(5, 3),
        _W("answers.same-padding.hint"),
        mistakes=[
            (lambda: _same_padding(5, 1), _W("answers.same-padding.mistake_1")),
            (lambda: 3 * (5 - 1), _W("answers.same-padding.mistake_2")),
        ]),
    "receptive-field": Question(
        "03", _W("answers.receptive-field.given"),
        lambda: _layers_needed(100),
        _W("answers.receptive-field.hint"),
        mistakes=[
            (lambda: _layers_needed(100) - 1, _W("answers.receptive-field.mistake_1")),
            (lambda: _layers_needed(100) + 1, _W("answers.receptive-field.mistake_2")),
            (lambda: _layers_needed(100, doubling=False), _W("answers.receptive-field.mistake_3")),
        ]),
    # chapter 4 ---------------------------------------------------------------
    "pool-output-shape": Question(
        "04", _W("answers.pool-output-shape.given"),
        lambda: (6,) + max_pool2d(np.zeros((27, 27)), 3, 2).shape,
        _W("answers.pool-output-shape.hint"),
        kind=SHAPE,
        mistakes=[
            (lambda: (6, 14, 14), _W("answers.pool-output-shape.mistake_1")),
            (lambda: (6, 9, 9), _W("answers.pool-output-shape.mistake_2")),
            (lambda: (6, 25, 25), _W("answers.pool-output-shape.mistake_3")),
            (lambda: max_pool2d(np.zeros((27, 27)), 3, 2).shape, _W("answers.pool-output-shape.mistake_4")),
        ]),
    "pool-values": Question(
        "04", _W("answers.pool-values.given", rows=_rows(POOL_X)),
        lambda: max_pool2d(POOL_X, 2),
        _W("answers.pool-values.hint"),
        kind=ARRAY,
        mistakes=[
            (lambda: _relu(max_pool2d(POOL_X, 2)), _W("answers.pool-values.mistake_1")),
            (lambda: conv2d(POOL_X, np.full((2, 2), 0.25), stride=2), _W("answers.pool-values.mistake_2")),
            (lambda: -max_pool2d(-POOL_X, 2), _W("answers.pool-values.mistake_3")),
            (lambda: max_pool2d(POOL_X, 2, 1), _W("answers.pool-values.mistake_4")),
        ]),
    # chapter 5 ---------------------------------------------------------------
    "conv2d-output-shape": Question(
        "05", _W("answers.conv2d-output-shape.given"),
        lambda: _conv2d_layer_shape(),
        _W("answers.conv2d-output-shape.hint"),
        kind=SHAPE,
        mistakes=[
            (lambda: (4,) + _conv2d_layer_shape()[1:], _W("answers.conv2d-output-shape.mistake_1")),
            (lambda: (10, 17, 24), _W("answers.conv2d-output-shape.mistake_2")),
            (lambda: _conv2d_layer_shape(padding=(0, 0)), _W("answers.psd-length.mistake_5")),
            (lambda: _conv2d_layer_shape(stride=(1, 1)), _W("answers.conv2d-output-shape.mistake_3")),
            (lambda: _conv2d_layer_shape(stride=(2, 2)), _W("answers.conv2d-output-shape.mistake_4")),
            (lambda: _conv2d_layer_shape(kernel=(5, 3)), _W("answers.conv2d-output-shape.mistake_5")),
        ]),
    "conv2d-params": Question(
        "05", "`Conv2d(4, 10, kernel_size=(3, 5))`",
        lambda: conv_params(4, 10, (3, 5)),
        "C_in × C_out × K_h × K_w + C_out.",
        mistakes=[
            (lambda: 4 * 10 * 3 * 5, _W("answers.conv2d-params.mistake_1")),
            (lambda: 10 * 3 * 5 + 10, _W("answers.conv2d-params.mistake_2")),
            (lambda: 4 * 10 * 3 + 10, _W("answers.conv2d-params.mistake_3")),
            (lambda: 4 * 10 * 5 + 10, _W("answers.conv2d-params.mistake_3")),
            (lambda: 4 * 10 * 3 * 5 + 4, _W("answers.conv2d-params.mistake_4")),
        ]),
    "conv2d-value": Question(
        "05", _W("answers.conv2d-value.given", rows=_rows(IMG5), rows2=_rows(SOBEL_X)),
        lambda: conv2d(IMG5, SOBEL_X)[0, 1],
        _W("answers.conv2d-value.hint"),
        mistakes=[
            (lambda: conv2d(IMG5, SOBEL_X[::-1, ::-1])[0, 1], _W("answers.conv2d-value.mistake_1")),
            (lambda: conv2d(IMG5, SOBEL_X)[1, 0], _W("answers.conv2d-value.mistake_2")),
            (lambda: conv2d(IMG5, SOBEL_X.T)[0, 1], _W("answers.conv2d-value.mistake_3")),
        ]),
    "separable-mults": Question(
        "05", _W("answers.separable-mults.given"),
        lambda: (5 * 5, 5 + 5),
        _W("answers.separable-mults.hint"),
        kind=SHAPE,
        mistakes=[
            (lambda: (10, 25), _W("answers.separable-mults.mistake_1")),
            (lambda: (25, 25), _W("answers.separable-mults.mistake_2")),
        ]),
    # chapter 7 ---------------------------------------------------------------
    "lenet-c1-as-fc": Question(
        "06", _W("answers.lenet-c1-as-fc.given"),
        lambda: linear_params(28 * 28, int(np.prod(_lenet_rows()[0][1]))),
        _W("answers.lenet-c1-as-fc.hint"),
        mistakes=[
            (lambda: 28 * 28 * int(np.prod(_lenet_rows()[0][1])), _W("answers.lenet-c1-as-fc.mistake_1")),
            (lambda: _lenet_rows()[0][2], _W("answers.lenet-c1-as-fc.mistake_2")),
            (lambda: linear_params(28 * 28, 6), _W("answers.lenet-c1-as-fc.mistake_3")),
        ]),
    "lenet-no-padding": Question(
        "06", _W("answers.lenet-no-padding.given"),
        _lenet_no_padding_side,
        _W("answers.lenet-no-padding.hint"),
        mistakes=[
            (lambda: 5, _W("answers.lenet-no-padding.mistake_1")),
        ]),
    # backpropagation ---------------------------------------------------------
    "backprop-grad-w": Question(
        "backprop", f"`x = {_vec(BP_X)}`, `w = {_vec(BP_W)}`, `g = dL/dy = {_vec(BP_G)}`",
        lambda: conv1d_backward(BP_X, BP_W, BP_G).dw,
        _W("answers.backprop-grad-w.hint"),
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(BP_X, BP_G[::-1]), _W("answers.backprop-grad-w.mistake_1")),
            (lambda: BP_G[0] * BP_X[:2], _W("answers.backprop-grad-w.mistake_2")),
            (lambda: BP_G[-1] * BP_X[2:], _W("answers.backprop-grad-w.mistake_3")),
            (lambda: conv1d(BP_X, BP_G) / 3, _W("answers.backprop-grad-w.mistake_4")),
        ]),
    "backprop-grad-x": Question(
        "backprop", f"`x = {_vec(BP_X)}`, `w = {_vec(BP_W)}`, `g = dL/dy = {_vec(BP_G)}`",
        lambda: conv1d_backward(BP_X, BP_W, BP_G).dx,
        _W("answers.backprop-grad-x.hint"),
        kind=ARRAY,
        mistakes=[
            (lambda: conv1d(np.pad(BP_G, 1), BP_W), _W("answers.backprop-grad-x.mistake_1")),
            (lambda: conv1d(BP_G, BP_W[::-1]), _W("answers.backprop-grad-x.mistake_2")),
            (lambda: np.convolve(BP_G, BP_W)[::-1], _W("answers.backprop-grad-x.mistake_3")),
        ]),
}


def answer_ids(chapter=None):
    """The ids of the hand-computation exercises (of one chapter, e.g. ``"03"``)."""
    return [k for k, q in QUESTIONS.items() if chapter is None or q.chapter == chapter]


NUMBER_FORMAT = _W("answers.number_format")
SHAPE_FORMAT = _W("answers.shape_format")
ARRAY_FORMAT = _W("answers.array_format")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([ ,\u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod)


class BadFormat(ValueError):
    """An answer that cannot be read as the exercise's kind; ``str()`` is the reason, in the language in use."""


def _arith(node):
    """The value of a small arithmetic expression tree: numbers, + − × / // ** %, brackets."""
    if isinstance(node, ast.Expression):
        return _arith(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        v = _arith(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITH):
        left, right = _arith(node.left), _arith(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 64:
            raise BadFormat(_t("answers.arith_badformat"))
        return {ast.Add: lambda: left + right, ast.Sub: lambda: left - right, ast.Mult: lambda: left * right,
                ast.Div: lambda: left / right, ast.FloorDiv: lambda: left // right, ast.Pow: lambda: left ** right,
                ast.Mod: lambda: left % right}[type(node.op)]()
    raise BadFormat(_t("answers.arith_badformat_2"))


def _number_text(text):
    """A number typed as text: "64250", "64,250", "64 250", "2.5", "8/2", "3·8·5 + 8". Never "4,0" as 40."""
    t = text.strip().replace("_", "")
    if _GROUPED.match(t):
        return float(re.sub(r"[ ,\u00a0\u202f]", "", t))
    if "," in t:
        raise BadFormat(_t("answers.number_text_badformat"))
    t = t.replace("×", "*").replace("·", "*").replace("÷", "/").replace("−", "-").replace("^", "**")
    try:
        value = _arith(ast.parse(t, mode="eval"))
    except (SyntaxError, ZeroDivisionError, OverflowError, ValueError, RecursionError):
        raise BadFormat(_t("answers.number_text_badformat_2")) from None
    return float(value)


def _whole(v):
    """An entry of a shape as an int; 13.9 (or True, or text) is refused, never truncated."""
    if isinstance(v, (bool, np.bool_)):
        raise BadFormat(_t("answers.whole_badformat"))
    if isinstance(v, str):
        v = v.strip()
        if not re.fullmatch(r"[+-]?\d+", v):
            raise BadFormat(_t("answers.whole_badformat"))
        return int(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    raise BadFormat(_t("answers.whole_badformat_2", fmt=fmt(v)))


def _shape_text(text):
    """A shape typed as text: "(6, 13, 13)", "[6, 13, 13]", "6x13x13", "6×13×13", "6 13 13"."""
    t = text.strip().strip("()[]").strip()
    parts = [p for p in re.split(r"\s*[x×X*,]\s*|\s+", t) if p != ""]
    if not parts:
        raise BadFormat(_t("answers.shape_text_badformat"))
    return tuple(_whole(p) for p in parts)


def _array_text(text):
    """An array typed as text: "[1, 0, 4]", "[[5, 4], [-2, 3]]", "1 0 4"."""
    t = text.strip()
    try:
        value = ast.literal_eval(t)
    except (SyntaxError, ValueError, RecursionError):
        parts = [p for p in re.split(r"[\s,]+", t.strip("()[]")) if p]
        try:
            value = [_number_text(p) for p in parts]
        except BadFormat:
            raise BadFormat(_t("answers.array_text_badformat")) from None
    return value


def _real_array(value):
    try:
        arr = np.asarray(_plain(value))
        kind = arr.dtype.kind
    except Exception:  # noqa: BLE001 - ragged lists, objects whose __array__ raises, ...
        raise BadFormat(_t("answers.real_array_badformat")) from None
    if kind == "c":
        raise BadFormat(_t("answers.real_array_badformat_2"))
    if kind not in "biuf" or arr.size == 0:
        raise BadFormat(_t("answers.real_array_badformat"))
    return arr.astype(float)


def reference_answer(exercise_id):
    """The right answer of a hand-computation exercise, computed with ``cnnbook`` (for instructors)."""
    if exercise_id not in QUESTIONS:
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    return QUESTIONS[exercise_id].answer()


def _as_kind(value, kind):
    """The answer in a comparable form, or a reason (with the expected format) why it is not one."""
    expected = {SHAPE: SHAPE_FORMAT, ARRAY: ARRAY_FORMAT}.get(kind, NUMBER_FORMAT)
    try:
        value = _plain(value)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if kind == SHAPE:
            if isinstance(value, str):
                return _shape_text(value), None
            if isinstance(value, np.ndarray):
                value = value.tolist()
            if not isinstance(value, (tuple, list)) and not hasattr(value, "__iter__"):
                raise BadFormat(_t("answers.as_kind_badformat"))
            return tuple(_whole(v) for v in value), None
        if kind == ARRAY:
            if isinstance(value, str):
                value = _array_text(value)
            return _real_array(value), None
        if isinstance(value, str):
            return _number_text(value), None
        if isinstance(value, (complex, np.complexfloating)):
            raise BadFormat(_t("answers.as_kind_badformat_2"))
        arr = _real_array(value)
        if arr.size != 1:
            raise BadFormat(_t("answers.as_kind_badformat_3", size=arr.size))
        return float(arr.reshape(-1)[0]), None
    except BadFormat as bad:
        return None, _t("answers.as_kind_text", bad=bad, expected=expected)
    except Exception:  # noqa: BLE001 - never raise for a wrong answer
        return None, _t("answers.as_kind_text_2", expected=expected)


def _equal(a, b, kind):
    if kind == ARRAY:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)
    if kind == NUMBER:
        return bool(np.isclose(a, b, rtol=1e-9, atol=1e-6))  # 3692641 is not 3692640
    return a == b


def check_answer(exercise_id, value):
    """Check a hand-computed answer; print a report in the language in use; return True or False.

    ``exercise_id`` is one of :func:`answer_ids` (an unknown id is a ValueError,
    as it is a mistake in the notebook, not in the answer). ``value`` is a number,
    a shape (tuple) or an array, as the exercise asks.
    """
    if exercise_id not in QUESTIONS:
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    q = QUESTIONS[exercise_id]
    right, _ = _as_kind(q.answer(), q.kind)
    title = _t("answers.check_answer_title", exercise_id=exercise_id)
    if value is None or value is Ellipsis:
        return show(Message().line(FAIL_MARK, _t("answers.check_answer_text", title=title), Code("..."), "."), False)
    got, problem = _as_kind(value, q.kind)
    if problem:
        return show(Message().line(FAIL_MARK, _t("answers.check_answer_text_2", title=title, problem=problem), Code(f"{type(value).__name__}: {fmt(value)}"), "."), False)
    if _equal(got, right, q.kind):
        return show(Message().line(OK_MARK, _t("answers.check_answer_text_3", title=title)).line(_t("answers.check_answer_line"), *_given(q.given), "."), True)
    m = Message().line(FAIL_MARK, _t("answers.check_answer_text_4", title=title), Code(got if q.kind != NUMBER or isinstance(value, str) else value),
                       _t("answers.check_answer_text_5"))
    m.line(_t("answers.check_answer_line"), *_given(q.given), ".")
    if q.kind == ARRAY and got.shape != np.shape(right):
        m.line(_t("answers.check_answer_line_2"), Code(got.shape), _t("answers.check_answer_text_6"), Code(np.shape(right)), ".")
    elif q.kind == ARRAY:
        where = first_difference(got, right)
        m.line(_t("answers.check_answer_line_3"), Code(where if len(where) > 1 else where[0]), _t("answers.check_answer_text_7"))
    reasons = []
    for model, explain in q.mistakes:
        wrong, _ = _as_kind(model(), q.kind)
        if _equal(got, wrong, q.kind) and not _equal(wrong, right, q.kind):
            reasons.append(str(explain))
    for reason in reasons:
        m.line(_t("answers.check_answer_line_4"), reason)
    if not reasons:
        m.line(_t("answers.check_answer_line_5"), q.hint)
    return show(m, False)
