"""cnnbook.draw: numbers as text, and pictures whose numbers a reader can check by hand."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnnbook import conv1d, conv2d, conv_output_size, draw, max_pool2d, style

MINUS = "\u2212"


# --- numbers as text ------------------------------------------------------------


def test_fmt_writes_integers_plainly_and_uses_the_typographic_minus():
    assert draw.fmt(3.0) == "3"
    assert draw.fmt(-1) == f"{MINUS}1"
    assert draw.fmt(0.5) == "0.5"
    assert draw.fmt(-0.25) == f"{MINUS}0.25"
    assert draw.fmt(-0.0) == "0"
    assert draw.fmt(float("-inf")) == f"{MINUS}\u221e"


def test_factor_puts_negative_numbers_in_parentheses():
    assert draw.factor(2) == "2"
    assert draw.factor(-2) == f"({MINUS}2)"
    assert draw.products([1, 2], [3, -1]) == ["1\u00b73", f"2\u00b7({MINUS}1)"]


def test_sub_writes_subscript_digits():
    assert draw.sub(12) == "\u2081\u2082"


def test_formula_lines_line_up_under_the_equals_sign():
    lines = draw.formula("y[0,1]", [["1\u00b72", "0\u00b71"], ["3\u00b71", "1\u00b7(\u22121)"]], 4, bias=-1)
    assert lines[0] == "y[0,1] = 1\u00b72 + 0\u00b71"
    assert lines[1] == f"       + 3\u00b71 + 1\u00b7({MINUS}1) + ({MINUS}1)"
    assert lines[2] == "       = 4"
    assert {line.index("=") for line in lines[:1] + lines[2:]} == {7}


# --- reading a picture back ---------------------------------------------------------


def mono_lines(fig):
    """The formula lines of a picture (the monospaced texts, in drawing order)."""
    ax = fig.axes[0]
    return [t.get_text() for t in ax.texts if style.MONO in t.get_fontfamily()]


def evaluate(expr):
    """Evaluate a sum of products as printed in a picture: '1·3 + 2·(−1)' -> 1."""
    expr = expr.replace("\u00b7", "*").replace(MINUS, "-").replace("\u221e", "inf")
    assert re.fullmatch(r"[0-9a-z.*+\-(), ]+", expr), expr
    return eval(expr, {"__builtins__": {}}, {"max": max, "inf": float("inf")})


def check_sum(lines):
    """The lines spell 'lhs = a + b ...' over several lines and then '= result': check the arithmetic.

    Returns the printed result.
    """
    result_at = next(k for k, line in enumerate(lines) if line.strip().startswith("= "))
    body = " ".join(line.split("=", 1)[1] if k == 0 else line.strip() for k, line in enumerate(lines[:result_at]))
    result = evaluate(lines[result_at].strip()[2:])
    assert evaluate(body) == pytest.approx(result), lines
    return result


def texts_inside(fig):
    """Every text and patch of ``fig`` lies inside the figure (nothing clipped)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    ax = fig.axes[0]
    for artist in list(ax.texts) + list(ax.patches):
        box = artist.get_window_extent(renderer)
        name = getattr(artist, "get_text", lambda: type(artist).__name__)()
        assert box.x0 >= -0.5 and box.y0 >= -0.5, f"{name!r} sticks out at the left/bottom: {box}"
        assert box.x1 <= width + 0.5 and box.y1 <= height + 0.5, f"{name!r} sticks out at the right/top: {box}"
    return width, height


# --- 1D pictures -----------------------------------------------------------------------

X = np.array([3, 3, 1, 0, 3, 3, 2])
W = np.array([-1, 2, 1])


@settings(max_examples=25)
@given(
    data=st.data(),
    length=st.integers(4, 9),
    k=st.integers(1, 4),
    padding=st.integers(0, 2),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 2),
    mode=st.sampled_from(["zeros", "replicate"]),
    bias=st.one_of(st.none(), st.integers(-3, 3)),
)
def test_conv1d_frame_spells_out_the_reference_output(data, length, k, padding, stride, dilation, mode, bias):
    if dilation * (k - 1) + 1 > length + 2 * padding:
        return
    x = np.array(data.draw(st.lists(st.integers(-3, 3), min_size=length, max_size=length)))
    w = np.array(data.draw(st.lists(st.integers(-2, 2), min_size=k, max_size=k)))
    n_out = conv_output_size(length, k, padding, stride, dilation)
    n = data.draw(st.integers(0, n_out - 1))
    fig = draw.conv1d_frame(x, w, n, bias, padding=padding, stride=stride, dilation=dilation, padding_mode=mode)
    lines = mono_lines(fig)
    assert lines[0].startswith(f"y[{n}] = ")
    y = conv1d(x, w, None if bias is None else [bias], padding=padding, stride=stride, dilation=dilation, padding_mode=mode)
    assert check_sum(lines) == y[n]


