"""The built book as readers meet it: axe-core, phone navigation, right to left, the animation
player, figure zoom, search snippets and page weight.

axe-core comes from npm (``npm ci --prefix tests/browser``), never from the network at test
time. Every page is audited in three views (desktop light, desktop dark, phone) with every
solution opened, and must have no serious or critical violation. The colour contrast of the
checkers' messages and of the figure captions is computed here as well, because axe leaves
text on those backgrounds "incomplete".
"""
import re
import statistics

import pytest

from audit import VIEWS, WEIGHTS, PageWeight, run_axe, serious, settle, text_contrasts
from test_book_pages import book_pages, english_pages

PHONE = VIEWS["phone"]


@pytest.fixture(scope="module")
def site(built_book, serve):
    return serve(built_book)


@pytest.fixture
def open_page(browser):
    """``open_page(url, view="desktop-light", **context options)`` -> a settled Playwright page
    (console errors collected in ``page.book_errors``)."""
    contexts = []

    def _open(url, view="desktop-light", **options):
        context = browser.new_context(locale="he-IL", **{**VIEWS[view], **options})
        context.set_default_timeout(30_000)
        context.set_default_navigation_timeout(120_000)  # a busy machine; no timing is tested
        contexts.append(context)
        page = context.new_page()
        page.book_errors = []
        page.on("console", lambda m: page.book_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.book_errors.append(str(e)))
        page.book_weight = PageWeight(page)
        page.goto(url)
        settle(page)
        return page

    yield _open
    for context in contexts:
        context.close()


def open_all_solutions(page):
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")


# ------------------------------------------------------------------ axe-core

@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", book_pages() + english_pages())
def test_axe_finds_no_serious_violation(site, open_page, path, view):
    page = open_page(site + path, view)
    if path == "search.html":
        page.goto(site + "search.html?q=ריפוד")
        page.wait_for_selector("#search-results li", timeout=20_000)
    elif path == "en/search.html":
        page.goto(site + "en/search.html?q=kernel")
        page.wait_for_selector("#search-results li", timeout=20_000)
    open_all_solutions(page)
    results = run_axe(page)
    found = serious(results)
    details = [
        (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results["violations"] if v["id"] in found
    ]
    assert found == {}, f"{path} ({view}): {details}"
    assert page.book_errors == []


@pytest.mark.parametrize("view", ["desktop-light", "desktop-dark"])
@pytest.mark.parametrize("path", [p for p in book_pages() if p.startswith("chapters/")])
def test_text_in_exercise_boxes_and_captions_reaches_aa_contrast(site, open_page, path, view):
    """Computed here: axe reports this text "incomplete" (its background is an ancestor's)."""
    page = open_page(site + path, view)
    open_all_solutions(page)
    measured = text_contrasts(page, ".cnnbook-check, .cell_output figcaption, .admonition, .sd-card, details.solution")
    low = [m for m in measured if m["ratio"] < m["needed"]]
    assert low == [], f"{path} ({view}): {low[:5]}"


# ------------------------------------------------------------- navigation

@pytest.mark.parametrize("width", [390, 800])
def test_both_drawers_open_and_close_on_a_narrow_screen(site, open_page, width):
    page = open_page(site + "chapters/02_activation_channels.html", "phone", viewport={"width": width, "height": 844})
    toggle = page.locator("button.primary-toggle:visible").first
    toggle.tap()
    drawer = page.locator("#pst-primary-sidebar-modal")
    assert drawer.evaluate("d => d.open")
    links = page.locator("#pst-primary-sidebar-modal a[href*='chapters/'], #pst-primary-sidebar-modal a[href$='.html']")
    visible = [link for link in links.all() if link.is_visible()]
    assert len(visible) >= 6, "the drawer shows the book's chapters"
    page.keyboard.press("Escape")
    assert not drawer.evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.classList.contains('primary-toggle')"), "focus returns to ☰"

    # the keyboard opens it too
    toggle.focus()
    page.keyboard.press("Enter")
    assert drawer.evaluate("d => d.open")
    page.keyboard.press("Escape")

    contents = page.locator("button.secondary-toggle:visible").first
    contents.tap()
    page_drawer = page.locator("#pst-secondary-sidebar-modal")
    assert page_drawer.evaluate("d => d.open")
    assert page.locator("#pst-secondary-sidebar-modal nav a").first.is_visible()
    page.keyboard.press("Escape")
    assert not page_drawer.evaluate("d => d.open")
    assert page.book_errors == []


def test_on_a_wide_screen_the_menu_button_hides_and_shows_the_contents(site, open_page):
    page = open_page(site + "chapters/02_activation_channels.html", "desktop-light")
    sidebar = page.locator("#pst-primary-sidebar")
    assert page.locator("#pst-primary-sidebar nav a").first.is_visible()
    button = page.locator("button.primary-toggle:visible").first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert sidebar.evaluate("s => s.classList.contains('pst-sidebar-hidden')")
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.locator("#pst-primary-sidebar nav a").first.is_visible()


def test_header_buttons_show_a_focus_ring(site, open_page):
    page = open_page(site + "chapters/01_conv1d.html")
    page.locator(".bd-header-article button.primary-toggle").focus()
    rings = []
    for _ in range(5):  # ☰, launch, repository, download, full screen
        rings.append(page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.className, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        ))
        page.keyboard.press("Tab")
    assert all(style != "none" and width >= 2 for _, style, width in rings), rings


