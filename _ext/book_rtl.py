"""The book's own Sphinx extension: a self-contained book, right to left in Hebrew.

Both editions use it (``_config.yml`` and ``en/_config.yml``); what concerns
right to left acts only where Sphinx's ``language`` is Hebrew (``RTL_LANGUAGES``):
the wrappers, ``dir="rtl"`` and the Hebrew theme labels. English pages get
``dir="ltr"`` and the theme's own labels.

- Notebook cells are wrapped in ``<div dir="rtl">`` ... ``</div>`` so that they
  read right to left in Jupyter and Colab. In the book the whole page is right
  to left already, and those two raw-HTML fragments would cut across Sphinx's
  sections, so they are dropped from the document tree.
- ``<html>`` gets ``dir="rtl"`` (the theme's template offers no hook for it).
- The themes' labels come in Hebrew from ``_locales/he/LC_MESSAGES``:
  ``sphinx.po`` for pydata-sphinx-theme (Sphinx reads it through
  ``locale_dirs``) and ``booktheme.po`` for sphinx-book-theme, whose own
  Hebrew catalogue ships under the old code ``iw`` that gettext never finds.
- Hebrew theme options (``book_theme_options`` in ``_config.yml``) are merged
  into the ones Jupyter Book sets, rather than replacing them.
- Sphinx's search messages, empty in its Hebrew ``translations.js``, come from
  our ``sphinx.po`` (``fill_translations_js``).
- Widget outputs with no static picture (progress bars) are left out: the
  book has no kernel to run them.
- A script that was added twice is kept once (see ``drop_repeated_scripts``).
- MathJax is copied from the ``django-static-mathjax`` package into the built
  site, so that math renders with no network. It loads only what the book
  uses (``MATHJAX_LOAD``): TeX input, CommonHTML output and the assistive
  MathML that screen readers read; only on pages that show math (``mathjax_only_where_math``).
  Its context menu (426 kB of the 1.16 MB
  all-in-one ``tex-chtml.js``, and what made every formula a tab stop) is left out.
- What a reader opens reads cleanly, with no raw MyST (``cnnbook.reader``):
  the Colab button opens the chapter's reader copy in ``notebooks/`` (the
  English edition's in ``en/notebooks/``: ``repository: path_to_book:``) at the
  ``repository: ref:`` of the edition's ``_config.yml``, and the page's downloadable
  ``.ipynb`` is made a reader copy at the end of the build.
"""
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import CatalogRepository

RTL_OPEN = '<div dir="rtl">'
RTL_LANGUAGES = ("he",)
RTL_CLOSE = "</div>"
# MathJax's components that the book loads (startup.js loads them; TeX extensions on demand).
MATHJAX_PATH = "mathjax/startup.js"
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]
# The parts of MathJax's es5 build that those components load or may load.
MATHJAX_PARTS = ["startup.js", "core.js", "input/tex.js", "input/tex/extensions", "output/chtml.js", "output/chtml", "a11y/assistive-mml.js"]


class DropRtlWrappers(SphinxTransform):
    """Remove the raw ``<div dir="rtl">`` / ``</div>`` pairs of notebook cells."""

    default_priority = 100

    def apply(self):
        if self.config.language not in RTL_LANGUAGES:
            return
        open_wrappers = 0
        for node in list(self.document.findall(nodes.raw)):
            if "html" not in node.get("format", "").split():
                continue
            text = node.astext().strip()
            if text == RTL_OPEN:
                open_wrappers += 1
                node.parent.remove(node)
            elif text == RTL_CLOSE and open_wrappers:
                open_wrappers -= 1
                node.parent.remove(node)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_dead_widgets(app, docname, content):
    """Drop widget outputs that carry no static picture (progress bars, say).

    The book has no kernel, so a widget cannot run there; a live demo of ours
    carries a PNG of its starting state beside the widget and shows that, but a
    bare widget would only leave its stale text fallback ("0%|  | 0/922").
    """
    if Path(app.env.doc2path(docname)).suffix != ".ipynb" or WIDGET_VIEW not in content[0]:
        return
    nb = json.loads(content[0])
    for cell in nb["cells"]:
        cell["outputs"] = [
            out
            for out in cell.get("outputs", [])
            if WIDGET_VIEW not in out.get("data", {}) or any(k.startswith("image/") for k in out["data"])
        ]
    content[0] = json.dumps(nb, ensure_ascii=False)


