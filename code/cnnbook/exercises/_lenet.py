"""Checkers for the LeNet-5 chapter: the shape table and an accuracy function.

torch is imported inside the checkers, so that ``import cnnbook.exercises`` stays light.
"""
import numpy as np

from ._report import _W, _t, FAIL_MARK, TIME_LIMIT, Code, Message, Raised, TimeUp, call, fmt, show, success, time_limit
from ._runner import Case, Mistake, run_cases

LAYERS = ("C1", "S2", "C3", "S4", "C5", "F6", "output")


def lenet_reference():
    """The table of :func:`cnnbook.model.formula_table`, as ``[(layer, shape, params), ...]``,
    after checking that it agrees with the shapes and counts measured on the model itself."""
    from ..model import LeNet5, formula_table, layer_table

    model = LeNet5()
    formula, measured = formula_table(model), layer_table(model)
    rows = [(r["layer"], tuple(r["shape"]), int(r["params"])) for r in formula]
    assert rows == [(r["layer"], tuple(r["shape"]), int(r["params"])) for r in measured], "formula and model disagree"
    return rows


class NotWhole(ValueError):
    """A shape entry or parameter count that is not a whole number (``value`` is what came)."""

    def __init__(self, value):
        super().__init__(fmt(value))
        self.value = value


def _whole(value):
    """``value`` as an int, if it is a whole number (int, integer numpy scalar or 0-d tensor, 156.0);
    never truncated: 156.9, "156", True and complex numbers are refused with :class:`NotWhole`."""
    if hasattr(value, "detach") and hasattr(value, "item"):
        value = value.detach().item() if getattr(value, "ndim", 1) == 0 else value
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes, complex)):
        raise NotWhole(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise NotWhole(value)


def _row(row):
    """A student's row as (layer, shape, params), from a tuple/list of three or a dict.

    The layer's name is stripped of spaces ("C1 " is C1); the numbers must be whole."""
    if isinstance(row, dict):
        row = (row.get("layer"), row.get("shape"), row.get("params"))
    layer, shape, params = row
    if not isinstance(layer, str):
        raise TypeError("the layer's name is not a string")
    return layer.strip(), tuple(_whole(v) for v in shape), _whole(params)


def _layer_hint(name, got_shape, got_params, shape, params, previous):
    """The explanations of a wrong row, naming the classic mistakes of the LeNet-5 table."""
    hints = []
    if got_shape != shape:
        if name == "C1" and got_shape == (6, 24, 24):
            hints.append(_t("lenet.layer_hint_line"))
        elif sorted(got_shape) == sorted(shape) and len(shape) == 3:
            hints.append(_t("lenet.layer_hint_line_2"))
        elif len(shape) == 3 and got_shape == shape[1:]:
            hints.append(_t("lenet.layer_hint_line_3"))
        elif name in ("S2", "S4") and previous and got_shape[1:] == tuple(n - 1 for n in previous[1:]):
            hints.append(_t("lenet.layer_hint_line_4"))
        elif name == "C5" and got_shape == (120,):
            hints.append(_t("lenet.layer_hint_line_5"))
    if got_params != params and params == 0:
        hints.append(_t("lenet.layer_hint_line_6"))
    elif got_params != params and previous is not None:
        if name in ("C1", "C3", "C5"):
            c_in, c_out, k = previous[0], shape[0], 5
            if got_params == c_in * c_out * k * k:
                hints.append(_t("lenet.layer_hint_line_7", c_out=c_out))
            elif got_params == c_in * c_out * k + c_out:
                hints.append(_t("lenet.layer_hint_line_8"))
            elif got_params == c_out * k * k + c_out:
                hints.append(_t("lenet.layer_hint_line_9"))
        else:
            n_in, n_out = int(np.prod(previous)), shape[0]
            if got_params == n_in * n_out:
                hints.append(_t("lenet.layer_hint_line_10", n_out=n_out))
    return hints


def check_lenet_shapes(fn, *, seed=None):
    """Check ``fn()``: LeNet-5's table for a 1 x 28 x 28 image as seven rows ``(layer, shape, params)``.

    ``layer`` is one of C1, S2, C3, S4, C5, F6, output; ``shape`` the output shape of
    one image, (channels, height, width) or (features,); ``params`` the number of
    learned weights and biases. The reference is :func:`cnnbook.model.formula_table`,
    which agrees with the shapes and parameter counts measured on :class:`cnnbook.model.LeNet5`.
    The table has no random cases: ``seed`` is accepted, for the same call as the other checkers.
    """
    title = _t("lenet.check_lenet_shapes_title")
    try:
        rows = call(fn, [], what=_t("lenet.check_lenet_shapes_what"))
    except Raised as raised:
        return show(raised.message, False)
    expected = lenet_reference()
    if rows is None:
        return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text", title=title)), False)
    try:
        with time_limit(TIME_LIMIT):
            got = [_row(r) for r in rows]
    except TimeUp:
        return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_2", title=title)), False)
    except NotWhole as bad:
        return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_3", title=title),
                                   Code(fmt(bad.value)), ".").line(
            _t("lenet.check_lenet_shapes_line")), False)
    except Exception:  # noqa: BLE001 - any shape of wrong answer: say what a row should look like
        return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_4", title=title),
                                   Code(expected[0]), _t("lenet.check_lenet_shapes_text_5"), Code(fmt(rows)), "."), False)
    if len(got) != len(expected):
        return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_6", title=title, n=len(expected)),
                                   Code(", ".join(LAYERS)), _t("lenet.check_lenet_shapes_text_7", n=len(got))), False)
    previous = (1, 28, 28)
    for (g_name, g_shape, g_params), (name, shape, params) in zip(got, expected):
        if g_name.lower() != name.lower():
            return show(Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_8", title=title), Code(name), _t("lenet.check_lenet_shapes_text_9"), Code(g_name),
                                       _t("lenet.check_lenet_shapes_text_10"), Code(", ".join(LAYERS)), "."), False)
        if (g_shape, g_params) != (shape, params):
            m = Message().line(FAIL_MARK, _t("lenet.check_lenet_shapes_text_11", title=title), Code(name), _t("lenet.check_lenet_shapes_text_12"))
            if g_shape != shape:
                m.line(_t("lenet.check_lenet_shapes_line_2"), Code(g_shape), _t("lenet.check_lenet_shapes_text_13"), Code(shape), ".")
            if g_params != params:
                m.line(_t("lenet.check_lenet_shapes_line_3"), Code(g_params), _t("lenet.check_lenet_shapes_text_13"), Code(params), ".")
            hints = _layer_hint(name, g_shape, g_params, shape, params, previous)
            for hint in hints:
                m.line(_t("lenet.check_lenet_shapes_line_4"), hint)
            if not hints:
                m.line(_t("lenet.check_lenet_shapes_line_5"), Code(previous),
                       _t("lenet.check_lenet_shapes_text_14"))
            return show(m, False)
        previous = shape
    total = sum(r[2] for r in expected)
    return success(_t("lenet.check_lenet_shapes_success", title=title), _t("lenet.check_lenet_shapes_text_15", total=total))


