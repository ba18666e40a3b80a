"""The hand-computation exercises for the built book's answer boxes (``_ext/answer_boxes.py``).

``check_answer`` needs a kernel; a reader of the HTML book (often on a phone) has none.
:func:`answer_box_data` exports, for one exercise and one language, everything that
``_static/answer-box.js`` needs to give the same verdict in the browser: the right
answer and every classic wrong answer, computed with ``cnnbook`` exactly as
``check_answer`` computes them (``_answers.QUESTIONS``), each wrong answer with its
diagnosis, the tolerance, the givens and the hint, and the catalogue's sentences
(``[checker.answers]``) that make up the report. Nothing is written twice: the
browser's data is made from the one catalogue and the one list of exercises when
the book is built. ``tests/test_answer_boxes.py`` runs the browser's checker
under node on the inputs that ``check_answer`` gets and compares the reports.
"""
import numpy as np

from ..lang import using
from ._answers import ARRAY, NUMBER, QUESTIONS, SHAPE, _as_kind, _equal, _given, answer_ids
from ._report import ATOL, FAIL_MARK, OK_MARK, RTOL, _t

# check_answer compares numbers with np.isclose(got, expected, rtol=1e-9, atol=1e-6) (_answers._equal).
NUMBER_RTOL, NUMBER_ATOL = 1e-9, 1e-6

# The sentences of a report, [checker.answers] keys; ``{placeholders}`` are filled in the browser.
_SENTENCES = (
    "check_answer_line", "check_answer_text_5", "check_answer_line_2", "check_answer_text_6",
    "check_answer_line_3", "check_answer_text_7", "check_answer_line_4", "check_answer_line_5",
    "arith_badformat", "arith_badformat_2", "number_text_badformat", "number_text_badformat_2",
    "whole_badformat", "shape_text_badformat", "array_text_badformat", "real_array_badformat",
    "real_array_badformat_2",
)


def _json_value(value, kind):
    """A value as ``_as_kind`` gives it, for JSON: a float, a list of ints, or nested lists of floats."""
    if kind == NUMBER:
        return float(value)
    if kind == SHAPE:
        return [int(v) for v in value]
    return np.asarray(value, dtype=float).tolist()


def answer_box_data(exercise_id, lang):
    """What the browser needs to check exercise ``exercise_id`` in language ``lang`` (a JSON-ready dict).

    ``kind`` is ``"number"``, ``"shape"`` or ``"array"``; ``right`` the right answer;
    ``mistakes`` the classic wrong answers that differ from it, ``[{"value", "reason"}]``,
    in ``check_answer``'s order; ``given`` the givens as ``[{"text", "code"}]`` parts;
    ``rtol``/``atol`` the tolerance; ``text`` the report's sentences in ``lang``.
    """
    if exercise_id not in QUESTIONS:
        raise ValueError(f"exercise_id must be one of {answer_ids()}, got {exercise_id!r}")
    q = QUESTIONS[exercise_id]
    with using(lang):
        right, _ = _as_kind(q.answer(), q.kind)
        mistakes = []
        for model, explain in q.mistakes:
            wrong, problem = _as_kind(model(), q.kind)
            if problem is None and not _equal(wrong, right, q.kind):
                mistakes.append({"value": _json_value(wrong, q.kind), "reason": str(explain)})
        expected = {SHAPE: "answers.shape_format", ARRAY: "answers.array_format"}.get(q.kind, "answers.number_format")
        title = _t("answers.check_answer_title", exercise_id=exercise_id)
        text = {key: _t(f"answers.{key}") for key in _SENTENCES}
        text.update(
            ok_mark=OK_MARK, fail_mark=FAIL_MARK, expected=_t(expected),
            right=_t("answers.check_answer_text_3", title=title),
            wrong=_t("answers.check_answer_text_4", title=title),
            # "{problem}" and "{bad}" stay placeholders: the browser fills them in.
            malformed=_t("answers.check_answer_text_2", title=title, problem="{problem}"),
            problem=_t("answers.as_kind_text", bad="{bad}", expected=_t(expected)),
            unreadable=_t("answers.as_kind_text_2", expected=_t(expected)),
        )
        tolerance = (NUMBER_RTOL, NUMBER_ATOL) if q.kind == NUMBER else (RTOL, ATOL)
        return {
            "id": exercise_id,
            "lang": lang,
            "kind": q.kind,
            "right": _json_value(right, q.kind),
            "rtol": tolerance[0],
            "atol": tolerance[1],
            "mistakes": mistakes,
            "given": [{"text": p.text, "code": True} if not isinstance(p, str) else {"text": p, "code": False}
                      for p in _given(q.given)],
            "hint": str(q.hint),
            "text": text,
        }


def all_answer_box_data(lang):
    """:func:`answer_box_data` of every exercise, ``{id: data}``."""
    return {exercise_id: answer_box_data(exercise_id, lang) for exercise_id in answer_ids()}
