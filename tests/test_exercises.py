"""The checkers of cnnbook.exercises: they accept right answers, reject each classic mistake by name,
and never raise for a wrong answer."""
import io
import re
import string
import sys
import tokenize
from pathlib import Path

import numpy as np
import pytest

import cnnbook
from cnnbook import exercises, lang
from cnnbook.exercises import _answers as answers, _conv1d, _lenet, _report

sys.path.insert(0, str(Path(__file__).parent))
from exercises_wrong import RIGHT, WRONG  # noqa: E402

CHECKERS = sorted(WRONG)
REFERENCES = {
    "check_conv1d": cnnbook.conv1d,
    "check_conv_matrix": _conv1d.conv_matrix_reference,
    "check_conv1d_multichannel": cnnbook.conv1d,
    "check_merge_kernels": np.convolve,
    "check_conv1d_stride_dilation": cnnbook.conv1d,
    "check_conv1d_full": cnnbook.conv1d,
    "check_max_pool2d": cnnbook.max_pool2d,
    "check_conv2d_multichannel": cnnbook.conv2d,
    "check_lenet_shapes": lambda: _lenet.lenet_reference(),
    "check_accuracy": _lenet.accuracy_reference,
    "check_conv1d_grad_input": lambda g, w: cnnbook.conv1d_backward(np.zeros(len(g) + len(w) - 1), w, g).dx,
    "check_conv1d_grad_kernel": lambda x, g: cnnbook.conv1d_backward(x, np.zeros(len(x) - len(g) + 1), g).dw,
    "check_max_pool1d_backward": cnnbook.max_pool1d_backward,
}


LANGS = ["he", "en"]
HEBREW = re.compile("[\u0590-\u05ff]")


def run(checker, fn, capsys, language="he"):
    """(result, printed text) of one checker call, in ``language``."""
    with lang.using(language):
        result = getattr(exercises, checker)(fn)
    return result, capsys.readouterr().out


def _chunk(text):
    """The longest literal piece of a catalogue message (between its {fields}), as it is printed."""
    pieces = [literal for literal, _, _, _ in string.Formatter().parse(text)]
    return max(pieces, key=len).strip()


def diagnosis_keys(phrase, hebrew_out):
    """The checker messages that name a mistake by ``phrase`` and that the Hebrew report shows."""
    he = lang.catalogue("he")
    return [k for k, v in he.items() if k.startswith("checker.") and isinstance(v, str)
            and phrase in v.replace("{{", "{").replace("}}", "}") and _chunk(v) in hebrew_out]


def assert_same_diagnosis_in_english(phrase, hebrew_out, english_out):
    """The English report gives the diagnosis that the Hebrew one gave (the same catalogue keys), in English."""
    assert not HEBREW.search(english_out), english_out
    keys = diagnosis_keys(phrase, hebrew_out)
    if not HEBREW.search(phrase):  # code the report quotes (a name, "+1", "ReLU"): the same in both languages
        assert phrase in english_out, english_out
        if not keys:
            return
    assert keys, f"no checker message holds {phrase!r} and shows in the Hebrew report:\n{hebrew_out}"
    en = lang.catalogue("en")
    assert any(_chunk(en[k]) in english_out for k in keys), (
        f"the English report lacks the diagnosis {keys} ({[en[k] for k in keys]}):\n{english_out}")
    assert not HEBREW.search(english_out), english_out


def test_every_checker_is_exported_and_tested():
    exported = {name for name in exercises.__all__ if name.startswith("check_") and name != "check_answer"}
    assert exported == set(WRONG) == set(RIGHT) == set(REFERENCES)


def test_only_checkers_are_public():
    """`from cnnbook.exercises import conv1d` must not give a module: the submodules are private."""
    assert all(name.startswith("check_") or name in ("answer_ids", "reference_answer") for name in exercises.__all__)
    public_modules = [name for name in dir(exercises)
                      if not name.startswith("_") and type(getattr(exercises, name)).__name__ == "module"]
    assert public_modules == []
    with pytest.raises(ImportError):
        exec("from cnnbook.exercises import conv1d", {})


