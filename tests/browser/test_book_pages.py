"""Every page of the built book, both editions, loaded in headless Chromium the way a reader sees it.

Each page must: read in its edition's direction (Hebrew right to left, English, under en/,
left to right), send no request outside the site, log no console error, and leave no
equation untypeset. A screenshot of each page (desktop and phone width) is saved under
screenshots/ to be looked at. The language switch of every page opens the same page in
the other edition, and each edition searches its own pages.
"""
import re

import pytest

from cnnbook.files import ROOT

SHOTS = ROOT / "screenshots"
RAW_MATH = re.compile(r"\$\$|\\\[|\\\]|\\\(|\\\)|(?<![\w$])\$[^$\s][^$]*\$")


def book_pages():
    toc_pages = ["intro.html", "glossary.html"] + [f"chapters/{nb.stem}.html" for nb in sorted((ROOT / "chapters").glob("*.ipynb"))]
    return toc_pages + ["search.html"]


def english_pages():
    """The same pages in the English edition (en/)."""
    return ["en/" + path for path in book_pages()]


@pytest.fixture(scope="module")
def site(built_book, serve):
    return serve(built_book)


def visible_text_outside_code(page):
    """The article's text, without code, outputs and typeset math."""
    return page.evaluate(
        """() => {
            const article = document.querySelector('article') || document.body;
            const copy = article.cloneNode(true);
            copy.querySelectorAll('pre, code, .cell_input, .cell_output, mjx-container, script, style').forEach(e => e.remove());
            return copy.innerText;
        }"""
    )


@pytest.mark.parametrize("path", book_pages() + english_pages())
def test_page_is_clean_and_self_contained(site, browser_page, path):
    page = browser_page.page
    page.goto(site + path, wait_until="networkidle")
    page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)", timeout=15000)
    page.evaluate("() => window.MathJax ? window.MathJax.startup.promise : null")
    browser_page.assert_clean(site)

    lang, direction = ("en", "ltr") if path.startswith("en/") else ("he", "rtl")
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction

    text = visible_text_outside_code(page)
    leftovers = RAW_MATH.findall(text)
    assert leftovers == [], f"{path}: untypeset math left in the text: {leftovers[:5]}"

    SHOTS.mkdir(exist_ok=True)
    name = path.replace("/", "_").removesuffix(".html")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}_phone.png"))


def test_code_math_and_outputs_stay_left_to_right(site, browser_page):
    page = browser_page.page
    page.goto(site + "chapters/01_conv1d.html", wait_until="networkidle")
    page.evaluate("() => window.MathJax.startup.promise")
    directions = page.evaluate(
        """() => ({
            code: getComputedStyle(document.querySelector('.cell_input pre')).direction,
            output: getComputedStyle(document.querySelector('.cell_output')).direction,
            math: getComputedStyle(document.querySelector('mjx-container')).direction,
            prose: getComputedStyle(document.querySelector('article p')).direction,
        })"""
    )
    assert directions == {"code": "ltr", "output": "ltr", "math": "ltr", "prose": "rtl"}


def test_every_equation_is_typeset(site, browser_page):
    page = browser_page.page
    page.goto(site + "chapters/01_conv1d.html", wait_until="networkidle")
    page.evaluate("() => window.MathJax.startup.promise")
    counts = page.evaluate(
        "() => ({math: document.querySelectorAll('.math').length, typeset: document.querySelectorAll('.math mjx-container, mjx-container.MathJax').length})"
    )
    assert counts["math"] > 5
    assert counts["typeset"] >= counts["math"]


def test_theme_labels_are_in_hebrew(site, browser_page):
    page = browser_page.page
    page.goto(site + "chapters/01_conv1d.html", wait_until="networkidle")
    labels = page.evaluate(
        """() => [
            document.querySelector('.skip-link a, #pst-skip-link a')?.textContent,
            document.querySelector('.onthispage, .page-toc .onthispage')?.textContent,
            document.querySelector('.search-button__default-text')?.textContent,
            document.querySelector('.prev-next-area .prev-next-subtitle')?.textContent,
        ]"""
    )
    hebrew = re.compile("[\u0590-\u05ff]")
    for label in labels:
        assert label and hebrew.search(label), f"an English theme label is left: {labels}"


