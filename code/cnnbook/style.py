"""The look of every figure: one palette, one font, one cell size.

Every figure of the book is drawn on a grid of square *cells*; one cell is
``CELL_PX`` pixels wide in the saved file. Sizes of text are given in pixels
too (``px``) and turned into points by :func:`points`, so a figure looks the
same whatever its size.

The same five roles have the same colour in every figure, and the legend
names them: the input, the padding, the window (the input cells under the
kernel), the kernel and the output. Colours are flat (no gradients), which
keeps the GIFs' palettes small.

Labels inside figures are English or math (``x``, ``w``, ``y``, ``input``);
matplotlib does not lay out right-to-left text, so Hebrew goes into the alt
text and the captions instead.
"""

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

# The legend entries, in the order they appear.
LEGEND = {
    "input": "input x",
    "padding": "padding",
    "window": "window",
    "kernel": "kernel w",
    "output": "output y",
    "current": "being written",
    "activation": "after ReLU",
}

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
