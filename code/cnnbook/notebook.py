"""Notebook support: the set-up cell, gluing numbers into the prose, executing.

The book's repository URL lives in one place, ``_config.yml``
(``repository.url``); the set-up cell that every chapter starts with is
rendered from it, and ``tests/test_notebooks.py`` keeps the two equal.
"""
import re
from pathlib import Path

from .files import ROOT


SETUP_TEMPLATE = '''\
# Set-up: make cnnbook importable (in Colab it is installed from the book's repository).
import importlib.util, subprocess, sys
if importlib.util.find_spec("cnnbook") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "git+{url}"], check=True)
import cnnbook'''


def repository_url(config=ROOT / "_config.yml"):
    """The ``repository: url:`` entry of the book's ``_config.yml``."""
    text = Path(config).read_text(encoding="utf-8")
    block = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?)+)", text, re.M)
    url = block and re.search(r"^\s+url:\s*(\S+)", block.group(1), re.M)
    if not url:
        raise ValueError(f"{config} has no 'repository: url:' entry")
    return url.group(1).strip("'\"")


def setup_cell_source(url=None):
    """The source of the first code cell of every chapter notebook."""
    return SETUP_TEMPLATE.format(url=url or repository_url())


def glue(name, value, display=False):
    """Store ``value`` under ``name`` for ``{glue:text}`name``` in the prose.

    Uses myst-nb's ``glue`` where it is installed (the local build); in Colab,
    where it is not, the value is simply shown.
    """
    try:
        from myst_nb import glue as _glue
    except ImportError:
        from IPython.display import display as _display

        _display(value)
        return
    _glue(name, value, display=display)


RTL_OPEN = '<div dir="rtl">'
RTL_CLOSE = "</div>"
HEBREW = re.compile("[\u0590-\u05ff]")
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
LABEL = re.compile(r"^\(([A-Za-z0-9_\-:.]+)\)=\s*$")


def rtl_problem(source):
    """Why a markdown cell would not read right to left everywhere, or None if it is fine.

    A Hebrew cell must be ``<div dir="rtl">``, a blank line, the markdown, a
    blank line, ``</div>``. Without the blank lines Jupyter, Colab and the book
    take the whole cell for raw HTML, and its markdown and math stay unrendered.
    Every heading needs an ASCII label on the line above it, ``(name)=``.
    """
    if not HEBREW.search(source):
        return None
    text = source.strip("\n")
    if not text.startswith(RTL_OPEN):
        return f'a Hebrew cell must start with {RTL_OPEN!r}'
    if not text.startswith(RTL_OPEN + "\n\n"):
        return f"a blank line must follow {RTL_OPEN!r}"
    if not text.endswith(RTL_CLOSE):
        return f"a Hebrew cell must end with {RTL_CLOSE!r}"
    if not text.endswith("\n\n" + RTL_CLOSE):
        return f"a blank line must come before {RTL_CLOSE!r}"
    if text.count(RTL_OPEN) != 1:
        return f"{RTL_OPEN!r} must appear once, around the whole cell"
    lines = text.splitlines()
    for before, line in zip([""] + lines, lines):
        if line.strip() in SOLUTION_MARKERS:  # nbgrader's markers around a written answer, not headings
            continue
        if re.match(r"#{1,6} ", line) and not LABEL.match(before):
            return f"heading {line!r} needs an ASCII label such as (my-section)= on the line above"
    return None
