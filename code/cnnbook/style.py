"""The look of every figure: one palette, one font, one cell size.

Every figure of the book is drawn on a grid of square *cells*; one cell is
``CELL_PX`` pixels wide in the saved file. Sizes of text are given in pixels
too (``px``) and turned into points by :func:`points`, so a figure looks the
same whatever its size.

The same five roles have the same colour in every figure, and the legend
names them: the input, the padding, the window (the input cells under the
kernel), the kernel and the output. Colours are flat (no gradients), which
keeps the GIFs' palettes small.

Words inside figures come from the message catalogue (``cnnbook.msg``) in
the language in use, so a figure made after ``set_language("en")`` speaks
English; symbols (``x``, ``w``, ``y``, ``K``, ``p``, ``s``, ``d``) stay as
they are. Every piece of figure text goes through :func:`text`, so that Hebrew
reads right to left: matplotlib from 3.11 lays text out with libraqm, which
applies the Unicode bidi algorithm itself; older versions draw characters in
the order they get them, and then :func:`text` reorders Hebrew lines for
display with ``python-bidi``. Which of the two holds is measured once, by
drawing two Hebrew letters (:func:`matplotlib_reorders`). Text without Hebrew
is always left alone. DejaVu Sans has Hebrew glyphs; DejaVu Sans Mono does
not, so Hebrew text is always set in :data:`FONT` (:func:`family`).
"""
import functools
import re

from bidi import get_display

from .lang import msg

FONT = "DejaVu Sans"  # ships with matplotlib, so every machine has it
MONO = "DejaVu Sans Mono"  # for formulas, so that their terms line up

DPI = 100
CELL_PX = 32  # side of one cell, in pixels of the saved file

# Text sizes in pixels of the saved file (the book shows the files at about
# their own width on a computer, and about 0.6 of it on a phone).
VALUE_PX = 15  # a number inside a cell
LABEL_PX = 14  # a row or grid label, a legend entry
FORMULA_PX = 14  # the line that spells out one output
SMALL_PX = 11  # indices above cells, weights in a window's corner
TITLE_PX = 14

COLORS = {
    # role: (face, edge, text)
    "input": ("#cfe2f3", "#3d85c6", "#1b1b1b"),
    "padding": ("#e8e8e8", "#9a9a9a", "#6b6b6b"),
    "window": ("#fbc58f", "#d35400", "#1b1b1b"),
    "kernel": ("#ffe98a", "#b38600", "#1b1b1b"),
    "output": ("#d4ecc9", "#5b9b3c", "#1b1b1b"),
    "current": ("#8fcc70", "#2f6f16", "#000000"),  # the output being written
    "empty": ("#ffffff", "#bcbcbc", "#1b1b1b"),  # an output not yet computed
    "activation": ("#e6dcf5", "#7e57c2", "#1b1b1b"),  # after the activation function
    "skipped": ("#f4f4f4", "#c8c8c8", "#b0b0b0"),  # a cell a dilated kernel jumps over
}
TEXT = "#1b1b1b"
MUTED = "#6b6b6b"
LINE = "#6b6b6b"
BACKGROUND = "#ffffff"

# One colour per kernel tap m (the lines of the weight-sharing diagrams):
# colour-blind-safe hues from Okabe & Ito, dark enough for thin lines.
TAPS = ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")

# The roles a legend can name, in the order they appear; their words are
# the catalogue's ``legend.<role>`` (see :func:`legend_name`).
LEGEND = ("input", "padding", "window", "kernel", "output", "current", "activation")

FRAME_SECONDS = 1.0  # how long each GIF frame stays
LAST_FRAME_SECONDS = 2.0  # the last frame stays longer before the loop restarts
GIF_COLORS = 32  # palette size of the GIFs


def points(px):
    """Font size in points for text ``px`` pixels high: pt = px * 72 / DPI."""
    return px * 72.0 / DPI


def role(name):
    """(face, edge, text) colours of a role, e.g. ``role("input")``."""
    try:
        return COLORS[name]
    except KeyError:
        raise ValueError(f"role must be one of {sorted(COLORS)}, got {name!r}") from None


def tap_color(m):
    """Colour of kernel tap ``m`` (cycles when there are more taps than colours)."""
    return TAPS[m % len(TAPS)]


RLM = "\u200f"  # RIGHT-TO-LEFT MARK: an invisible strong right-to-left character
HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")


def has_hebrew(text):
    """True when ``text`` holds a Hebrew letter (or point)."""
    return bool(HEBREW.search(str(text)))


@functools.cache
def matplotlib_reorders():
    """True when matplotlib itself draws Hebrew right to left (bidi), as libraqm layout does.

    Draws "\u05d0\u05d1" (alef, bet) and checks which letter came out leftmost.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def ink(t):
        fig = Figure(figsize=(1.2, 0.5), dpi=DPI)
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.3, t, fontsize=20, family=FONT)
        fig.canvas.draw()
        dark = np.asarray(fig.canvas.buffer_rgba())[..., :3].min(axis=2) < 128
        cols = np.flatnonzero(dark.any(axis=0))
        end = cols[0]
        while end < dark.shape[1] and dark[:, end].any():
            end += 1
        return dark[:, cols[0]:end]  # the leftmost glyph

    first, bet = ink("\u05d0\u05d1"), ink("\u05d1")
    return first.shape == bet.shape and bool((first == bet).all())


def text(value):
    """``value`` as matplotlib must get it so that Hebrew reads right to left; others unchanged.

    Where matplotlib applies bidi itself, each Hebrew line gets a leading
    right-to-left mark, so that it reads right to left even when it opens with
    a Latin word. Where matplotlib does not apply bidi itself (:func:`matplotlib_reorders`),
    each Hebrew line is reordered on its own with ``python-bidi``, with a
    right-to-left base direction, so a Hebrew line that holds numbers or
    English terms reads correctly.
    """
    value = str(value)
    if not has_hebrew(value):
        return value
    if matplotlib_reorders():
        # The layout takes a line's direction from its first strong letter; a Hebrew
        # line that opens with "LeNet-5" or "ReLU" must still read right to left.
        return "\n".join(RLM + line if has_hebrew(line) else line for line in value.split("\n"))
    return "\n".join(get_display(line, base_dir="R") if has_hebrew(line) else line for line in value.split("\n"))


def family(value, mono=False):
    """The font for ``value``: :data:`MONO` when asked for and the text has no Hebrew, else :data:`FONT`."""
    return MONO if mono and not has_hebrew(value) else FONT


def legend_name(name):
    """The legend's words for role ``name`` in the language in use, e.g. ``"input x"``."""
    if name not in LEGEND:
        raise ValueError(f"name must be one of the legend's roles {list(LEGEND)}, got {name!r}")
    return msg(f"legend.{name}")
