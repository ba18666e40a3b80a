"""Every page of the built book, loaded in headless Chromium the way a reader sees it.

Each page must: read right to left, send no request outside the site, log no
console error, and leave no equation untypeset. A screenshot of each page
(desktop and phone width) is saved under screenshots/ to be looked at.
"""
import re

import pytest

from cnnbook.files import ROOT

SHOTS = ROOT / "screenshots"
RAW_MATH = re.compile(r"\$\$|\\\[|\\\]|\\\(|\\\)|(?<![\w$])\$[^$\s][^$]*\$")


def book_pages():
    toc_pages = ["intro.html", "glossary.html"] + [f"chapters/{nb.stem}.html" for nb in sorted((ROOT / "chapters").glob("*.ipynb"))]
    return toc_pages + ["search.html"]


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


@pytest.mark.parametrize("path", book_pages())
def test_page_is_clean_and_self_contained(site, browser_page, path):
    page = browser_page.page
    page.goto(site + path, wait_until="networkidle")
    page.wait_for_function("() => !window.MathJax || (window.MathJax.startup && window.MathJax.startup.promise)", timeout=15000)
    page.evaluate("() => window.MathJax ? window.MathJax.startup.promise : null")
    browser_page.assert_clean(site)

    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "he"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

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