@pytest.mark.parametrize("checker", CHECKERS)
def test_hidden_cases_differ_and_the_reference_passes_them(checker, capsys):
    """seed= draws other random cases (the nbgrader course's hidden tests)."""
    result = getattr(exercises, checker)(REFERENCES[checker], seed=2718)
    assert result is True, capsys.readouterr().out
    cases = {"check_conv1d": _conv1d.conv1d_cases, "check_conv1d_stride_dilation": _conv1d.psd_cases}
    if checker in cases:
        a, b = cases[checker](), cases[checker](seed=2718)
        assert len(a) == len(b)
        assert any(not np.array_equal(ca.args["x"], cb.args["x"]) for ca, cb in zip(a, b))


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("checker", CHECKERS)
def test_the_reference_passes(checker, language, capsys):
    result, out = run(checker, REFERENCES[checker], capsys, language)
    assert result is True, out
    assert out.startswith("✓")
    if language == "he":
        assert "הבדיקות עברו" in out or "נכונות" in out
    else:
        assert ("checks passed" in out or "rows are right" in out) and not HEBREW.search(out), out


@pytest.mark.parametrize("checker, fn", [(c, f) for c in CHECKERS for f in RIGHT[c]],
                         ids=lambda v: getattr(v, "__name__", v))
def test_an_independent_right_implementation_passes(checker, fn, capsys):
    result, out = run(checker, fn, capsys)
    assert result is True, out


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("checker, fn, phrase", [(c, f, p) for c in CHECKERS for f, p in WRONG[c]],
                         ids=lambda v: getattr(v, "__name__", None) if callable(v) else (v if v in WRONG else "phrase"))
def test_each_classic_mistake_is_rejected_and_named(checker, fn, phrase, language, capsys):
    """The Hebrew report names the mistake by its phrase; the English one gives the same diagnosis
    (the same catalogue message), in English, with no Hebrew left in it."""
    result, out = run(checker, fn, capsys, language)
    assert result is False, f"{fn.__name__} was accepted:\n{out}"
    assert out.startswith("✗")
    if language == "he":
        assert phrase in out, f"{fn.__name__}: the message does not name the mistake ({phrase!r}):\n{out}"
    else:
        _, hebrew_out = run(checker, fn, capsys, "he")
        assert_same_diagnosis_in_english(phrase, hebrew_out, out)


@pytest.mark.parametrize("language, expected, shapes", [
    ("he", "הפלט הנכון: [5, 7, -7, 5, 6]", "צורת הפלט (4,) במקום (5,)"),
    ("en", "The right output: [5, 7, -7, 5, 6]", "The output has shape (4,) instead of (5,)"),
])
def test_a_failure_shows_the_input_and_both_outputs(language, expected, shapes, capsys):
    from exercises_wrong import psd_pad_left_only

    result, out = run("check_conv1d_stride_dilation", psd_pad_left_only, capsys, language)
    assert result is False
    assert "x = [3, 1, -2, 4, 1]" in out and "padding=1" in out  # the failing case, as typed
    assert expected in out  # expected values
    assert shapes in out  # and the shapes


@pytest.mark.parametrize("bad", [None, 3, "conv1d", lambda x: x, lambda x, w: "abc", lambda x, w: None,
                                 lambda x, w: [[1, 2], [3]]])
def test_never_raises_for_a_wrong_answer(bad, capsys):
    for checker in CHECKERS:
        assert getattr(exercises, checker)(bad) is False
    assert "✗" in capsys.readouterr().out


def test_a_student_exception_is_reported_with_its_text_and_line(capsys):
    def broken(x, w):
        total = x.sum() / w.missing_attribute
        return total

    result, out = run("check_conv1d", broken, capsys)
    assert result is False
    assert "AttributeError" in out and "missing_attribute" in out
    assert "total = x.sum() / w.missing_attribute" in out  # the student's own line


# ---------------------------------------------------------------- hand computation
RIGHT_ANSWERS = {  # worked out by hand, independently of the registry
    "conv1d-length": 4,  # 6 - 3 + 1
    "conv1d-y1": 4,  # 0*2 + (-1)(-1) + 3*1
    "conv1d-fc-params": 64_250,  # 256*250 + 250
    "conv1d-conv-params": 8,
    "channels-params": 128,  # 3*8*5 + 8
    "channels-relu": [1, 0, 4],
    "psd-length": 8,  # floor((17 + 8 - 9 - 1)/2) + 1
    "same-padding": 6,  # 3*(5-1)/2
    "receptive-field": 6,  # 1 + 2*(1+2+4+8+16+32) = 127 >= 100, with 5 layers 63
    "pool-output-shape": (6, 13, 13),
    "pool-values": [[5, 4], [-2, 3]],
    "conv2d-output-shape": (10, 16, 24),  # floor((32+2-3)/2)+1, (24+4-5)+1
    "conv2d-params": 610,  # 4*10*15 + 10
    "conv2d-value": 3,
    "separable-mults": (25, 10),
    "lenet-c1-as-fc": 3_692_640,  # 784 * 4704 + 4704
    "lenet-no-padding": 4,  # 28 -> 24 -> 12 -> 8 -> 4
    "backprop-grad-w": [3, -4],  # (1·1 + 2·0 + (-1)(-2), 2·1 + (-1)·0 + 3·(-2))
    "backprop-grad-x": [2, -1, -4, 2],  # full convolution of (1, 0, -2) with (2, -1)
}


