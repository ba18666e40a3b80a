"""cnnbook.figures: the catalogue, the files in figs/, and showing them in a notebook."""
import base64
import html
import importlib.util
import re
from pathlib import Path

import pytest
from PIL import Image

from cnnbook import animate, conv_output_size, figures

FIGS = figures.FIGS
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


@pytest.mark.parametrize("e", OWN, ids=lambda e: e.name)
def test_every_entry_has_a_hebrew_alt_text_and_its_file(e):
    assert HEBREW.search(e.alt), e.alt
    assert len(e.alt) > 40
    assert figures.alt_text(e.name) == e.alt
    assert (FIGS / e.name).is_file(), f"figs/{e.name} is missing: run python -m cnnbook.figures"


@pytest.mark.parametrize("e", GIFS, ids=lambda e: e.name)
def test_gif_frame_count_follows_the_arithmetic(e):
    path = FIGS / e.name
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
    files = {p.name for p in FIGS.iterdir() if not p.name.startswith(".")}
    assert files - listed == set()


def test_the_eight_2d_gifs_weigh_at_most_820_kb():
    total = sum((FIGS / c.file).stat().st_size for c in figures.CASES)
    assert total <= 820_000, f"{total / 1000:.0f} KB"


@pytest.mark.parametrize("name", ["conv_layer.gif", "max_pool.gif", "conv2d_no_padding_no_strides.gif", "conv_layer.png"])
def test_remaking_gives_the_same_bytes_as_figs(name, tmp_path):
    a = figures.make(name, tmp_path / "a").read_bytes()
    b = figures.make(name, tmp_path / "b").read_bytes()
    assert a == b
    assert a == (FIGS / name).read_bytes(), f"figs/{name} is out of date: run python -m cnnbook.figures"


def test_show_embeds_the_file_with_its_alt_text():
    out = figures.show("conv_layer.gif", caption="כיתוב")
    text = out.data
    assert text.startswith('<figure class="cnnbook-figure">') and text.endswith("</figure>")
    data = re.search(r'src="data:image/gif;base64,([^"]+)"', text).group(1)
    assert base64.b64decode(data) == (FIGS / "conv_layer.gif").read_bytes()
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
    assert cached.is_file()
    assert base64.b64decode(re.search(r"base64,([^\"]+)", text).group(1)) == cached.read_bytes()
    assert cached.read_bytes() == (FIGS / "max_pool.gif").read_bytes()


def test_unknown_names_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="conv_layer.gif"):
        figures.alt_text("conv_layers.gif")
    if "lenet.gif" not in figures.CATALOGUE:
        with pytest.raises(ValueError, match="import that module first"):
            figures.show("lenet.gif")


def test_register_checks_the_entry():
    with pytest.raises(ValueError, match="must end in .png or .gif"):
        figures.register(figures.Entry("x.jpg", bytes, "תמונה", "כיתוב"))
    with pytest.raises(ValueError, match="non-empty Hebrew alt"):
        figures.register(figures.Entry("x.png", bytes, " ", "כיתוב"))
    with pytest.raises(ValueError, match="entry.caption of x.png must be a non-empty Hebrew caption"):
        figures.register(figures.Entry("x.png", bytes, "תמונה"))
    assert "x.png" not in figures.CATALOGUE


def _all_entries():
    """This module's figures and those a higher layer registers (the LeNet-5 ones need torch)."""
    if importlib.util.find_spec("torch") is not None:
        import cnnbook.lenet_figures  # noqa: F401  (registers lenet_arch.png and lenet.gif)
    return list(figures.CATALOGUE.values())


def test_every_figure_has_a_visible_hebrew_caption_under_it():
    """Not only alt text: show() puts the caption in a <figcaption> under the image, in the same output."""
    entries = _all_entries()
    assert {e.name for e in entries} >= set(figures.OWN)
    for e in entries:
        assert HEBREW.search(e.caption), e.name
        assert e.caption != e.alt and len(e.caption) < len(e.alt), f"{e.name}: a caption is a short line, not the alt"
        assert figures.caption(e.name) == e.caption
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


def test_command_line_makes_only_the_named_figures(tmp_path, capsys):
    assert figures.main(["--only", "conv_layer_stride.gif", "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["conv_layer_stride.gif"]
    assert "1 figure(s)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        figures.main(["--only", "nope.gif", "--out", str(tmp_path)])


def test_embed_refuses_other_image_types_by_name():
    with pytest.raises(ValueError, match="mime must be 'image/gif' or 'image/png'"):
        figures.embed(b"", "image/jpeg", "תמונה", "כיתוב")


def test_the_cache_follows_the_code_not_the_version(tmp_path, monkeypatch):
    """A figure changed without a new version number must not be served from an old cache."""
    monkeypatch.setenv("CNNBOOK_CACHE", str(tmp_path))
    before = figures.cache_dir()
    assert before.parent == tmp_path and before.name == f"figs-{figures.code_digest()}"
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
    assert figures.make("max_pool.gif", tmp_path).parent == tmp_path
