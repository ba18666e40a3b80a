"""The explorer's Python side: checked initial values, one self-contained HTML string.

What the JavaScript draws is tested in chromium: tests/browser/test_explorer_browser.py.
"""
import json
import re
from importlib import resources

import pytest

from cnnbook import explorer

INIT = re.compile(r"window\.cnnbookExplorer\.init\(document\.currentScript\.previousElementSibling, (\{.*\})\);")


def static(name):
    return resources.files("cnnbook").joinpath("static", name).read_text(encoding="utf-8")


def config_of(html):
    [config] = INIT.findall(html)
    return json.loads(config)


def test_html_is_self_contained_with_css_js_root_and_init():
    html = explorer.explorer_html("1d", input=9, kernel=2, padding=0, stride=3, dilation=1)
    assert static("explorer.css") in html and static("explorer.js") in html
    config = config_of(html)
    # the script initialises the element just before it
    assert re.search(r'<div class="cnx" data-conv-explorer="1d"[^>]*>.*</div>\n<script>', html, re.S)
    assert config == {
        "mode": "1d",
        "op": "conv",
        "numbers": False,
        "values": {"input": 9, "kernel": 2, "padding": 0, "stride": 3, "dilation": 1},
        "ranges": {name: list(lim) for name, lim in explorer.RANGES["1d"].items()},
        "lang": "he",
        "dir": "rtl",
        "words": explorer.explorer_words("he"),
    }
    assert html.count("<script>") == 1 and html.count("</script>") == 1
    assert 'dir="rtl"' in html and 'lang="he"' in html


HEBREW = re.compile("[\u0590-\u05ff]")


def test_the_words_come_from_the_catalogue_in_the_language_in_use():
    from cnnbook.lang import catalogue, using

    he = explorer.explorer_words("he")
    assert set(he) == {k.split(".", 1)[1] for k in catalogue("he") if k.startswith("explorer.")}
    assert he["stride"] == catalogue("he")["explorer.stride"]
    with using("en"):
        html = explorer.explorer_html("2d", op="max")
    config = config_of(html)
    assert config["lang"] == "en" and config["dir"] == "ltr" and config["words"] == explorer.explorer_words("en")
    assert config["words"]["stride"] == "stride"
    assert 'dir="ltr" lang="en"' in html
    assert not HEBREW.search(html), "an English explorer holds no Hebrew at all"
    assert HEBREW.search(explorer.explorer_html("2d")), "while the default one is Hebrew"


def test_the_script_and_the_module_hold_no_hebrew_words():
    """Every word reaches the script through its config; none is written into explorer.js or explorer.py."""
    from pathlib import Path

    assert not HEBREW.search(static("explorer.js"))
    assert not HEBREW.search(Path(explorer.__file__).read_text(encoding="utf-8"))


def test_nothing_is_fetched_from_outside():
    for text in (static("explorer.js"), static("explorer.css"), explorer.explorer_html("2d")):
        assert not re.search(r"https?:|//[a-z]|@import|<link|src=", text, re.I)


def test_same_html_every_call_and_one_guarded_script():
    # no random ids: a notebook's saved output is the same on every run (nbval compares it);
    # the browser gives each explorer its own ids (tests/browser/test_explorer_browser.py)
    assert explorer.explorer_html("2d") == explorer.explorer_html("2d")
    js = static("explorer.js")
    guard = 'if (window.cnnbookExplorer && window.cnnbookExplorer.version === VERSION) return;'
    assert guard in js and js.index(guard) < js.index("window.cnnbookExplorer = {")


def test_defaults_and_2d_shortcuts():
    assert explorer.explorer_values("1d") == explorer.DEFAULTS["1d"]
    v = explorer.explorer_values("2d", input=5, kernel=(3, 2), padding=1)
    assert (v["input_h"], v["input_w"], v["kernel_h"], v["kernel_w"], v["padding"]) == (5, 5, 3, 2, 1)
    v = explorer.explorer_values("2d", input_h=4, input_w=9)
    assert (v["input_h"], v["input_w"]) == (4, 9)
    # a setting with no output is a fine place to start: the explorer explains it
    assert explorer.explorer_values("1d", input=3, kernel=5)["kernel"] == 5


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(mode="3d"), "mode"),
        (dict(op="avg"), "op"),
        (dict(numbers="yes"), "numbers"),
        (dict(kernel=0), "kernel"),
        (dict(padding=-1), "padding"),
        (dict(stride=9), "stride must be between 1 and 4"),
        (dict(dilation=2.0), "dilation"),
        (dict(input=True), "input"),
        (dict(kernel_h=3), "kernel_h is not a setting of the 1d explorer"),
        (dict(mode="2d", input=5, input_h=4), "either input or input_h"),
        (dict(mode="2d", kernel=(1, 2, 3)), "kernel must be an integer or a pair"),
        (dict(mode="2d", input_w=10), "input_w must be between 1 and 9"),
        (dict(mode="2d", input=12), "input_h must be between 1 and 9"),
    ],
)
def test_bad_values_name_the_parameter(kwargs, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        explorer.explorer_html(**kwargs)


def test_ranges_cover_the_tested_grid_and_defaults_lie_inside():
    # the browser tests drive kernel 1-5, padding 0-3, stride 1-3, dilation 1-3, sizes 3-9
    for mode, names in {"1d": ("input",), "2d": ("input_h", "input_w")}.items():
        r = explorer.RANGES[mode]
        for name in names:
            assert r[name][0] <= 3 and r[name][1] >= 9
        for name in [n for n in r if n.startswith("kernel")]:
            assert r[name][0] == 1 and r[name][1] >= 5
        assert r["padding"][0] == 0 and r["padding"][1] >= 3
        assert r["stride"] [0] == 1 and r["stride"][1] >= 3
        assert r["dilation"][0] == 1 and r["dilation"][1] >= 3
        for name, value in explorer.DEFAULTS[mode].items():
            assert r[name][0] <= value <= r[name][1]


def test_every_slider_name_of_the_contract_is_in_the_script():
    js = static("explorer.js")
    for mode, names in {"1d": ["input", "kernel"], "2d": ["input_h", "input_w", "kernel_h", "kernel_w"]}.items():
        assert set(explorer.RANGES[mode]) == set(names + ["padding", "stride", "dilation"])
        for name in explorer.RANGES[mode]:
            assert f'"{name}"' in js
    for attribute in ("data-output-size", "data-reason", "data-in", "data-out", '"hl"', '"hl-out"'):
        assert attribute in js


def test_show_returns_an_html_output():
    from IPython.display import HTML

    out = explorer.show("2d", input=5, kernel=3, op="max", numbers=True)
    assert isinstance(out, HTML)
    config = config_of(out.data)
    assert config["mode"] == "2d" and config["op"] == "max" and config["numbers"] is True
    assert config["values"]["input_w"] == 5 and config["values"]["kernel_h"] == 3


def test_every_input_keeps_its_keys_in_jupyterlab():
    """JupyterLab's command-mode shortcuts take the arrow keys unless the focused <input> opts out."""
    js = static("explorer.js")
    inputs = re.findall(r"<input\b[^>]*", js)
    assert inputs and all("data-lm-suppress-shortcuts" in i for i in inputs), inputs
