"""cnnbook.figures: the catalogue, the files in figs/he/ and figs/en/, and showing them in a notebook."""
import base64
import html
import importlib.util
import re
from pathlib import Path

import pytest
from PIL import Image

from cnnbook import animate, conv_output_size, figures, set_language
from cnnbook.lang import LANGUAGES, using

FIGS = figures.FIGS
HE, EN = FIGS / "he", FIGS / "en"
HEBREW = re.compile("[\u05d0-\u05ea]")
OWN = [figures.entry(n) for n in figures.OWN]
GIFS = [e for e in OWN if e.name.endswith(".gif")]


def expected_frames(params):
    """One frame per output position, from the convolution arithmetic (no title frames)."""
    kind = params["kind"]
    if kind == "conv1d":
        return conv_output_size(
            params["n"], params["kernel"], params.get("padding", 0), params.get("stride", 1), params.get("dilation", 1)
        )
    if kind == "multichannel":
        return params["out_channels"] * conv_output_size(params["n"], params["kernel"])
    if kind == "max_pool2d":
        return conv_output_size(params["n"], params["kernel"], 0, params["stride"]) ** 2
    if kind == "conv2d":
        side = conv_output_size(params["n"], params["kernel"], params["padding"], params["stride"], params["dilation"])
        return side * side
    raise AssertionError(f"unknown kind {kind}")


def test_the_figures_the_chapters_name_are_in_the_catalogue():
    names = {
        "conv_layer.png",
        "conv_layer.gif",
        "conv_layer_nonlinear.png",
        "conv_layer_multi_channel.gif",
        "conv_layer_multi_channel2.gif",
        "conv_layer_padding.gif",
        "conv_layer_stride.gif",
        "conv_layer_dilation.gif",
        "max_pool.gif",
    } | {f"conv2d_{c.name}.gif" for c in figures.CASES}
    assert names <= set(figures.OWN)


def test_the_eight_cases_of_dumoulin_and_visin():
    got = [(c.name, c.kernel, c.padding, c.stride, c.dilation) for c in figures.CASES]
    assert got == [
        ("no_padding_no_strides", 3, 0, 1, 1),
        ("arbitrary_padding_no_strides", 4, 2, 1, 1),
        ("same_padding_no_strides", 3, 1, 1, 1),
        ("full_padding_no_strides", 3, 2, 1, 1),
        ("no_padding_strides", 3, 0, 2, 1),
        ("padding_strides", 3, 1, 2, 1),
        ("padding_strides_odd", 3, 1, 2, 1),
        ("dilation", 3, 0, 1, 2),
    ]
    sizes = {c.name: c.n for c in figures.CASES}
    assert sizes["padding_strides_odd"] == 6 and sizes["dilation"] == 7
    same = next(c for c in figures.CASES if c.name == "same_padding_no_strides")
    assert same.out == same.n  # "same" padding keeps the size
    full = next(c for c in figures.CASES if c.name == "full_padding_no_strides")
    assert full.out == full.n + full.kernel - 1  # "full" padding grows it
    rows = figures.case_table()
    assert [r["file"] for r in rows] == [c.file for c in figures.CASES]
    assert all(HEBREW.search(r["title"]) for r in rows)
    with using("en"):
        english = figures.case_table()
        assert len(figures.case_table_header()) == 1 + len(rows[0]) - 2 == 8  # the number, then all but name and file
    assert [r["file"] for r in english] == [r["file"] for r in rows]
    assert not any(HEBREW.search(r["title"]) for r in english)
    assert english[2]["title"].startswith("half (same) padding")


@pytest.mark.parametrize("e", OWN, ids=lambda e: e.name)
def test_every_entry_has_an_alt_text_in_each_language_and_its_files(e):
    he = figures.alt_text(e.name)
    assert HEBREW.search(he), he
    assert len(he) > 40
    with using("en"):
        en = figures.alt_text(e.name)
    assert not HEBREW.search(en) and len(en) > 40 and en != he
    for lang in LANGUAGES:
        assert (FIGS / lang / e.name).is_file(), f"figs/{lang}/{e.name} is missing: run python -m cnnbook.figures"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("e", GIFS, ids=lambda e: e.name)
def test_gif_frame_count_follows_the_arithmetic(e, lang):
    path = FIGS / lang / e.name
    assert e.frames == expected_frames(e.params)
    assert animate.frame_count(path) == expected_frames(e.params)
    durations = animate.frame_durations(path)
    assert all(800 <= d <= 1200 for d in durations[:-1]) and durations[-1] >= durations[0]
    with Image.open(path) as im:
        assert im.info["loop"] == 0
        assert im.mode == "P"
        # Shown 360 px wide on a phone, the numbers keep at least 0.6 of their size.
        assert im.width <= 600


