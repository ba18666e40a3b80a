"""The exercise cells of the chapter notebooks: solution regions, stubs, the student's copy of a cell.

The shared pieces of :mod:`cnnbook.assign` (student and instructor versions) and
:mod:`cnnbook.nbgrader_course` (the nbgrader course); both import this module, and
neither imports the other's internals (``assign`` runs ``nbgrader_course`` for its
``nbgrader`` command). See :mod:`cnnbook.assign` for the markers and tags.

Every version handed out shows the prose as the reader copies do (:func:`rendered`,
:func:`cnnbook.reader.reader_notebook`): glued numbers, cross-references and directives
resolved, no raw MyST.
"""
import copy
from pathlib import Path

from .files import EDITIONS
from .lang import DEFAULT, check_language, msg
from .notebook import SOLUTION_MARKERS, rtl_problem

BEGIN, END = SOLUTION_MARKERS  # "### BEGIN SOLUTION", "### END SOLUTION"
SOLUTION_TAG = "solution"
CHECK_TAG = "check"
PROMPT = "# Your code for this exercise (see the question above):"


def chapters_dir(lang=DEFAULT):
    """The chapter notebooks of an edition: ``chapters/`` (Hebrew) or ``en/chapters/`` (English)."""
    return EDITIONS[check_language(lang)] / "chapters"


def code_stub(lang=DEFAULT):
    """The lines that replace a code solution in the student's version, in ``lang``."""
    return ("# YOUR CODE HERE", f'raise NotImplementedError("{msg("assign.code_stub", check_language(lang))}")')


def text_stub(lang=DEFAULT):
    """The line that replaces a written answer in the student's version, in ``lang``."""
    return (msg("assign.text_stub", check_language(lang)),)


CHAPTERS = chapters_dir("he")
CODE_STUB, TEXT_STUB = code_stub("he"), text_stub("he")  # the Hebrew edition's stubs (the default)


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def solution_regions(source, where="cell"):
    """The (begin, end) line indices of every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` pair.

    Raises ValueError, naming ``where``, for an unmatched or nested marker.
    """
    regions, begin = [], None
    for i, line in enumerate(source.splitlines()):
        marker = line.strip()
        if marker == BEGIN:
            if begin is not None:
                raise ValueError(f"{where}: line {i + 1}: {BEGIN!r} inside another solution (line {begin + 1}); close it with {END!r} first")
            begin = i
        elif marker == END:
            if begin is None:
                raise ValueError(f"{where}: line {i + 1}: {END!r} without a {BEGIN!r} before it")
            regions.append((begin, i))
            begin = None
    if begin is not None:
        raise ValueError(f"{where}: line {begin + 1}: {BEGIN!r} is never closed with {END!r}")
    return regions


def has_solution(cell):
    return bool(solution_regions(_source(cell)))


def _stub(cell_type, lang=DEFAULT):
    return code_stub(lang) if cell_type == "code" else text_stub(lang)


def student_source(source, cell_type, where="cell", lang=DEFAULT):
    """``source`` with every solution region replaced by the stub of its cell type."""
    lines = source.splitlines(keepends=True)
    out, start = [], 0
    for begin, end in solution_regions(source, where):
        out += lines[start:begin]
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        ending = "\n" if lines[end].endswith("\n") else ""
        stub = _stub(cell_type, lang)
        out += [f"{indent}{s}\n" for s in stub[:-1]] + [f"{indent}{stub[-1]}{ending}"]
        start = end + 1
    return "".join(out + lines[start:])


def solution_texts(source):
    """The text of each solution region of ``source``, markers and line endings included."""
    lines = source.splitlines(keepends=True)
    return ["".join(lines[b : e + 1]) for b, e in solution_regions(source)]


def fill_source(source, cell_type, solutions, lang=DEFAULT):
    """Put ``solutions`` (from :func:`solution_texts`) back in place of the stubs (in ``lang``) of ``source``."""
    stub = _stub(cell_type, lang)
    lines = source.splitlines(keepends=True)
    out, i, used = [], 0, 0
    while i < len(lines):
        window = [line.strip() for line in lines[i : i + len(stub)]]
        if used < len(solutions) and window == list(stub):
            out.append(solutions[used])
            used, i = used + 1, i + len(stub)
        else:
            out.append(lines[i])
            i += 1
    if used != len(solutions):
        raise ValueError(f"found {used} stubs for {len(solutions)} solutions")
    filled = "".join(out)
    if cell_type == "code" and filled.startswith(PROMPT + "\n"):
        bare = filled[len(PROMPT) + 1:]
        if with_prompt(bare) == filled:  # the prompt was added by with_prompt: the source had none
            return bare
    return filled


