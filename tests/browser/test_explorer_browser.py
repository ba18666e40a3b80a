"""The convolution-arithmetic explorer, driven in chromium through its sliders.

The JavaScript repeats two formulas of ``cnnbook.shapes``; these tests keep it equal
to torch and to cnnbook: output sizes over a grid of settings, the cells each
output reads, the outputs each input feeds, and the numbers it computes.

The pages come from the ``explorer_pages`` fixture: by default a standalone page
built with ``cnnbook.explorer.explorer_html``. To test the built book instead,
override ``explorer_pages`` (same keys) with the URLs of its chapter pages; every
test uses the first explorer of its mode on the page (``multi`` needs two 1D ones).
"""
import itertools
import math
import random

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import bench_explorer
import cnnbook
from cnnbook import explorer
from cnnbook.files import ROOT

SCREENSHOTS = ROOT / "screenshots"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PAGE = """<!doctype html>
<html lang="he" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>body {{ font-family: sans-serif; max-width: 860px; margin: 0 auto; padding: 8px; }}</style></head>
<body><h1>{title}</h1>
{body}
</body></html>
"""


@pytest.fixture(scope="module")
def explorer_pages(tmp_path_factory, serve, built_book):
    """URLs of pages with explorers: "1d" and "2d" are the chapters of the built book
    that embed them (no kernel, no server behind the page); "multi" is a page with
    two 1D explorers and one 2D, to show that explorers on one page stay independent."""
    book = serve(built_book)
    folder = tmp_path_factory.mktemp("explorer_site")
    body = "\n".join(
        [
            "<p>ממד אחד:</p>",
            explorer.explorer_html("1d"),
            "<p>שני ממדים:</p>",
            explorer.explorer_html("2d"),
            "<p>עוד אחד, בממד אחד:</p>",
            explorer.explorer_html("1d", op="max", numbers=True, input=8, kernel=2, padding=0, stride=2),
        ]
    )
    (folder / "index.html").write_text(PAGE.format(title="חשבון הקונבולוציה", body=body), encoding="utf-8")
    return {
        "1d": book + "chapters/03_padding_stride_dilation.html",
        "2d": book + "chapters/05_conv2d.html",
        "multi": serve(folder) + "index.html",
    }


def open_explorer(recorded, url, mode, index=0):
    page = recorded.page
    page.goto(url)
    root = page.locator(f'[data-conv-explorer="{mode}"]').nth(index)
    root.scroll_into_view_if_needed()
    assert root.get_attribute("data-ready") == "1"
    return root


# ---------------------------------------------------------------- in-page helpers

SET_JS = """(root, settings) => {
  // Set each control like a user (value + input/change events) and read the output size.
  const results = [];
  for (const values of settings) {
    for (const [name, value] of Object.entries(values)) {
      if (name === "op") {
        const radio = root.querySelector(`input[type=radio][value="${value}"]`);
        if (!radio.checked) { radio.checked = true; radio.dispatchEvent(new Event("change", {bubbles: true})); }
        continue;
      }
      if (name === "numbers") {
        const box = root.querySelector('input[type=checkbox][name="numbers"]');
        if (box.checked !== value) { box.checked = value; box.dispatchEvent(new Event("change", {bubbles: true})); }
        continue;
      }
      const el = root.querySelector(`input[type=range][name="${name}"]`);
      if (el === null) throw new Error(`no slider named ${name}`);
      if (el.value !== String(value)) {
        el.value = String(value);
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true}));
      }
      if (el.value !== String(value)) throw new Error(`slider ${name} refused ${value} (${el.min}..${el.max})`);
    }
    const size = root.querySelector("[data-output-size]");
    results.push([size.getAttribute("data-output-size"), size.getAttribute("data-reason") || ""]);
  }
  return results;
}"""

HOVER_OUTPUTS_JS = """(root) => {
  // Point at every output cell in turn; record the lit inputs (with their tags) and outputs.
  const lit = () => ({
    inputs: [...root.querySelectorAll("[data-in].hl")].map(e => [e.getAttribute("data-in"), e.querySelector(".cnx-tag").textContent]),
    outputs: [...root.querySelectorAll("[data-out].hl-out")].map(e => e.getAttribute("data-out")),
  });
  const seen = {};
  root.querySelectorAll("[data-out]").forEach(cell => {
    cell.querySelector("rect").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    seen[cell.getAttribute("data-out")] = lit();
  });
  root.querySelector(".cnx-draw").dispatchEvent(new MouseEvent("mouseleave"));
  seen["(none)"] = lit();
  return seen;
}"""