def test_conv1d_frames_of_one_animation_have_one_size_and_nothing_clipped():
    sizes = {texts_inside(draw.conv1d_frame(X, W, n, padding=1)) for n in range(7)}
    assert len(sizes) == 1


def test_conv1d_frame_rejects_an_output_position_that_does_not_exist():
    with pytest.raises(ValueError, match=r"n must be an output position in 0\.\.4"):
        draw.conv1d_frame(X, W, 5)
    with pytest.raises(ValueError, match="x must have 1 dimensions"):
        draw.conv1d_frame(np.ones((2, 3)), W, 0)


def test_diagrams_draw_every_connection_and_the_reference_values():
    fig = draw.conv1d_diagram(X, W)
    texts_inside(fig)
    ax = fig.axes[0]
    n_out = conv_output_size(len(X), len(W))
    assert len(ax.lines) == n_out * len(W)
    # each tap has its own colour, used once per output: weight sharing
    colours = [line.get_color() for line in ax.lines]
    assert {colours.count(style.tap_color(m)) for m in range(len(W))} == {n_out}
    shown = [t.get_text() for t in ax.texts]
    for v in conv1d(X, W):
        assert draw.fmt(v) in shown

    fig = draw.conv1d_relu_diagram(X, W, -2)
    texts_inside(fig)
    shown = [t.get_text() for t in fig.axes[0].texts]
    z = conv1d(X, W, [-2])
    assert (z < 0).any()
    for v in np.concatenate([z, np.maximum(z, 0)]):
        assert draw.fmt(v) in shown


@pytest.mark.parametrize("relu", [True, False])
def test_multichannel_frame_sums_every_input_channel_and_the_bias(relu):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, (3, 6))
    w = rng.integers(-1, 3, (2, 3, 3))
    b = np.array([-3, 2])
    z = conv1d(x, w, b)
    for o in range(2):
        for n in range(z.shape[1]):
            fig = draw.multichannel_frame(x, w, b, o, n, relu=relu)
            lines = mono_lines(fig)
            # one bracketed line per input channel, then the result
            name = "z" if relu else f"y{draw.sub(o)}"
            assert lines[0].startswith(f"{name}[{n}] = (")
            assert [line.strip()[:3] for line in lines[1:3]] == ["+ (", "+ ("]
            assert lines[3].strip().startswith("= ")
            assert check_sum(lines) == z[o, n]
            if relu:
                assert lines[-1].endswith(f"= {draw.fmt(max(z[o, n], 0))}")
    texts_inside(fig)


def test_multichannel_frame_checks_its_arguments():
    x, w = np.ones((2, 5)), np.ones((3, 2, 3))
    with pytest.raises(ValueError, match="o must be an output position in 0..2"):
        draw.multichannel_frame(x, w, [0, 0, 0], 3, 0)
    with pytest.raises(ValueError, match="w expects 2"):
        draw.multichannel_frame(np.ones((3, 5)), w, [0, 0, 0], 0, 0)


# --- 2D pictures -----------------------------------------------------------------------


@settings(max_examples=20)
@given(
    data=st.data(),
    n=st.integers(3, 6),
    k=st.integers(1, 4),
    padding=st.integers(0, 2),
    stride=st.integers(1, 2),
    dilation=st.integers(1, 2),
)
def test_conv2d_frame_spells_out_the_reference_output(data, n, k, padding, stride, dilation):
    if dilation * (k - 1) + 1 > n + 2 * padding:
        return
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    x, w = rng.integers(0, 4, (n, n)), rng.integers(-1, 3, (k, k))
    m = conv_output_size(n, k, padding, stride, dilation)
    ij = (data.draw(st.integers(0, m - 1)), data.draw(st.integers(0, m - 1)))
    fig = draw.conv2d_frame(x, w, ij, padding=padding, stride=stride, dilation=dilation)
    lines = mono_lines(fig)
    assert lines[1].startswith(f"y[{ij[0]},{ij[1]}] = ")  # lines[0] is the title
    assert len(lines) == 1 + k + 1  # title, one line per kernel row, the result
    assert check_sum(lines[1:]) == conv2d(x, w, padding=padding, stride=stride, dilation=dilation)[ij]


