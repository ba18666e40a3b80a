"""The book builds with warnings as errors, and the result is a self-contained site with two editions:
Hebrew, right to left, at the root, and English, left to right, under en/."""
import re

import json

import yaml

from cnnbook.files import ROOT

from cnnbook.notebook import repository_ref, repository_url
from cnnbook.reader import myst_left


def is_redirect(text):
    """The redirect index.html of an edition (build_site.complete_redirect), not a page of the book."""
    return 'http-equiv="Refresh"' in text[:3000]


def test_book_builds_without_warnings(built_book):
    assert (built_book / "index.html").exists()
    assert (built_book / "chapters" / "01_conv1d.html").exists()


def hebrew_pages(built_book):
    return [page for page in built_book.rglob("*.html") if page.relative_to(built_book).parts[0] != "en"]


def test_pages_are_hebrew_right_to_left(built_book):
    for page in hebrew_pages(built_book):
        head = page.read_text(encoding="utf-8")[:3000]
        if "<html" in head:
            assert re.search(r'<html lang="he" dir="rtl"', head), f"{page.name} lacks lang/dir"


def test_mathjax_is_served_by_the_book(built_book):
    page = (built_book / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    assert 'src="../_static/mathjax/startup.js' in page
    for part in ["startup.js", "core.js", "input/tex.js", "output/chtml.js", "a11y/assistive-mml.js"]:
        assert (built_book / "_static" / "mathjax" / part).exists(), part
    assert (built_book / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    # the components, and no context menu (what made every formula a tab stop)
    assert '"load": ["input/tex", "output/chtml", "a11y/assistive-mml"]' in page


def test_pages_load_only_what_they_use(built_book):
    """The icons come from the theme's web font (no fontawesome.js); the search index only on the search page."""
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, page.name
        if page.name != "search.html":
            assert "searchindex.js" not in text, page.name
    assert 'src="searchindex.js"' in (built_book / "search.html").read_text(encoding="utf-8")


def test_accessible_names_match_the_visible_labels(built_book):
    page = (built_book / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    assert "Toggle hidden content" not in page
    assert 'aria-label="Launch interactive content"' not in page and 'aria-label="Download this page"' not in page
    assert 'id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="complementary"' in page


def test_colab_button_opens_the_reader_copy_at_the_pinned_version(built_book):
    page = (built_book / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    repo = repository_url().removeprefix("https://github.com/")
    url = f"https://colab.research.google.com/github/{repo}/blob/{repository_ref()}/notebooks/01_conv1d.ipynb"
    assert url in page
    assert "/blob/main/chapters/" not in page


def test_downloaded_notebooks_read_cleanly(built_book):
    """The page's "download .ipynb" gives a reader copy: numbers in the sentences, no raw MyST."""
    copies = sorted((built_book / "_sources" / "chapters").glob("*.ipynb"))
    assert copies
    for copy in copies:
        nb = json.loads(copy.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                assert not myst_left(text), f"{copy.name}: raw MyST {myst_left(text)}"


def test_rtl_wrappers_do_not_reach_the_html(built_book):
    page = (built_book / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    assert '<div dir="rtl">' not in page


def test_no_dead_widget_text_reaches_the_book(built_book):
    """Progress bars are widgets with no static picture: the book, having no kernel, leaves them out,
    while the live demos keep the picture of their starting state."""
    practical = (built_book / "chapters" / "07_lenet_mnist.html").read_text(encoding="utf-8")
    assert not re.search(r"\d+%\|", practical)
    demo_page = (built_book / "chapters" / "02_activation_channels.html").read_text(encoding="utf-8")
    assert "widget-view" not in demo_page
    assert demo_page.count("<img") >= 2


def test_every_figure_has_hebrew_alt_text(built_book):
    hebrew = re.compile("[\u0590-\u05ff]")
    for page in (built_book / "chapters").glob("*.html"):
        article = page.read_text(encoding="utf-8").split('<article class="bd-article">', 1)[-1]
        for img in re.findall(r"<img[^>]*>", article):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and hebrew.search(alt.group(1)), f"{page.name}: an image without Hebrew alt text: {img[:150]}"


def test_every_figure_has_a_visible_hebrew_caption(built_book):
    """Alt text is for a screen reader; a seeing reader gets a caption under every image, in Hebrew."""
    hebrew = re.compile("[\u0590-\u05ff]")
    for page in sorted((built_book / "chapters").glob("*.html")):
        article = page.read_text(encoding="utf-8").split('<article class="bd-article">', 1)[-1]
        figures = re.findall(r"<figure\b.*?</figure>", article, flags=re.S)
        captioned = [f for f in figures if hebrew.search("".join(re.findall(r"<figcaption\b.*?</figcaption>", f, re.S)))]
        n_images = len(re.findall(r"<img\b", article))
        n_captioned = sum(len(re.findall(r"<img\b", f)) for f in captioned)
        assert n_captioned == n_images, f"{page.name}: {n_images - n_captioned} image(s) without a Hebrew caption"


# ------------------------------------------------------------------ the English edition

EN_CONFIG = ROOT / "en" / "_config.yml"
SHARED_SETTINGS = ("execute", "launch_buttons", "parse")


def test_the_english_config_keeps_the_shared_settings_in_sync():
    """en/_config.yml: the Hebrew edition's repository, launch, execute and parse settings, and its own folder."""
    he = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load(EN_CONFIG.read_text(encoding="utf-8"))
    for key in SHARED_SETTINGS:
        assert en[key] == he[key], f"en/_config.yml's {key} differs from _config.yml's"
    assert {**en["repository"], "path_to_book": he["repository"]["path_to_book"]} == he["repository"]
    assert en["repository"]["path_to_book"] == "en"
    assert en["sphinx"]["config"]["language"] == "en" and he["sphinx"]["config"]["language"] == "he"
    assert set(en["sphinx"]["local_extensions"]) == set(he["sphinx"]["local_extensions"])
    assert "en" in he["exclude_patterns"], "the Hebrew build must leave the English edition alone"
    for key in ("html_show_copyright", "html_last_updated_fmt", "nb_merge_streams", "book_solutions", "html_context", "nb_mime_priority_overrides", "mathjax_path"):
        assert en["sphinx"]["config"][key] == he["sphinx"]["config"][key], key
    assert "rtl.css" not in str(en["sphinx"]["config"])


def test_the_english_toc_has_the_hebrew_structure():
    he = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((ROOT / "en" / "_toc.yml").read_text(encoding="utf-8"))
    assert en["root"] == he["root"]
    assert [[c["file"] for c in part["chapters"]] for part in en["parts"]] == [[c["file"] for c in part["chapters"]] for part in he["parts"]]
    assert [part.get("numbered") for part in en["parts"]] == [part.get("numbered") for part in he["parts"]]
    assert not re.search("[\u0590-\u05ff]", str(en)), "the English captions"


def english_pages(built_book):
    return [page for page in (built_book / "en").rglob("*.html") if "_static" not in page.parts]


def test_english_pages_are_english_left_to_right_with_no_rtl_css(built_book):
    pages = english_pages(built_book)
    assert {"intro.html", "glossary.html", "search.html", "genindex.html", "01_conv1d.html"} <= {p.name for p in pages}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if is_redirect(text):
            continue  # the redirect en/index.html
        assert re.search(r'<html lang="en" dir="ltr"', text[:3000]), f"en/{page.name} lacks lang/dir"
        assert "rtl.css" not in text, f"en/{page.name} loads rtl.css"
        assert "book-ux.css" in text and "book-ux.js" in text
    assert not (built_book / "en" / "_static" / "rtl.css").exists()


def test_english_pages_have_the_themes_english_labels_and_english_words(built_book):
    page = (built_book / "en" / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    for label in ('<a href="#main-content">Skip to main content</a>', 'search-button__default-text">Search', 'prev-next-subtitle">next', "</i> Contents"):
        assert label in page, label
    assert 'aria-label="Book contents"' in page and 'title="Show or hide the book\'s contents"' in page
    assert "Show the solution" in page and "הצגת הפתרון" not in page
    assert 'src="../_static/mathjax/startup.js' in page and (built_book / "en" / "_static" / "mathjax" / "startup.js").exists()
    assert "fontawesome.js" not in page and "searchindex.js" not in page


def test_each_edition_has_its_own_search_index(built_book):
    he = (built_book / "searchindex.js").read_text(encoding="utf-8")
    en = (built_book / "en" / "searchindex.js").read_text(encoding="utf-8")
    assert '"en/' not in he and "glossari" in en
    assert 'src="searchindex.js"' in (built_book / "en" / "search.html").read_text(encoding="utf-8")


def test_english_colab_button_opens_the_english_reader_copy(built_book):
    page = (built_book / "en" / "chapters" / "01_conv1d.html").read_text(encoding="utf-8")
    repo = repository_url().removeprefix("https://github.com/")
    url = f"https://colab.research.google.com/github/{repo}/blob/{repository_ref()}/en/notebooks/01_conv1d.ipynb"
    assert url in page
    assert "/blob/main/" not in page
    assert (built_book / "en" / "_sources" / "chapters" / "01_conv1d.ipynb").is_file()


SWITCH = re.compile(r'<a class="btn btn-sm edition-switch" href="([^"]+)" hreflang="(he|en)" lang="(he|en)"')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)" />')


def test_every_page_links_to_the_same_page_in_the_other_edition(built_book):
    """The visible switch and the hreflang links, relative, landing on an existing page of the same name."""
    pairs = [(page, "he") for page in hebrew_pages(built_book)] + [(page, "en") for page in english_pages(built_book)]
    checked = 0
    for page, lang in pairs:
        text = page.read_text(encoding="utf-8")
        if is_redirect(text) or "_static" in page.parts:
            continue
        checked += 1
        name = page.relative_to(built_book if lang == "he" else built_book / "en").as_posix()
        switch = SWITCH.findall(text)
        assert len(switch) == 1, f"{lang}/{name}: {switch}"
        href, hreflang, link_lang = switch[0]
        other = "en" if lang == "he" else "he"
        assert hreflang == link_lang == other
        target = (page.parent / href).resolve()
        expected = (built_book / name) if other == "he" else (built_book / "en" / name)
        assert target == expected.resolve() and target.is_file(), f"{lang}/{name} -> {href}"
        alternates = dict(ALTERNATE.findall(text.split("</head>", 1)[0]))
        assert set(alternates) == {"he", "en", "x-default"}, f"{lang}/{name}: {alternates}"
        for code, link in alternates.items():
            assert not link.startswith(("/", "http")), link
            want = built_book / name if code in ("he", "x-default") else built_book / "en" / name
            assert (page.parent / link).resolve() == want.resolve(), f"{lang}/{name}: {code} -> {link}"
    assert checked >= 2 * 11


def test_the_redirect_pages_are_whole_pages_with_the_books_icon(built_book):
    """jupyter-book's bare ``<meta>`` redirect has no icon, so a browser asks the server's root for
    /favicon.ico (a failed request outside the book's sub-path); build_site completes it."""
    for index, lang in ((built_book / "index.html", "he"), (built_book / "en" / "index.html", "en")):
        text = index.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text and '<link rel="icon" href="_static/favicon.svg">' in text
        assert '<meta http-equiv="Refresh" content="0; url=intro.html">' in text and '<a href="intro.html">' in text
        assert (index.parent / "_static" / "favicon.svg").is_file()