HOVER_INPUTS_JS = """(root) => {
  const seen = {};
  root.querySelectorAll("[data-in]").forEach(cell => {
    cell.querySelector("rect").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    seen[cell.getAttribute("data-in")] = {
      outputs: [...root.querySelectorAll("[data-out].hl-out")].map(e => e.getAttribute("data-out")),
      inputs: [...root.querySelectorAll("[data-in].hl")].map(e => e.getAttribute("data-in")),
    };
  });
  root.querySelector(".cnx-draw").dispatchEvent(new MouseEvent("mouseleave"));
  return seen;
}"""

NUMBERS_JS = """(root) => ({
  x: [...root.querySelectorAll("[data-in]")].map(e => [e.getAttribute("data-in"), e.getAttribute("data-value")]),
  w: [...root.querySelectorAll("[data-k]")].map(e => [e.getAttribute("data-k"), e.getAttribute("data-w")]),
  y: [...root.querySelectorAll("[data-out]")].map(e => [e.getAttribute("data-out"), e.getAttribute("data-value")]),
  shown: [...root.querySelectorAll("[data-out] .cnx-v")].map(e => e.textContent),
})"""

# ---------------------------------------------------------------- Python-side expectations

def axes_of(mode, v):
    """(n, K, p, s, d) per axis."""
    if mode == "1d":
        return [(v["input"], v["kernel"], v["padding"], v["stride"], v["dilation"])]
    shared = (v["padding"], v["stride"], v["dilation"])
    return [(v["input_h"], v["kernel_h"], *shared), (v["input_w"], v["kernel_w"], *shared)]


def torch_size(mode, op, v):
    """The output size that torch gives, as the explorer writes it ("3", "3x4"), or "0" where torch refuses."""
    (n, k, p, s, d), *rest = axes_of(mode, v)
    try:
        if mode == "1d":
            x = torch.zeros(1, 1, n)
            if op == "conv":
                y = F.conv1d(x, torch.zeros(1, 1, k), stride=s, padding=p, dilation=d)
            else:
                y = F.max_pool1d(x, k, stride=s, padding=p, dilation=d)
        else:
            (nw, kw, *_), = rest
            x = torch.zeros(1, 1, n, nw)
            if op == "conv":
                y = F.conv2d(x, torch.zeros(1, 1, k, kw), stride=s, padding=p, dilation=d)
            else:
                y = F.max_pool2d(x, (k, kw), stride=s, padding=p, dilation=d)
    except RuntimeError:
        return "0"
    return "x".join(str(size) for size in y.shape[2:])


