"""The nbgrader course made from the chapters: the transformation and the locked cells' grader (fast),
and the real nbgrader end to end (one generate and one autograde over every chapter, 07 without its
training: about 100 s on a lightly loaded 2-core machine).

The end-to-end test autogrades, for every chapter, the instructor's solutions (full automatic score)
and the released notebook left blank (0); for chapter 01 the solutions with typical mistakes (a
flipped kernel, an off-by-one length, a wrong hand answer: a partial score, and feedback in Hebrew
with nbgrader's own words translated and no hidden test shown); for chapter 06 one blank notebook
per attack on the checkers (shadowing, patching cnnbook, builtins or numpy, hiding the failure from
nbgrader): 0 each.
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

from cnnbook import lang, nbgrader_course
from cnnbook.assign import CHAPTERS, PROMPT, main, solution_regions
from cnnbook.reader import myst_left

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
    assert """assert _cnnbook_g["grade"]('check_answer', "conv1d-length", answer, lang='he')""" in test.source
    assert "answer = ..." in test.source  # a blank next exercise cannot pass on this answer
    meta = test.metadata["nbgrader"]
    assert meta["grade"] is True and meta["locked"] is True and meta["solution"] is False
    assert meta["points"] == nbgrader_course.POINTS["answer"] and meta["grade_id"] == "ex1-test"
    assert ("ex1-test", "answer", 1) in rows


def test_checks_become_locked_asserts_with_hidden_cases():
    nb, rows = nbgrader_course.course_notebook(_exercise_notebook())
    test = nb.cells[4]
    assert """assert _cnnbook_g["grade"]('check_conv1d', my_conv1d, lang='he')\n""" in test.source
    hidden = test.source.split("### BEGIN HIDDEN TESTS")[1]
    assert """assert _cnnbook_g["grade"]('check_conv1d', my_conv1d, lang='he', hidden=True)""" in hidden
    assert "seed" not in hidden  # the seed is the instructor's setting, not in the (fed back) source
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
CHECK_CALL = re.compile(r"""_cnnbook_g\["grade"\]\('(check_\w+)', (\w+), lang=""")  # in the locked test cells


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


ATTACKS = {  # a cell a devious student puts right after the set-up cell of the released (blank) notebook
    "shadow": "from cnnbook import exercises as _E\nfor _n in _E.__all__:\n    globals()[_n] = lambda *a, **k: True\n",
    "patch": ("import cnnbook, cnnbook.exercises as E\nfrom cnnbook.exercises import _answers, _report, _runner\n"
              "for _n in E.__all__:\n    setattr(E, _n, lambda *a, **k: True)\n"
              "_runner.same = _report.same = _answers._equal = lambda *a, **k: True\n"
              "cnnbook.conv1d = lambda x, w, *a, **k: x\n"),
    "builtins": "import builtins\nbuiltins.round = lambda x, n=None: x  # a kernel survives this one (not isinstance)\n",
    "numpy": "import numpy as np\nnp.allclose = lambda *a, **k: True\n",
    "swallow": "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)\n",
    "traceback": "get_ipython()._showtraceback = lambda *a, **k: None  # no error output: nbgrader sees a pass\n",
}
LENET = "07_lenet_mnist"
ATTACKED = "06_backprop"  # the chapter of the issue: 11/11 by shadowing the checkers
MISTAKEN = "01_conv1d"
TIMED = {}  # assignment -> seconds of its autograde (printed with -s)


def _without_training(path):
    """Chapter 07's course notebook without the cells that load MNIST and train (minutes): every ungraded code
    cell from the first that loads the data up to the exercises' imports. Its graded cells do not need them."""
    nb = nbformat.read(path, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "load_mnist()" in c.source)
    end = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "from cnnbook.exercises import" in c.source)
    nb.cells = [c for i, c in enumerate(nb.cells)
                if not (start <= i < end and c.cell_type == "code" and not c.metadata.get("nbgrader"))]
    nbformat.write(nb, path)