def test_every_hand_exercise_has_a_worked_answer_here():
    assert set(RIGHT_ANSWERS) == set(answers.answer_ids())


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("exercise_id", sorted(RIGHT_ANSWERS))
def test_right_answers_pass(exercise_id, language, capsys):
    with lang.using(language):
        assert exercises.check_answer(exercise_id, RIGHT_ANSWERS[exercise_id]) is True
    out = capsys.readouterr().out
    assert out.startswith("✓") and ("נכון" in out if language == "he" else "right!" in out and not HEBREW.search(out))


@pytest.mark.parametrize("exercise_id, value, phrase", [
    ("conv1d-length", 3, "+1"),
    ("conv1d-length", 8, "full"),
    ("conv1d-y1", 7, "הפוך"),
    ("conv1d-y1", 3, "y[0]"),
    ("conv1d-fc-params", 64_000, "ההטיות"),
    ("conv1d-conv-params", 1750, "שיתוף משקלים"),
    ("channels-params", 120, "ההטיות"),
    ("channels-params", 48, "C_in"),
    ("channels-relu", [1, -3, 4], "ReLU"),
    ("channels-relu", [2, 0, 5], "ההטיה"),
    ("psd-length", 11, "מההתרחבות"),
    ("psd-length", 6, "בצד אחד"),
    ("psd-length", 7, "+1"),
    ("psd-length", 9, "כלפי מעלה"),
    ("same-padding", 2, "מההתרחבות"),
    ("receptive-field", 50, "בלי התרחבות"),
    ("receptive-field", 5, "קטן מ־100"),
    ("pool-output-shape", (6, 14, 14), "כלפי מעלה"),
    ("pool-output-shape", (13, 13), "הערוצים"),
    ("pool-values", [[5, 4], [0, 3]], "שלילי"),
    ("pool-values", [[2, 1], [-3.75, 0.75]], "ממוצע"),
    ("conv2d-output-shape", (10, 16, 12), "ברוחב"),
    ("conv2d-output-shape", (10, 15, 26), "בין הגובה לרוחב"),
    ("conv2d-params", 600, "ההטיות"),
    ("conv2d-params", 130, "K_h × K_w"),
    ("conv2d-value", -3, "הפוך"),
    ("conv2d-value", -2, "y[1, 0]"),
    ("lenet-c1-as-fc", 3_687_936, "ההטיות"),
    ("lenet-c1-as-fc", 156, "C1 עצמה"),
    ("lenet-no-padding", 5, "בלי ריפוד"),
    ("backprop-grad-w", [-3, -1], "הפכתם את g"),
    ("backprop-grad-w", [1, 2], "רק את התרומה"),
    ("backprop-grad-x", [-1, 2, 2, -4], "לא הפכתם"),
    ("backprop-grad-x", [-1, -4], "תקפה"),
])
@pytest.mark.parametrize("language", LANGS)
def test_classic_wrong_answers_are_named(exercise_id, value, phrase, language, capsys):
    with lang.using(language):
        assert exercises.check_answer(exercise_id, value) is False
    out = capsys.readouterr().out
    if language == "he":
        assert phrase in out, out
        assert "הנתונים:" in out  # the givens are repeated, so a mismatch with the text would show
    else:
        with lang.using("he"):
            exercises.check_answer(exercise_id, value)
        assert_same_diagnosis_in_english(phrase, capsys.readouterr().out, out)
        assert "Given:" in out


class _Unreadable:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")

    def __iter__(self):
        raise RuntimeError("no items either")


def _grad_tensors():
    import torch

    return [torch.tensor(1.0, requires_grad=True), torch.tensor(2.0, requires_grad=True)]


