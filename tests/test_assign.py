"""python -m cnnbook.assign: the student version hides every solution, runs up to its stubs only,
and gives back the instructor version when the stubs are filled."""
import json
import re
from collections import Counter

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cnnbook import assign
from cnnbook.files import ROOT
from cnnbook.notebook import rtl_problem

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
# Executed top to bottom in the student version; the LeNet-5 chapter trains for minutes, so
# for it only the sources are checked (the same source-level tests as every other chapter).
CHEAP = [p for p in CHAPTERS if "lenet" not in p.name]


def _solution_meta(grade_id):
    return {"tags": ["solution"], "nbgrader": {"solution": True, "grade": False, "locked": False,
                                               "schema_version": 3, "grade_id": grade_id}}


def synthetic_notebook():
    """A small notebook with every kind of solution: a function body, a top-level answer, a
    written answer, a solution at the very end of a cell (no newline), and cells around them."""
    nb = new_notebook(cells=[
        new_markdown_cell('<div dir="rtl">\n\n(mini)=\n# מחברת קטנה\n\nטקסט לפני התרגילים.\n\n</div>'),
        new_code_cell("import numpy as np\nfrom cnnbook.exercises import check_answer, check_conv1d"),
        new_code_cell('def my_conv1d(x, w):\n    """y[n] = sum_m x[n + m] w[m]."""\n    ### BEGIN SOLUTION\n'
                      "    n_out = len(x) - len(w) + 1\n"
                      "    return np.array([x[n:n + len(w)] @ w for n in range(n_out)])\n    ### END SOLUTION",
                      metadata=_solution_meta("mini-conv1d")),
        new_code_cell("check_conv1d(my_conv1d)", metadata={"tags": ["check"]}),
        new_code_cell('# answer = the output length\n### BEGIN SOLUTION\nanswer = 6 - 3 + 1  # L - K + 1\n'
                      '### END SOLUTION\ncheck_answer("conv1d-length", answer)', metadata=_solution_meta("mini-length")),
        new_markdown_cell('<div dir="rtl">\n\n### BEGIN SOLUTION\n\n**פתרון.** הגרעין מחליק ולכן $y$ זז יחד עם $x$.\n\n'
                          "### END SOLUTION\n\n</div>", metadata=_solution_meta("mini-why")),
        new_code_cell("def twice(v):\n    ### BEGIN SOLUTION\n    doubled = 2 * v\n    return doubled\n"
                      "    ### END SOLUTION\n\n\nprint(\"defined\")", metadata=_solution_meta("mini-twice")),
        new_code_cell('print("after the exercises", np.arange(3))'),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def execute(nb, tmp_path, allow_errors=False):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """(source folder, executed instructor notebook): the synthetic notebook, run once."""
    folder = tmp_path_factory.mktemp("source")
    nb = execute(synthetic_notebook(), folder)
    nbformat.write(nb, folder / "01_mini.ipynb")
    return folder, nbformat.read(folder / "01_mini.ipynb", as_version=4)


def solution_lines(nb):
    """Every non-blank line inside a solution region (markers excluded), stripped."""
    lines = set()
    for texts in assign.extract_solutions(nb).values():
        for text in texts:
            inner = text.splitlines()[1:-1]
            lines |= {line.strip() for line in inner if line.strip()}
    return lines


def line_counts(nb, drop_solutions=False):
    """How often each stripped line occurs in the notebook (optionally without the solution regions)."""
    counts = Counter()
    for c in nb.cells:
        lines = c.source.splitlines()
        if drop_solutions:
            for begin, end in reversed(assign.solution_regions(c.source)):
                del lines[begin:end + 1]
        counts.update(line.strip() for line in lines)
    return counts


def leaked_lines(instructor, student):
    """Solution lines that occur in the student version more often than outside the solutions
    of the instructor version (a line like `$$` may well occur in the chapter itself)."""
    outside, seen = line_counts(instructor, drop_solutions=True), line_counts(student)
    return {line for line in solution_lines(instructor) if seen[line] > outside[line]}


def is_stub_cell(cell):
    return assign.CODE_STUB[1] in cell.source


def assert_runs_only_to_the_stubs(nb):
    """Every cell runs; the only errors are NotImplementedError from a top-level stub;
    check cells report the unfinished work (✗) instead of raising."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            assert is_stub_cell(cell), f"cell {i} is not a stub but raised {errors[0].ename}: {errors[0].evalue}"
            assert errors[0].ename == "NotImplementedError", f"cell {i}: {errors[0].ename}"
        if "check" in cell.metadata.get("tags", []):
            text = json.dumps([o.get("data", o.get("text")) for o in cell.outputs], ensure_ascii=False)
            assert "✗" in text and "NotImplementedError" in text, f"cell {i}: the checker did not report the stub: {text}"
        if cell.outputs == [] and not is_stub_cell(cell) and "check" not in cell.metadata.get("tags", []):
            assert cell.execution_count is not None, f"cell {i} did not run"


# ---------------------------------------------------------------- the synthetic notebook
def test_student_version_has_no_line_of_any_solution(synthetic):
    _, nb = synthetic
    student = assign.student_notebook(nb)
    assert solution_lines(nb), "the synthetic notebook has solutions"
    assert not solution_lines(nb) & set(line_counts(student)), "no solution line occurs in the student version"
    leaked = leaked_lines(nb, student)
    assert not leaked, f"solution lines in the student version: {leaked}"
    assert "### BEGIN SOLUTION" not in json.dumps(student)


def test_stubs_keep_the_signature_and_the_indentation(synthetic):
    _, nb = synthetic
    student = assign.student_notebook(nb)
    assert student.cells[2].source == ('def my_conv1d(x, w):\n    """y[n] = sum_m x[n + m] w[m]."""\n'
                                       '    # YOUR CODE HERE\n    raise NotImplementedError("השלימו כאן את הפתרון")')
    assert student.cells[6].source.endswith('raise NotImplementedError("השלימו כאן את הפתרון")\n\n\nprint("defined")')


def test_written_answer_becomes_a_right_to_left_placeholder(synthetic):
    _, nb = synthetic
    cell = assign.student_notebook(nb).cells[5]
    assert cell.source == '<div dir="rtl">\n\nהתשובה שלך כאן\n\n</div>'
    assert rtl_problem(cell.source) is None


def test_everything_else_is_identical_and_solution_outputs_are_cleared(synthetic):
    _, nb = synthetic
    student = assign.student_notebook(nb)
    for i, (a, b) in enumerate(zip(nb.cells, student.cells)):
        tags = a.metadata.get("tags", [])
        if "solution" in tags or "check" in tags:
            if a.cell_type == "code":
                assert b.outputs == [] and b.execution_count is None, f"cell {i}"
            assert b.metadata == a.metadata and b.get("id") == a.get("id")
        else:
            assert b == a, f"cell {i} changed"
    assert student.metadata == nb.metadata


def test_filling_the_stubs_gives_back_the_instructor_sources(synthetic):
    _, nb = synthetic
    student = assign.student_notebook(nb)
    filled = assign.fill_notebook(student, assign.extract_solutions(nb))
    assert [c.source for c in filled.cells] == [c.source for c in nb.cells]


def test_student_version_runs_up_to_the_stubs_only(synthetic, tmp_path):
    _, nb = synthetic
    student = execute(assign.student_notebook(nb), tmp_path, allow_errors=True)
    assert_runs_only_to_the_stubs(student)
    outputs = json.dumps([c.get("outputs") for c in student.cells], ensure_ascii=False)
    assert "after the exercises" in outputs and "defined" in outputs  # cells after the stubs ran
    assert sum(1 for c in student.cells if any(o.output_type == "error" for o in c.get("outputs", []))) == 1


def test_instructor_version_runs_clean_and_checks_pass(synthetic):
    _, nb = synthetic
    for cell in nb.cells:
        assert all(o.output_type != "error" for o in cell.get("outputs", []))
    check = json.dumps(nb.cells[3].outputs, ensure_ascii=False)
    assert "✓" in check and "True" in check


# ---------------------------------------------------------------- malformed sources
@pytest.mark.parametrize("source, message", [
    ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
    ("x = 1\n### END SOLUTION\n", "without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "inside another solution"),
])
def test_unmatched_markers_are_value_errors(source, message):
    with pytest.raises(ValueError, match=message):
        assign.solution_regions(source, "cell 3")


def test_a_solution_must_carry_the_tag_and_a_tag_needs_a_solution():
    untagged = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(ValueError, match="cell tag 'solution'"):
        assign.student_cell(untagged)
    empty = new_code_cell("x = 1", metadata={"tags": ["solution"]})
    with pytest.raises(ValueError, match="has no"):
        assign.student_cell(empty)


def test_a_written_answer_outside_the_rtl_wrapper_is_refused():
    cell = new_markdown_cell("### BEGIN SOLUTION\nanswer\n### END SOLUTION", metadata={"tags": ["solution"]})
    with pytest.raises(ValueError, match="right to left"):
        assign.student_cell(cell)


# ---------------------------------------------------------------- the command
def test_command_writes_both_versions_atomically(synthetic, tmp_path, capsys):
    folder, nb = synthetic
    assert assign.main(["student", str(tmp_path / "s"), "--source", str(folder)]) == 0
    assert assign.main(["instructor", str(tmp_path / "i"), "--source", str(folder)]) == 0
    assert "student version: 1 notebook(s)" in capsys.readouterr().out
    instructor = nbformat.read(tmp_path / "i" / "01_mini.ipynb", as_version=4)
    assert instructor == nbformat.from_dict(assign.rendered(nbformat.read(folder / "01_mini.ipynb", as_version=4),
                                                            "01_mini.ipynb"))
    student = nbformat.read(tmp_path / "s" / "01_mini.ipynb", as_version=4)
    assert student == assign.student_notebook(assign.rendered(nb, "01_mini.ipynb"))
    leftovers = [p.name for p in (tmp_path / "s").iterdir() if p.name != "01_mini.ipynb"]
    assert leftovers == [], "a temporary file was left behind"


@pytest.mark.parametrize("argv, message", [
    (["teacher", "{tmp}/out"], "invalid choice: 'teacher'"),
    (["student", "{file}"], "is a file"),
    (["student", "{source}", "--source", "{source}"], "would overwrite the chapters"),
    (["student", "{tmp}/out", "--source", "{tmp}/missing"], "not a folder"),
    (["student", "{tmp}/out", "--source", "{empty}"], "no .ipynb"),
])
def test_command_refuses_bad_input_clearly(argv, message, synthetic, tmp_path, capsys):
    folder, _ = synthetic
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "empty").mkdir()
    names = {"tmp": tmp_path, "file": tmp_path / "a_file", "source": folder, "empty": tmp_path / "empty"}
    with pytest.raises(SystemExit) as exit_info:
        assign.main([a.format(**names) for a in argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_unknown_version_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="version must be one of"):
        assign.write_version("solutions", tmp_path)


# ---------------------------------------------------------------- the real chapters
@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    out = tmp_path_factory.mktemp("versions")
    assign.write_version("student", out / "student")
    assign.write_version("instructor", out / "instructor")
    return out


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_instructor_version_is_the_chapter_as_the_reader_copy_shows_it(chapter, versions):
    """The chapter, its prose rendered as in the reader copies: no raw MyST, glued numbers filled in (issue 19)."""
    from cnnbook.reader import myst_left

    instructor = nbformat.read(versions / "instructor" / chapter.name, as_version=4)
    assert instructor == nbformat.from_dict(assign.rendered(nbformat.read(chapter, as_version=4), chapter.name))
    student = nbformat.read(versions / "student" / chapter.name, as_version=4)
    for nb in (instructor, student):
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                assert not myst_left(cell.source), (chapter.name, myst_left(cell.source))
                assert "{glue" not in cell.source and "{ref}" not in cell.source and not re.search(r"^\(\S+\)=", cell.source, re.M)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_student_version_hides_every_solution(chapter, versions):
    nb = nbformat.from_dict(assign.rendered(nbformat.read(chapter, as_version=4), chapter.name))
    student = nbformat.read(versions / "student" / chapter.name, as_version=4)
    leaked = leaked_lines(nb, student)
    assert not leaked, f"{chapter.name}: solution lines in the student version: {leaked}"
    filled = assign.fill_notebook(student, assign.extract_solutions(nb))
    assert [c.source for c in filled.cells] == [c.source for c in nb.cells]
    for cell in student.cells:
        if cell.cell_type == "markdown":  # rendered as the reader copies: the book's (label)= lines are gone
            problem = rtl_problem(cell.source)
            assert problem is None or "ASCII label" in problem, problem


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_exercises_are_complete(chapter):
    """4-8 exercises at the end, each coding exercise followed by its checker."""
    nb = nbformat.read(chapter, as_version=4)
    headings = [m for c in nb.cells if c.cell_type == "markdown"
                for m in re.findall(r"^### תרגיל (\d+)", c.source, re.M)]
    assert 4 <= len(headings) <= 8, f"{chapter.name}: {len(headings)} exercises"
    assert headings == [str(i) for i in range(1, len(headings) + 1)]
    code = [c for c in nb.cells if c.cell_type == "code"]
    for a, b in zip(code, code[1:]):
        if "solution" in a.metadata.get("tags", []) and re.search(r"^def \w+\(", a.source, re.M):
            assert "check" in b.metadata.get("tags", []) and "check_" in b.source, (
                f"{chapter.name}: the exercise {a.source.splitlines()[0]!r} is not followed by its checker")


@pytest.mark.parametrize("chapter", CHEAP, ids=lambda p: p.name)
def test_chapter_student_version_runs_up_to_the_stubs_only(chapter, versions, tmp_path):
    student = nbformat.read(versions / "student" / chapter.name, as_version=4)
    assert_runs_only_to_the_stubs(execute(student, tmp_path, allow_errors=True))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_code_stub_says_what_to_write(chapter, versions):
    """A code cell that held nothing but its solution gets a prompt line above the stub."""
    student = nbformat.read(versions / "student" / chapter.name, as_version=4)
    for i, cell in enumerate(student.cells):
        if cell.cell_type != "code" or assign.CODE_STUB[0] not in cell.source:
            continue
        before = cell.source.split(assign.CODE_STUB[0])[0]
        assert before.strip(), f"{chapter.name}, cell {i}: a stub with no prompt"


# ---------------------------------------------------------------- the English edition (--lang en)
HEBREW = re.compile("[\u0590-\u05ff]")
EN_CHAPTERS_DIR = assign.chapters_dir("en")
EN_CHAPTERS = sorted(EN_CHAPTERS_DIR.glob("*.ipynb"))
NO_EN_CHAPTERS = "en/chapters/ is not in this checkout yet (the English chapters are being translated)"


def english_notebook():
    """The synthetic notebook as the English edition has it: English prose without the right-to-left
    wrapper, a first code cell that chooses English (as the set-up cell does), the same code."""
    nb = synthetic_notebook()
    nb.cells[0].source = "(mini)=\n# A small notebook\n\nSome text before the exercises."
    nb.cells[1].source = 'import cnnbook\ncnnbook.set_language("en")\n' + nb.cells[1].source
    nb.cells[5].source = ("### BEGIN SOLUTION\n\n**Solution.** The kernel slides, so $y$ shifts along with $x$.\n\n"
                          "### END SOLUTION")
    return nb


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """(source folder, executed instructor notebook) of the English synthetic notebook."""
    folder = tmp_path_factory.mktemp("en_source")
    nb = execute(english_notebook(), folder)
    nbformat.write(nb, folder / "01_mini.ipynb")
    return folder, nbformat.read(folder / "01_mini.ipynb", as_version=4)


def test_the_stubs_come_from_the_catalogue_in_each_language():
    assert assign.code_stub("he") == assign.CODE_STUB == ("# YOUR CODE HERE", 'raise NotImplementedError("השלימו כאן את הפתרון")')
    assert assign.text_stub("he") == assign.TEXT_STUB == ("התשובה שלך כאן",)
    assert assign.code_stub("en") == ("# YOUR CODE HERE", 'raise NotImplementedError("Write your solution here")')
    assert assign.text_stub("en") == ("YOUR ANSWER HERE",)
    assert assign.chapters_dir("he") == ROOT / "chapters" and assign.chapters_dir("en") == ROOT / "en" / "chapters"
    with pytest.raises(ValueError, match="lang must be one of 'he', 'en', got 'fr'"):
        assign.code_stub("fr")


def test_english_student_version_has_english_stubs_and_fills_back(english):
    _, nb = english
    student = assign.student_notebook(nb, lang="en")
    assert student.cells[2].source.endswith('    # YOUR CODE HERE\n    raise NotImplementedError("Write your solution here")')
    assert student.cells[5].source == "YOUR ANSWER HERE"
    assert not any(HEBREW.search(c.source) for c in student.cells)
    assert not leaked_lines(nb, student)
    filled = assign.fill_notebook(student, assign.extract_solutions(nb), lang="en")
    assert [c.source for c in filled.cells] == [c.source for c in nb.cells]


def test_english_command_writes_english_versions_that_run_to_the_stubs(english, tmp_path, capsys):
    folder, nb = english
    assert assign.main(["student", str(tmp_path / "s"), "--source", str(folder), "--lang", "en"]) == 0
    assert assign.main(["instructor", str(tmp_path / "i"), "--source", str(folder), "--lang", "en"]) == 0
    assert "student version: 1 notebook(s)" in capsys.readouterr().out
    instructor = nbformat.read(tmp_path / "i" / "01_mini.ipynb", as_version=4)
    assert instructor == nbformat.from_dict(assign.rendered(nbformat.read(folder / "01_mini.ipynb", as_version=4),
                                                            "01_mini.ipynb", "en"))
    student = nbformat.read(tmp_path / "s" / "01_mini.ipynb", as_version=4)
    assert student == assign.student_notebook(assign.rendered(nb, "01_mini.ipynb", "en"), lang="en")
    ran = execute(student, tmp_path, allow_errors=True)
    stub = [c for c in ran.cells if c.cell_type == "code" and assign.code_stub("en")[1] in c.source]
    assert stub and all(assign.code_stub("en")[1] in c.source for c in stub)
    check = next(c for c in ran.cells if "check" in c.metadata.get("tags", []))
    text = json.dumps([o.get("data", o.get("text")) for o in check.outputs], ensure_ascii=False)
    assert "✗" in text and "NotImplementedError" in text and "is not written yet" in text, text
    assert 'dir=\\"ltr\\"' in text and not HEBREW.search(text), text  # English feedback, left to right


@pytest.mark.parametrize("argv, message", [
    (["student", "{tmp}/out", "--lang", "fr"], "argument --lang: --lang must be one of 'he', 'en', got 'fr'"),
    (["nbgrader", "{tmp}/out", "--lang", "EN"], "argument --lang: --lang must be one of 'he', 'en', got 'EN'"),
])
def test_a_bad_lang_is_refused_clearly(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        assign.main([a.format(tmp=tmp_path) for a in argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.skipif(EN_CHAPTERS_DIR.is_dir(), reason="en/chapters exists: the missing-folder message cannot be seen")
def test_english_without_its_chapters_says_so(tmp_path, capsys):
    with pytest.raises(SystemExit):
        assign.main(["student", str(tmp_path / "out"), "--lang", "en"])
    assert "the English edition's chapters are not there yet" in capsys.readouterr().err


@pytest.fixture(scope="module")
def english_versions(tmp_path_factory):
    if not EN_CHAPTERS:
        pytest.skip(NO_EN_CHAPTERS)
    out = tmp_path_factory.mktemp("en_versions")
    assign.write_version("student", out / "student", lang="en")
    assign.write_version("instructor", out / "instructor", lang="en")
    return out


@pytest.mark.skipif(not EN_CHAPTERS, reason=NO_EN_CHAPTERS)
@pytest.mark.parametrize("chapter", EN_CHAPTERS or [None], ids=lambda p: getattr(p, "name", "none"))
def test_real_english_chapters_give_english_student_versions(chapter, english_versions):
    """The real en/chapters: the same exercises as the Hebrew chapter of the same name, every solution
    hidden behind English stubs, the instructor version the chapter itself."""
    instructor = nbformat.read(chapter, as_version=4)
    assert nbformat.read(english_versions / "instructor" / chapter.name, as_version=4) == nbformat.from_dict(
        assign.rendered(instructor, chapter.name, "en"))
    student = nbformat.read(english_versions / "student" / chapter.name, as_version=4)
    assert not leaked_lines(instructor, student), chapter.name
    stubs = "".join(c.source for c in student.cells)
    assert assign.code_stub("he")[1] not in stubs and assign.text_stub("he")[0] not in stubs
    hebrew = nbformat.read(ROOT / "chapters" / chapter.name, as_version=4)
    ids = [sorted(c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells if assign.has_solution(c))
           for nb in (hebrew, instructor)]
    assert ids[0] == ids[1], f"{chapter.name}: the editions' exercises differ"
    if any(assign.has_solution(c) and c.cell_type == "code" for c in instructor.cells):
        assert assign.code_stub("en")[1] in stubs