def _check_cell(cell, where):
    """A solution cell must carry the tag and sit inside the right-to-left wrapper (markdown)."""
    regions = solution_regions(_source(cell), where)
    tagged = SOLUTION_TAG in _tags(cell)
    if regions and not tagged:
        raise ValueError(f"{where}: has a solution but not the cell tag {SOLUTION_TAG!r}")
    if tagged and not regions:
        raise ValueError(f"{where}: is tagged {SOLUTION_TAG!r} but has no {BEGIN!r} ... {END!r} region")


def with_prompt(source):
    """A code solution with nothing around it (no comment, no signature) gets a prompt line,
    so that its stub still says what to write."""
    lines = source.splitlines(keepends=True)
    inside = set()
    for begin, end in solution_regions(source):
        inside |= set(range(begin, end + 1))
    if not inside or any(line.strip() for i, line in enumerate(lines) if i not in inside):
        return source
    return PROMPT + "\n" + source


def student_cell(cell, where="cell", lang=DEFAULT):
    """The student's copy of one cell (a new dict; ``cell`` is not changed), with stubs in ``lang``."""
    _check_cell(cell, where)
    new = copy.deepcopy(cell)
    solution, check = has_solution(cell), CHECK_TAG in _tags(cell)
    if solution:
        source = with_prompt(_source(cell)) if cell["cell_type"] == "code" else _source(cell)
        new["source"] = student_source(source, cell["cell_type"], where, lang)
        if cell["cell_type"] == "markdown":
            problem = rtl_problem(new["source"])
            if problem:
                raise ValueError(f"{where}: the student's version of this written answer would not read right to "
                                 f"left ({problem}); keep the solution inside the cell's <div dir=\"rtl\"> wrapper")
    if cell["cell_type"] == "code" and (solution or check):
        new["outputs"], new["execution_count"] = [], None
    return new


def student_notebook(nb, name="notebook", lang=DEFAULT):
    """The student version of a notebook (a dict as nbformat reads it), stubs in ``lang``; ``nb`` is not changed."""
    new = copy.deepcopy(nb)
    new["cells"] = [student_cell(c, f"{name}, cell {i}", lang) for i, c in enumerate(nb["cells"])]
    return new


def extract_solutions(nb):
    """``{cell index: [solution text, ...]}`` for every cell with a solution."""
    return {i: solution_texts(_source(c)) for i, c in enumerate(nb["cells"]) if has_solution(c)}


def fill_notebook(student_nb, solutions, lang=DEFAULT):
    """The student notebook with each stub (in ``lang``) replaced by its solution (sources only; outputs stay cleared)."""
    new = copy.deepcopy(student_nb)
    for i, texts in solutions.items():
        cell = new["cells"][i]
        cell["source"] = fill_source(_source(cell), cell["cell_type"], texts, lang)
    return new


def chapter_notebooks(source_dir=CHAPTERS):
    """The chapter notebooks of ``source_dir``, sorted by name."""
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        missing = " (the English edition's chapters are not there yet)" if source_dir == chapters_dir("en") else ""
        raise ValueError(f"source must be a folder of notebooks, got {source_dir} (not a folder){missing}")
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"source folder {source_dir} holds no .ipynb notebooks")
    return notebooks


def rendered(nb, name, lang=DEFAULT):
    """``nb`` (a dict; not changed) with its MyST resolved as in the reader copies (:mod:`cnnbook.reader`):
    ``{glue:text}`` as the number the notebook's own outputs hold, ``{ref}`` as a link or a section's name,
    no ``(label)=`` lines. ``name`` is the notebook's file name (its page is ``chapters/<stem>``)."""
    from .reader import book_url, labels, reader_notebook

    lang = check_language(lang)
    root = EDITIONS[lang]
    try:
        return reader_notebook(nb, f"chapters/{Path(name).stem}", labels(root), book_url(root), lang=lang)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