@pytest.mark.parametrize("value", [None, ..., "abc", [1, 2], object(), _Unreadable(), _grad_tensors(), 3 + 1j,
                                   "1" * 10_000, [[1, 2], [3]]])
def test_check_answer_never_raises_for_a_wrong_answer(value, capsys):
    assert exercises.check_answer("psd-length", value) is False
    out = capsys.readouterr().out
    assert out.startswith("✗")


@pytest.mark.parametrize("language, word", [("he", "רמז:"), ("en", "Hint:")])
def test_an_unlisted_wrong_answer_gets_the_hint(language, word, capsys):
    with lang.using(language):
        assert exercises.check_answer("psd-length", 100) is False
    assert word in capsys.readouterr().out


def test_answers_in_other_forms_are_accepted(capsys):
    import torch

    assert exercises.check_answer("conv1d-fc-params", "64,250") is True
    assert exercises.check_answer("conv1d-length", np.int64(4)) is True
    assert exercises.check_answer("conv1d-y1", torch.tensor(4.0)) is True
    assert exercises.check_answer("pool-output-shape", torch.Size([6, 13, 13])) is True


def test_an_unknown_exercise_id_is_a_value_error():
    with pytest.raises(ValueError, match="exercise_id must be one of"):
        exercises.check_answer("no-such-exercise", 1)


# ---------------------------------------------------------------- how the report is shown
def test_english_html_reads_left_to_right():
    with lang.using("en"):
        html = _report.Message().line("got", _report.Code(np.array([1.0]))).html(ok=True)
    assert html.startswith('<div dir="ltr" lang="en"') and "border-left" in html and "border-right" not in html


def test_the_html_form_reads_right_to_left_with_values_left_to_right():
    m = _report.Message().line("קיבלנו", _report.Code(np.array([1.0, -2.5])), "<b>")
    html = m.html(ok=False)
    assert html.startswith('<div dir="rtl"')
    assert '<code dir="ltr" style="unicode-bidi: isolate;">[1, -2.5]</code>' in html
    assert "&lt;b&gt;" in html  # text is escaped
    assert m.plain() == "קיבלנו [1, -2.5] <b>"


def test_a_formula_in_a_hebrew_line_is_set_left_to_right_as_a_whole():
    with lang.using("he"):
        html = _report.Message().line("✗", "רמז: בכל ציר ⌊(n − k)/s⌋ + 1, ומספר הערוצים לא משתנה.").html(ok=False)
    assert '<bdi dir="ltr">⌊(n − k)/s⌋ + 1</bdi>, ומספר' in html
    assert "✗ רמז" in html  # the mark stays at the start of the right-to-left line
    with lang.using("en"):
        assert "<bdi" not in _report.Message().line("Hint: ⌊(n − k)/s⌋ + 1.").html(ok=False)