def _attacked(released):
    nb = json.loads(json.dumps(released))
    first = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    return {name: {**nb, "cells": nb["cells"][:first + 1] + [new_code_cell(code)] + nb["cells"][first + 1:]}
            for name, code in ATTACKS.items()}


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """Every chapter (07 without its training: minutes) as one nbgrader course, autograded: the instructor's
    solutions and the blank released notebook for each, typical mistakes in chapter 01, and every attack
    in chapter 06. Returns (course folder, {stem: {student: (code score, max code score)}})."""
    import time

    tmp = tmp_path_factory.mktemp("graded")
    chapters = tmp / "chapters"
    chapters.mkdir()
    stems = [p.stem for p in sorted(CHAPTERS.glob("*.ipynb"))]
    for stem in stems:
        shutil.copy(CHAPTERS / f"{stem}.ipynb", chapters)
    course = tmp / "course"
    nbgrader_course.write_course(course, chapters, hidden_seed="test-secret")
    _without_training(course / "source" / LENET / f"{LENET}.ipynb")
    _nbgrader(course, "generate_assignment", "*", "--force")  # one nbgrader run for every chapter: its start-up is slow
    students = {}
    for stem in stems:
        source = nbformat.read(course / "source" / stem / f"{stem}.ipynb", as_version=4)
        released = nbformat.read(course / "release" / stem / f"{stem}.ipynb", as_version=4)
        submissions = {"instructor": source, "blank": released}
        if stem == MISTAKEN:
            submissions["mistakes"] = _with_mistakes(source)
        if stem == ATTACKED:
            submissions.update(_attacked(released))
        for student, nb in submissions.items():
            target = course / "submitted" / student / stem / f"{stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nbformat.from_dict(nb), target)
        students[stem] = list(submissions)
    start = time.time()
    _nbgrader(course, "autograde", "*", "--force", "--Execute.timeout=300")  # a broken kernel fails, not hangs
    done = sorted((p.stat().st_mtime, p.parent.name) for p in (course / "autograded").glob("*/*/*.ipynb"))
    for (then, _), (now, stem) in zip([(start, None)] + done, done):  # seconds per notebook, summed per chapter
        TIMED[stem] = TIMED.get(stem, 0) + now - then
    scores = {stem: {s: v[:2] for s, v in _scores(course, stem, names).items()} for stem, names in students.items()}
    print(f"\nautograde: {time.time() - start:.0f} s for {len(done)} notebooks; seconds per chapter (its submissions):",
          {k: round(v) for k, v in TIMED.items()}, "\nscores:", scores)
    return course, scores


@pytest.mark.parametrize("stem", [p.stem for p in sorted(CHAPTERS.glob("*.ipynb"))])
def test_nbgrader_full_marks_for_the_solutions_and_none_for_a_blank_notebook(stem, graded_course):
    _, scores = graded_course
    code, max_code = scores[stem]["instructor"]
    assert max_code > 0 and code == max_code, scores[stem]
    assert scores[stem]["blank"][0] == 0, scores[stem]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_nbgrader_gives_an_attack_on_the_checkers_no_points(attack, graded_course):
    """Shadowing the checkers, patching cnnbook's modules, builtins or numpy, or swallowing the
    test's AssertionError, on the blank notebook: 0 points (it was 11/11 for shadowing, issue 19)."""
    _, scores = graded_course
    assert scores[ATTACKED][attack][0] == 0, scores[ATTACKED]


