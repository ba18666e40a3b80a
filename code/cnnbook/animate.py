"""From figures to files: palette GIFs and PNGs, small and byte-for-byte repeatable.

A picture of ``cnnbook.draw`` is flat colour plus antialiased text, so a few
dozen colours are enough. We render every frame, choose one palette for the
whole animation (median cut over a few evenly spaced frames, no dithering),
map every frame onto it, and let Pillow (through imageio) write a looping
GIF with ``optimize=True``: each frame after the first stores only the
rectangle that changed, with unchanged pixels transparent.

Nothing here depends on the clock or on randomness, so the same frames give
the same bytes. Files are written atomically (``cnnbook.files``).
"""
import io

import imageio.v3 as iio
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import style
from .checks import as_int
from .draw import to_array
from .files import write_bytes

PALETTE_SAMPLES = 6  # frames the palette is chosen from
STILL_FRAMES = 6  # key frames in the still of an animation (the printed book's picture of a GIF)


def render(figures):
    """Render matplotlib figures into (H, W, 3) uint8 arrays (the figures are consumed)."""
    frames = []
    for fig in figures:
        frames.append(to_array(fig))
        fig.clear()
    return frames


def _check_frames(frames):
    frames = [np.asarray(f) for f in frames]
    if not frames:
        raise ValueError("frames must hold at least one image, got none")
    shape = frames[0].shape
    for k, f in enumerate(frames):
        if f.ndim != 3 or f.shape[2] != 3 or f.dtype != np.uint8:
            raise ValueError(f"frames[{k}] must be an (H, W, 3) uint8 RGB array, got {f.dtype} {f.shape}")
        if f.shape != shape:
            raise ValueError(f"all frames must have one size; frames[0] is {shape}, frames[{k}] is {f.shape}")
    return frames


def _style_colors():
    """Every colour named in ``cnnbook.style``, as packed 0xRRGGBB ints (sorted)."""
    named = [c for triple in style.COLORS.values() for c in triple]
    named += [style.TEXT, style.MUTED, style.LINE, style.BACKGROUND, *style.TAPS]
    return sorted({int(c.lstrip("#"), 16) for c in named})


