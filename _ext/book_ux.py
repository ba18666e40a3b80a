"""The built book as readers meet it: lighter pages, Hebrew accessible names, our own scripts.

- ``_static/book-ux.js`` (phone navigation, animation player, figure zoom, clean
  search snippets, the theme button's state), ``_static/book-ux.css`` and the
  vendored GIF decoder ``_static/vendor/gifuct.min.js`` (MIT, 8 kB) reach every
  page the way Jupyter Book adds every file of ``_static/``.
- After the build, every page is rewritten (``tidy_page``):

  * ``fontawesome.js`` (1.5 MB, which redraws the icons as SVG) is dropped: the
    theme's CSS already draws the same icons with the icon web font;
  * the search index and Sphinx's search scripts stay only on the search page
    (the search box elsewhere just opens that page);
  * buttons whose accessible name differs from their visible text get the
    visible text as their name: the solution toggles ("Toggle hidden content"
    over "הצגת הפתרון"), the search buttons, the theme's English menu labels;
  * an empty table header cell becomes a data cell (it heads nothing);
  * the primary sidebar becomes a landmark, so that nothing sits outside one.
"""
import re
from pathlib import Path

from sphinx import locale

FONTAWESOME_JS = re.compile(r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>')
SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')
TOGGLE_SUMMARY = re.compile(r'<summary aria-label="Toggle hidden content">')
SEARCH_FIELD_LABEL = re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="[^"]*"')
EMPTY_TH = re.compile(r"<th(\s[^>]*)?>\s*</th>")
PRIMARY_SIDEBAR = re.compile(r'(<div id="pst-primary-sidebar" class="bd-sidebar-primary[^"]*")')
THEME_ICON = re.compile(r'(<i class="theme-switch fa-solid [^"]*"[^>]*?)(></i>)')


def tidy_page(text, is_search_page, labels):
    """One built page, lighter and with names that match what it shows (see the module's docstring)."""
    text = FONTAWESOME_JS.sub("", text)
    if not is_search_page:
        text = SEARCH_SCRIPTS.sub("", text)
    text = TOGGLE_SUMMARY.sub("<summary>", text)
    text = SEARCH_FIELD_LABEL.sub(r"\1", text)
    for english, hebrew in labels.items():
        text = text.replace(f'aria-label="{english}"', f'aria-label="{hebrew}"')
    text = EMPTY_TH.sub(lambda m: f"<td{m.group(1) or ''}></td>", text)
    text = PRIMARY_SIDEBAR.sub(r'\1 role="complementary" aria-label="תוכן הספר"', text, count=1)
    text = THEME_ICON.sub(r'\1 aria-hidden="true"\2', text)
    return text


def tidy_pages(app, exception):
    if exception or app.builder.format != "html":
        return
    _ = locale.get_translation("booktheme")
    labels = {english: str(_(english)) for english in ("Launch interactive content", "Download this page")}
    labels = {e: h for e, h in labels.items() if h != e}
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        tidy = tidy_page(text, page.name == "search.html" and page.parent == Path(app.outdir), labels)
        if tidy != text:
            page.write_text(tidy, encoding="utf-8")


def setup(app):
    app.connect("build-finished", tidy_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