def test_previous_and_next_follow_the_reading_direction(site, open_page):
    page = open_page(site + "chapters/02_activation_channels.html")
    boxes = page.evaluate(
        """() => {
            const r = e => e.getBoundingClientRect();
            const prev = document.querySelector('.prev-next-area a.left-prev');
            const next = document.querySelector('.prev-next-area a.right-next');
            return {prev: r(prev), next: r(next),
                    prevIcon: r(prev.querySelector('i')), prevText: r(prev.querySelector('.prev-next-info')),
                    nextIcon: r(next.querySelector('i')), nextText: r(next.querySelector('.prev-next-info'))};
        }"""
    )
    assert boxes["prev"]["left"] > boxes["next"]["right"], "previous is on the right, next on the left"
    assert boxes["prevIcon"]["left"] >= boxes["prevText"]["right"] - 1, "previous's arrow is at its outer (right) side"
    assert boxes["nextIcon"]["right"] <= boxes["nextText"]["left"] + 1, "next's arrow is at its outer (left) side"


def test_display_equations_are_centred(site, open_page):
    page = open_page(site + "chapters/01_conv1d.html")
    offsets = page.evaluate(
        """() => [...document.querySelectorAll('article mjx-container[display="true"]')]
              .filter(m => m.scrollWidth <= m.clientWidth + 1)
              .map(m => { const c = m.getBoundingClientRect(), e = m.querySelector('mjx-math').getBoundingClientRect();
                          return Math.abs((c.left + c.right) / 2 - (e.left + e.right) / 2); })"""
    )
    assert offsets, "chapter 1 has display equations"
    assert max(offsets) < 3, offsets


@pytest.mark.parametrize("path", book_pages() + english_pages())
def test_no_page_scrolls_sideways_on_a_phone(site, open_page, path):
    """At 320 px, the narrowest phone we design for. Without mobile emulation: an emulated phone
    zooms out to fit a page that is too wide, and so hides the very overflow this test looks for."""
    page = open_page(site + path, "phone", viewport={"width": 320, "height": 700}, is_mobile=False)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert widths[2] == 320
    assert max(widths[:2]) <= widths[2], f"{path}: the page is {max(widths[:2])} px wide on a {widths[2]} px screen"
    if path.startswith(("chapters/", "en/chapters/")):
        # the header's first and last buttons (☰ and the page's contents) are on the screen
        edges = page.evaluate(
            """() => [...document.querySelectorAll('.bd-header-article .btn')].filter(b => b.offsetParent)
                      .map(b => b.getBoundingClientRect()).map(r => [r.left, r.right])"""
        )
        assert edges and min(l for l, _ in edges) >= 0 and max(r for _, r in edges) <= 320, edges


# ----------------------------------------------------- animations, figures

