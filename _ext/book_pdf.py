"""The printable edition in the book: print styles, and a link to the edition's PDF when there is one.

- ``_static/print.css`` (all of it under ``@media print``) is on every page: no
  sidebars, header buttons or players; code wraps instead of being cut off; the
  page's width is the paper's. ``_ext/build_pdf.py`` (``make pdf``) prints the
  pages with it.
- The link: ``make pdf`` writes ``_build/pdf/cnn-book-<lang>.pdf`` (``PDF_DIR``,
  ``pdf_name``) and then builds the site again. A build that finds the
  edition's PDF there copies it into the edition's own output
  (``pdf/cnn-book-<lang>.pdf``, so ``_build/html/pdf/`` and
  ``_build/html/en/pdf/``) and puts a link to it in every page's header
  (``_templates/pdf-link.html``) and in the theme's download menu (the one
  place a phone under 400 px shows it: its header row is full); a build that does not find it (a plain
  ``make build`` on a fresh clone) adds no link, so the book never links to a
  missing file. The link is relative, so the site works from any sub-path.
  Whether the PDF is there is a config value that asks for an HTML rewrite
  (``book_pdf_present``), so that the pages gain (or lose) the link when it
  changes, with no ``--all``. The link's words come from the package's
  catalogue (``[pdf]``).
"""
import shutil
from pathlib import Path

from cnnbook.lang import LANGUAGES, msg, using

ROOT = Path(__file__).resolve().parents[1]
PDF_DIR = ROOT / "_build" / "pdf"
SITE_FOLDER = "pdf"  # where each edition's output keeps its PDF


def pdf_name(lang):
    """The file name of edition ``lang``'s PDF: ``cnn-book-he.pdf``, ``cnn-book-en.pdf``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return f"cnn-book-{lang}.pdf"


def built_pdf(lang, pdf_dir=None):
    """The path of edition ``lang``'s built PDF, or None when ``make pdf`` has not made it."""
    if lang not in LANGUAGES:
        return None
    path = Path(pdf_dir or PDF_DIR) / pdf_name(lang)
    return path if path.is_file() else None


def pdf_href(pagename, lang, suffix_dir=SITE_FOLDER):
    """The relative URL, from page ``pagename`` of an edition, of that edition's PDF."""
    return "../" * pagename.count("/") + f"{suffix_dir}/{pdf_name(lang)}"


def note_the_pdf(app, config):
    config.book_pdf_present = bool(built_pdf(config.language))


def place_the_link(app, config):
    """The link goes into the article's header, right before the theme's buttons."""
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [end] if isinstance(end, str) else list(end)
    if "pdf-link.html" not in end:
        at = end.index("article-header-buttons.html") if "article-header-buttons.html" in end else len(end)
        end.insert(at, "pdf-link.html")
    options["article_header_end"] = end
    config.html_theme_options = options


def pdf_link(app, pagename, templatename, context, doctree):
    lang = app.config.language
    if not app.config.book_pdf_present or lang not in LANGUAGES:
        return
    with using(lang):
        context["book_pdf"] = {
            "href": pdf_href(pagename, lang),
            "text": msg("pdf.link"),
            "title": msg("pdf.link_title"),
        }
    # The same link in the theme's download menu: on a narrow phone the header shows the menu, not the link.
    for group in context.get("header_buttons") or []:
        if group.get("label") == "download-buttons":
            group["buttons"].append({
                "type": "link",
                "url": context["book_pdf"]["href"],
                "text": context["book_pdf"]["text"],
                "tooltip": context["book_pdf"]["title"],
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


CSS_FILES = ("book-pdf.css", "print.css")  # the link's look; the book on paper (all of it under @media print)


def add_styles(app):
    """Our two CSS files, unless the edition already loads them (Jupyter Book adds every file of a
    book's own ``_static/`` to its ``html_css_files``: the Hebrew edition's)."""
    present = {css if isinstance(css, str) else css[0] for css in app.config.html_css_files}
    for name in CSS_FILES:
        if name not in present:
            app.add_css_file(name)


def copy_the_pdf(app, exception):
    if exception or app.builder.format != "html":
        return
    source = built_pdf(app.config.language)
    if source:
        target = Path(app.outdir) / SITE_FOLDER / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def setup(app):
    app.add_config_value("book_pdf_present", False, "html")
    app.connect("config-inited", note_the_pdf)
    app.connect("config-inited", place_the_link, priority=700)  # after book_editions placed its switch (600)
    app.connect("builder-inited", add_styles)
    app.connect("html-page-context", pdf_link, priority=502)  # after the theme made its header buttons (501)
    app.connect("build-finished", copy_the_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