def test_cross_references_between_chapters_resolve(site, browser_page):
    page = browser_page.page
    page.goto(site + "intro.html", wait_until="networkidle")
    href = page.evaluate("() => document.querySelector('a[href*=\"glossary\"]').getAttribute('href')")
    page.goto(site + href.split('#')[0], wait_until="networkidle")
    assert page.title().startswith("מילון")


def test_hebrew_search_finds_the_chapter(site, browser_page):
    page = browser_page.page
    page.goto(site + "search.html?q=" + "גרעין", wait_until="networkidle")
    page.wait_for_selector("#search-results li", timeout=15000)
    results = page.evaluate("() => [...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'))")
    assert any("01_conv1d" in href for href in results), results
    browser_page.assert_clean(site)


# ------------------------------------------------------------ the two editions

def switch_of(page):
    return page.locator("a.edition-switch:visible").first


@pytest.mark.parametrize("path", ["intro.html", "chapters/03_padding_stride_dilation.html", "glossary.html", "search.html", "genindex.html"])
def test_the_language_switch_opens_the_same_page_both_ways(site, browser_page, path):
    page = browser_page.page
    page.goto(site + path, wait_until="networkidle")
    switch = switch_of(page)
    assert switch.get_attribute("lang") == "en" and switch.get_attribute("hreflang") == "en"
    assert switch.inner_text().strip() == "English"
    with page.expect_navigation(wait_until="networkidle"):
        switch.click()
    assert page.url == site + "en/" + path
    assert page.evaluate("document.documentElement.lang") == "en"

    back = switch_of(page)
    assert back.get_attribute("lang") == "he" and back.inner_text().strip() == "עברית"
    back.focus()  # the keyboard reaches it and opens it
    with page.expect_navigation(wait_until="networkidle"):
        page.keyboard.press("Enter")
    assert page.url == site + path
    assert page.evaluate("document.documentElement.lang") == "he"
    browser_page.assert_clean(site)


@pytest.mark.parametrize("path", ["chapters/01_conv1d.html", "en/chapters/01_conv1d.html"])
def test_the_alternate_links_name_both_editions(site, browser_page, path):
    page = browser_page.page
    page.goto(site + path, wait_until="networkidle")
    links = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => [l.hreflang, l.href]))"
    )
    assert links == {"he": site + "chapters/01_conv1d.html", "en": site + "en/chapters/01_conv1d.html", "x-default": site + "chapters/01_conv1d.html"}


@pytest.mark.parametrize("view", ["desktop-light", "desktop-dark", "phone"])
@pytest.mark.parametrize("path", ["chapters/01_conv1d.html", "en/chapters/01_conv1d.html"])
def test_the_language_switch_is_visible_in_every_view(site, browser, path, view):
    from audit import VIEWS, settle, text_contrasts

    context = browser.new_context(**VIEWS[view])
    try:
        page = context.new_page()
        page.goto(site + path)
        settle(page)
        switch = switch_of(page)
        box = switch.bounding_box()
        width = page.viewport_size["width"]
        assert box and box["width"] > 20 and box["height"] >= 24 and 0 <= box["x"] and box["x"] + box["width"] <= width, box
        low = [m for m in text_contrasts(page, "a.edition-switch") if m["ratio"] < m["needed"]]
        assert low == [], low
    finally:
        context.close()


def test_english_search_finds_english_pages(site, browser_page):
    page = browser_page.page
    page.goto(site + "en/search.html?q=kernel", wait_until="networkidle")
    page.wait_for_selector("#search-results li", timeout=15000)
    results = page.evaluate("() => [...document.querySelectorAll('#search-results li a')].map(a => a.href)")
    assert results and all(url.startswith(site + "en/") for url in results), results
    assert any("glossary" in url or "chapters/" in url for url in results), results
    browser_page.assert_clean(site)


def test_theme_labels_are_the_themes_own_in_english(site, browser_page):
    page = browser_page.page
    page.goto(site + "en/chapters/01_conv1d.html", wait_until="networkidle")
    labels = page.evaluate(
        """() => [
            document.querySelector('.skip-link a, #pst-skip-link a')?.textContent,
            document.querySelector('.search-button__default-text')?.textContent,
            document.querySelector('.prev-next-area .prev-next-subtitle')?.textContent,
        ]"""
    )
    assert [label.strip() for label in labels] == ["Skip to main content", "Search", "previous"], labels