def test_the_animation_player_pauses_steps_and_resumes_with_the_keyboard(site, open_page):
    page = open_page(site + "chapters/01_conv1d.html")
    player = page.locator(".book-gif[data-ready='1']").first
    player.wait_for()
    assert player.get_attribute("data-playing") == "1", "animations play by default"
    first = player.get_attribute("data-frame")
    page.wait_for_function("f => document.querySelector('.book-gif').dataset.frame !== f", arg=first, timeout=10_000)

    play = player.locator(".book-gif-play")
    play.focus()
    page.keyboard.press("Space")
    assert player.get_attribute("data-playing") == "0"
    assert play.get_attribute("aria-label") == "הפעלת האנימציה"
    frame = int(player.get_attribute("data-frame"))
    page.wait_for_timeout(1500)
    assert int(player.get_attribute("data-frame")) == frame, "a paused animation stays on its frame"
    count = int(re.search(r"מתוך (\d+)", player.locator(".book-gif-count").inner_text()).group(1))

    page.keyboard.press("Tab")  # to "next": in a right-to-left bar it sits left of play
    assert page.evaluate("() => document.activeElement.classList.contains('book-gif-next')")
    page.keyboard.press("Enter")
    assert int(player.get_attribute("data-frame")) == frame % count + 1
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # "previous"
    page.keyboard.press("Enter")
    assert int(player.get_attribute("data-frame")) == frame
    page.keyboard.press("ArrowLeft")  # the arrows step the way the page reads: left is forward
    assert int(player.get_attribute("data-frame")) == frame % count + 1
    assert f"תמונה {frame % count + 1} מתוך {count}" in player.locator(".book-gif-count").inner_text()

    play.focus()
    page.keyboard.press("Enter")
    assert player.get_attribute("data-playing") == "1"
    now = player.get_attribute("data-frame")
    page.wait_for_function("f => document.querySelector('.book-gif').dataset.frame !== f", arg=now, timeout=10_000)
    assert page.book_errors == []


def test_the_english_player_reads_left_to_right(site, open_page):
    """Back on the left, forward on the right, and the right arrow key steps forward."""
    page = open_page(site + "en/chapters/01_conv1d.html")
    player = page.locator(".book-gif[data-ready='1']").first
    player.wait_for()
    lefts = player.evaluate(
        "w => ['prev', 'play', 'next'].map(k => w.querySelector('.book-gif-' + k).getBoundingClientRect().left)"
    )
    assert lefts == sorted(lefts), f"previous, play, next from left to right: {lefts}"
    assert player.locator(".book-gif-controls").evaluate("b => getComputedStyle(b).direction") == "ltr"
    play = player.locator(".book-gif-play")
    play.focus()
    page.keyboard.press("Space")
    assert player.get_attribute("data-playing") == "0"
    frame = int(player.get_attribute("data-frame"))
    count = int(re.search(r"of (\d+)", player.locator(".book-gif-count").inner_text()).group(1))
    page.keyboard.press("ArrowRight")
    assert int(player.get_attribute("data-frame")) == frame % count + 1, "right is forward"
    page.keyboard.press("ArrowLeft")
    assert int(player.get_attribute("data-frame")) == frame, "left is back"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('book-gif-next')"), "Tab goes on to the right"
    assert page.book_errors == []


def test_every_gif_gets_a_player(site, open_page):
    for path in book_pages():
        if not path.startswith("chapters/"):
            continue
        page = open_page(site + path)
        gifs = page.evaluate("() => document.querySelectorAll('article img[src^=\"data:image/gif\"], article img[src$=\".gif\"]').length")
        page.wait_for_function("n => document.querySelectorAll('.book-gif[data-ready=\"1\"]').length >= n", arg=gifs, timeout=20_000)


def test_a_figure_opens_full_screen_and_closes_with_the_keyboard(site, open_page):
    page = open_page(site + "chapters/05_conv2d.html", "phone")
    button = page.locator("button.book-zoom-open").first
    src = button.locator("img").get_attribute("src")[:200]
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.book-zoom-dialog")
    assert dialog.evaluate("d => d.open")
    big = dialog.locator(".book-zoom-stage img")
    assert big.get_attribute("src")[:200] == src or "image/png" in big.get_attribute("src")[:30]
    natural = big.evaluate("async i => { await i.decode(); return i.naturalWidth; }")
    box = big.bounding_box()
    assert abs(box["width"] - natural) <= 1, f"full size is the figure's own size ({natural} px), not {box['width']}"
    page.locator(".book-zoom-fit").click()
    fitted = big.bounding_box()
    assert fitted["width"] <= min(natural, 390) + 1, "fitted to the screen, and never stretched beyond its own pixels"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("() => document.activeElement.classList.contains('book-zoom-open')"), "focus returns to the figure"


# ------------------------------------------------------------- the rest

def test_formulas_are_not_tab_stops_but_are_read_aloud(site, open_page):
    page = open_page(site + "chapters/03_padding_stride_dilation.html")
    counts = page.evaluate(
        """() => ({formulas: document.querySelectorAll('mjx-container').length,
                   spoken: document.querySelectorAll('mjx-container mjx-assistive-mml math').length,
                   // only an equation wider than the column is a tab stop, so that the keyboard can scroll it
                   stops: [...document.querySelectorAll('mjx-container[tabindex]')].filter(m => m.tabIndex >= 0 && m.scrollWidth <= m.clientWidth + 1).length})"""
    )
    assert counts["formulas"] > 10
    assert counts["spoken"] == counts["formulas"], "every formula carries MathML for screen readers"
    assert counts["stops"] == 0


