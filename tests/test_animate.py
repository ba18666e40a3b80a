"""cnnbook.animate: palette GIFs that are small, loop, keep their colours and repeat byte for byte."""
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