def test_nbgrader_partial_marks_and_feedback_in_the_course_language(graded_course):
    course, scores = graded_course
    assert 0 < scores[MISTAKEN]["mistakes"][0] < scores[MISTAKEN]["mistakes"][1], scores[MISTAKEN]
    _nbgrader(course, "generate_feedback", MISTAKEN, "--force")
    feedback = (course / "feedback" / "mistakes" / MISTAKEN / f"{MISTAKEN}.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in feedback and "הבדיקה נכשלה" in feedback  # the checker's Hebrew verdict
    assert "off-by-one" in feedback
    he = lang.catalogue("he")
    assert he["assign.feedback_test_cell"] in feedback and he["assign.feedback_answer"] in feedback
    assert "Test cell" not in feedback and "Student's answer" not in feedback
    assert "HIDDEN TESTS" not in feedback and "hidden=True" not in feedback  # no hidden test's source
    blank = (course / "feedback" / "blank" / MISTAKEN / f"{MISTAKEN}.html")
    _nbgrader(course, "generate_feedback", MISTAKEN, "--force")
    assert "NotImplementedError" in blank.read_text(encoding="utf-8")


def test_nbgrader_generates_every_chapter(tmp_path):
    """nbgrader accepts every chapter's source (it validates the cells' metadata; nothing runs)."""
    course = tmp_path / "course"
    table = nbgrader_course.write_course(course)
    _nbgrader(course, "generate_assignment", "*", "--force")  # one run: nbgrader's start-up is slow
    for stem in table:
        released = nbformat.read(course / "release" / stem / f"{stem}.ipynb", as_version=4)
        text = "".join(c.source for c in released.cells)
        assert "### BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, stem
        for cell in released.cells:  # rendered as the reader copies: no raw MyST (issue 19)
            if cell.cell_type == "markdown":
                assert not myst_left(cell.source) and "{glue" not in cell.source, (stem, myst_left(cell.source))
                assert not re.search(r"^\(\S+\)=\s*$", cell.source, re.M), stem


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


# ---------------------------------------------------------------- the locked cells, without nbgrader (fast)
def _run_test_cell(source, namespace):
    """Run a locked test cell's source in ``namespace``: True if it passes, False if its assert fails."""
    try:
        exec(compile(source, "<test cell>", "exec"), namespace)
    except AssertionError:
        return False
    return True


def _student(attack=None):
    """A namespace as a student's kernel has it: the set-up imports, a wrong answer, a wrong function."""
    import numpy as np

    namespace = {"__name__": "__main__", "np": np, "answer": 5, "my_conv1d": lambda x, w: np.convolve(x, w, "valid")}
    exec("from cnnbook.exercises import *", namespace)
    if attack:
        exec(attack, namespace)
    return namespace


@pytest.mark.parametrize("attack", [
    "check_answer = check_conv1d = lambda *a, **k: True",
    "import cnnbook.exercises as E\nE.check_answer = E.check_conv1d = lambda *a, **k: True",
    "from cnnbook.exercises import _report, _runner, _answers\n_runner.same = _report.same = _answers._equal = "
    "lambda *a, **k: True",
    "import cnnbook\ncnnbook.conv1d = lambda x, w, *a, **k: np.convolve(x, w, 'valid')",
    "import sys\nsys.modules['cnnbook.exercises._grade'] = type(sys)('fake')",
])
def test_a_locked_cell_ignores_rebound_names_and_patched_modules(attack, monkeypatch, capsys):
    import numpy as np

    import cnnbook
    import cnnbook.exercises as E
    from cnnbook.exercises import _answers, _report, _runner

    for module, name in [(E, "check_answer"), (E, "check_conv1d"), (_runner, "same"), (_report, "same"),
                         (_answers, "_equal"), (cnnbook, "conv1d")]:
        monkeypatch.setattr(module, name, getattr(module, name))  # restored after the test
    monkeypatch.setitem(sys.modules, "cnnbook.exercises._grade", sys.modules.get("cnnbook.exercises._grade"))
    namespace = _student(attack)
    answer_cell = nbgrader_course.answer_test(['check_answer("conv1d-length", answer)'], 1)
    check_cell = nbgrader_course.checker_test("check_conv1d(my_conv1d)", 3, hidden=False)
    assert _run_test_cell(answer_cell, namespace) is False
    assert _run_test_cell(check_cell, namespace) is False
    right = _student(attack)
    right.update(answer=4, my_conv1d=lambda x, w: np.correlate(x, w, "valid"))
    assert _run_test_cell(answer_cell, right) is True, capsys.readouterr().out
    assert _run_test_cell(check_cell, right) is True, capsys.readouterr().out


@pytest.mark.parametrize("target, fake", [("builtins.all", "lambda *a: True"), ("numpy.allclose", "lambda *a, **k: True")])
def test_a_locked_cell_refuses_a_kernel_with_patched_builtins_or_numpy(target, fake, monkeypatch, capsys):
    import builtins

    import numpy

    module, name = {"builtins": builtins, "numpy": numpy}[target.split(".")[0]], target.split(".")[1]
    monkeypatch.setattr(module, name, eval(fake))
    namespace = _student()
    namespace["my_conv1d"] = lambda x, w: numpy.correlate(x, w, "valid")
    assert _run_test_cell(nbgrader_course.checker_test("check_conv1d(my_conv1d)", 3, hidden=False), namespace) is False
    assert target in capsys.readouterr().out


def test_a_function_that_patches_the_checker_while_checked_fails(capsys):
    def sneaky(x, w):
        for name, module in list(sys.modules.items()):
            if name.startswith("_cnnbook_grading") and name.endswith("._runner"):
                module.same = lambda *a, **k: True
        return x

    namespace = _student()
    namespace["my_conv1d"] = sneaky
    assert _run_test_cell(nbgrader_course.checker_test("check_conv1d(my_conv1d)", 3, hidden=False), namespace) is False
    assert "check_conv1d" in capsys.readouterr().out


def test_hidden_cases_come_from_the_instructors_secret(monkeypatch, capsys):
    from cnnbook.exercises import _grade

    monkeypatch.delenv(_grade.SEED_VARIABLE, raising=False)
    with pytest.raises(ValueError, match=_grade.SEED_VARIABLE):
        _grade.hidden_seed("check_conv1d")
    monkeypatch.setenv(_grade.SEED_VARIABLE, "one")
    first = _grade.hidden_seed("check_conv1d")
    assert first != _grade.hidden_seed("check_conv_matrix")
    monkeypatch.setenv(_grade.SEED_VARIABLE, "two")
    assert _grade.hidden_seed("check_conv1d") != first
    import cnnbook

    assert _grade.grade("check_conv1d", cnnbook.conv1d, hidden=True) is True


def test_the_course_keeps_its_secret_when_remade(tmp_path):
    folder = tmp_path / "chapters"
    folder.mkdir()
    nbformat.write(_exercise_notebook(), folder / "01_mini.ipynb")
    nbgrader_course.write_course(tmp_path / "course", folder)
    config = (tmp_path / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    secret = nbgrader_course.SECRET.search(config).group(1)
    assert len(secret) >= 16
    nbgrader_course.write_course(tmp_path / "course", folder)
    assert nbgrader_course.SECRET.search((tmp_path / "course" / "nbgrader_config.py").read_text()).group(1) == secret
    nbgrader_course.write_course(tmp_path / "other", folder)
    assert nbgrader_course.SECRET.search((tmp_path / "other" / "nbgrader_config.py").read_text()).group(1) != secret


@pytest.mark.parametrize("language", ["he", "en"])
def test_the_feedback_template_speaks_the_course_language(language):
    template, conf = nbgrader_course.feedback_template(language)
    words = lang.catalogue(language)
    for key in nbgrader_course.FEEDBACK_WORDS.values():
        assert words[f"assign.{key}"] in template
    if language == "he":
        assert "Test cell" not in template and "Student's answer" not in template and 'dir="rtl"' in template
    assert json.loads(conf)["base_template"]


def test_the_readme_points_table_is_what_the_command_prints(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- points-table:[^\n]*-->\n(.*?)\n<!-- end points-table -->", readme, re.S)
    assert block, "README.md lost its points-table markers"
    assert block.group(1) == nbgrader_course.points_table(nbgrader_course.write_course(tmp_path))


def test_assign_and_nbgrader_course_import_one_way():
    """nbgrader_course does not import assign (assign runs nbgrader_course's course for its command)."""
    import ast

    for name, other in (("nbgrader_course", "assign"),):
        tree = ast.parse((ROOT / "code" / "cnnbook" / f"{name}.py").read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert other not in imported and f"cnnbook.{other}" not in imported


def test_a_handler_that_would_hide_the_failure_is_removed_and_fails_the_test(monkeypatch, capsys):
    """get_ipython().set_custom_exc((AssertionError,), ...) would swallow the test's failure: the grader
    removes the handler (so nbgrader sees the error) and fails."""
    import types

    import cnnbook
    from cnnbook.exercises import _grade

    shell = types.SimpleNamespace(custom_exceptions=(AssertionError,))
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    assert _grade.grade("check_conv1d", cnnbook.conv1d) is False
    assert shell.custom_exceptions == () and "set_custom_exc" in capsys.readouterr().out