# ---------------------------------------------------------------- accuracy
def accuracy_reference(scores, labels):
    """The fraction of examples whose highest score is at the true label."""
    return float((scores.argmax(dim=1) == labels).float().mean())


def accuracy_cases(seed=None):
    """Cases for ``fn(scores, labels)``: scores a float tensor (N, 10), labels an int64 tensor (N,)."""
    import torch

    gen = torch.Generator().manual_seed(109 if seed is None else int(seed))

    def scores_for(predicted, n_classes=10):
        s = torch.randn(len(predicted), n_classes, generator=gen)
        s[torch.arange(len(predicted)), torch.tensor(predicted)] = s.max() + 1.0
        return s

    cases = []
    predicted = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    cases.append(Case({"scores": scores_for(predicted), "labels": torch.tensor([5, 0, 4, 1, 9, 2, 7, 3, 6, 7])},
                      note=_t("lenet.accuracy_cases_note")))
    right = [3, 1, 4, 1]
    cases.append(Case({"scores": scores_for(right), "labels": torch.tensor(right)}, note=_t("lenet.accuracy_cases_note_2")))
    cases.append(Case({"scores": scores_for([0, 0, 2, 9, 5]), "labels": torch.tensor([1, 2, 3, 4, 6])},
                      note=_t("lenet.accuracy_cases_note_3")))
    cases.append(Case({"scores": scores_for([7, 2, 1, 0, 4, 1, 4, 9]), "labels": torch.tensor([7, 2, 1, 0, 9, 4, 9, 4])},
                      note=_t("lenet.accuracy_cases_note_4")))
    cases.append(Case({"scores": scores_for([6]), "labels": torch.tensor([6])}, note=_t("lenet.accuracy_cases_note_5")))
    for n in (37, 100):
        labels = torch.randint(0, 10, (n,), generator=gen)
        cases.append(Case({"scores": torch.randn(n, 10, generator=gen), "labels": labels}, note=_t("lenet.accuracy_cases_note_6")))
    return cases


def check_accuracy(fn, *, seed=None):
    """Check ``fn(scores, labels)``: the accuracy, a number in [0, 1].

    ``scores`` is a float tensor (N, 10) of the network's outputs, ``labels`` an int64
    tensor (N,); the prediction is the class with the highest score, and the accuracy
    is the fraction of examples predicted right (the misclassification rate is 1 minus it).
    Any number type is accepted (float, 0-d tensor, numpy scalar).
    """

    def acc(c):
        return accuracy_reference(c.args["scores"], c.args["labels"])

    def correct(c):
        return c.args["scores"].argmax(dim=1) == c.args["labels"]

    mistakes = [
        Mistake(_t("lenet.check_accuracy_mistake"), lambda c: 1 - acc(c)),
        Mistake(_t("lenet.check_accuracy_mistake_2"), lambda c: 100 * acc(c)),
        Mistake(_t("lenet.check_accuracy_mistake_3"), lambda c: float(correct(c).sum())),
        Mistake(_t("lenet.check_accuracy_mistake_4"),
                lambda c: float(correct(c).sum() // len(c.args["labels"]))),
        Mistake(_t("lenet.check_accuracy_mistake_5"), lambda c: correct(c).float().numpy()),
        Mistake(_t("lenet.check_accuracy_mistake_6"),
                lambda c: float((c.args["scores"].argmax(dim=0) == c.args["labels"]).float().mean())),
    ]
    return run_cases("accuracy", fn, accuracy_cases(seed), accuracy_reference, mistakes, axis_names=(),
                     done=_t("lenet.check_accuracy_done"))
