"""Solutions in the built book: behind a closed toggle, shown, or left out.

The chapter notebooks hold the exercises' solutions between nbgrader's marker
lines ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (see ``cnnbook.assign``).
Before myst-nb parses a notebook, this extension rewrites its solution cells
according to the config value ``book_solutions``:

- ``"hide"`` (default): a code cell with a solution gets myst-nb's ``hide-input``
  tag, so its source sits behind a closed toggle ("הצגת הפתרון") while its
  output (the checker's verdict) shows; a written answer becomes a closed
  sphinx-design dropdown titled "פתרון". The marker lines are removed. (In the
  English edition: "Show the solution", "Solution"; see ``book_editions.WORDS``.)
- ``"show"``: the same cells, open, without the marker lines.
- ``"omit"``: no solution reaches the book: code cells show the student's stub
  (as ``python -m cnnbook.assign student`` writes it) with no output, written
  answers are dropped, check cells lose their output (the verdict on the
  hidden solution), and the page's downloadable ``.ipynb`` is the student version.
  The buttons that would open the repository's notebooks, which hold the solutions
  (the Colab/Binder launch buttons, the repository, edit and source buttons), are
  left out of every page.

Only the text handed to the parser changes; the notebook files are untouched.
"""
import json
from pathlib import Path

from sphinx.errors import ConfigError

from book_editions import words as edition_words
from cnnbook.assign import BEGIN, CHECK_TAG, END, solution_regions, student_cell

MODES = ("hide", "show", "omit")
# The toggle's and the dropdown's words, per edition, live in book_editions.WORDS.
SHOW_PROMPT = edition_words("he")["solution_show"]
HIDE_PROMPT = edition_words("he")["solution_hide"]
TITLE = edition_words("he")["solution_title"]


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _without_markers(source):
    """``source`` without the marker lines (the text between them stays)."""
    return "".join(line for line in source.splitlines(keepends=True) if line.strip() not in (BEGIN, END))


def _dropdown(source, mode, title=TITLE):
    """Each solution region of a markdown cell as a closed dropdown (or plain text, for ``show``)."""
    lines = source.splitlines(keepends=True)
    out, start = [], 0
    fence = ":" * max(4, 1 + max((len(line) - len(line.lstrip(":")) for line in lines), default=0))
    for begin, end in solution_regions(source):
        out += lines[start:begin]
        body = "".join(lines[begin + 1 : end]).strip("\n")
        if mode == "hide":
            out.append(f"{fence}{{dropdown}} {title}\n:class-container: solution\n\n{body}\n{fence}\n")
        else:
            out.append(f"{body}\n")
        start = end + 1
    return "".join(out + lines[start:])


def _has_text(source):
    """Anything left in a markdown cell but the right-to-left wrapper and blank lines?"""
    rest = source.replace('<div dir="rtl">', "").replace("</div>", "")
    return bool(rest.strip())


def rewrite_notebook(nb, mode, lang="he"):
    """Rewrite the solution cells of the notebook ``nb`` (a dict) for the book, in place.

    ``lang`` is the edition's language: the toggle's and the dropdown's words are in it.
    """
    words = edition_words(lang)
    cells = []
    for i, cell in enumerate(nb.get("cells", [])):
        source = _source(cell)
        if not solution_regions(source, f"cell {i}"):
            if mode == "omit" and CHECK_TAG in cell.get("metadata", {}).get("tags", []):
                cell["outputs"] = []  # a checker's verdict on a solution that is not shown
            cells.append(cell)
            continue
        if mode == "omit" and cell["cell_type"] == "code":
            cell = student_cell(cell, f"cell {i}")  # the stub, no output
        elif mode == "omit":
            cell["source"] = _remove_regions(source)
            if not _has_text(cell["source"]):
                continue  # nothing but the answer was in it
        elif cell["cell_type"] == "code":
            cell["source"] = _without_markers(source)
            if mode == "hide":
                meta = cell.setdefault("metadata", {})
                tags = meta.setdefault("tags", [])
                if "hide-input" not in tags:
                    tags.append("hide-input")
                meta.setdefault("mystnb", {}).update(
                    code_prompt_show=words["solution_show"], code_prompt_hide=words["solution_hide"]
                )
        else:
            cell["source"] = _dropdown(source, mode, words["solution_title"])
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _remove_regions(source):
    lines = source.splitlines(keepends=True)
    keep = set(range(len(lines)))
    for begin, end in solution_regions(source):
        keep -= set(range(begin, end + 1))
    return "".join(lines[i] for i in sorted(keep))


def on_source_read(app, docname, content):
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    text = content[0]
    if BEGIN not in text:
        return
    nb = json.loads(text)
    content[0] = json.dumps(rewrite_notebook(nb, app.config.book_solutions, app.config.language), ensure_ascii=False)


def omit_from_sources(app, exception):
    """In ``omit`` mode, the page's "download .ipynb" copy is the student version too."""
    if exception or app.config.book_solutions != "omit" or app.builder.format != "html":
        return
    from cnnbook.assign import student_notebook
    from cnnbook.files import write_text

    for docname in app.env.found_docs:
        source = Path(app.env.doc2path(docname))
        copied = Path(app.outdir) / "_sources" / f"{docname}{source.suffix}"
        if source.suffix != ".ipynb" or not copied.is_file() or BEGIN not in copied.read_text(encoding="utf-8"):
            continue
        nb = json.loads(source.read_text(encoding="utf-8"))
        write_text(copied, json.dumps(student_notebook(nb, docname), ensure_ascii=False, indent=1) + "\n")


REPOSITORY_BUTTONS = ("use_repository_button", "use_edit_page_button", "use_issues_button", "use_source_button")


def check_config(app, config):
    if config.book_solutions not in MODES:
        raise ConfigError(f"book_solutions must be one of {MODES}, got {config.book_solutions!r}")
    if config.book_solutions == "omit":
        # A launch button opens the notebook of the repository, solutions and all: none in this mode.
        options = dict(config.html_theme_options or {})
        options["launch_buttons"] = {}
        options.update({key: False for key in REPOSITORY_BUTTONS})
        config.html_theme_options = options


def setup(app):
    app.add_config_value("book_solutions", "hide", "env", [str])
    app.connect("config-inited", check_config)
    app.connect("source-read", on_source_read)
    app.connect("build-finished", omit_from_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


