"""cnnbook.style: one palette in which every role is told apart."""
import pytest

from cnnbook import style


def test_every_role_has_its_own_face_colour():
    faces = [face for face, _, _ in style.COLORS.values()]
    assert len(set(faces)) == len(faces)


def test_every_legend_entry_names_a_role():
    assert set(style.LEGEND) <= set(style.COLORS)


def test_text_is_dark_on_every_face_that_carries_numbers():
    def luminance(hex_colour):
        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for name in ("input", "window", "kernel", "output", "current", "activation"):
        face, _, text = style.COLORS[name]
        assert luminance(face) - luminance(text) > 0.4, name


def test_points_turn_pixels_into_points():
    assert style.points(style.DPI / 72 * 10) == pytest.approx(10)


def test_role_names_the_valid_roles_when_wrong():
    assert style.role("input") == style.COLORS["input"]
    with pytest.raises(ValueError, match="role must be one of"):
        style.role("inputs")


def test_tap_colours_cycle():
    assert style.tap_color(0) == style.tap_color(len(style.TAPS))
    assert len(set(style.TAPS)) == len(style.TAPS)


# --- words in figures ------------------------------------------------------------

from pathlib import Path  # noqa: E402

from cnnbook.lang import using  # noqa: E402

HEBREW = "\u05e7\u05dc\u05d8"  # "input"


def test_legend_words_come_from_the_catalogue_in_the_language_in_use():
    assert style.legend_name("input") == "\u05e7\u05dc\u05d8 x"
    with using("en"):
        assert [style.legend_name(r) for r in style.LEGEND][:2] == ["input x", "padding"]
    with pytest.raises(ValueError, match="name must be one of the legend's roles"):
        style.legend_name("skipped")


def test_text_leaves_non_hebrew_alone_and_makes_hebrew_read_right_to_left():
    assert style.text("max pool: size 2") == "max pool: size 2"
    shown = style.text(f"LeNet-5 {HEBREW}\nx = 1")
    first, second = shown.split("\n")
    assert second == "x = 1"
    if style.matplotlib_reorders():  # matplotlib's own bidi: a right-to-left mark sets the direction
        assert first == style.RLM + f"LeNet-5 {HEBREW}"
    else:  # python-bidi reorders the letters for display
        assert first == f"{HEBREW[::-1]} LeNet-5"


def test_hebrew_is_never_set_in_the_monospaced_font():
    assert style.family("y[0] = 3", mono=True) == style.MONO
    assert style.family(f"{HEBREW} 3", mono=True) == style.FONT
    assert style.family("y", mono=False) == style.FONT


def test_matplotlib_draws_hebrew_right_to_left_one_way_or_the_other():
    """The first letter of a Hebrew word ends up rightmost in the picture."""
    import numpy as np

    from cnnbook import draw

    def ink(text):
        fig, ax = draw.canvas(4, 1)
        draw.label(ax, 0.2, 0.5, text, px=24, ha="left")
        dark = draw.to_array(fig).min(axis=2) < 128
        cols = np.flatnonzero(dark.any(axis=0))
        return dark[:, cols[0] : cols[-1] + 1]

    alef, word = ink("\u05d0"), ink("\u05d0\u05d5\u05d5\u05d5")  # alef, then three vavs
    width = alef.shape[1]
    assert np.array_equal(word[:, -width:], alef), "alef, the first letter, must be drawn at the right end"
    assert not np.array_equal(word[:, :width], alef)


WORDS_MODULES = ("style.py", "draw.py", "animate.py", "figures.py", "lenet_figures.py", "widgets.py", "explorer.py",
                 "static/explorer.js")


@pytest.mark.parametrize("name", WORDS_MODULES)
def test_no_reader_words_are_written_into_the_drawing_and_demo_modules(name):
    """Figures, demos and the explorer take every word from messages/he.toml and en.toml."""
    import re

    text = (Path(style.__file__).parent / name).read_text(encoding="utf-8")
    found = re.findall("[\u0590-\u05ff][\u0590-\u05ff\\s]*", text)
    assert not found, f"{name} holds Hebrew {found[:3]}: move it into the catalogues"