def expected_reasons(mode, op, v):
    axes = axes_of(mode, v)
    reasons = set()
    if op == "max" and any(p > k // 2 for n, k, p, s, d in axes):
        reasons.add("pool-padding")
    if any(cnnbook.dilated_size(k, d) > n + 2 * p for n, k, p, s, d in axes):
        reasons.add("kernel")
    return reasons


def out_sizes(mode, v):
    return [cnnbook.conv_output_size(n, k, p, s, d) for n, k, p, s, d in axes_of(mode, v)]


def key(idx):
    return ",".join(str(i) for i in idx)


def expected_feeds(mode, v, out_idx):
    """{input key: "w[m]"} for one output, from cnnbook.input_positions (cartesian product in 2D)."""
    per_axis = [
        list(enumerate(cnnbook.input_positions(o, k, p, s, d))) for o, (n, k, p, s, d) in zip(out_idx, axes_of(mode, v))
    ]
    feeds = {}
    for combo in itertools.product(*per_axis):
        taps = [m for m, _ in combo]
        feeds[key([i for _, i in combo])] = "w[" + key(taps) + "]"
    return feeds


def expected_readers(mode, v, in_idx):
    """Output keys that read input position ``in_idx`` (per axis: outputs whose positions contain it)."""
    axes = axes_of(mode, v)
    per_axis = [
        [o for o in range(size) if i in cnnbook.input_positions(o, k, p, s, d)]
        for i, size, (n, k, p, s, d) in zip(in_idx, out_sizes(mode, v), axes)
    ]
    return {key(combo) for combo in itertools.product(*per_axis)}


def settings_1d():
    return [
        dict(input=n, kernel=k, padding=p, stride=s, dilation=d)
        for n, k, p, s, d in itertools.product(range(3, 10), range(1, 6), range(4), range(1, 4), range(1, 4))
    ]


def settings_2d(count, seed):
    """A seeded sample of the 2D grid (the full grid has 44,100 points per operation)."""
    rng = random.Random(seed)
    grid = []
    for _ in range(count):
        grid.append(
            dict(
                input_h=rng.randint(3, 9),
                input_w=rng.randint(3, 9),
                kernel_h=rng.randint(1, 5),
                kernel_w=rng.randint(1, 5),
                padding=rng.randint(0, 3),
                stride=rng.randint(1, 3),
                dilation=rng.randint(1, 3),
            )
        )
    return grid


HOVER_SETTINGS = {
    "1d": [
        dict(input=7, kernel=3, padding=1, stride=2, dilation=1),
        dict(input=9, kernel=2, padding=1, stride=3, dilation=1),  # the stride skips inputs
        dict(input=8, kernel=3, padding=1, stride=1, dilation=2),
        dict(input=5, kernel=5, padding=2, stride=1, dilation=1),
        dict(input=9, kernel=3, padding=1, stride=2, dilation=3),
    ],
    "2d": [
        dict(input_h=5, input_w=6, kernel_h=3, kernel_w=3, padding=1, stride=1, dilation=1),
        dict(input_h=7, input_w=5, kernel_h=2, kernel_w=3, padding=1, stride=3, dilation=1),
        dict(input_h=6, input_w=7, kernel_h=3, kernel_w=2, padding=1, stride=2, dilation=2),
        dict(input_h=4, input_w=9, kernel_h=1, kernel_w=5, padding=0, stride=1, dilation=1),
    ],
}


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("mode", ["1d", "2d"])
def test_output_size_equals_torch_over_a_grid(browser_page, explorer_pages, mode):
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    grid = settings_1d() if mode == "1d" else settings_2d(500, seed=4)
    checked = {"conv": 0, "max": 0, "impossible": 0}
    for op in ("conv", "max"):
        results = root.evaluate(SET_JS, [{"op": op}] + grid)[1:]
        for values, (size, reason) in zip(grid, results):
            want = torch_size(mode, op, values)
            assert size == want, f"{mode} {op} {values}: explorer {size}, torch {want}"
            reasons = expected_reasons(mode, op, values)
            assert set(reason.split()) == reasons, f"{mode} {op} {values}: reason {reason!r}, expected {reasons}"
            # cnnbook agrees with torch wherever the setting is possible
            if want != "0":
                assert "x".join(map(str, out_sizes(mode, values))) == want
            checked[op] += 1
            checked["impossible"] += want == "0"
    print(f"\n{mode}: {checked['conv']} conv + {checked['max']} max-pool settings, {checked['impossible']} impossible")
    assert checked["impossible"] > 0 and checked["impossible"] < len(grid) * 2
    browser_page.assert_clean(explorer_pages[mode])


@pytest.mark.parametrize("mode", ["1d", "2d"])
@pytest.mark.parametrize("op", ["conv", "max"])
def test_hover_lights_exactly_the_connected_cells(browser_page, explorer_pages, mode, op):
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    for values in HOVER_SETTINGS[mode]:
        root.evaluate(SET_JS, [dict(values, op=op)])
        outputs = root.evaluate(HOVER_OUTPUTS_JS)
        assert outputs.pop("(none)") == {"inputs": [], "outputs": []}, "leaving the drawing clears the light"
        sizes = out_sizes(mode, values)
        assert sorted(outputs) == sorted(key(i) for i in itertools.product(*map(range, sizes)))
        for out_key, lit in outputs.items():
            feeds = expected_feeds(mode, values, [int(i) for i in out_key.split(",")])
            assert lit["outputs"] == [out_key]
            assert sorted(k for k, _ in lit["inputs"]) == sorted(feeds), f"{values} y[{out_key}]"
            tags = dict(lit["inputs"])
            if op == "conv":
                assert tags == feeds, f"{values} y[{out_key}]: each input shows the weight it meets"
            else:
                assert set(tags.values()) == {""}, "max pooling has no weights to show"
        inputs = root.evaluate(HOVER_INPUTS_JS)
        in_lists = [range(-p, n + p) for n, k, p, s, d in axes_of(mode, values)]
        assert sorted(inputs) == sorted(key(i) for i in itertools.product(*in_lists))
        skipped = 0
        for in_key, lit in inputs.items():
            readers = expected_readers(mode, values, [int(i) for i in in_key.split(",")])
            assert set(lit["outputs"]) == readers, f"{values} x[{in_key}]"
            assert lit["inputs"] == [in_key]
            skipped += not readers
        if values.get("stride") == 3 and values.get("kernel", values.get("kernel_h")) == 2:
            assert skipped > 0, "a stride longer than the kernel skips inputs"
    browser_page.assert_clean(explorer_pages[mode])


@pytest.mark.parametrize("mode", ["1d", "2d"])
def test_real_pointer_and_keyboard(browser_page, explorer_pages, mode):
    page = browser_page.page
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    values = HOVER_SETTINGS[mode][0]
    root.evaluate(SET_JS, [dict(values, op="conv")])
    last = [s - 1 for s in out_sizes(mode, values)]
    # the mouse
    root.locator(f'[data-out="{key(last)}"]').hover()
    lit = {e.get_attribute("data-in") for e in root.locator("[data-in].hl").all()}
    assert lit == set(expected_feeds(mode, values, last))
    root.locator('[data-in="1"]' if mode == "1d" else '[data-in="1,1"]').hover()
    lit_out = {e.get_attribute("data-out") for e in root.locator("[data-out].hl-out").all()}
    assert lit_out == expected_readers(mode, values, [1] * len(last))
    page.mouse.move(0, 0)
    # the keyboard: Tab from the last button reaches the input grid, then the output grid
    root.locator('button[data-act="next"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-in')") == key([0] * len(last))
    page.keyboard.press("Tab")
    first = [0] * len(last)
    assert page.evaluate("document.activeElement.getAttribute('data-out')") == key(first)
    lit = {e.get_attribute("data-in") for e in root.locator("[data-in].hl").all()}
    assert lit == set(expected_feeds(mode, values, first))
    page.keyboard.press("ArrowRight")
    moved = [0, 1] if mode == "2d" else [1]
    assert page.evaluate("document.activeElement.getAttribute('data-out')") == key(moved)
    lit = {e.get_attribute("data-in") for e in root.locator("[data-in].hl").all()}
    assert lit == set(expected_feeds(mode, values, moved))
    if mode == "2d":
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.getAttribute('data-out')") == "1,1"
    # one tab stop per grid: the next Tab leaves the drawing
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-out')") is None
    browser_page.assert_clean(explorer_pages[mode])


@pytest.mark.parametrize("mode", ["1d", "2d"])
def test_step_and_play_walk_the_outputs(browser_page, explorer_pages, mode):
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    values = HOVER_SETTINGS[mode][0]
    root.evaluate(SET_JS, [dict(values, op="conv")])
    order = [key(i) for i in itertools.product(*map(range, out_sizes(mode, values)))]
    active = lambda: root.locator("[data-out].cnx-act").get_attribute("data-out")  # noqa: E731
    nxt = root.locator('button[data-act="next"]')
    nxt.click()
    assert active() == order[0]
    nxt.click()
    assert active() == order[1]
    root.locator('button[data-act="prev"]').click()
    root.locator('button[data-act="prev"]').click()
    assert active() == order[-1], "stepping back from the first output wraps to the last"
    play = root.locator('button[data-act="play"]')
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    assert active() == order[0]
    root.locator(f'[data-out="{order[1]}"].cnx-act').wait_for(timeout=3000)
    play.click()
    assert play.get_attribute("aria-pressed") == "false"
    browser_page.assert_clean(explorer_pages[mode])


@pytest.mark.parametrize("mode", ["1d", "2d"])
@pytest.mark.parametrize("op", ["conv", "max"])
def test_numbers_equal_cnnbook(browser_page, explorer_pages, mode, op):
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    for values in HOVER_SETTINGS[mode]:
        root.evaluate(SET_JS, [dict(values, op=op, numbers=True)])
        got = root.evaluate(NUMBERS_JS)
        axes = axes_of(mode, values)
        x = np.zeros([n for n, *_ in axes])
        for k, v in got["x"]:
            idx = tuple(int(i) for i in k.split(","))
            if all(0 <= i < n for i, (n, *_) in zip(idx, axes)):
                x[idx] = float(v)
            else:
                assert v == ("0" if op == "conv" else "-inf"), "padding cells hold 0 (conv) or -inf (max)"
        sizes = out_sizes(mode, values)
        y = np.zeros(sizes)
        for k, v in got["y"]:
            y[tuple(int(i) for i in k.split(","))] = float(v)
        (n, k, p, s, d) = axes[0]
        if op == "conv":
            w = np.zeros([k for _, k, *_ in axes])
            for kk, v in got["w"]:
                w[tuple(int(i) for i in kk.split(","))] = float(v)
            assert set(np.unique(w)) <= {-1, 0, 1, 2} and len(np.unique(w)) > 1
            want = (cnnbook.conv1d if mode == "1d" else cnnbook.conv2d)(x, w, padding=p, stride=s, dilation=d)
        else:
            kernel = k if mode == "1d" else (axes[0][1], axes[1][1])
            want = (cnnbook.max_pool1d if mode == "1d" else cnnbook.max_pool2d)(x, kernel, stride=s, padding=p, dilation=d)
        assert set(np.unique(x)) <= set(range(6)) and len(np.unique(x)) > 2
        np.testing.assert_array_equal(y, want, err_msg=f"{mode} {op} {values}")
        assert [t.replace("\u2212", "-") for t in got["shown"]] == [f"{v:g}" for v in want.reshape(-1)]
    browser_page.assert_clean(explorer_pages[mode])


@pytest.mark.parametrize(
    "mode, values, op, reasons",
    [
        ("1d", dict(input=3, kernel=5, padding=0, stride=1, dilation=1), "conv", {"kernel"}),
        ("1d", dict(input=4, kernel=3, padding=0, stride=2, dilation=3), "conv", {"kernel"}),
        ("1d", dict(input=7, kernel=3, padding=2, stride=1, dilation=1), "max", {"pool-padding"}),
        ("2d", dict(input_h=6, input_w=3, kernel_h=3, kernel_w=5, padding=0, stride=1, dilation=1), "conv", {"kernel"}),
        ("2d", dict(input_h=3, input_w=3, kernel_h=3, kernel_w=3, padding=3, stride=1, dilation=3), "max", {"pool-padding"}),
        ("2d", dict(input_h=2, input_w=3, kernel_h=3, kernel_w=3, padding=2, stride=1, dilation=3), "max",
         {"pool-padding", "kernel"}),
    ],
)
def test_impossible_settings_explain_themselves(browser_page, explorer_pages, mode, values, op, reasons):
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    assert torch_size(mode, op, values) == "0", "torch refuses these settings too"
    [(size, reason)] = root.evaluate(SET_JS, [dict(values, op=op)])
    assert size == "0" and set(reason.split()) == reasons
    message = root.locator(".cnx-msg")
    assert message.is_visible()
    text = message.inner_text()
    assert ("אין פלט" in text) == ("kernel" in reasons)
    assert ("חצי מגודל החלון" in text) == ("pool-padding" in reasons)
    assert root.locator("[data-out]").count() == 0
    assert root.locator(".cnx-none").is_visible()
    assert root.locator('button[data-act="next"]').is_disabled()
    # hovering the input of an impossible setting does nothing harmful
    root.locator("[data-in]").first.hover()
    # and a possible setting brings the output back
    back = dict(values, padding=0, dilation=1, op="conv")
    back.update({name: 1 for name in values if name.startswith("kernel")})
    [(size, reason)] = root.evaluate(SET_JS, [back])
    assert size != "0" and reason == "" and not message.is_visible()
    browser_page.assert_clean(explorer_pages[mode])


def test_explorers_on_one_page_are_independent(browser_page, explorer_pages):
    page = browser_page.page
    page.goto(explorer_pages["multi"])
    roots = page.locator('[data-conv-explorer="1d"]')
    assert roots.count() >= 2
    assert page.locator("[data-conv-explorer]").count() == page.locator("[data-conv-explorer][data-ready]").count()
    first, second = roots.nth(0), roots.nth(1)
    before = first.locator("[data-output-size]").get_attribute("data-output-size")
    second.evaluate(SET_JS, [dict(input=12, kernel=1, padding=0, stride=1, dilation=1, op="conv")])
    assert second.locator("[data-output-size]").get_attribute("data-output-size") == "12"
    assert first.locator("[data-output-size]").get_attribute("data-output-size") == before
    # radio buttons are grouped per explorer
    first.evaluate(SET_JS, [dict(op="max")])
    assert first.locator('input[type=radio][value="max"]').is_checked()
    assert second.locator('input[type=radio][value="conv"]').is_checked()
    # pointing in one lights nothing in the other
    second.locator('[data-out="0"]').hover()
    assert second.locator(".hl").count() == 1 and first.locator(".hl, .hl-out").count() == 0
    # running the inlined script again does not redefine the shared object
    page.evaluate("window.cnnbookExplorer.marker = 42")
    script = page.evaluate("[...document.scripts].map(s => s.text).find(t => t.includes('cnnbookExplorer.init('))")
    page.add_script_tag(content=script.rsplit("window.cnnbookExplorer.init(", 1)[0] + "\nwindow.cnxRan = true;")
    assert page.evaluate("window.cnxRan") is True
    assert page.evaluate("window.cnnbookExplorer.marker") == 42
    browser_page.assert_clean(explorer_pages["multi"])


@pytest.mark.parametrize("mode", ["1d", "2d"])
def test_the_largest_drawing_redraws_and_fits_a_phone(browser_page, explorer_pages, mode):
    """The redraw's speed is a benchmark's figure (python tests/browser/bench_explorer.py), not a test;
    here its measurement runs, and the drawing it times has every cell it should."""
    page = browser_page.page
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    # the largest drawing the sliders allow: every cell of the padded input is an output
    big = bench_explorer.largest(mode)
    root.evaluate(SET_JS, [dict(big, op="conv", numbers=True)])
    timing = bench_explorer.redraw_timing(root, rounds=3)
    padded = [n + 2 * big["padding"] for n in ([big["input"]] if mode == "1d" else [big["input_h"], big["input_w"]])]
    assert timing["cells"] == 2 * math.prod(padded)  # as many outputs as padded inputs
    assert len(timing["sync"]) == len(timing["frame"]) == 3
    assert all(0 <= sync <= frame for sync, frame in zip(timing["sync"], timing["frame"]))
    assert root.locator('input[name="padding"]').input_value() == str(big["padding"])
    # a phone: nothing sticks out sideways
    page.set_viewport_size({"width": 360, "height": 800})
    root.scroll_into_view_if_needed()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
    box = root.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    for svg in root.locator("svg").all():
        b = svg.bounding_box()
        assert b["x"] >= box["x"] - 0.5 and b["x"] + b["width"] <= box["x"] + box["width"] + 0.5
    browser_page.assert_clean(explorer_pages[mode])


SHOTS = [
    # name, mode, page width, settings, output cell to point at
    ("explorer_1d.png", "1d", 860,
     dict(input=7, kernel=3, padding=1, stride=2, dilation=2, op="conv", numbers=True), "1"),
    ("explorer_1d_pool_phone.png", "1d", 360,
     dict(input=9, kernel=3, padding=1, stride=2, dilation=1, op="max", numbers=True), "2"),
    ("explorer_2d.png", "2d", 860,
     dict(input_h=5, input_w=6, kernel_h=3, kernel_w=3, padding=1, stride=2, dilation=1, op="conv", numbers=True), "1,2"),
    ("explorer_2d_phone.png", "2d", 360,
     dict(input_h=7, input_w=7, kernel_h=3, kernel_w=2, padding=1, stride=1, dilation=2, op="conv", numbers=False), "2,3"),
    ("explorer_2d_impossible.png", "2d", 860,
     dict(input_h=3, input_w=4, kernel_h=3, kernel_w=3, padding=0, stride=1, dilation=2, op="conv", numbers=False), None),
]


@pytest.mark.parametrize("name, mode, width, values, hover", SHOTS)
def test_screenshots(browser_page, explorer_pages, name, mode, width, values, hover):
    """Saved to screenshots/ (not committed) to be looked at."""
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 1800})
    root = open_explorer(browser_page, explorer_pages[mode], mode)
    root.evaluate(SET_JS, [values])
    if hover is not None:
        cell = root.locator(f'[data-out="{hover}"]')
        cell.scroll_into_view_if_needed()
        cell.hover()
    SCREENSHOTS.mkdir(exist_ok=True)
    root.screenshot(path=str(SCREENSHOTS / name))
    assert (SCREENSHOTS / name).stat().st_size > 5000
    browser_page.assert_clean(explorer_pages[mode])