def mathjax_source():
    import mathjax  # the django-static-mathjax package

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def configure_mathjax(app, config):
    """Load MathJax's components one by one (no menu); the settings myst-nb adds are kept."""
    config.mathjax_path = MATHJAX_PATH
    settings = dict(config.mathjax3_config or {})
    settings["loader"] = {**settings.get("loader", {}), "load": MATHJAX_LOAD}
    config.mathjax3_config = settings


MATH_MARKERS = ('class="math', "\\(", "\\[", "$$")


def page_has_math(app, pagename, body):
    """Whether the page itself shows math: its own equations (not its toctree's children's, which
    Sphinx's ``has_equations`` counts too) or TeX in its body (a notebook's LaTeX output)."""
    own = app.env.get_domain("math").data.get("has_equations", {}).get(pagename)
    return bool(own) or any(marker in (body or "") for marker in MATH_MARKERS)


def is_mathjax(script):
    filename = getattr(script, "filename", script) or ""
    body = (getattr(script, "attributes", {}) or {}).get("body", "")
    return filename == MATHJAX_PATH or filename.endswith("/" + MATHJAX_PATH) or body.startswith("window.MathJax")


def mathjax_only_where_math(app, pagename, templatename, context, doctree):
    """A page with no math loads no MathJax (the opening page's toctree made Sphinx add it there)."""
    if page_has_math(app, pagename, context.get("body")):
        return
    context["script_files"] = [script for script in context.get("script_files", []) if not is_mathjax(script)]


