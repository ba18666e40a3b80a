"""The answer boxes in the built book, as a reader uses them: type, press Enter or Check, read the verdict.

One chapter of each edition (chapter 4: a shape and an array exercise), served from a sub-path
(as GitHub Pages serves a project), in one browser. The verdicts are compared with the
catalogue's sentences (``cnnbook.exercises._web.answer_box_data``), not with typed-in text.
"""
import pytest

from audit import VIEWS, run_axe, serious, settle, text_contrasts
from cnnbook.exercises._web import answer_box_data

PREFIX = "cnn-course"
CHAPTER = "chapters/04_max_pooling.html"
EDITIONS = {"he": CHAPTER, "en": "en/" + CHAPTER}


@pytest.fixture(scope="module")
def site(built_book, serve, tmp_path_factory):
    root = tmp_path_factory.mktemp("pages-root")
    (root / PREFIX).symlink_to(built_book, target_is_directory=True)
    return serve(root) + PREFIX + "/"


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(url, view="desktop-light", context=None):
        if context is None:
            context = browser.new_context(locale="he-IL", **VIEWS[view])
            context.set_default_timeout(30_000)
            context.set_default_navigation_timeout(120_000)  # a busy machine; nothing here is timed
            contexts.append(context)
        page = context.new_page()
        page.book_errors = []
        page.book_requests = []
        page.on("console", lambda m: page.book_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.book_errors.append(str(e)))
        page.on("request", lambda r: page.book_requests.append(r.url))
        page.goto(url)
        settle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


def _answer(page, exercise_id, typed, key="Enter"):
    """Type ``typed`` into the box of ``exercise_id`` and submit it; return the verdict's text."""
    box = page.locator(f'.answer-box[data-exercise="{exercise_id}"]')
    field = box.get_by_role("textbox")
    field.fill(typed)
    if key == "Enter":
        field.press("Enter")
    else:
        box.locator("button.answer-box-check").click()
    page.wait_for_function(
        "([id, typed]) => { const b = document.querySelector(`.answer-box[data-exercise='${id}']`);"
        " return b.dataset.state && b.querySelector('input').value === typed; }", arg=[exercise_id, typed])
    return box.locator(".answer-box-verdict").inner_text(), box.get_attribute("data-state")


@pytest.mark.parametrize("lang", ["he", "en"])
def test_right_classic_wrong_and_malformed_answers_get_check_answers_verdicts(site, open_page, lang):
    page = open_page(site + EDITIONS[lang])
    assert page.locator(".answer-box:not([hidden])").count() == 2
    shape = answer_box_data("pool-output-shape", lang)
    values = answer_box_data("pool-values", lang)

    text, state = _answer(page, "pool-output-shape", "6x13x13")
    assert state == "right" and shape["text"]["right"] in text
    text, state = _answer(page, "pool-output-shape", "(6, 14, 14)", key="click")
    assert state == "wrong" and shape["mistakes"][0]["reason"] in text and shape["text"]["check_answer_line_4"] in text
    text, state = _answer(page, "pool-output-shape", "six")
    assert state == "malformed" and shape["text"]["whole_badformat"] in text and shape["text"]["expected"] in text

    text, state = _answer(page, "pool-values", "[[5, 4], [-2, 3]]")
    assert state == "right" and values["text"]["right"] in text
    average = next(m for m in values["mistakes"] if m["value"] == [[2.0, 1.0], [-3.75, 0.75]])
    text, state = _answer(page, "pool-values", "[[2, 1], [-3.75, 0.75]]")
    assert state == "wrong" and average["reason"] in text
    text, state = _answer(page, "pool-values", "[[1, 2], [3]]")
    assert state == "malformed" and values["text"]["real_array_badformat"] in text

    # The verdict is announced (a live region), the field reads left to right also in Hebrew.
    box = page.locator('.answer-box[data-exercise="pool-values"]')
    assert box.locator('[role="status"][aria-live="polite"]').count() == 1
    assert box.get_by_role("textbox").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert box.evaluate("e => getComputedStyle(e).direction") == ("rtl" if lang == "he" else "ltr")
    assert box.get_by_role("textbox").get_attribute("aria-describedby")
    assert page.book_errors == []
    assert all(url.startswith(site) or url.startswith(("data:", "blob:", "about:")) for url in page.book_requests)


def test_progress_is_kept_per_edition_and_reset_forgets_it(site, open_page, browser):
    context = browser.new_context(locale="he-IL", **VIEWS["desktop-light"])
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(120_000)
    try:
        page = open_page(site + EDITIONS["he"], context=context)
        _answer(page, "pool-output-shape", "(6, 14, 14)")
        page.reload()
        settle(page)
        box = page.locator('.answer-box[data-exercise="pool-output-shape"]')
        assert box.get_by_role("textbox").input_value() == "(6, 14, 14)" and box.get_attribute("data-state") == "wrong"
        english = open_page(site + EDITIONS["en"], context=context)  # the other edition keeps its own
        assert english.locator('.answer-box[data-exercise="pool-output-shape"] input').input_value() == ""
        # Reset, from the keyboard: the field empties, the verdict goes, and a reload brings nothing back.
        box.locator("button.answer-box-reset").focus()
        page.keyboard.press("Enter")
        assert box.get_by_role("textbox").input_value() == "" and box.locator(".answer-box-verdict").inner_text() == ""
        assert page.evaluate("() => document.activeElement.classList.contains('answer-box-input')")
        page.reload()
        settle(page)
        assert page.locator('.answer-box[data-exercise="pool-output-shape"] input').input_value() == ""
    finally:
        context.close()


def test_the_keyboard_reaches_the_field_and_both_buttons_in_order(site, open_page):
    page = open_page(site + EDITIONS["en"])
    field = page.locator('.answer-box[data-exercise="pool-output-shape"] input')
    field.focus()
    page.keyboard.type("(6, 13, 13)")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "answer-box-check"
    page.keyboard.press("Enter")
    page.wait_for_selector('.answer-box[data-exercise="pool-output-shape"][data-state="right"]')
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "answer-box-reset"


@pytest.mark.parametrize("view", ["desktop-light", "desktop-dark", "phone"])
@pytest.mark.parametrize("lang", ["he", "en"])
def test_axe_and_contrast_with_verdicts_shown(site, open_page, lang, view):
    page = open_page(site + EDITIONS[lang], view)
    _answer(page, "pool-output-shape", "(6, 14, 14)")
    _answer(page, "pool-values", "[[5, 4], [-2, 3]]")
    # Back at the top, as the book's own axe test audits a page: scrolled down, the theme's floating
    # "back to top" button may pass over any control, and axe counts that as a small target.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_function("() => window.scrollY === 0")
    results = run_axe(page)
    found = serious(results)
    assert found == {}, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results["violations"] if v["id"] in found]
    low = [m for m in text_contrasts(page, ".answer-box") if m["ratio"] < m["needed"]]
    assert low == [], low[:5]
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.book_errors == []
