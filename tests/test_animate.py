"""cnnbook.animate: palette GIFs that are small, loop, keep their colours and repeat byte for byte."""
import io

import numpy as np
import pytest
from PIL import Image

from cnnbook import animate, draw, style


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def frames():
    """Three real frames of a 1D convolution."""
    x, w = np.array([3, 3, 1, 0, 3]), np.array([-1, 2, 1])
    return animate.render(draw.conv1d_frame(x, w, n, padding=1) for n in range(3))


def test_render_gives_rgb_arrays_of_one_size(frames):
    assert len(frames) == 3
    assert all(f.dtype == np.uint8 and f.ndim == 3 and f.shape == frames[0].shape for f in frames)


def test_quantize_keeps_the_book_colours_exactly_and_uses_few_colours(frames):
    q = animate.quantize(frames, colors=24)
    colours = {tuple(c) for f in q for c in f.reshape(-1, 3)}
    assert len(colours) <= 24
    for name in ("input", "padding", "window", "kernel", "output", "current"):
        face = rgb(style.COLORS[name][0])
        present = any((f.reshape(-1, 3) == face).all(axis=1).any() for f in frames)
        if present:
            assert face in colours, name


def test_gif_round_trip_shows_the_quantized_frames(frames, tmp_path):
    path = animate.save_gif(frames, tmp_path / "a.gif")
    assert animate.frame_count(path) == len(frames)
    back = animate.read_frames(path)
    for got, want in zip(back, animate.quantize(frames)):
        np.testing.assert_array_equal(got, want)


def test_gif_loops_forever_with_the_documented_durations(frames, tmp_path):
    path = animate.save_gif(frames, tmp_path / "a.gif", seconds=0.8, last_seconds=1.5)
    assert animate.frame_durations(path) == [800, 800, 1500]
    with Image.open(path) as im:
        assert im.info["loop"] == 0


def test_gif_bytes_are_the_same_every_time(frames):
    assert animate.gif_bytes(frames) == animate.gif_bytes([f.copy() for f in frames])


def test_later_frames_store_only_what_changed(frames):
    """optimize=True: a frame after the first costs less than the first."""
    one = len(animate.gif_bytes(frames[:2]))
    two = len(animate.gif_bytes(frames[:3]))
    first = len(animate.png_bytes(frames[0]))
    assert two - one < first


def test_save_gif_leaves_no_temporary_file(frames, tmp_path):
    animate.save_gif(frames, tmp_path / "sub" / "a.gif")
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["a.gif"]


def test_png_round_trip(frames, tmp_path):
    path = animate.save_png(frames[0], tmp_path / "a.png")
    (back,) = animate.read_frames(path)
    (want,) = animate.quantize(frames[:1], colors=64)
    np.testing.assert_array_equal(back, want)


def test_bad_frames_are_refused_with_a_clear_message(frames):
    with pytest.raises(ValueError, match="at least one image"):
        animate.gif_bytes([])
    with pytest.raises(ValueError, match="at least two frames"):
        animate.gif_bytes(frames[:1])
    with pytest.raises(ValueError, match=r"frames\[1\] is identical to frames\[0\]"):
        animate.gif_bytes([frames[0], frames[0]])
    with pytest.raises(ValueError, match="one size"):
        animate.gif_bytes([frames[0], frames[1][:-1]])
    with pytest.raises(ValueError, match="uint8 RGB"):
        animate.gif_bytes([frames[0].astype(float), frames[1]])
    with pytest.raises(ValueError, match="colors must be at most 256"):
        animate.gif_bytes(frames, colors=300)
    with pytest.raises(ValueError, match="seconds and last_seconds must be > 0"):
        animate.gif_bytes(frames, seconds=0)


# ---- the still of an animation (the printed book's picture of a GIF) ----

def test_key_frames_spread_evenly_and_keep_the_first_and_the_last():
    assert animate.key_frames(49, 6) == [0, 10, 19, 29, 38, 48]
    assert animate.key_frames(4, 6) == [0, 1, 2, 3]  # fewer frames than asked: all of them
    assert animate.key_frames(9, 1) == [8]  # one: the finished result
    assert animate.key_frames(1) == [0]


@pytest.mark.parametrize("n, count, name", [(0, 3, "n"), (5, 0, "count"), (2.5, 3, "n")])
def test_key_frames_name_a_bad_argument(n, count, name):
    with pytest.raises(ValueError, match=name):
        animate.key_frames(n, count)


def numbered_frames(n, h=40, w=60):
    """n frames that differ only in one bright column at x = 5 * k (frame k)."""
    out = []
    for k in range(n):
        f = np.full((h, w, 3), 255, np.uint8)
        f[:, 5 * k : 5 * k + 3] = (31, 119, 180)
        out.append(f)
    return out


def frame_at(sheet, row, col, h, w, label_h, gap):
    """The picture of the frame in grid cell (row, col) of a contact sheet."""
    y = row * (h + label_h + gap) + label_h
    x = col * (w + gap)
    return sheet[y : y + h, x : x + w]


@pytest.mark.parametrize("rtl", [False, True])
def test_contact_sheet_lays_out_the_key_frames_in_reading_order(rtl):
    frames = numbered_frames(7)
    h, w, gap = 40, 60, 10
    sheet = animate.contact_sheet(frames, count=4, columns=2, rtl=rtl, gap=gap)
    assert sheet.dtype == np.uint8 and sheet.ndim == 3 and sheet.shape[2] == 3
    rows = 2
    label_h = (sheet.shape[0] - (rows - 1) * gap) // rows - h
    assert label_h > 0  # room for the frame numbers above the pictures
    assert sheet.shape[1] == 2 * w + gap
    picks = animate.key_frames(7, 4)  # [0, 2, 4, 6]
    for place, k in enumerate(picks):
        row, col = divmod(place, 2)
        if rtl:
            col = 1 - col
        assert np.array_equal(frame_at(sheet, row, col, h, w, label_h, gap), frames[k]), (place, k)


def test_contact_sheet_numbers_each_frame():
    """The strip above each picture holds its number: ink there, and none where a frame has no label."""
    frames = numbered_frames(3)
    sheet = animate.contact_sheet(frames, count=3, columns=3, gap=10)
    label_strip = sheet[: sheet.shape[0] - 40]
    assert (label_strip != 255).any()
    assert animate.contact_sheet(frames, count=3, columns=3, gap=10).tobytes() == sheet.tobytes()  # repeatable


def test_contact_sheet_names_a_bad_argument():
    with pytest.raises(ValueError, match="columns"):
        animate.contact_sheet(numbered_frames(2), columns=0)
    with pytest.raises(ValueError, match="frames"):
        animate.contact_sheet([])


def test_still_png_of_a_gif_shows_its_key_frames(tmp_path):
    frames = numbered_frames(5)
    path = animate.save_gif(frames, tmp_path / "a.gif")
    png = animate.still_png(path.read_bytes(), count=5, columns=5)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    sheet = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert np.array_equal(sheet, animate.contact_sheet(animate.read_frames(path), count=5, columns=5))
    assert animate.still_png(path, count=5, columns=5) == png  # a path works as well as the bytes