def copy_mathjax(app, exception):
    if exception or app.builder.format != "html":
        return
    src, dst = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            (dst / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


def direction(language):
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def mark_pages_direction(app, exception):
    """``<html lang="he" dir="rtl">`` in Hebrew, ``<html lang="en" dir="ltr">`` in English."""
    if exception or app.builder.format != "html":
        return
    lang = f'<html lang="{app.config.language}"'
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if lang in text and " dir=" not in text.split(">", 2)[1]:
            page.write_text(text.replace(lang, f'{lang} dir="{direction(app.config.language)}"', 1), encoding="utf-8")


def drop_rtl_css(app, exception):
    """A left-to-right edition ships no ``rtl.css`` (``html_static_path`` copies every file of ``_static``)."""
    if exception or app.builder.format != "html" or app.config.language in RTL_LANGUAGES:
        return
    (Path(app.outdir) / "_static" / "rtl.css").unlink(missing_ok=True)


TRANSLATIONS_JS = re.compile(r"Documentation\.addTranslations\((\{.*\})\);", re.S)


def fill_translations_js(app, exception):
    """Sphinx's Hebrew ``translations.js`` leaves the search page's messages empty ("" for "found N
    pages" and for no hits, so the page said nothing): fill every empty message from our catalogue
    (``_locales/he/LC_MESSAGES/sphinx.po``, which Sphinx's ``_`` reads)."""
    if exception or app.builder.format != "html" or app.config.language not in RTL_LANGUAGES:
        return
    from cnnbook.files import write_text

    path = Path(app.outdir) / "_static" / "translations.js"
    match = TRANSLATIONS_JS.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not match:
        return
    data = json.loads(match.group(1))
    _ = locale.get_translation("sphinx")
    for msgid, text in data["messages"].items():
        if not text and str(_(msgid)) != msgid:
            data["messages"][msgid] = str(_(msgid))
    write_text(path, f"Documentation.addTranslations({json.dumps(data, indent=4, sort_keys=True)});\n")


def hebrew_theme_labels(app):
    """Add our ``booktheme`` catalogue.

    Sphinx compiles the ``.po`` files of ``locale_dirs`` only after this event,
    so on a fresh clone the ``.mo`` files would be missing when the catalogue
    is loaded: compile what is missing or stale first.
    """
    if app.config.language not in RTL_LANGUAGES:
        return  # English: the theme's own labels
    repo = CatalogRepository(app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == "booktheme" and catalog.is_outdated():
            catalog.write_mo(app.config.language)
    dirs = [str(Path(app.srcdir) / d) for d in app.config.locale_dirs]
    locale.init(dirs, app.config.language, "booktheme")


def merge_theme_options(app, config):
    """Add ``book_theme_options`` to the theme options Jupyter Book already set."""
    config.html_theme_options = {**(config.html_theme_options or {}), **config.book_theme_options}


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    """Keep each script once: sphinx-thebe adds its inline settings once per read
    of the sources, and a second ``const THEBE_JS_URL`` is a JavaScript error."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # an inline script comes with the file name None or "" depending on who added it
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _buttons(items):
    for item in items or []:
        yield item
        yield from _buttons(item.get("buttons"))


def reader_dir(config):
    """The reader copies' folder in the repository: ``notebooks`` for the Hebrew edition, ``en/notebooks`` for the English."""
    import yaml

    from cnnbook.reader import READER_DIR

    settings = yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}
    book = ((settings.get("repository") or {}).get("path_to_book") or "").strip("/")
    return f"{book}/{READER_DIR}" if book else READER_DIR


def colab_opens_reader_copy(app, pagename, templatename, context, doctree):
    """Point the Colab button at ``<path_to_book>/notebooks/<chapter>.ipynb`` at the pinned ref (not the MyST source at a branch)."""
    from cnnbook.notebook import repository_ref, repository_url

    config = Path(app.srcdir) / "_config.yml"
    colab = app.config.html_theme_options.get("launch_buttons", {}).get("colab_url", "").strip("/")
    for button in _buttons(context.get("header_buttons")):
        if button.get("text") == "Colab" and button.get("url"):
            repo = repository_url(config).rstrip("/").removesuffix(".git").split("github.com/")[-1]
            name = Path(pagename).name
            button["url"] = f"{colab}/github/{repo}/blob/{repository_ref(config)}/{reader_dir(config)}/{name}.ipynb"


def download_reader_copies(app, exception):
    """Make each page's downloadable ``.ipynb`` a reader copy (after ``solutions`` made its own)."""
    if exception or app.builder.format != "html":
        return
    from cnnbook.files import write_text
    from cnnbook.reader import book_url, dumps, labels, reader_notebook

    known, base = labels(app.srcdir), book_url(app.srcdir)
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        copied = Path(app.outdir) / "_sources" / f"{docname}{source.suffix}"
        if source.suffix != ".ipynb" or not copied.is_file():
            continue
        glue_from = json.loads(source.read_text(encoding="utf-8"))
        nb = json.loads(copied.read_text(encoding="utf-8"))
        write_text(copied, dumps(reader_notebook(nb, docname, known, base, glue_from=glue_from)))


def setup(app):
    app.connect("html-page-context", colab_opens_reader_copy, priority=502)  # after the theme's (501)
    app.connect("build-finished", download_reader_copies, priority=800)  # after solutions' omit_from_sources
    app.add_config_value("book_theme_options", {}, "html")
    app.connect("config-inited", merge_theme_options)
    app.connect("config-inited", configure_mathjax)
    app.add_transform(DropRtlWrappers)
    app.connect("source-read", drop_dead_widgets)
    app.connect("builder-inited", hebrew_theme_labels)
    app.connect("html-page-context", drop_repeated_scripts)
    app.connect("html-page-context", mathjax_only_where_math, priority=600)  # after sphinx.ext.mathjax (500)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", mark_pages_direction)
    app.connect("build-finished", drop_rtl_css)
    app.connect("build-finished", fill_translations_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