@pytest.mark.parametrize("n,k,p,s,d", [(5, 3, 2, 1, 1), (5, 4, 2, 1, 1), (7, 3, 0, 1, 2), (4, 3, 0, 1, 1)])
def test_conv2d_frames_of_one_case_have_one_size_fit_a_phone_and_clip_nothing(n, k, p, s, d):
    rng = np.random.default_rng(1)
    x, w = rng.integers(0, 4, (n, n)), rng.integers(-1, 3, (k, k))
    shape = draw.conv2d_output_shape(x.shape, k, p, s, d)
    positions = draw.output_positions(shape)
    sizes = {texts_inside(draw.conv2d_frame(x, w, ij, padding=p, stride=s, dilation=d)) for ij in positions[::5]}
    assert len(sizes) == 1
    (width, _), = sizes
    # Shown 360 px wide on a phone, a number of VALUE_PX pixels stays at least 9 px high.
    assert style.VALUE_PX * 360 / max(width, 360) >= 9


def test_max_pool2d_frame_shows_the_window_and_its_maximum():
    from cnnbook.lang import using

    x = np.array([[5, 1, 8, 0], [2, 2, 5, 3], [1, 0, 5, 1], [2, 9, 5, 7]])
    y = max_pool2d(x, 2)
    for ij in draw.output_positions(y.shape):
        with using("en"):  # the English title is monospaced, like the formula under it (lines[0])
            fig = draw.max_pool2d_frame(x, 2, ij)
        lines = mono_lines(fig)
        assert lines[1].startswith(f"y[{ij[0]},{ij[1]}] = max(")
        assert check_sum(lines[1:]) == y[ij]
    texts_inside(fig)


def test_output_positions_go_row_by_row():
    assert draw.output_positions((2, 3)) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_canvas_is_sized_in_cells_and_to_array_gives_its_pixels():
    fig, ax = draw.canvas(5, 2)
    draw.cell(ax, 0, 0, "7", "input")
    a = draw.to_array(fig)
    assert a.shape == (2 * style.CELL_PX, 5 * style.CELL_PX, 3) and a.dtype == np.uint8
    face = tuple(int(style.COLORS["input"][0][i : i + 2], 16) for i in (1, 3, 5))
    assert tuple(a[style.CELL_PX // 2, 4]) == face  # flat colour inside the cell (left of the text)
    assert tuple(a[style.CELL_PX // 2, 3 * style.CELL_PX]) == (255, 255, 255)


def test_legend_rows_agree_with_the_drawing():
    roles = ["input", "padding", "window", "kernel", "output", "current"]
    for width in (6, 9, 14, 30):
        fig, ax = draw.canvas(width + 1, 5)
        below = draw.legend(ax, 0.4, 0.2, roles, width)
        assert below == pytest.approx(0.2 + 0.75 * draw._legend_rows(roles, width))
        texts_inside(fig)


def test_the_legend_reads_from_the_right_in_hebrew_and_from_the_left_in_english():
    from cnnbook.lang import using

    def first_square_x(lang):
        with using(lang):
            fig, ax = draw.canvas(10, 2)
            draw.legend(ax, 0.4, 0.2, ["input", "kernel"], 9.2)
        return ax.patches[0].get_x()

    assert first_square_x("en") == pytest.approx(0.4)
    assert first_square_x("he") == pytest.approx(0.4 + 9.2 - 0.5)


def test_words_in_pictures_follow_the_language_in_use():
    from cnnbook.lang import using

    def texts(fig):
        return [t.get_text() for t in fig.axes[0].texts]

    x = np.arange(16).reshape(4, 4)
    with using("en"):
        english = texts(draw.max_pool2d_frame(x, 2, (0, 0)))
    assert "max pool: size 2, stride 2" in english and "input x" in english
    hebrew = " ".join(texts(draw.max_pool2d_frame(x, 2, (0, 0))))
    assert "max pool" not in hebrew and "\u05d7\u05dc\u05d5\u05df" in hebrew  # "window"