# ---------------------------------------------------------------- the English explorer

HEBREW_LETTERS = "[\u0590-\u05ff]"


@pytest.fixture(scope="module")
def language_pages(tmp_path_factory, serve):
    """A standalone English page with a 1D and a 2D explorer made after set_language("en"), and the
    same explorers in Hebrew, on pages of their own language (no book build needed)."""
    from cnnbook.lang import using

    folder = tmp_path_factory.mktemp("explorer_languages")
    for lang, title in (("en", "Convolution arithmetic"), ("he", "חשבון הקונבולוציה")):
        with using(lang):
            body = explorer.explorer_html("1d") + "\n" + explorer.explorer_html("2d", op="max", numbers=True)
        page = PAGE.format(title=title, body=body)
        if lang == "en":
            page = page.replace('<html lang="he" dir="rtl">', '<html lang="en" dir="ltr">')
        (folder / f"{lang}.html").write_text(page, encoding="utf-8")
    base = serve(folder)
    return {lang: base + f"{lang}.html" for lang in ("en", "he")}


def slider_value_after_clicking_its(root, name, side):
    """Click a slider near its left or right end, as a reader would, and return its new value."""
    slider = root.locator(f'input[type=range][name="{name}"]')
    box = slider.bounding_box()
    x = box["x"] + (3 if side == "left" else box["width"] - 3)
    root.page.mouse.click(x, box["y"] + box["height"] / 2)
    return int(slider.input_value())


