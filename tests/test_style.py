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
