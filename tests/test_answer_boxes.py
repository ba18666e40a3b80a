"""The book's answer boxes: the browser's checker (_static/answer-box.js, run under node) gives
check_answer's report, and the book's extension (_ext/answer_boxes.py) puts a box after every
hand-computed exercise of both editions."""
import contextlib
import functools
import html
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cnnbook.exercises import _answers, answer_ids, check_answer
from cnnbook.exercises._web import all_answer_box_data, answer_box_data
from cnnbook.lang import LANGUAGES, catalogue, ltr_runs, using

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "_static" / "answer-box.js"
sys.path.insert(0, str(ROOT / "_ext"))

# Typed text that check_answer cannot read, per kind, and text it reads in another form.
MALFORMED = {
    "number": ["", "abc", "3 +", "4,0", "1/0", "2**100", "f(2)", "2 3", "(1, 2)", "007", "(-8)**0.5", "1e200**2"],
    "shape": ["", "()", "6, 13.5, 13", "six", "6 x 13 x y", "[a, b]"],
    "array": ["", "[]", "abc", "[1, [2]]", "[[1, 2], [3]]", "'text'", "[1j, 2]", "{1, 2}", "[None]", "1 2 x"],
}
OTHER_FORMS = {
    "number": ["64,250", "64 250", "2.5", "8/2", "3·8·5 + 8", "-2**2", "7 // 2", "-7 % 3", "0x10", ".5e1", "1_000", "1e400*1e400", "1004.5", "2**-3"],
    "shape": ["6x13x13", "6×13×13", "[6, 13, 13]", "6 13 13", "+6, 13, 13", "(6,)", "6 x 13 x"],
    "array": ["1 0 4", "(1, 0)", "5", "[1, 0.5, -2]", "1, 2, 3", "[[1, 2], [3, 4]]", "[True, 2, 3]", "8/2 1 0"],
}


def _text(value, kind):
    """A value as a student would type it."""
    if kind == "number":
        return repr(float(value)) if not float(value).is_integer() else str(int(value))
    if kind == "shape":
        return "(" + ", ".join(str(int(v)) for v in value) + ")"
    return json.dumps(value)


