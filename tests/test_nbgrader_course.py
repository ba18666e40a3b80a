"""The nbgrader course made from the chapters: the transformation (fast), and the real nbgrader
on chapters 01 and 04 (slow: nbgrader runs each notebook once per submission).

The end-to-end test generates the assignment, then autogrades three submissions per chapter:
the instructor's solutions (full automatic score), the released notebook left blank (0), and
the solutions with typical mistakes put in (a flipped kernel, an off-by-one length, a wrong
hand answer: a partial score), and checks that the feedback HTML shows the Hebrew verdicts.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cnnbook import nbgrader_course
from cnnbook.assign import CHAPTERS, PROMPT, main, solution_regions

ROOT = Path(__file__).resolve().parents[1]


def _exercise_notebook():
    """A small chapter: a hand computation, a coding exercise with its check, code that only holds a
    solution, and a written answer."""
    def solution(cell, grade_id):
        cell.metadata["tags"] = ["solution"]
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": grade_id, "locked": False,
                                     "schema_version": 3, "solution": True}
        return cell

    check = new_code_cell("check_conv1d(my_conv1d)")
    check.metadata["tags"] = ["check"]
    return new_notebook(cells=[
        new_code_cell("import numpy as np\nfrom cnnbook.exercises import check_answer, check_conv1d"),
        solution(new_code_cell("# answer = the length\n### BEGIN SOLUTION\nanswer = 4\n### END SOLUTION\n"
                               'check_answer("conv1d-length", answer)'), "ex1"),
        solution(new_code_cell("def my_conv1d(x, w):\n    ### BEGIN SOLUTION\n    return np.correlate(x, w)\n"
                               "    ### END SOLUTION"), "ex2"),
        check,
        solution(new_code_cell("### BEGIN SOLUTION\nprint(1)\n### END SOLUTION"), "ex3-code"),
        solution(new_markdown_cell('<div dir="rtl">\n\n### BEGIN SOLUTION\n\nתשובה.\n\n### END SOLUTION\n\n</div>'),
                 "ex3"),
    ])


def test_hand_computations_get_a_separate_locked_test_cell():
    nb, rows = nbgrader_course.course_notebook(_exercise_notebook())
    answer, test = nb.cells[1], nb.cells[2]
    assert "check_answer" not in answer.source and answer.metadata["nbgrader"]["solution"] is True
    assert 'assert check_answer("conv1d-length", answer)' in test.source
    assert "answer = ..." in test.source  # a blank next exercise cannot pass on this answer
    meta = test.metadata["nbgrader"]
    assert meta["grade"] is True and meta["locked"] is True and meta["solution"] is False
    assert meta["points"] == nbgrader_course.POINTS["answer"] and meta["grade_id"] == "ex1-test"
    assert ("ex1-test", "answer", 1) in rows


def test_checks_become_locked_asserts_with_hidden_cases():
    nb, rows = nbgrader_course.course_notebook(_exercise_notebook())
    test = nb.cells[4]
    assert "assert check_conv1d(my_conv1d)\n" in test.source
    hidden = test.source.split("### BEGIN HIDDEN TESTS")[1]
    assert f"assert check_conv1d(my_conv1d, seed={nbgrader_course.HIDDEN_SEED})" in hidden
    assert test.metadata["nbgrader"]["locked"] is True and test.metadata["nbgrader"]["grade_id"] == "ex2-test"
    assert ("ex2-test", "code", nbgrader_course.POINTS["code"]) in rows


def test_written_answers_are_graded_by_hand_and_bare_code_gets_a_prompt():
    nb, rows = nbgrader_course.course_notebook(_exercise_notebook())
    code, written = nb.cells[5], nb.cells[6]
    assert code.source.startswith(PROMPT)
    meta = written.metadata["nbgrader"]
    assert meta["solution"] is True and meta["grade"] is True and meta["points"] == nbgrader_course.POINTS["written"]
    assert [r[1] for r in rows] == ["answer", "code", "written"]


def test_points_can_be_set_in_the_notebook():
    source = _exercise_notebook()
    source.cells[5].metadata["nbgrader"]["points"] = 5
    _, rows = nbgrader_course.course_notebook(source)
    assert ("ex3", "written", 5) in rows


def test_the_course_holds_every_chapter_and_the_config(tmp_path, capsys):
    assert main(["nbgrader", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    stems = [p.stem for p in sorted(CHAPTERS.glob("*.ipynb"))]
    for stem in stems:
        path = tmp_path / "source" / stem / f"{stem}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded, f"{stem}: no graded cell"
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") or meta.get("grade"):
                assert cell.get("outputs", []) == [], f"{stem}: the instructor's output would be released"
            if cell.cell_type == "markdown" and meta.get("solution"):
                assert meta["grade"] is True
        assert f"| {stem} |" in out  # the points table
    config = (tmp_path / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "השלימו כאן את הפתרון" in config and "התשובה שלך כאן" in config
    assert f"c.Execute.timeout = {nbgrader_course.CELL_TIMEOUT}" in config and "CNNBOOK_OFFLINE" in config
    compile(config, "nbgrader_config.py", "exec")


# ---------------------------------------------------------------- the real nbgrader, end to end
WRONG_CODE = {  # checker -> a typical wrong implementation, under the student's own function name
    "check_conv1d": 'def {name}(x, w):\n    return np.convolve(x, w, mode="valid")  # a flipped kernel\n',
    "check_conv_matrix": "def {name}(w, L):\n    K = len(w)\n    M = np.zeros((L - K, L))  # one row short\n"
                         "    for n in range(L - K):\n        M[n, n:n + K] = w\n    return M\n",
    "check_max_pool2d": "def {name}(x, kernel_size, stride=None):\n    s = kernel_size if stride is None else stride\n"
                        "    h, w = (x.shape[0] - kernel_size) // s, (x.shape[1] - kernel_size) // s  # no + 1\n"
                        "    out = np.zeros((h, w))\n    for i in range(h):\n        for j in range(w):\n"
                        "            out[i, j] = x[i * s:i * s + kernel_size, j * s:j * s + kernel_size].max()\n"
                        "    return out\n",
}
CHECK_CALL = re.compile(r"^\s*(?:assert )?(check_\w+)\((\w+)\)\s*$", re.M)


def _nbgrader(course, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "code"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=3600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _with_mistakes(source_nb):
    """The instructor's notebook with a typical mistake in every coding exercise the chapter checks
    with a checker of WRONG_CODE, and a wrong first hand computation."""
    nb = json.loads(json.dumps(source_nb))
    wrong_functions = {name: checker for c in nb["cells"] if c["cell_type"] == "code"
                       for checker, name in CHECK_CALL.findall("".join(c["source"])) if checker in WRONG_CODE}
    changed, answered = [], False
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or not meta.get("solution"):
            continue
        for name, checker in wrong_functions.items():
            if re.search(rf"^def {name}\(", source, re.M):
                cell["source"] = WRONG_CODE[checker].format(name=name)
                changed.append(checker)
        if not answered and re.search(r"^answer = ", source, re.M):
            regions = solution_regions(source)
            lines = source.splitlines()
            begin, end = regions[0]
            cell["source"] = "\n".join(lines[: begin + 1] + ["answer = -1"] + lines[end:])
            answered = True
    assert changed and answered, "the chapter lost the exercises this test puts mistakes into"
    return nb


def _scores(course, assignment, students):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        out = {}
        for student in students:
            sub = gb.find_submission_notebook(assignment, assignment, student)
            out[student] = (sub.code_score, sub.max_code_score, sub.written_score, sub.max_written_score)
        return out


@pytest.mark.parametrize("stem", ["01_conv1d", "04_max_pooling"])
def test_nbgrader_generates_and_autogrades_the_chapter(stem, tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    shutil.copy(CHAPTERS / f"{stem}.ipynb", chapters)
    course = tmp_path / "course"
    nbgrader_course.write_course(course, chapters)
    _nbgrader(course, "generate_assignment", stem, "--force")

    release = course / "release" / stem / f"{stem}.ipynb"
    released = nbformat.read(release, as_version=4)
    text = "".join(c.source for c in released.cells)
    assert "### BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert "השלימו כאן את הפתרון" in text  # the Hebrew stub
    source = nbformat.read(course / "source" / stem / f"{stem}.ipynb", as_version=4)
    figures = sum(1 for c in source.cells for o in c.get("outputs", [])
                  if {"image/png", "text/html"} & set(o.get("data", {})))
    kept = sum(1 for c in released.cells for o in c.get("outputs", [])
               if {"image/png", "text/html"} & set(o.get("data", {})))
    assert figures and kept == figures  # the figures stay in the released notebook

    submissions = {"instructor": source, "blank": released, "mistakes": _with_mistakes(source)}
    for student, nb in submissions.items():
        target = course / "submitted" / student / stem / f"{stem}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nbformat.from_dict(nb), target)
    _nbgrader(course, "autograde", stem, "--force")
    scores = _scores(course, stem, submissions)
    print(f"\n{stem} (automatic score / max): " + ", ".join(f"{s}: {v[0]:g}/{v[1]:g}" for s, v in scores.items()))

    code, max_code = scores["instructor"][:2]
    assert max_code > 0 and code == max_code, scores
    assert scores["blank"][0] == 0, scores
    assert 0 < scores["mistakes"][0] < max_code, scores

    _nbgrader(course, "generate_feedback", stem, "--force")
    feedback = (course / "feedback" / "mistakes" / stem / f"{stem}.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in feedback and "הבדיקה נכשלה" in feedback  # the checker's Hebrew verdict
    assert "off-by-one" in feedback
    blank = (course / "feedback" / "blank" / stem / f"{stem}.html").read_text(encoding="utf-8")
    assert "NotImplementedError" in blank


def test_nbgrader_generates_every_chapter(tmp_path):
    """nbgrader accepts every chapter's source (it validates the cells' metadata; nothing runs)."""
    course = tmp_path / "course"
    table = nbgrader_course.write_course(course)
    for stem in table:
        _nbgrader(course, "generate_assignment", stem, "--force")
        released = nbformat.read(course / "release" / stem / f"{stem}.ipynb", as_version=4)
        text = "".join(c.source for c in released.cells)
        assert "### BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, stem


# ---------------------------------------------------------------- the English edition (--lang en)
HEBREW = re.compile("[\u0590-\u05ff]")
EN_CHAPTERS = ROOT / "en" / "chapters"


def test_the_english_course_has_english_stubs(tmp_path):
    """An English notebook (English written answer, no right-to-left wrapper) gives an English course:
    the config's stubs and comment in English, and nothing Hebrew that the course itself adds."""
    folder = tmp_path / "chapters"
    folder.mkdir()
    nb = _exercise_notebook()
    nb.cells[5].source = "### BEGIN SOLUTION\n\nAn answer.\n\n### END SOLUTION"
    nbformat.write(nb, folder / "01_mini.ipynb")
    table = nbgrader_course.write_course(tmp_path / "course", folder, lang="en")
    assert [kind for _, kind, _ in table["01_mini"]] == ["answer", "code", "written"]
    config = (tmp_path / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "Write your solution here" in config and "YOUR ANSWER HERE" in config and "in English" in config
    assert not HEBREW.search(config)
    compile(config, "nbgrader_config.py", "exec")
    course_nb = nbformat.read(tmp_path / "course" / "source" / "01_mini" / "01_mini.ipynb", as_version=4)
    assert not any(HEBREW.search(c.source) for c in course_nb.cells)
    assert "in Hebrew" in nbgrader_course.config_text("he") and "השלימו כאן את הפתרון" in nbgrader_course.config_text()


@pytest.mark.skipif(not EN_CHAPTERS.is_dir(), reason="en/chapters is not in this checkout yet (being translated)")
def test_the_english_course_holds_every_english_chapter(tmp_path, capsys):
    assert main(["nbgrader", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    hebrew_table = nbgrader_course.write_course(tmp_path / "he")
    for stem in hebrew_table:
        path = tmp_path / "source" / stem / f"{stem}.ipynb"
        nbformat.validate(nbformat.read(path, as_version=4))
        assert f"| {stem} |" in out
    config = (tmp_path / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "Write your solution here" in config and not HEBREW.search(config)
    english_table = nbgrader_course.write_course(tmp_path / "en2", lang="en")
    assert english_table == hebrew_table  # the same graded cells and points in both editions


def test_nbgrader_autogrades_an_english_chapter_with_english_feedback(tmp_path):
    """Chapter 01 with its set-up cell made English (standardize(..., lang="en")), as the English
    chapter has it: nbgrader releases English stubs, and the feedback on a flipped kernel is English."""
    from cnnbook.notebook import standardize

    stem = "01_conv1d"
    source_path = EN_CHAPTERS / f"{stem}.ipynb"
    nb = nbformat.read(source_path if source_path.exists() else CHAPTERS / f"{stem}.ipynb", as_version=4)
    standardize(nb, lang="en")
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    nbformat.write(nb, chapters / f"{stem}.ipynb")
    course = tmp_path / "course"
    nbgrader_course.write_course(course, chapters, lang="en")
    _nbgrader(course, "generate_assignment", stem, "--force")
    released = nbformat.read(course / "release" / stem / f"{stem}.ipynb", as_version=4)
    text = "".join(c.source for c in released.cells)
    assert "Write your solution here" in text and "השלימו כאן את הפתרון" not in text
    source = nbformat.read(course / "source" / stem / f"{stem}.ipynb", as_version=4)
    target = course / "submitted" / "mistakes" / stem / f"{stem}.ipynb"
    target.parent.mkdir(parents=True)
    nbformat.write(nbformat.from_dict(_with_mistakes(source)), target)
    _nbgrader(course, "autograde", stem, "--force")
    _nbgrader(course, "generate_feedback", stem, "--force")
    feedback = (course / "feedback" / "mistakes" / stem / f"{stem}.html").read_text(encoding="utf-8")
    assert 'class="cnnbook-check"' in feedback and "the check failed" in feedback and "Diagnosis" in feedback
    reports = re.findall(r"<div [^>]*cnnbook-check[^>]*>", feedback)
    assert reports and all('dir="ltr"' in tag for tag in reports), reports  # English reads left to right