def test_every_file_in_figs_comes_from_the_catalogue():
    for module in sorted(set(figures.EXTERNAL.values())):
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    listed = set(figures.CATALOGUE) | set(figures.EXTERNAL)
    assert {p.name for p in FIGS.iterdir() if not p.name.startswith(".")} == set(LANGUAGES), "figs/ holds he/ and en/ only"
    for lang in LANGUAGES:
        files = {p.name for p in (FIGS / lang).iterdir() if not p.name.startswith(".")}
        assert files - listed == set()
    assert {p.name for p in HE.iterdir()} == {p.name for p in EN.iterdir()}, "the same figures in both languages"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_eight_2d_gifs_weigh_at_most_820_kb(lang):
    total = sum((FIGS / lang / c.file).stat().st_size for c in figures.CASES)
    assert total <= 820_000, f"{total / 1000:.0f} KB"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["conv_layer.gif", "max_pool.gif", "conv2d_no_padding_no_strides.gif", "conv_layer.png"])
def test_remaking_gives_the_same_bytes_as_figs(name, lang, tmp_path):
    a = figures.make(name, tmp_path / "a", lang).read_bytes()
    b = figures.make(name, tmp_path / "b", lang).read_bytes()
    assert (tmp_path / "a" / lang / name).is_file()
    assert a == b
    assert a == (FIGS / lang / name).read_bytes(), f"figs/{lang}/{name} is out of date: run python -m cnnbook.figures"


@pytest.mark.parametrize("name", ["max_pool.gif", "conv_layer.gif", "conv_layer_nonlinear.png", "conv2d_dilation.gif"])
def test_each_language_has_its_own_words_in_the_picture(name):
    """The Hebrew and the English file of a figure with words (legend, title, labels) differ in pixels."""
    he, en = animate.read_frames(HE / name), animate.read_frames(EN / name)
    assert len(he) == len(en)
    assert any(a.shape != b.shape or (a != b).any() for a, b in zip(he, en))


def test_a_figure_is_drawn_in_the_language_in_use(tmp_path):
    """The words are looked up when the figure is made, not when cnnbook is imported."""
    made = {lang: figures.make("max_pool.gif", tmp_path, lang).read_bytes() for lang in LANGUAGES}
    assert made["he"] != made["en"]
    with using("en"):
        assert figures.entry("max_pool.gif").make() == made["en"]
    assert figures.entry("max_pool.gif").make() == made["he"]  # Hebrew is the default


def test_show_follows_set_language():
    try:
        set_language("en")
        text = figures.show("conv_layer.gif").data
        data = base64.b64decode(re.search(r'src="data:image/gif;base64,([^"]+)"', text).group(1))
        assert data == (EN / "conv_layer.gif").read_bytes() != (HE / "conv_layer.gif").read_bytes()
        alt = html.unescape(re.search(r'alt="([^"]*)"', text).group(1))
        assert alt == figures.alt_text("conv_layer.gif") and alt.startswith("Animation:")
        assert '<figcaption dir="ltr">' in text and html.escape(figures.caption("conv_layer.gif")) in text
    finally:
        set_language("he")
    assert '<figcaption dir="rtl">' in figures.show("conv_layer.gif").data


def test_show_embeds_the_file_with_its_alt_text():
    out = figures.show("conv_layer.gif", caption="כיתוב")
    text = out.data
    assert text.startswith('<figure class="cnnbook-figure">') and text.endswith("</figure>")
    data = re.search(r'src="data:image/gif;base64,([^"]+)"', text).group(1)
    assert base64.b64decode(data) == (HE / "conv_layer.gif").read_bytes()
    alt = re.search(r'alt="([^"]*)"', text).group(1)
    assert html.unescape(alt) == figures.alt_text("conv_layer.gif")
    assert '<figcaption dir="rtl">כיתוב</figcaption>' in text
    assert 'src="data:image/png;base64,' in figures.show("conv_layer.png").data


def test_show_makes_the_figure_when_figs_is_absent(tmp_path, monkeypatch):
    """As in Colab: no figs/ folder, so the figure is made into the cache and embedded from there."""
    monkeypatch.setattr(figures, "FIGS", tmp_path / "no-figs")
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path / "cache"))
    text = figures.show("max_pool.gif").data
    cached = figures.cache_dir() / "max_pool.gif"
    assert cached.is_file() and cached.parent.name == "he"
    assert base64.b64decode(re.search(r"base64,([^\"]+)", text).group(1)) == cached.read_bytes()
    assert cached.read_bytes() == (HE / "max_pool.gif").read_bytes()
    with using("en"):
        figures.show("max_pool.gif")
        assert figures.cache_dir().name == "en"
        assert (figures.cache_dir() / "max_pool.gif").read_bytes() == (EN / "max_pool.gif").read_bytes()


def test_unknown_names_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="conv_layer.gif"):
        figures.alt_text("conv_layers.gif")
    if "lenet.gif" not in figures.CATALOGUE:
        with pytest.raises(ValueError, match="import that module first"):
            figures.show("lenet.gif")


def test_register_checks_the_entry():
    with pytest.raises(ValueError, match="must end in .png or .gif"):
        figures.register(figures.Entry("x.jpg", bytes, "תמונה", "כיתוב"))
    with pytest.raises(ValueError, match="must give a non-empty alt text"):
        figures.register(figures.Entry("x.png", bytes, " ", "כיתוב"))
    with pytest.raises(ValueError, match="entry.caption of x.png must give a non-empty caption"):
        figures.register(figures.Entry("x.png", bytes, "תמונה"))
    with pytest.raises(ValueError, match="in 'en'"):  # every language needs its words
        figures.register(figures.Entry("x.png", bytes, lambda: "תמונה" if figures.language() == "he" else "", "כ"))
    assert "x.png" not in figures.CATALOGUE


