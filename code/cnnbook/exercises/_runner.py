"""Running a student's array function on a list of cases and explaining the first failure.

Each checker gives:

* ``cases``: :class:`Case` objects, fixed ones first (chosen so that each
  classic mistake shows up early and unambiguously), then seeded random ones;
* ``reference``: the function of ``cnnbook`` that gives the right answer;
* ``mistakes``: :class:`Mistake` objects, each a *model* of one classic error
  (the output that error would give, computed with the reference on changed
  inputs) and its explanation (a catalogue message, in the language in use).

On the first case where the student's output differs from the reference, the
report shows the inputs, the expected and received outputs (shape and values),
and every mistake whose model reproduces the student's output exactly. If none
does and the output is one longer or shorter than expected along an axis, it
says so as an off-by-one error.
"""
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._report import _W, _t, FAIL_MARK, Code, Message, Raised, as_array, call, first_difference, fmt, named, same, show, success

OFF_BY_ONE = _W("runner.off_by_one")
INTEGER_OUTPUT = _W("runner.integer_output")
PRECISION = _W("runner.precision")


@dataclass
class Case:
    """One call: ``args`` (name -> value, passed by position), ``kwargs`` (passed by name), ``note``."""

    args: dict
    kwargs: dict = field(default_factory=dict)
    note: str = ""  # what this case tests, e.g. an edge case (a catalogue message)

    def __post_init__(self):
        # The maths is real-valued: whole numbers are passed as floats, so that correct code in torch
        # (F.conv1d, nn.Conv1d, F.unfold: "not implemented for 'Long'") works on every case.
        self.args = {k: _real(v) for k, v in self.args.items()}


def _real(value):
    """An integer numpy array as float64; anything else as it is."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
        return value.astype(np.float64)
    return value


@dataclass
class Mistake:
    """A classic error: ``model(case)`` is the output it gives (may raise if it does not apply)."""

    explain: object  # a catalogue message (_W), or a function case -> text (to name the case's own numbers)
    model: Callable

    def text(self, case):
        return str(self.explain(case) if callable(self.explain) else self.explain)


def describe_inputs(message, case):
    """Add the inputs of ``case`` to ``message``, one per line, as code (with the dtype of an integer array)."""
    for name, value in case.args.items():
        text = named(name, value)
        if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
            text += f"  (dtype={value.dtype})"
        message.line(Code(text))
    if case.kwargs:
        message.line(_t("runner.describe_inputs_line"), Code(", ".join(f"{k}={v!r}" for k, v in case.kwargs.items())))


def matching_mistakes(mistakes, case, got):
    """The explanations of every mistake whose model gives exactly ``got`` on ``case``."""
    found = []
    for mistake in mistakes:
        try:
            modelled = mistake.model(case)
        except Exception:  # noqa: BLE001 - this mistake cannot happen on this case (e.g. the kernel would not fit)
            continue
        if modelled is not None and same(got, modelled) and mistake.text(case) not in found:
            found.append(mistake.text(case))
    return found


def shape_lines(message, got, expected, axis_names, length_rule=None):
    """Explain a difference in shape; return an off-by-one diagnosis when it is one along one axis.

    ``length_rule`` is the exercise's own formula for the length (e.g. "L − K + 1"), quoted in the hint.
    """
    message.line(_t("runner.shape_lines_line"), Code(got.shape), _t("runner.shape_lines_text"), Code(expected.shape), ".")
    if got.ndim != expected.ndim:
        return None
    diffs = [g - e for g, e in zip(got.shape, expected.shape)]
    changed = [i for i, d in enumerate(diffs) if d]
    if not changed or any(abs(diffs[i]) != 1 for i in changed) or len({diffs[i] for i in changed}) != 1:
        return None
    axes = []
    for c in changed:
        i = c - (expected.ndim - len(axis_names))
        axes.append(str(axis_names[i]) if i >= 0 else _t("runner.shape_lines_text_2"))
    axis = _t("runner.shape_lines_axis").join(axes)
    more = _t("runner.shape_lines_more") if diffs[changed[0]] > 0 else _t("runner.shape_lines_text_3")
    rule = _t("runner.shape_lines_rule", length_rule=length_rule) if length_rule else ""
    return _t("runner.shape_lines_text_4", off_by_one=OFF_BY_ONE, axis=axis, more=more, rule=rule)


def _integer_dtype(value):
    try:
        dtype = value.dtype  # numpy and torch alike
    except Exception:  # noqa: BLE001
        return False
    return "int" in str(dtype)


def seeded(default, seed):
    """The random generator of a checker's random cases: its own seed, or ``seed`` (hidden tests)."""
    return np.random.default_rng(default if seed is None else seed)


def run_cases(title, fn, cases, reference, mistakes, axis_names=(_W("runner.run_cases_axis_names"),), what=_W("runner.run_cases_what"), done="", length_rule=None):
    """Check ``fn`` against ``reference`` on every case; report the first failure; return True/False."""
    if not callable(fn):
        return show(Message().line(FAIL_MARK, _t("runner.run_cases_text", title=title), Code(f"{type(fn).__name__}: {fmt(fn)}"), "."), False)
    for i, case in enumerate(cases, 1):
        expected = np.asarray(reference(*case.args.values(), **case.kwargs), dtype=np.float64)
        head = Message().line(FAIL_MARK, _t("runner.run_cases_text_2", title=title, i=i, n=len(cases)))
        if case.note:
            head.line(_t("runner.run_cases_line"), case.note)
        try:
            raw = call(fn, list(case.args.values()), case.kwargs, what, names=list(case.args))
            got = as_array(raw, what)
        except Raised as raised:
            head.lines += [parts[1:] if parts and parts[0] == FAIL_MARK else parts for parts in raised.message.lines]
            describe_inputs(head.line(_t("runner.run_cases_line_2")), case)
            return show(head, False)
        if same(got, expected):
            continue
        describe_inputs(head.line(_t("runner.run_cases_line_3")), case)
        head.line(_t("runner.run_cases_line_4"), Code(expected))
        head.line(_t("runner.run_cases_line_5"), Code(got))
        off_by_one = None
        if got.shape != expected.shape:
            off_by_one = shape_lines(head, got, expected, axis_names, length_rule)
        elif got.ndim:
            where = first_difference(got, expected)
            head.line(_t("runner.run_cases_line_6"), Code(where if len(where) > 1 else where[0]),
                      _t("runner.run_cases_text_3"), Code(float(got[where])), _t("runner.run_cases_text_4"), Code(float(expected[where])), ".")
        found = matching_mistakes(mistakes, case, got)
        if _integer_dtype(raw) and not np.array_equal(expected, np.trunc(expected)) and str(INTEGER_OUTPUT) not in found:
            found.append(str(INTEGER_OUTPUT))
        if found:
            head.line(_t("runner.run_cases_line_7") if len(found) == 1 else _t("runner.run_cases_text_5"))
            for text in found:
                head.line("•", text)
        elif off_by_one:
            head.line(_t("runner.run_cases_line_7"), off_by_one)
        elif got.shape == expected.shape and (np.allclose(got, expected, rtol=1e-2, atol=1e-2)
                                              or any(same(got, np.round(expected, d)) for d in range(1, 4))):
            head.line(_t("runner.run_cases_line_7"), PRECISION)
        return show(head, False)
    return success(_t("runner.run_cases_success", title=title, n=len(cases)), done)