def palette(frames, colors=style.GIF_COLORS):
    """One palette image for all ``frames``, of at most ``colors`` colours.

    The book's own flat colours (``cnnbook.style``) that occur in the frames
    are kept exactly; the remaining places go to the in-between shades of
    antialiased text and lines, chosen by median cut. Both are taken from up
    to PALETTE_SAMPLES evenly spaced frames.
    """
    frames = _check_frames(frames)
    colors = as_int("colors", colors, 2)
    if colors > 256:
        raise ValueError(f"colors must be at most 256 (a GIF palette), got {colors}")
    picks = sorted(set(np.linspace(0, len(frames) - 1, min(PALETTE_SAMPLES, len(frames))).round().astype(int)))
    sample = np.concatenate([frames[k].reshape(-1, 3) for k in picks]).astype(np.int64)
    packed = (sample[:, 0] << 16) | (sample[:, 1] << 8) | sample[:, 2]
    present = [c for c in _style_colors() if np.any(packed == c)][:colors]
    exact = [((c >> 16) & 255, (c >> 8) & 255, c & 255) for c in present]
    rest = sample[~np.isin(packed, present)].astype(np.uint8)
    extra = []
    if len(rest) and colors > len(exact):
        q = Image.fromarray(rest[None]).quantize(
            colors=colors - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        used = sorted(set(np.asarray(q).ravel().tolist()))
        flat = q.getpalette()
        extra = [tuple(flat[3 * k : 3 * k + 3]) for k in used]
    table = exact + extra
    table += [table[-1]] * (256 - len(table))  # unused places repeat a real colour
    pal = Image.new("P", (1, 1))
    pal.putpalette([v for rgb in table for v in rgb])
    return pal


def quantize(frames, colors=style.GIF_COLORS):
    """Map every frame onto one shared palette of at most ``colors`` colours (no dithering).

    Returns RGB arrays again; each holds only colours of the shared palette.
    """
    frames = _check_frames(frames)
    pal = palette(frames, colors)
    out = []
    for f in frames:
        q = Image.fromarray(f).quantize(palette=pal, dither=Image.Dither.NONE)
        out.append(np.asarray(q.convert("RGB")))
    return out


def durations(n, seconds=style.FRAME_SECONDS, last_seconds=style.LAST_FRAME_SECONDS):
    """Milliseconds per frame: ``seconds`` each, the last one ``last_seconds`` (a pause before the loop)."""
    n = as_int("n (number of frames)", n, 1)
    if not seconds > 0 or not last_seconds > 0:
        raise ValueError(f"seconds and last_seconds must be > 0, got {seconds} and {last_seconds}")
    ms = [round(1000 * seconds)] * n
    ms[-1] = round(1000 * last_seconds)
    return ms


def gif_bytes(frames, seconds=style.FRAME_SECONDS, last_seconds=style.LAST_FRAME_SECONDS, colors=style.GIF_COLORS):
    """The bytes of a GIF that shows ``frames`` in a loop forever, ``seconds`` per frame."""
    frames = quantize(frames, colors)
    if len(frames) == 1:
        raise ValueError("a GIF needs at least two frames; save a single frame with save_png")
    for k in range(1, len(frames)):
        if np.array_equal(frames[k], frames[k - 1]):
            # Pillow would merge the two and the GIF would have one frame less.
            raise ValueError(f"frames[{k}] is identical to frames[{k - 1}]; every frame must show a new step")
    return iio.imwrite(
        "<bytes>",
        np.stack(frames),
        extension=".gif",
        plugin="pillow",
        duration=durations(len(frames), seconds, last_seconds),
        loop=0,
        optimize=True,
        disposal=1,
    )


def save_gif(frames, path, **options):
    """Write ``frames`` as a looping GIF at ``path`` (atomically); options as :func:`gif_bytes`."""
    return write_bytes(path, gif_bytes(frames, **options))


def png_bytes(frame, colors=64):
    """The bytes of a palette PNG of one frame."""
    im = Image.fromarray(frame).quantize(palette=palette([frame], colors), dither=Image.Dither.NONE)
    buf = io.BytesIO()
    im.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def save_png(frame, path, colors=64):
    """Write one frame as a palette PNG at ``path`` (atomically)."""
    return write_bytes(path, png_bytes(frame, colors))


def read_frames(path):
    """The frames of a GIF (or the one frame of a PNG) as (H, W, 3) uint8 arrays, fully composed."""
    return [np.asarray(f) for f in iio.imiter(path, plugin="pillow", mode="RGB")]


def frame_count(path):
    """Number of frames stored in the GIF at ``path``."""
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def frame_durations(path):
    """Duration of each frame of the GIF at ``path``, in milliseconds."""
    out = []
    with Image.open(path) as im:
        for k in range(getattr(im, "n_frames", 1)):
            im.seek(k)
            out.append(im.info.get("duration", 0))
    return out


def key_frames(n, count=STILL_FRAMES):
    """Indices of up to ``count`` of ``n`` frames, evenly spread, the first and the last included."""
    n = as_int("n (number of frames)", n, 1)
    count = as_int("count", count, 1)
    if count >= n:
        return list(range(n))
    if count == 1:
        return [n - 1]  # the last frame: the finished result
    return sorted(set(np.linspace(0, n - 1, count).round().astype(int).tolist()))


def _label_font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # a Pillow without FreeType: its small bitmap font
        return ImageFont.load_default()


def contact_sheet(frames, count=STILL_FRAMES, columns=3, rtl=False, gap=12):
    """A still of an animation: up to ``count`` key frames in a grid, each numbered ``k/n`` above it.

    The key frames (:func:`key_frames`) are laid out in reading order, row by
    row, from the left (or from the right when ``rtl``, for a right-to-left
    page). Each carries its frame number in the whole animation (``3/9``: the
    third of nine), so the reader follows the steps on paper. Returns an
    (H, W, 3) uint8 array on the book's background.
    """
    frames = _check_frames(frames)
    columns = as_int("columns", columns, 1)
    gap = as_int("gap", gap, 0)
    picks = key_frames(len(frames), count)
    columns = min(columns, len(picks))
    rows = -(-len(picks) // columns)
    h, w = frames[0].shape[:2]
    font = _label_font(max(12, h // 18))
    label_h = font.getbbox("0/0")[3] + 6
    cell_w, cell_h = w + gap, h + label_h + gap
    sheet = Image.new("RGB", (columns * cell_w - gap, rows * cell_h - gap), style.BACKGROUND)
    pen = ImageDraw.Draw(sheet)
    for place, k in enumerate(picks):
        row, col = divmod(place, columns)
        if rtl:
            col = columns - 1 - col
        x, y = col * cell_w, row * cell_h
        sheet.paste(Image.fromarray(frames[k]), (x, y + label_h))
        label = f"{k + 1}/{len(frames)}"
        width = pen.textlength(label, font=font)
        pen.text((x + w - width if rtl else x, y), label, fill=style.MUTED, font=font)
    return np.asarray(sheet)


def still_png(data, count=STILL_FRAMES, columns=3, rtl=False):
    """The PNG bytes of the still (:func:`contact_sheet`) of the GIF in ``data`` (its bytes or its path)."""
    frames = [np.asarray(f) for f in iio.imiter(data, plugin="pillow", mode="RGB", extension=".gif")]
    sheet = contact_sheet(frames, count, columns, rtl)
    buf = io.BytesIO()
    Image.fromarray(sheet).save(buf, format="PNG", optimize=True)
    return buf.getvalue()