def _all_entries():
    """This module's figures and those a higher layer registers (the LeNet-5 ones need torch)."""
    if importlib.util.find_spec("torch") is not None:
        import cnnbook.lenet_figures  # noqa: F401  (registers lenet_arch.png and lenet.gif)
    return list(figures.CATALOGUE.values())


def test_every_figure_has_a_visible_caption_under_it_in_each_language():
    """Not only alt text: show() puts the caption in a <figcaption> under the image, in the same output."""
    entries = _all_entries()
    assert {e.name for e in entries} >= set(figures.OWN)
    for lang in LANGUAGES:
        with using(lang):
            for e in entries:
                cap, alt = figures.caption(e.name), figures.alt_text(e.name)
                assert bool(HEBREW.search(cap)) == (lang == "he"), (lang, e.name)
                assert cap != alt and len(cap) < len(alt), f"{e.name}: a caption is a short line, not the alt"
    for name in figures.OWN:
        text = figures.html_figure(name)
        img_end, cap_start = text.index("<img "), text.index('<figcaption dir="rtl">')
        assert img_end < cap_start, "the caption comes under the image"
        cap = re.search(r'<figcaption dir="rtl">(.*?)</figcaption></figure>$', text).group(1)
        assert html.unescape(cap) == figures.caption(name)


def test_a_caption_given_to_show_replaces_the_entrys_and_an_empty_one_drops_it():
    assert "<figcaption" not in figures.html_figure("conv_layer.png", caption="")
    text = figures.show("conv_layer.png", caption="a < b").data
    assert '<figcaption dir="rtl">a &lt; b</figcaption>' in text and figures.caption("conv_layer.png") not in text


def test_the_2d_cases_are_numbered_in_their_captions():
    for i, c in enumerate(figures.CASES, start=1):
        assert figures.caption(c.file).startswith(f"מקרה {i}: {c.title}.")
        assert f"פלט {c.out}×{c.out}" in figures.caption(c.file)
        with using("en"):
            assert figures.caption(c.file).startswith(f"Case {i}: {c.title}.")
            assert f"output {c.out}×{c.out}" in figures.caption(c.file)


def test_command_line_makes_only_the_named_figures(tmp_path, capsys):
    assert figures.main(["--only", "conv_layer_stride.gif", "--out", str(tmp_path)]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.gif")) == [
        "en/conv_layer_stride.gif",
        "he/conv_layer_stride.gif",
    ]
    assert "2 figure(s)" in capsys.readouterr().out
    assert figures.main(["--only", "conv_layer.png", "--lang", "en", "--out", str(tmp_path / "one")]) == 0
    assert [p.relative_to(tmp_path).as_posix() for p in (tmp_path / "one").rglob("*.png")] == ["one/en/conv_layer.png"]
    with pytest.raises(SystemExit):
        figures.main(["--only", "nope.gif", "--out", str(tmp_path)])


def test_embed_refuses_other_image_types_by_name():
    with pytest.raises(ValueError, match="mime must be 'image/gif' or 'image/png'"):
        figures.embed(b"", "image/jpeg", "תמונה", "כיתוב")


def test_the_cache_follows_the_code_not_the_version(tmp_path, monkeypatch):
    """A figure changed without a new version number must not be served from an old cache."""
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path))
    before = figures.cache_dir()
    assert before.parent.parent == tmp_path and before.parent.name == f"figs-{figures.code_digest()}"
    assert before.name == "he" and figures.cache_dir("en") == before.parent / "en"
    figures.code_digest.cache_clear()
    package = Path(figures.__file__).parent
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: real_read(p) + (b"#" if p == package / "draw.py" else b""))
    try:
        assert figures.cache_dir() != before
    finally:
        figures.code_digest.cache_clear()


def test_an_installed_copy_needs_an_explicit_output_folder(tmp_path, monkeypatch):
    """Installed (Colab), ROOT is site-packages: nothing may be written there by default."""
    monkeypatch.setattr(figures, "checkout_root", lambda: None)
    with pytest.raises(ValueError, match="out must name the folder"):
        figures.make("max_pool.gif")
    with pytest.raises(SystemExit):
        figures.main(["--only", "max_pool.gif"])
    assert figures.make("max_pool.gif", tmp_path).parent == tmp_path / "he"


def test_the_cache_follows_the_catalogues_too(tmp_path, monkeypatch):
    """A changed word changes the figure, so the catalogues are part of the cache's digest."""
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path))
    before = figures.cache_dir()
    figures.code_digest.cache_clear()
    en = Path(figures.__file__).parent / "messages" / "en.toml"
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: real_read(p) + (b"#" if p == en else b""))
    try:
        assert figures.cache_dir() != before
    finally:
        figures.code_digest.cache_clear()
