"""The book's two editions in one site: each page links to the same page of the other edition.

The Hebrew edition is built at the site's root and the English one under
``en/`` (``cnnbook.files.EDITIONS``: a folder of the repository is a folder of
the site). Every page of either edition gets:

- a visible language switch in its header (``_templates/edition-switch.html``,
  placed before the theme's buttons): a real link, in the other language and
  marked with its ``lang`` and ``hreflang``, to the same page of the other edition
  (``book-ux.js`` adds the reader's ``#section``, by its label, and ``?q=`` search);
- ``<link rel="alternate" hreflang="he|en|x-default">`` in its head.

All the links are relative, so the site works from any sub-path.

``WORDS`` holds the few words the book's own extensions put on a page, per
edition (``words(app)`` picks the edition from Sphinx's ``language``).
"""
from pathlib import Path

from cnnbook.files import EDITIONS, ROOT

DEFAULT = "he"  # the edition of x-default (the site's root)

WORDS = {
    "he": {
        "name": "עברית",
        "switch_title": "הדף הזה בעברית",
        "book_contents": "תוכן הספר",
        "solution_show": "הצגת הפתרון",
        "solution_hide": "הסתרת הפתרון",
        "solution_title": "פתרון",
        "chapters_nav": "פרקי הספר",
        "page_nav": "סעיפי הדף",
    },
    "en": {
        "name": "English",
        "switch_title": "This page in English",
        "book_contents": "Book contents",
        "solution_show": "Show the solution",
        "solution_hide": "Hide the solution",
        "solution_title": "Solution",
        "chapters_nav": "Chapters",
        "page_nav": "Sections of this page",
    },
}


def words(lang):
    """The extensions' words for the edition in ``lang`` (English for a language the book lacks)."""
    return WORDS.get(lang, WORDS["en"])


def site_folder(lang):
    """Where edition ``lang`` sits in the site, as a prefix: "" for the root, "en/" for English."""
    rel = Path(EDITIONS[lang]).resolve().relative_to(ROOT.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def page_url(pagename, from_lang, to_lang, suffix=".html"):
    """The relative URL, from page ``pagename`` of edition ``from_lang``, of the same page in ``to_lang``."""
    up = "../" * (pagename.count("/") + site_folder(from_lang).count("/"))
    return f"{up}{site_folder(to_lang)}{pagename}{suffix}"


def other_edition(lang):
    others = [code for code in EDITIONS if code != lang]
    return others[0] if others else None


def edition_links(app, pagename, templatename, context, doctree):
    lang = app.config.language
    if lang not in EDITIONS:
        return
    suffix = app.builder.link_suffix
    other = other_edition(lang)
    if other:
        context["edition_switch"] = {
            "href": page_url(pagename, lang, other, suffix),
            "lang": other,
            "text": words(other)["name"],
            "title": words(other)["switch_title"],
        }
    links = [(code, page_url(pagename, lang, code, suffix)) for code in EDITIONS]
    links.append(("x-default", page_url(pagename, lang, DEFAULT, suffix)))
    head = "".join(f'\n<link rel="alternate" hreflang="{code}" href="{href}" />' for code, href in links)
    context["metatags"] = context.get("metatags", "") + head


def place_the_switch(app, config):
    """The switch goes into the article's header, before the theme's buttons."""
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [end] if isinstance(end, str) else list(end)
    if "edition-switch.html" not in end:
        options["article_header_end"] = ["edition-switch.html"] + end
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", place_the_switch, priority=600)  # after book_rtl merged the theme options
    app.connect("html-page-context", edition_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
