"""audit.py's waiting: axe and the contrast measure look at a page whose animations have ended.

An opened solution fades in (sphinx-togglebutton's 0.3 s ``toggle-fade-in``); text caught
half-transparent fails axe's contrast rule. The page here fades its solution in over a whole
second, like the book's but longer, and has an endless spinner beside it that must not be awaited.
"""
import pytest

from audit import animations_done, run_axe, text_contrasts

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fade-in</title>
<link rel="icon" href="data:,">
<style>
  @keyframes fade-in { from { opacity: 0; } to { opacity: 1; } }
  @keyframes spin { to { transform: rotate(360deg); } }
  details[open] > p { animation: fade-in 1s ease-out; }
  .spinner { width: 1em; height: 1em; border: 2px solid #333; animation: spin 1s linear infinite; }
  body { color: #222; background: #fff; }
</style></head>
<body><main><h1>A solution</h1>
<div class="spinner" aria-hidden="true"></div>
<details><summary>Solution</summary><p id="answer">The answer is forty-two.</p></details>
</main></body></html>
"""


@pytest.fixture
def page_with_a_fade(tmp_path, serve, browser_page):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    url = serve(tmp_path) + "index.html"
    page = browser_page.page
    page.goto(url)
    # Opened and looked at in one go: the fade-in has just been created, so it is surely running.
    assert "fade-in:1000" in page.evaluate("() => { document.querySelector('details').open = true; return (%s)(); }" % RUNNING)
    return page


RUNNING = """() => document.getAnimations().filter(a => a.playState === 'running')
  .map(a => a.animationName + ':' + a.effect.getComputedTiming().endTime)"""


def running(page):
    return page.evaluate(RUNNING)


def test_animations_done_waits_for_the_fade_in_not_for_the_spinner(page_with_a_fade):
    page = page_with_a_fade
    assert animations_done(page) >= 1
    assert running(page) == ["spin:Infinity"]  # the endless one still turns
    assert page.evaluate("getComputedStyle(document.getElementById('answer')).opacity") == "1"


def test_axe_sees_the_solution_fully_opaque(page_with_a_fade):
    results = run_axe(page_with_a_fade)
    contrast = [v for v in results["violations"] if v["id"] == "color-contrast"]
    assert contrast == []
    assert running(page_with_a_fade) == ["spin:Infinity"]


def test_the_contrast_measure_waits_too(page_with_a_fade):
    measured = text_contrasts(page_with_a_fade, "details")
    assert {m["text"] for m in measured} == {"Solution", "The answer is forty-two."}
    assert all(m["ratio"] >= m["needed"] for m in measured), measured