@pytest.fixture(scope="module", autouse=True)
def _lenet_once():
    """LeNet's layer table (one exercise's givens) is built once, not once per checked answer (1.4 s each)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_answers, "_lenet_rows", functools.cache(_answers._lenet_rows))
        yield


@functools.cache
def _data(lang):
    return all_answer_box_data(lang)


def _python_report(exercise_id, typed, lang):
    out = io.StringIO()
    with using(lang), contextlib.redirect_stdout(out):
        ok = check_answer(exercise_id, typed)
    return ok, out.getvalue().rstrip("\n")


def _cases():
    """(id, lang, typed) for every exercise: the right answer, every classic wrong answer, a wrong
    answer that matches no classic mistake, other forms and malformed text."""
    cases = []
    for lang in LANGUAGES:
        for exercise_id, data in _data(lang).items():
            kind = data["kind"]
            typed = [_text(data["right"], kind)] + [_text(m["value"], kind) for m in data["mistakes"]]
            off = np.asarray(data["right"], dtype=float) + 1000.5 if kind != "shape" else [v + 1000 for v in data["right"]]
            typed.append(_text(off.tolist() if kind == "array" else off, kind))
            typed += MALFORMED[kind] + OTHER_FORMS[kind]
            cases += [(exercise_id, lang, t) for t in typed]
    return cases


@pytest.fixture(scope="module")
def reports():
    """{(id, lang, typed): the browser checker's report}, every case checked by one node process."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    cases = _cases()
    script = (
        "const box = require(process.argv[1]);"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = input.cases.map(([id, lang, typed]) => { const r = box.check(input.data[lang][id], typed);"
        " return {ok: r.ok, problem: r.problem, reasons: r.reasons, plain: box.plain(r)}; });"
        "process.stdout.write(JSON.stringify(out));"
    )
    data = {lang: _data(lang) for lang in LANGUAGES}
    done = subprocess.run([node, "-e", script, str(JS)], input=json.dumps({"cases": cases, "data": data}),
                          capture_output=True, text=True, timeout=300, check=True)
    return dict(zip(map(tuple, cases), json.loads(done.stdout), strict=True))


def test_the_browser_gives_check_answers_report_for_every_exercise_and_input(reports):
    assert {exercise_id for exercise_id, _, _ in reports} == set(answer_ids())
    differences = []
    for (exercise_id, lang, typed), js in reports.items():
        ok, text = _python_report(exercise_id, typed, lang)
        if js["ok"] != ok:
            differences.append((exercise_id, lang, typed, "verdict", ok, js["ok"]))
        elif js["problem"]:  # the browser shows the typed text itself, not Python's "str: '...'"
            head = js["plain"][: len(js["plain"]) - len(typed)]
            if not text.startswith(head) or "\n" in text:
                differences.append((exercise_id, lang, typed, "problem", text, js["plain"]))
        elif js["plain"] != text:
            differences.append((exercise_id, lang, typed, "report", text, js["plain"]))
    assert not differences, "\n".join(map(repr, differences[:10]))


def test_every_classic_mistake_gets_its_diagnosis_in_the_browser(reports):
    for lang in LANGUAGES:
        for exercise_id, data in _data(lang).items():
            for mistake in data["mistakes"]:
                typed = _text(mistake["value"], data["kind"])
                reasons = [m["reason"] for m in data["mistakes"] if _text(m["value"], data["kind"]) == typed]
                js = reports[exercise_id, lang, typed]
                assert not js["ok"] and js["reasons"] == reasons and mistake["reason"] in js["plain"], (exercise_id, lang, typed)


def test_malformed_text_names_what_is_expected(reports):
    for lang in LANGUAGES:
        for exercise_id, data in _data(lang).items():
            for typed in MALFORMED[data["kind"]]:
                js = reports[exercise_id, lang, typed]
                assert not js["ok"] and js["problem"] and data["text"]["expected"] in js["problem"], (exercise_id, typed)


def test_the_data_comes_from_the_catalogue_in_each_language():
    he, en = answer_box_data("pool-values", "he"), answer_box_data("pool-values", "en")
    assert he["right"] == en["right"] == [[5.0, 4.0], [-2.0, 3.0]]
    assert he["text"]["right"] != en["text"]["right"] and "pool-values" in en["text"]["right"]
    assert [m["value"] for m in he["mistakes"]] == [m["value"] for m in en["mistakes"]]
    assert any("\u0590" <= ch <= "\u05ff" for ch in he["hint"]) and not any("\u0590" <= ch <= "\u05ff" for ch in en["hint"])
    json.dumps(all_answer_box_data("he"))  # JSON-ready


def test_an_unknown_exercise_is_refused_by_name():
    with pytest.raises(ValueError, match="exercise_id must be one of"):
        answer_box_data("no-such-exercise", "en")
    with pytest.raises(ValueError, match="lang"):
        answer_box_data("pool-values", "fr")


def _notebook_exercises(folder):
    import answer_boxes

    found = []
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                found += answer_boxes.exercises_in("".join(cell["source"]))
    return found


@pytest.mark.parametrize("folder", ["chapters", "en/chapters"])
def test_every_exercise_of_each_edition_is_found_in_its_notebooks_once(folder):
    found = _notebook_exercises(ROOT / folder)
    assert sorted(found) == sorted(answer_ids())


def test_the_call_is_found_in_its_usual_forms():
    import answer_boxes

    source = 'answer = 4\ncheck_answer("conv1d-length", answer)\ncheck_answer( \'pool-values\' , x)\n# my_check_answer("no")'
    assert answer_boxes.exercises_in(source) == ["conv1d-length", "pool-values"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_box_is_labelled_announced_and_carries_its_data(lang):
    import answer_boxes

    box = answer_boxes.box_html("pool-values", lang, number=2)
    uid = "answer-box-pool-values-2"
    assert f'id="{uid}"' in box and f'<label class="answer-box-label" for="{uid}-input">' in box
    assert f'id="{uid}-input"' in box and 'dir="ltr"' in box and f'aria-describedby="{uid}-format"' in box
    assert 'role="status" aria-live="polite"' in box and f'lang="{lang}"' in box
    assert f'dir="{"rtl" if lang == "he" else "ltr"}"' in box.split(">", 1)[0]
    start = box.index('class="answer-box-data">') + len('class="answer-box-data">')
    data = json.loads(box[start:box.index("</script>")])
    assert data == answer_box_data("pool-values", lang)
    assert html.escape(cnnbook_msg("answer_box.check", lang)) in box


def test_a_script_end_inside_the_data_cannot_close_the_script():
    import answer_boxes

    assert "</script>" not in answer_boxes._script_json({"a": "</script><!--"})
    assert json.loads(answer_boxes._script_json({"a": "</script>"})) == {"a": "</script>"}


def test_an_unknown_exercise_in_a_notebook_fails_the_build_by_name():
    import answer_boxes

    with pytest.raises(ValueError, match="exercise_id must be one of"):
        answer_boxes.box_html("conv1d-lenght", "en")
    with pytest.raises(ValueError, match="lang"):
        answer_boxes.box_html("conv1d-length", "de")


def cnnbook_msg(key, lang):
    from cnnbook.lang import msg

    return msg(key, lang)


def test_the_browser_sets_the_same_formulas_left_to_right_as_the_package():
    """_static/answer-box.js's ltrRuns is cnnbook.lang.ltr_runs: the same pieces for every Hebrew message."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    texts = sorted({t for text in catalogue("he").values() for t in (text if isinstance(text, list) else [text])})
    script = ("const box = require(process.argv[1]);"
              "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(texts.map(t => box.ltrRuns(t))));")
    done = subprocess.run([node, "-e", script, str(JS)], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=300, check=True)
    theirs = json.loads(done.stdout)
    assert sum(any(ltr for _, ltr in ltr_runs(t)) for t in texts) > 50  # the catalogue has many formulas
    assert [[list(p) for p in ltr_runs(t)] for t in texts] == theirs