@pytest.mark.parametrize("mode", ["1d", "2d"])
def test_english_explorer_has_english_words_and_left_to_right_sliders(browser_page, language_pages, mode):
    import re

    root = open_explorer(browser_page, language_pages["en"], mode)
    assert root.get_attribute("dir") == "ltr" and root.get_attribute("lang") == "en"
    text = root.inner_text()
    assert not re.search(HEBREW_LETTERS, text), "no Hebrew in the English explorer"
    assert "stride" in text and "padding" in text and "Output size:" in text
    assert ("kernel size" if mode == "1d" else "window height") in text
    slider = root.locator('input[type=range][name="stride"]')
    assert slider.evaluate("el => getComputedStyle(el).direction") == "ltr"
    lo, hi = explorer.RANGES[mode]["stride"]
    assert slider_value_after_clicking_its(root, "stride", "right") == hi, "right end = largest, left to right"
    assert slider_value_after_clicking_its(root, "stride", "left") == lo
    # the words that the script composes: the status line, the no-output message and the buttons
    root.locator("[data-out]").first.hover()
    assert root.locator(".cnx-status").inner_text().startswith("y[0")
    root.locator("[data-in]").first.hover()
    status = root.locator(".cnx-status").inner_text()
    assert "is read by" in status or status.startswith("No output reads")
    assert root.locator('button[data-act="play"]').inner_text().startswith("play")
    root.locator('button[data-act="play"]').click()
    assert root.locator('button[data-act="play"]').inner_text().startswith("stop")
    root.locator('button[data-act="play"]').click()
    big = dict(input=3, kernel=5, padding=0, stride=1, dilation=1) if mode == "1d" else \
        dict(input_h=3, input_w=3, kernel_h=5, kernel_w=5, padding=0, stride=1, dilation=1)
    root.evaluate(SET_JS, [dict(big, op="conv")])
    message = root.locator(".cnx-msg").inner_text()
    assert message.startswith("No output") and "the dilated kernel spans" in message
    assert root.locator(".cnx-none").inner_text().startswith("No output with these settings")
    assert not re.search(HEBREW_LETTERS, root.inner_text())
    browser_page.assert_clean(language_pages["en"])


def test_hebrew_explorer_sliders_run_right_to_left(browser_page, language_pages):
    root = open_explorer(browser_page, language_pages["he"], "1d")
    assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "he"
    slider = root.locator('input[type=range][name="stride"]')
    assert slider.evaluate("el => getComputedStyle(el).direction") == "rtl"
    lo, hi = explorer.RANGES["1d"]["stride"]
    assert slider_value_after_clicking_its(root, "stride", "right") == lo, "right end = smallest, right to left"
    assert slider_value_after_clicking_its(root, "stride", "left") == hi
    assert "צעד" in root.inner_text()
    browser_page.assert_clean(language_pages["he"])