def test_the_theme_button_says_which_mode_is_on(site, open_page):
    page = open_page(site + "intro.html", "desktop-dark")
    button = page.locator(".theme-switch-button:visible").first
    labels = []
    for _ in range(3):
        labels.append(button.get_attribute("aria-label"))
        button.click()
    assert len(set(labels)) == 3 and all(label.startswith("ערכת צבעים: ") for label in labels), labels


def test_the_scripts_speak_the_language_of_the_english_edition(site, open_page):
    """book-ux.js takes its words from the page's language: the player, the zoom and the theme button in English."""
    page = open_page(site + "en/chapters/01_conv1d.html", "desktop-light")
    names = page.evaluate(
        """() => ({
            player: document.querySelector('.book-gif-controls')?.getAttribute('aria-label'),
            dir: document.querySelector('.book-gif-controls')?.dir,
            play: document.querySelector('.book-gif-play')?.getAttribute('aria-label'),
            zoom: document.querySelector('.book-zoom-open')?.getAttribute('aria-label'),
            theme: document.querySelector('.theme-switch-button')?.getAttribute('aria-label'),
            drawer: document.querySelector('#pst-primary-sidebar-modal')?.getAttribute('aria-label'),
            toggles: [...document.querySelectorAll('button.primary-toggle, button.secondary-toggle')].map(b => b.getAttribute('aria-label')),
            landmarks: [...document.querySelectorAll('nav[aria-label]')].map(n => n.getAttribute('aria-label')),
        })"""
    )
    assert names["toggles"] and all(name and "Toggle" not in name and "sidebar" not in name for name in names["toggles"]), names["toggles"]
    assert "Main" not in names["landmarks"] and "Page" not in names["landmarks"], names["landmarks"]
    assert names["player"] == "Animation player" and names["dir"] == "ltr"
    assert names["play"] in ("Play the animation", "Pause the animation")
    assert names["zoom"].startswith("Enlarge the figure")
    assert names["theme"].startswith("Colour mode: ")
    assert names["drawer"] == "Book contents"
    assert page.book_errors == []


def test_search_snippets_are_clean_text(site, open_page):
    page = open_page(site + "search.html?q=ריפוד")
    page.wait_for_selector("#search-results li p.context", timeout=20_000)
    page.wait_for_timeout(1500)
    snippets = page.evaluate("() => [...document.querySelectorAll('#search-results li p.context')].map(p => p.textContent)")
    assert len(snippets) >= 3
    for text in snippets:
        assert not re.search(r"\\[(\[)\]]|\\[a-z]+|\$", text), f"raw TeX in a snippet: {text}"
        assert ".pdf" not in text and "בדף הזה" not in text and "הצגת הפתרון" not in text, f"page furniture in a snippet: {text}"


def test_hebrew_pages_speak_hebrew(site, open_page):
    """The copy button, the links to figures, the landmarks, the Colab logo and numbered captions."""
    page = open_page(site + "chapters/06_backprop.html")
    found = page.evaluate(
        """() => ({
            copy: document.querySelector('.copybtn')?.dataset.tooltip,
            imageLinks: [...document.querySelectorAll('figcaption a.headerlink')].map(a => a.title),
            landmarks: [...document.querySelectorAll('nav[aria-label], [role="complementary"][aria-label]')].map(n => n.getAttribute('aria-label')),
            colab: [...document.querySelectorAll('img[src*="colab"]')].map(i => i.getAttribute('alt')),
            captions: [...document.querySelectorAll('figcaption')].filter(f => f.querySelector('.caption-number'))
                        .map(f => getComputedStyle(f).direction),
        })"""
    )
    hebrew = re.compile(r"[\u0590-\u05FF]")
    assert found["copy"] and hebrew.search(found["copy"]), found["copy"]
    assert found["imageLinks"] and all(hebrew.search(t) for t in found["imageLinks"]), found["imageLinks"]
    assert found["landmarks"] and all(hebrew.search(t) for t in found["landmarks"]), found["landmarks"]
    assert found["colab"] and all(alt == "" for alt in found["colab"]), "the logo beside the word Colab is decorative"
    assert found["captions"] and set(found["captions"]) == {"rtl"}, found["captions"]


