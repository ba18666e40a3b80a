"""The book's own Sphinx extension: a right-to-left, self-contained book.

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
- MathJax is copied from the ``django-static-mathjax`` package into the built
  site, so that math renders with no network.
"""
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import locale
from sphinx.transforms import SphinxTransform

RTL_OPEN = '<div dir="rtl">'
RTL_CLOSE = "</div>"
# The parts of MathJax's es5 build that tex-chtml.js loads or may load.
MATHJAX_PARTS = ["tex-chtml.js", "output/chtml", "input/tex/extensions", "a11y", "ui"]


class DropRtlWrappers(SphinxTransform):
    """Remove the raw ``<div dir="rtl">`` / ``</div>`` pairs of notebook cells."""

    default_priority = 100

    def apply(self):
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


def mathjax_source():
    import mathjax  # the django-static-mathjax package

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def copy_mathjax(app, exception):
    if exception or app.builder.format != "html":
        return
    src, dst = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (src / part).is_dir():
            shutil.copytree(src / part, dst / part, dirs_exist_ok=True)
        else:
            dst.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dst / part)


def mark_pages_rtl(app, exception):
    if exception or app.builder.format != "html":
        return
    lang = f'<html lang="{app.config.language}"'
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if lang in text and 'dir="rtl"' not in text.split(">", 2)[1]:
            page.write_text(text.replace(lang, lang + ' dir="rtl"', 1), encoding="utf-8")


def hebrew_theme_labels(app):
    """Add our ``booktheme`` catalogue (compiled by Sphinx with ``locale_dirs``)."""
    dirs = [str(Path(app.srcdir) / d) for d in app.config.locale_dirs]
    locale.init(dirs, app.config.language, "booktheme")


def merge_theme_options(app, config):
    """Add ``book_theme_options`` to the theme options Jupyter Book already set."""
    config.html_theme_options = {**(config.html_theme_options or {}), **config.book_theme_options}


def setup(app):
    app.add_config_value("book_theme_options", {}, "html")
    app.connect("config-inited", merge_theme_options)
    app.add_transform(DropRtlWrappers)
    app.connect("builder-inited", hebrew_theme_labels)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", mark_pages_rtl)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