def test_in_a_kernel_the_report_is_displayed_as_html_and_text(monkeypatch):
    shown = []
    monkeypatch.setattr(_report, "_in_kernel", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    assert exercises.check_answer("conv1d-length", 4) is True
    assert set(shown[0]) == {"text/html", "text/plain"}
    assert 'dir="rtl"' in shown[0]["text/html"] and shown[0]["text/plain"].startswith("✓")


# ---------------------------------------------------------------- never hang, never raise
@pytest.mark.parametrize("endless", ["conv1d_endless", "conv1d_endless_swallowing"])
def test_an_infinite_loop_is_stopped_with_a_hebrew_message(endless, monkeypatch, capsys):
    import exercises_wrong

    monkeypatch.setattr(_report, "TIME_LIMIT", 1.0)
    result, out = run("check_conv1d", getattr(exercises_wrong, endless), capsys)
    assert result is False
    assert "יותר מ־1 שניות" in out and "לולאה" in out, out
    result, out = run("check_conv1d", getattr(exercises_wrong, endless), capsys, "en")
    assert result is False
    assert "more than 1 seconds" in out and "loop" in out and not HEBREW.search(out), out


def test_the_time_limit_works_outside_the_main_thread_too(monkeypatch, capsys):
    """Where no SIGALRM can be used (another thread, Windows), a watchdog stops the loop."""
    import threading

    from exercises_wrong import conv1d_endless

    monkeypatch.setattr(_report, "TIME_LIMIT", 1.0)
    results = []
    worker = threading.Thread(target=lambda: results.append(exercises.check_conv1d(conv1d_endless)))
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive() and results == [False]
    assert "שניות" in capsys.readouterr().out


def test_the_alarm_is_restored_after_a_check(capsys):
    import signal

    before = signal.getsignal(signal.SIGALRM)
    exercises.check_conv1d(cnnbook.conv1d)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_changing_a_tensor_in_place_names_the_argument(capsys):
    from exercises_wrong import accuracy_changes_scores

    result, out = run("check_accuracy", accuracy_changes_scores, capsys)
    assert result is False
    assert "scores" in out and "in place" in out and "scores.clone()" in out


def test_a_long_result_is_shown_short(capsys):
    result, out = run("check_conv1d", lambda x, w: [list(range(100_000))], capsys)
    assert result is False
    assert len(out) < 3000, len(out)


def test_reprs_never_raise():
    class Nasty:
        def __repr__(self):
            raise RuntimeError("no repr")

    assert "Nasty" in _report.fmt(Nasty())
    assert len(_report.fmt(list(range(10**6)))) <= _report.MAX_TEXT


@pytest.mark.parametrize("checker", ["check_conv1d", "check_merge_kernels", "check_conv1d_stride_dilation"])
def test_the_off_by_one_hint_quotes_the_exercises_own_formula(checker, capsys):
    import exercises_wrong

    fn = {"check_conv1d": exercises_wrong.conv1d_one_short, "check_merge_kernels": exercises_wrong.merge_one_short,
          "check_conv1d_stride_dilation": exercises_wrong.psd_one_short}[checker]
    result, out = run(checker, fn, capsys)
    assert result is False and "off-by-one" in out
    result, english = run(checker, fn, capsys, "en")
    assert result is False and "off-by-one" in english and not HEBREW.search(english)
    if checker != "check_conv1d_stride_dilation":
        assert "d(K − 1)" not in out, out  # the formula with dilation belongs to chapter 3 only


# ---------------------------------------------------------------- the formats check_answer reads
@pytest.mark.parametrize("exercise_id, value", [
    ("conv1d-fc-params", "64 250"),
    ("conv1d-fc-params", "64,250"),
    ("conv1d-fc-params", "256*250 + 250"),
    ("conv1d-length", "8/2"),
    ("conv1d-length", 4.0),
    ("pool-output-shape", "6x13x13"),
    ("pool-output-shape", "6×13×13"),
    ("pool-output-shape", "(6, 13, 13)"),
    ("pool-output-shape", [6, 13, 13]),
    ("pool-output-shape", (6, 13.0, 13)),
    ("pool-output-shape", np.array([6, 13, 13])),
    ("channels-relu", "[1, 0, 4]"),
    ("channels-relu", "1 0 4"),
    ("pool-values", "[[5, 4], [-2, 3]]"),
])
def test_check_answer_reads_the_usual_formats(exercise_id, value, capsys):
    assert exercises.check_answer(exercise_id, value) is True, capsys.readouterr().out


@pytest.mark.parametrize("exercise_id, value, phrase", [
    ("conv1d-length", "4,0", "דו־משמעי"),  # never 40
    ("conv1d-fc-params", "64,25", "דו־משמעי"),
    ("pool-output-shape", (6, 13.9, 13), "שלמים"),  # never truncated to 13
    ("pool-output-shape", "6x13.9x13", "שלמים"),
    ("lenet-c1-as-fc", 3_692_641, "אינה נכונה"),  # a big count is compared exactly
    ("conv1d-length", 4 + 0j, "מרוכב"),
    ("conv1d-length", "four", "מספר אחד"),
    ("channels-relu", "[1, 0, 'a']", "מערך של מספרים"),
])
@pytest.mark.parametrize("language", LANGS)
def test_check_answer_refuses_unclear_or_inexact_answers_and_says_the_format(exercise_id, value, phrase, language,
                                                                            capsys):
    with lang.using(language):
        assert exercises.check_answer(exercise_id, value) is False
    out = capsys.readouterr().out
    if language == "he":
        assert phrase in out, out
    else:
        with lang.using("he"):
            exercises.check_answer(exercise_id, value)
        assert_same_diagnosis_in_english(phrase, capsys.readouterr().out, out)


def test_the_shape_format_example_is_no_modelled_wrong_answer():
    for exercise_id in answers.answer_ids():
        q = answers.QUESTIONS[exercise_id]
        if q.kind == answers.SHAPE:
            for model, _ in q.mistakes:
                assert str(tuple(int(v) for v in model())) not in str(answers.SHAPE_FORMAT)
            assert str(tuple(q.answer())) not in str(answers.SHAPE_FORMAT)


def test_reference_answers_are_public_for_instructors():
    assert exercises.reference_answer("pool-output-shape") == (6, 13, 13)
    assert exercises.reference_answer("conv1d-fc-params") == RIGHT_ANSWERS["conv1d-fc-params"]


# ---------------------------------------------------------------- every word from the catalogue
CHECKER_SOURCES = sorted((Path(cnnbook.__file__).parent / "exercises").glob("*.py")) + [
    Path(cnnbook.__file__).parent / "assign.py", Path(cnnbook.__file__).parent / "nbgrader_course.py"]


@pytest.mark.parametrize("path", CHECKER_SOURCES, ids=lambda p: p.name)
def test_no_hebrew_is_left_in_the_checkers_source(path):
    """Every word a student reads comes from the catalogue (messages/*.toml), so nothing Hebrew
    is left in the code: no string literal, no comment."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    hebrew = [(t.start[0], t.string[:60]) for t in tokens
              if t.type in (tokenize.STRING, tokenize.COMMENT) and HEBREW.search(t.string)]
    assert hebrew == []


def test_every_checker_key_in_the_code_is_in_both_catalogues():
    keys = set()
    for path in CHECKER_SOURCES:
        keys |= {f"checker.{k}" for k in re.findall(r'_[tW]\("([\w.-]+)"', path.read_text(encoding="utf-8"))}
    assert len(keys) > 300
    for language in LANGS:
        missing = keys - set(lang.catalogue(language))
        assert not missing, (language, sorted(missing)[:10])
    assert not HEBREW.search("".join(v for k, v in lang.catalogue("en").items()
                                     if k.startswith("checker.") and isinstance(v, str)))


# ---------------------------------------------------------------- issue 19: fair checkers
def _checker_cases(monkeypatch):
    """``[(checker, cases, reference)]`` of every coding checker, recorded instead of run."""
    from cnnbook.exercises import _backward, _conv2d, _pool

    recorded = []
    for module in (_conv1d, _conv2d, _pool, _backward, _lenet):
        monkeypatch.setattr(module, "run_cases", lambda title, fn, cases, reference, *a, **k:
                            recorded.append((title, cases, reference)) or True)
    for name in CHECKERS:
        if name != "check_lenet_shapes":
            getattr(exercises, name)(None)
    return recorded


def test_a_failing_case_never_shows_the_answer_of_a_hand_exercise(monkeypatch):
    """A wrong coding answer shows the failing case's right output: it must not be a hand exercise's answer."""
    answers_ = {i: np.asarray(exercises.reference_answer(i), dtype=float) for i in exercises.answer_ids()
                if np.size(exercises.reference_answer(i)) >= 2}
    assert answers_
    for title, cases, reference in _checker_cases(monkeypatch):
        for i, case in enumerate(cases, 1):
            out = np.asarray(reference(*case.args.values(), **case.kwargs), dtype=float)
            for exercise_id, answer in answers_.items():
                assert not (out.shape == answer.shape and np.allclose(out, answer)), (title, i, exercise_id)


def test_every_case_passes_floats_so_torch_code_works(monkeypatch):
    """torch refuses integer tensors in convolutions ("not implemented for 'Long'"): real-valued inputs are floats."""
    for title, cases, _ in _checker_cases(monkeypatch):
        for case in cases:
            for name, value in case.args.items():
                if isinstance(value, np.ndarray):
                    assert value.dtype == np.float64, (title, name, value.dtype)


@pytest.mark.parametrize("language", LANGS)
def test_an_error_inside_a_library_is_named_not_taken_for_the_stub(language, capsys):
    import torch
    import torch.nn.functional as F

    def on_integers(x, w):
        return F.conv1d(torch.tensor(x).long().view(1, 1, -1), torch.tensor(w).view(1, 1, -1)).flatten()

    result, out = run("check_conv1d", on_integers, capsys, language)
    assert result is False
    assert "torch" in out and "F.conv1d" in out, out
    stub = lang.catalogue(language)["checker.report.call_line_2"]
    assert stub not in out, out


def test_the_students_own_stub_is_still_called_a_stub(capsys):
    def stub(x, w):
        raise NotImplementedError("write me")

    result, out = run("check_conv1d", stub, capsys, "en")
    assert result is False and "Replace the line" in out and "library" not in out, out
