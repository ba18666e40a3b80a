"""The built book as readers meet it: lighter pages, accessible names in the page's language, our own scripts.

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
  * the primary sidebar becomes a landmark, so that nothing sits outside one;
  * the theme's navigation landmarks ("Main", "Page") get names in the page's
    language (``book_editions.WORDS``), and the Colab logo beside the word
    "Colab" becomes decorative (``alt=""``) rather than English.

- The icon web fonts keep only the icons the book uses (``subset_icon_fonts``):
  every ``fa-*`` name on the built pages and in the theme's scripts, looked up
  in the theme's CSS. 275 kB of fonts become a few kB.
"""
import re
from pathlib import Path

from fontTools import subset

from sphinx import locale

from book_editions import words

FONTAWESOME_JS = re.compile(r'\s*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*></script>')
SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')
TOGGLE_SUMMARY = re.compile(r'<summary aria-label="Toggle hidden content">')
SEARCH_FIELD_LABEL = re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="[^"]*"')
EMPTY_TH = re.compile(r"<th(\s[^>]*)?>\s*</th>")
PRIMARY_SIDEBAR = re.compile(r'(<div id="pst-primary-sidebar" class="bd-sidebar-primary[^"]*")')
THEME_ICON = re.compile(r'(<i class="theme-switch fa-solid [^"]*"[^>]*?)(></i>)')
# sphinx-book-theme's two navigation landmarks, named in English whatever the page's language.
MAIN_NAV = re.compile(r'(<nav class="bd-links bd-docs-nav") aria-label="Main"')
PAGE_NAV = re.compile(r'<nav aria-label="Page">')
# The Colab logo beside the word "Colab" in the launch menu: a picture that adds nothing to the word.
COLAB_LOGO = re.compile(r'<img alt="Colab logo"')


def tidy_page(text, is_search_page, labels, contents_label="תוכן הספר", nav_labels=None):
    """One built page, lighter and with names that match what it shows (see the module's docstring).

    ``nav_labels``: ``{"chapters_nav": ..., "page_nav": ...}``, the names of the two navigation
    landmarks (the book's chapters, the page's sections) in the page's language.
    """
    text = FONTAWESOME_JS.sub("", text)
    if not is_search_page:
        text = SEARCH_SCRIPTS.sub("", text)
    text = TOGGLE_SUMMARY.sub("<summary>", text)
    text = SEARCH_FIELD_LABEL.sub(r"\1", text)
    for english, hebrew in labels.items():
        text = text.replace(f'aria-label="{english}"', f'aria-label="{hebrew}"')
    text = EMPTY_TH.sub(lambda m: f"<td{m.group(1) or ''}></td>", text)
    text = PRIMARY_SIDEBAR.sub(rf'\1 role="complementary" aria-label="{contents_label}"', text, count=1)
    text = THEME_ICON.sub(r'\1 aria-hidden="true"\2', text)
    if nav_labels:
        text = MAIN_NAV.sub(rf'\1 aria-label="{nav_labels["chapters_nav"]}"', text)
        text = PAGE_NAV.sub(f'<nav aria-label="{nav_labels["page_nav"]}">', text)
    text = COLAB_LOGO.sub('<img alt=""', text)
    return text


def tidy_pages(app, exception):
    if exception or app.builder.format != "html":
        return
    _ = locale.get_translation("booktheme")
    labels = {english: str(_(english)) for english in ("Launch interactive content", "Download this page")}
    labels = {e: h for e, h in labels.items() if h != e}
    edition_words = words(app.config.language)
    contents_label = edition_words["book_contents"]
    nav_labels = {key: edition_words[key] for key in ("chapters_nav", "page_nav")}
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        tidy = tidy_page(text, page.name == "search.html" and page.parent == Path(app.outdir), labels, contents_label, nav_labels)
        if tidy != text:
            page.write_text(tidy, encoding="utf-8")


ICON_FONTS = "_static/vendor/fontawesome/webfonts"
ICON_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
# `.fa-bars:before{content:"\f0c9"}`, with several selectors for one glyph now and then
ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:\"\\?([^\"]*)\"\}")


def icon_codepoints(css):
    """{icon name: code point} from the theme's CSS."""
    points = {}
    for selectors, content in ICON_RULE.findall(css):
        if len(content) == 1:
            point = ord(content)
        elif re.fullmatch(r"[0-9a-f]{2,6}", content):
            point = int(content, 16)
        else:
            continue
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            points[name] = point
    return points


def icons_in_use(outdir):
    """Every ``fa-*`` name on the built pages and in the theme's scripts."""
    names = set()
    for path in list(Path(outdir).rglob("*.html")) + list((Path(outdir) / "_static").rglob("*.js")):
        names |= set(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def subset_icon_fonts(app, exception):
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    css = (outdir / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    points = icon_codepoints(css)
    wanted = sorted({points[name] for name in icons_in_use(outdir) if name in points})
    for font in (outdir / ICON_FONTS).glob("*.woff2"):
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.ignore_missing_unicodes = True
        face = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(face)
        subset.save_font(face, str(font), options)


def setup(app):
    app.connect("build-finished", tidy_pages)
    app.connect("build-finished", subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
