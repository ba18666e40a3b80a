"""Student and instructor versions of the chapter notebooks, from one source.

The chapter notebooks hold the solutions, marked as nbgrader marks them::

    def my_conv1d(x, w):                  <- kept: the student fills in the body
        ### BEGIN SOLUTION
        ...                               <- the solution
        ### END SOLUTION

and in a markdown cell, for a written answer, the same two lines around the
answer, inside the cell's ``<div dir="rtl">`` wrapper. A cell with a solution
carries the tag ``solution`` (and nbgrader's metadata); a cell that runs a
checker on the student's work carries the tag ``check``.

    python -m cnnbook.assign student DIR      every chapter, solutions replaced by stubs
    python -m cnnbook.assign instructor DIR   every chapter, complete
    python -m cnnbook.assign nbgrader DIR     an nbgrader course (see cnnbook.nbgrader_course)

``--lang en`` does the same for the English edition (``en/chapters/``, the same file
names; see ``cnnbook.files.EDITIONS``), with English stubs; Hebrew (``--lang he``,
``chapters/``) is the default. ``--source`` still picks another folder of notebooks.

In the student version each solution region becomes a stub: in code,
``# YOUR CODE HERE`` and ``raise NotImplementedError(...)`` at the indentation
of the ``### BEGIN SOLUTION`` line (so a function keeps its signature and
docstring); in markdown, one line (``text_stub(lang)``: "YOUR ANSWER HERE" in English,
its Hebrew twin in Hebrew). The stubs' words come from the catalogue (``[assign]``). The outputs of solution
and check cells are cleared (they show the instructor's run); every other cell
is left exactly as it is. Files are written atomically.
"""
import argparse
import sys
from pathlib import Path

from .exercise_cells import (BEGIN, CHAPTERS, CHECK_TAG, CODE_STUB, END, PROMPT, SOLUTION_TAG, TEXT_STUB,  # noqa: F401
                             _check_cell, _source, _stub, _tags, chapter_notebooks, chapters_dir, code_stub,
                             extract_solutions, fill_notebook, fill_source, has_solution, rendered, solution_regions,
                             solution_texts, student_cell, student_notebook, student_source, text_stub, with_prompt)
from .files import write_text
from .lang import DEFAULT, LANGUAGES, check_language
from .nbgrader_course import points_table, write_course

VERSIONS = ("student", "instructor")
COMMANDS = VERSIONS + ("nbgrader",)

def write_version(version, out_dir, source_dir=None, lang=DEFAULT):
    """Write the ``"student"`` or ``"instructor"`` version of every notebook of ``source_dir`` into ``out_dir``.

    ``lang`` is the edition: ``"he"`` (default; ``source_dir`` defaults to ``chapters/``) or
    ``"en"`` (``en/chapters/``); the student's stubs are in that language. Returns the paths
    written. Both show the prose as the reader copies do (MyST resolved: :func:`rendered`); the
    instructor version is otherwise the chapter itself, the student version has the stubs.
    """
    import nbformat

    lang = check_language(lang)
    source_dir = chapters_dir(lang) if source_dir is None else source_dir
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, got {version!r}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"out_dir must be a folder, but {out_dir} is a file")
    notebooks = chapter_notebooks(source_dir)
    if out_dir.resolve() == Path(source_dir).resolve():
        raise ValueError(f"out_dir must differ from the source folder {source_dir}: it would overwrite the chapters")
    written = []
    for path in notebooks:
        nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        student_notebook(nb, path.name, lang)  # checks every marker, also for the instructor version
        nb = rendered(nb, path.name, lang)  # the prose as the reader copies show it: no raw MyST
        version_nb = nb if version == "instructor" else student_notebook(nb, path.name, lang)
        written.append(write_text(out_dir / path.name, nbformat.writes(nbformat.from_dict(version_nb)) + "\n"))
    return written


def _language(value):
    """``--lang``: one of the editions, or argparse's error naming the valid ones."""
    try:
        return check_language(value, "--lang")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (he: the Hebrew chapters/, en: the English en/chapters/)") from None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m cnnbook.assign",
        description="Write the student version (solutions replaced by stubs) or the instructor version "
                    "(complete) of every chapter notebook, or an nbgrader course made from them.",
    )
    parser.add_argument("version", choices=COMMANDS,
                        help="which version to write; nbgrader: a whole nbgrader course (config and source/<stem>/)")
    parser.add_argument("out_dir", metavar="DIR", help="folder to write the notebooks into (made if missing)")
    parser.add_argument("--source", default=None,
                        help=f"folder of the source notebooks (default: the edition's chapters, {CHAPTERS} "
                             f"for Hebrew, {chapters_dir('en')} for English)")
    parser.add_argument("--lang", default=DEFAULT, type=_language,
                        help=f"the edition: {' or '.join(LANGUAGES)} (default: {DEFAULT}); "
                             "its chapters, and the students' stubs in its language")
    args = parser.parse_args(argv)
    if args.version == "nbgrader":
        try:
            table = write_course(args.out_dir, args.source, lang=args.lang)
        except ValueError as exc:
            parser.error(str(exc))
        for stem, rows in table.items():
            print(f"wrote {Path(args.out_dir) / 'source' / stem / (stem + '.ipynb')}: "
                  f"{len(rows)} graded cells, {sum(p for *_, p in rows)} points")
        print(f"nbgrader course in {args.out_dir}: cd there, then `nbgrader generate_assignment {next(iter(table))}`")
        print(points_table(table))
        return 0
    try:
        written = write_version(args.version, args.out_dir, args.source, lang=args.lang)
    except ValueError as exc:
        parser.error(str(exc))
    for path in written:
        print(f"wrote {path}")
    print(f"{args.version} version: {len(written)} notebook(s) in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
