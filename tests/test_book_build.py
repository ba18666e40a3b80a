"""The book builds with warnings as errors, and the result is a right-to-left, self-contained site."""
import re

import json

from cnnbook.notebook import repository_ref, repository_url
from cnnbook.reader import myst_left


def test_book_builds_without_warnings(built_book):
    assert (built_book / "index.html").exists()
    assert (built_book / "chapters" / "01_conv1d.html").exists()


def test_pages_are_hebrew_right_to_left(built_book):
    for page in built_book.rglob("*.html"):
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
