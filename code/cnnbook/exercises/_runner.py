"""Running a student's array function on a list of cases and explaining the first failure.

Each checker gives:

* ``cases``: :class:`Case` objects, fixed ones first (chosen so that each
  classic mistake shows up early and unambiguously), then seeded random ones;
* ``reference``: the function of ``cnnbook`` that gives the right answer;
* ``mistakes``: :class:`Mistake` objects, each a *model* of one classic error
  (the output that error would give, computed with the reference on changed
  inputs) and its Hebrew explanation.

On the first case where the student's output differs from the reference, the
report shows the inputs, the expected and received outputs (shape and values),
and every mistake whose model reproduces the student's output exactly. If none
does and the output is one longer or shorter than expected along an axis, it
says so as an off-by-one error.
"""
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._report import FAIL_MARK, Code, Message, Raised, as_array, call, first_difference, fmt, named, same, show, success

OFF_BY_ONE = "טעות באחד (off-by-one)"
INTEGER_OUTPUT = ("הפלט שלכם מערך של מספרים שלמים (dtype int), ולכן החלקים השבריים נחתכו: כנראה מערך הפלט נוצר "
                  "כמו הקלט (למשל np.zeros_like(x) כש־x מערך של שלמים) או עם dtype=int. צרו אותו עם np.zeros(..., dtype=float).")
PRECISION = ("הערכים קרובים לנכונים אבל לא מדויקים: כנראה החישוב נעשה בדיוק נמוך (למשל float16) או שהתוצאה עוגלה. "
             "חשבו ב־float64 (ברירת המחדל של numpy) ואל תעגלו.")


@dataclass
class Case:
    """One call: ``args`` (name -> value, passed by position), ``kwargs`` (passed by name), ``note``."""

    args: dict
    kwargs: dict = field(default_factory=dict)
    note: str = ""  # Hebrew: what this case tests, e.g. an edge case


@dataclass
class Mistake:
    """A classic error: ``model(case)`` is the output it gives (may raise if it does not apply)."""

    explain: object  # Hebrew text, or a function case -> text (to name the case's own numbers)
    model: Callable

    def text(self, case):
        return self.explain(case) if callable(self.explain) else self.explain


def describe_inputs(message, case):
    """Add the inputs of ``case`` to ``message``, one per line, as code (with the dtype of an integer array)."""
    for name, value in case.args.items():
        text = named(name, value)
        if isinstance(value, np.ndarray) and value.dtype.kind in "iu":
            text += f"  (dtype={value.dtype})"
        message.line(Code(text))
    if case.kwargs:
        message.line("עם", Code(", ".join(f"{k}={v!r}" for k, v in case.kwargs.items())))


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
    message.line("צורת הפלט", Code(got.shape), "במקום", Code(expected.shape), ".")
    if got.ndim != expected.ndim:
        return None
    diffs = [g - e for g, e in zip(got.shape, expected.shape)]
    changed = [i for i, d in enumerate(diffs) if d]
    if not changed or any(abs(diffs[i]) != 1 for i in changed) or len({diffs[i] for i in changed}) != 1:
        return None
    axes = []
    for c in changed:
        i = c - (expected.ndim - len(axis_names))
        axes.append(axis_names[i] if i >= 0 else "מספר הערוצים")
    axis = " וב".join(axes)
    more = "יציאה אחת יותר מדי" if diffs[changed[0]] > 0 else "חסרה יציאה אחת"
    rule = f" מול הנוסחה {length_rule}" if length_rule else ""
    return f"{OFF_BY_ONE} ב{axis}: {more}. בדקו את גבולות הלולאה{rule}."


def _integer_dtype(value):
    try:
        dtype = value.dtype  # numpy and torch alike
    except Exception:  # noqa: BLE001
        return False
    return "int" in str(dtype)


def seeded(default, seed):
    """The random generator of a checker's random cases: its own seed, or ``seed`` (hidden tests)."""
    return np.random.default_rng(default if seed is None else seed)


def run_cases(title, fn, cases, reference, mistakes, axis_names=("אורך",), what="הפונקציה", done="", length_rule=None):
    """Check ``fn`` against ``reference`` on every case; report the first failure; return True/False."""
    if not callable(fn):
        return show(Message().line(FAIL_MARK, f"{title}: צריך להעביר לבודק פונקציה, וקיבלנו", Code(f"{type(fn).__name__}: {fmt(fn)}"), "."), False)
    for i, case in enumerate(cases, 1):
        expected = np.asarray(reference(*case.args.values(), **case.kwargs), dtype=np.float64)
        head = Message().line(FAIL_MARK, f"{title}: הבדיקה נכשלה במקרה {i} מתוך {len(cases)}.")
        if case.note:
            head.line("המקרה:", case.note)
        try:
            raw = call(fn, list(case.args.values()), case.kwargs, what, names=list(case.args))
            got = as_array(raw, what)
        except Raised as raised:
            head.lines += [parts[1:] if parts and parts[0] == FAIL_MARK else parts for parts in raised.message.lines]
            describe_inputs(head.line("הקלט היה:"), case)
            return show(head, False)
        if same(got, expected):
            continue
        describe_inputs(head.line("הקלט:"), case)
        head.line("הפלט הנכון:", Code(expected))
        head.line("הפלט שלכם:", Code(got))
        off_by_one = None
        if got.shape != expected.shape:
            off_by_one = shape_lines(head, got, expected, axis_names, length_rule)
        elif got.ndim:
            where = first_difference(got, expected)
            head.line("הצורה נכונה, אבל בתא", Code(where if len(where) > 1 else where[0]),
                      "יצא", Code(float(got[where])), "וצריך לצאת", Code(float(expected[where])), ".")
        found = matching_mistakes(mistakes, case, got)
        if _integer_dtype(raw) and not np.array_equal(expected, np.trunc(expected)) and INTEGER_OUTPUT not in found:
            found.append(INTEGER_OUTPUT)
        if found:
            head.line("אבחנה:" if len(found) == 1 else "אבחנה (אחת מאלה):")
            for text in found:
                head.line("•", text)
        elif off_by_one:
            head.line("אבחנה:", off_by_one)
        elif got.shape == expected.shape and np.allclose(got, expected, rtol=1e-2, atol=1e-2):
            head.line("אבחנה:", PRECISION)
        return show(head, False)
    return success(f"{title}: כל {len(cases)} הבדיקות עברו.", done)
