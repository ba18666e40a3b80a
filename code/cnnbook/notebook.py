"""Notebook support: the set-up cell, gluing numbers into the prose, saving notebooks.

The book's repository lives in one place, ``_config.yml``::

    repository:
      url: https://github.com/OWNER/NAME   # where the package and the notebooks are
      ref: v0.2.0                          # the tag or commit that matches these notebooks

The set-up cell that every chapter starts with is rendered from the two
(``setup_cell_source``), the Colab buttons open the reader notebooks at that
``ref`` (``_ext/book_rtl.py``), and ``tests/test_notebooks.py`` keeps them equal.
``python -m cnnbook execute`` re-renders the set-up cell and writes the
standard kernelspec (``standardize``) before it runs a notebook.
"""
import importlib.util
import re
from pathlib import Path

from .files import ROOT, edition_of
from .lang import check_language, msg

# What Jupyter writes for a new Python notebook: a notebook that says anything
# else opens as "modified" in JupyterLab.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP_TEMPLATE = '''\
# Set-up: make cnnbook importable. Where it is missing (Colab), install the
# version of the book that matches this notebook from the book's repository.
import importlib, importlib.util, subprocess, sys
if importlib.util.find_spec("cnnbook") is None:
    SOURCE = "git+{url}@{ref}"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", SOURCE], capture_output=True, text=True)
    if pip.returncode != 0:
        class SetupFailed(Exception):
            def _render_traceback_(self):  # IPython shows the message alone, with no traceback
                return [str(self)]
        raise SetupFailed(
            "{failed}\\n"
            f"{what} pip install {{SOURCE}}\\n"
            "{todo}\\n"
            + "\\n".join(pip.stderr.strip().splitlines()[-3:])
        )
    importlib.invalidate_caches()
import cnnbook
cnnbook.set_language("{lang}")  # the language of figures, demos and feedback: "he" or "en"'''


def _repository_entry(key, config):
    text = Path(config).read_text(encoding="utf-8")
    block = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?)+)", text, re.M)
    value = block and re.search(rf"^\s+{key}:\s*(\S+)", block.group(1), re.M)
    if not value:
        raise ValueError(f"{config} has no 'repository: {key}:' entry")
    return value.group(1).strip("'\"")


def repository_url(config=ROOT / "_config.yml"):
    """The ``repository: url:`` entry of the book's ``_config.yml``."""
    return _repository_entry("url", config)


def repository_ref(config=ROOT / "_config.yml"):
    """The ``repository: ref:`` entry: the git tag or commit that matches the notebooks."""
    return _repository_entry("ref", config)


def setup_cell_source(url=None, ref=None, lang="he"):
    """The source of the first code cell of every chapter notebook of edition ``lang``.

    It installs ``git+URL@REF`` where cnnbook is missing; if pip fails it stops
    with one message, in ``lang``, saying what failed and what to do. Its last
    line chooses the language of the package's words (``cnnbook.set_language``).
    """
    check_language(lang)
    url = url or repository_url()
    ref = ref or repository_ref()
    for name, value in (("url", url), ("ref", ref)):
        if not re.fullmatch(r"[A-Za-z0-9_.:/@%+~-]+", value):
            raise ValueError(f"{name} must be a plain URL or git ref (no spaces or quotes), got {value!r}")
    return SETUP_TEMPLATE.format(url=url, ref=ref, lang=lang, failed=msg("setup.failed", lang),
                                 what=msg("setup.what", lang), todo=msg("setup.todo", lang))


SET_LANGUAGE = re.compile(r"""^cnnbook\.set_language\(["'](\w+)["']\)""", re.M)


def language_of(nb):
    """The edition of notebook ``nb`` (a dict): the language its set-up cell chooses, ``"he"`` if it chooses none.

    The set-up cell's ``cnnbook.set_language(...)`` is the one place a notebook
    chooses its language (``setup_cell_source``).
    """
    first = next((c for c in nb.get("cells", []) if c.get("cell_type") == "code"), None)
    found = SET_LANGUAGE.search("".join(first["source"])) if first else None
    return check_language(found.group(1), "the language of the set-up cell") if found else "he"


GLUE_PREFIX = "application/papermill.record/"  # how myst-nb marks a glued value (myst_nb.ext.glue)