def test_hebrew_search_says_what_it_found_and_when_it_found_nothing(site, open_page):
    page = open_page(site + "search.html?q=ריפוד")
    page.wait_for_selector("#search-results li", timeout=20_000)
    summary = page.locator("#search-results p.search-summary")
    summary.wait_for(timeout=60_000)
    count = page.locator("#search-results li").count()
    assert re.search(r"[\u0590-\u05FF]", summary.inner_text()) and str(count) in summary.inner_text(), summary.inner_text()

    page.goto(site + "search.html?q=zqxjzqxj")
    page.wait_for_function("() => document.querySelector('#search-results p.search-summary')?.textContent.trim()", timeout=60_000)
    nothing = page.locator("#search-results p.search-summary").inner_text()
    assert re.search(r"[\u0590-\u05FF]", nothing) and page.locator("#search-results li").count() == 0, nothing
    assert page.book_errors == []


CH03 = "chapters/03_padding_stride_dilation.html"


@pytest.mark.parametrize("path, hash, other, label", [
    (CH03, "even-kernels", "en/" + CH03, "even-kernels"),
    # the English contents link to an id made from the title; the switch carries the section's label
    ("en/" + CH03, "padding-for-a-kernel-of-even-length", CH03, "even-kernels"),
])
def test_the_language_switch_keeps_the_section_and_the_search(site, open_page, path, hash, other, label):
    page = open_page(site + path)
    page.evaluate("a => { location.hash = a; }", hash)
    page.wait_for_function("a => document.querySelector('a.edition-switch').getAttribute('href').endsWith('#' + a)", arg=label)
    page.locator("a.edition-switch").first.click()
    page.wait_for_url(f"**/{other}#{label}")
    assert page.evaluate("a => !!document.getElementById(a)", label), "the same label in the other edition"

    search = path.rsplit("chapters/", 1)[0] + "search.html"
    page.goto(site + search + "?q=kernel")
    page.locator("a.edition-switch").first.click()
    page.wait_for_url("**/search.html?q=kernel")
    assert page.url.startswith(site + other.rsplit("chapters/", 1)[0] + "search.html")


@pytest.mark.parametrize("view", ["desktop-light", "desktop-dark"])
def test_the_search_shortcut_hint_is_readable(site, open_page, view):
    """The "Ctrl+K" hint on the search buttons and in the search box that they open."""
    page = open_page(site + "chapters/01_conv1d.html", view)
    page.locator("button.search-button-field:visible").first.click()
    page.locator("#pst-search-dialog .search-button__kbd-shortcut").wait_for()
    measured = text_contrasts(page, ".search-button__kbd-shortcut")
    assert any("Ctrl" in m["text"] for m in measured), "the hints are measured"
    in_dialog = text_contrasts(page, "#pst-search-dialog .search-button__kbd-shortcut")
    assert in_dialog, "the open search box's hint is measured"
    low = [m for m in measured + in_dialog if m["ratio"] < 4.5]
    assert low == [], low


def test_mathjax_loads_only_on_pages_with_math(built_book):
    """The opening page has no math (Sphinx counted its chapters' math as its own); chapters do."""
    for edition in ("", "en/"):
        assert "mathjax/startup.js" not in (built_book / f"{edition}intro.html").read_text(encoding="utf-8")
        assert "window.MathJax" not in (built_book / f"{edition}intro.html").read_text(encoding="utf-8")
        assert "mathjax/startup.js" in (built_book / f"{edition}chapters/01_conv1d.html").read_text(encoding="utf-8")
        assert "mathjax/startup.js" in (built_book / f"{edition}glossary.html").read_text(encoding="utf-8")


def test_the_hebrew_search_messages_are_filled(built_book):
    """Sphinx's Hebrew translations.js leaves them empty; ours fills them (and the page's own notice)."""
    import json

    text = (built_book / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = json.loads(re.search(r"addTranslations\((\{.*\})\);", text, re.S).group(1))["messages"]
    for msgid in ("Search finished, found ${resultCount} page(s) matching the search query.",
                  "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories."):
        assert re.search(r"[\u0590-\u05FF]", messages[msgid]), msgid
    assert "${resultCount}" in messages["Search finished, found ${resultCount} page(s) matching the search query."]
    assert "Please activate JavaScript" not in (built_book / "search.html").read_text(encoding="utf-8")


def test_page_weight(site, open_page):
    """Weights and request counts of every page (printed as a table after the tests);
    the median page must stay within 2 MB. A size budget, not a timing."""
    weights = []
    for path in book_pages():
        page = open_page(site + path)
        page.wait_for_timeout(300)
        weight = page.book_weight
        WEIGHTS.append((path, weight.total, weight.count, weight.largest(2)))
        weights.append(weight.total)
    assert statistics.median(weights) <= 2_000_000, [(p, w) for p, w, *_ in WEIGHTS]