def glue(name, value, display=False):
    """Store ``value`` under ``name`` for ``{glue:text}`name``` in the prose.

    Writes the same output as myst-nb's ``glue`` (the value's formats under
    myst-nb's record prefix, and its name in the output's metadata), without
    needing myst-nb: Jupyter and Colab show nothing for it, the book build
    pastes it into the prose, and ``cnnbook.reader`` into the reader notebooks.
    With ``display=True`` the value is also shown as an ordinary output.
    """
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_\-]+", name):
        raise ValueError(f"name must be letters, digits, '_' or '-', got {name!r}")
    from IPython.core.formatters import format_display_data
    from IPython.display import display as _display

    bundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    _display({prefix + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(nb):
    """Remove widget views from the saved outputs of ``nb`` (a notebook dict), in place.

    The saved notebook holds no widget state, so a saved view could only say
    "Error displaying widget: model not found" in a trusted notebook that has
    not been run. A live demo's output keeps what else it carries, its still
    picture and its note, which Jupyter, Colab and the book then show; an
    output that was only a widget (a progress bar, whose saved text would be
    a stale "0%") is dropped whole. Running the cell brings the live widget
    back. Returns how many views were dropped.
    """
    dropped = 0
    for cell in nb.get("cells", []):
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                dropped += 1
                del data[WIDGET_VIEW]
                if not any(k.startswith("image/") for k in data):
                    continue
            kept.append(out)
        if "outputs" in cell:
            cell["outputs"] = kept
    return dropped


def standardize(nb, url=None, ref=None, lang="he"):
    """Make ``nb`` (a notebook dict of edition ``lang``) what every chapter must be, in place.

    The standard kernelspec, and the first code cell re-rendered from
    ``setup_cell_source`` (its outputs cleared if its source changed).
    ``cnnbook.files.edition_of(path)`` tells a notebook's edition.
    """
    nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    first = next((c for c in nb.get("cells", []) if c.get("cell_type") == "code"), None)
    if first is None:
        raise ValueError("a chapter notebook must start its code with the set-up cell; this one has no code cell")
    source = setup_cell_source(url, ref, lang)
    if "".join(first["source"]) != source:
        first["source"] = source
        first["outputs"] = []
    return nb


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
    return heading_problem(text)


GLUE_ROLE = r"\{glue(?::[a-z]+)?\}`[^`]*`"
INLINE_MATH = r"(?<!\$)\$(?!\$)[^$\n]+(?<!\$)\$(?!\$)"
LTR_SPAN = re.compile(r'<span dir="ltr">.*?</span>', re.DOTALL)
FORMULA_AND_GLUE = re.compile(rf"{INLINE_MATH}[ \t]*{GLUE_ROLE}|{GLUE_ROLE}[ \t]*{INLINE_MATH}")


def bidi_problem(source):
    """Inline math next to a glued value in a Hebrew cell, outside ``<span dir="ltr">``, or None.

    In a right-to-left paragraph the browser orders the formula and the value as two
    separate pieces, so ``$y[2] =$ {glue:text}`y2` `` shows the value to the LEFT of
    the formula. Wrapped together, ``<span dir="ltr">$y[2] =$ {glue:text}`y2`</span>``,
    they read left to right as one piece.
    """
    if not HEBREW.search(source):
        return None
    match = FORMULA_AND_GLUE.search(LTR_SPAN.sub(" ", source))
    if match:
        return (f"a formula next to a glued value reads backwards in a Hebrew paragraph: wrap "
                f"{match.group(0)!r} in <span dir=\"ltr\">...</span>")
    return None


def heading_problem(text):
    """A heading of markdown ``text`` without an ASCII label line ``(name)=`` above it, or None."""
    lines = text.splitlines()
    for before, line in zip([""] + lines, lines):
        if line.strip() in SOLUTION_MARKERS:  # nbgrader's markers around a written answer, not headings
            continue
        if re.match(r"#{1,6} ", line) and not LABEL.match(before):
            return f"heading {line!r} needs an ASCII label such as (my-section)= on the line above"
    return None


def ltr_problem(source, labels=True):
    """Why a markdown cell of the English edition is wrong, or None: it must have no Hebrew letter,
    no right-to-left wrapper, and (``labels``; a reader copy has none) an ASCII label above every heading."""
    hebrew = HEBREW.search(source)
    if hebrew:
        line = source[: hebrew.start()].count("\n") + 1
        near = source[max(0, hebrew.start() - 30): hebrew.start() + 30].replace("\n", " ")
        return f"an English cell must have no Hebrew letter; line {line} has ...{near}..."
    if re.search(r"""dir\s*=\s*["']?rtl""", source):
        return 'an English cell must have no right-to-left wrapper (dir="rtl")'
    return heading_problem(source) if labels else None
