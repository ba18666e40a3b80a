r"""Drawing grids of numbers: the pictures of convolution and pooling.

Everything here is drawn on one matplotlib ``Axes`` whose unit is one *cell*
(``style.CELL_PX`` pixels), with y growing downwards like the rows of a
matrix: the cell in column ``c`` of row ``r`` is the square
``[c, c+1] x [r, r+1]``.

Two kinds of functions:

* building blocks: :func:`canvas`, :func:`cell`, :func:`row`, :func:`grid`,
  :func:`label`, :func:`connect`, :func:`legend`, :func:`to_array`, and the
  number formatting :func:`fmt` and :func:`formula`;
* whole pictures: :func:`conv1d_diagram`, :func:`conv1d_relu_diagram`,
  :func:`conv1d_frame`, :func:`multichannel_frame`, :func:`conv2d_frame`
  and :func:`max_pool2d_frame`. Each returns one ``Figure``; a GIF is a list
  of them (see ``cnnbook.animate``).

Every output value drawn is computed by the reference functions of the
arithmetic layer (``cnnbook.conv1d``, ``conv2d``, ``max_pool2d``); this
module only lays the numbers out. The window of output ``n`` is found with
``cnnbook.input_positions``: tap ``m`` reads input ``n s - p + m d``.

Figures are plain ``matplotlib.figure.Figure`` objects with an Agg canvas, so
drawing never touches pyplot or the notebook's backend.
"""
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import style
from .lang import direction, msg
from .checks import as_array, as_int
from .conv import conv1d, conv2d, pad
from .pool import max_pool2d
from .shapes import conv_output_size, input_positions

MINUS = "\u2212"  # the typographic minus sign
TIMES = "\u00b7"  # the middle dot between the two factors of a product
SUBSCRIPTS = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")


# --- numbers as text -------------------------------------------------------


def fmt(value):
    """A number as it is printed in a cell: ``3``, ``-1`` (typographic minus), ``0.5``, ``-inf``."""
    v = float(value)
    if np.isinf(v):
        text = "\u221e" if v > 0 else "-\u221e"
    elif v == round(v):
        text = str(int(round(v)))
    else:
        text = f"{v:.2f}".rstrip("0")
    return text.replace("-", MINUS)


def factor(value):
    """A number as a factor of a product: negative numbers go in parentheses."""
    text = fmt(value)
    return f"({text})" if text.startswith(MINUS) else text


def sub(index):
    """``sub(12) == '₁₂'``: an index written as Unicode subscripts."""
    return str(index).translate(SUBSCRIPTS)


def products(xs, ws):
    """The terms ``x·w`` of a weighted sum, e.g. ``['1·3', '2·(−1)']``."""
    return [f"{factor(x)}{TIMES}{factor(w)}" for x, w in zip(xs, ws)]


def formula(lhs, groups, result, bias=None, brackets=False):
    """Lines of text that spell out one output as a sum of products.

    ``groups`` is a list of lists of terms (see :func:`products`); each group
    goes on its own line, in parentheses when ``brackets``. ``bias`` (a
    number) is added at the end of the last group's line and ``result`` is
    written on a line of its own, e.g. ::

        y[0,1] = 1·0 + 2·1 + 0·(−1)
               + 3·1 + 0·0 + 1·2
               = 7
    """
    pad_ = " " * len(lhs)
    lines = []
    for g, terms in enumerate(groups):
        body = " + ".join(terms)
        if brackets:
            body = f"({body})"
        if bias is not None and g == len(groups) - 1:
            body += f" + {factor(bias)}"
        lines.append(f"{lhs} = {body}" if g == 0 else f"{pad_} + {body}")
    lines.append(f"{pad_} = {fmt(result)}")
    return lines


# --- building blocks ---------------------------------------------------------


def figure(width_px, height_px):
    """A new off-screen figure ``width_px`` x ``height_px`` pixels large, on the book's background."""
    fig = Figure(figsize=(width_px / style.DPI, height_px / style.DPI), dpi=style.DPI, facecolor=style.BACKGROUND)
    FigureCanvasAgg(fig)
    return fig


def canvas(width, height):
    """A new figure ``width`` x ``height`` cells large and its one Axes, in cell units."""
    wpx, hpx = round(width * style.CELL_PX), round(height * style.CELL_PX)
    fig = figure(wpx, hpx)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, wpx / style.CELL_PX)
    ax.set_ylim(hpx / style.CELL_PX, 0)
    ax.set_axis_off()
    return fig, ax


def label(ax, x, y, text, px=style.LABEL_PX, ha="center", va="center", color=style.TEXT, mono=False, bold=False):
    """Write ``text`` at (x, y), ``px`` pixels high, in the book's font.

    Hebrew text is reordered for display and set in ``style.FONT`` (see ``style.text``).
    """
    return ax.text(
        x,
        y,
        style.text(text),
        ha=ha,
        va=va,
        color=color,
        fontsize=style.points(px),
        family=style.family(str(text), mono),
        fontweight="bold" if bold else "normal",
    )


GAP = 0.05  # white margin inside each cell, so that neighbouring borders never overlap


def cell(ax, col, row_, text="", role="input", bold=False, edge=None, lw=1.5, px=style.VALUE_PX, text_color=None, at=(0.5, 0.52)):
    """One square cell at column ``col``, row ``row_``, coloured by its ``role`` (see ``style.COLORS``).

    ``at`` is where the text's centre sits inside the cell (fractions of its side).
    """
    face, default_edge, default_text = style.role(role)
    ax.add_patch(
        Rectangle(
            (col + GAP, row_ + GAP),
            1 - 2 * GAP,
            1 - 2 * GAP,
            facecolor=face,
            edgecolor=edge or default_edge,
            linewidth=lw,
            antialiased=False,
        )
    )
    if text != "":
        label(ax, col + at[0], row_ + at[1], text, px=px, color=text_color or default_text, bold=bold)


def row(ax, col, row_, values, roles="input", texts=None):
    """A row of cells from column ``col``; ``roles`` is one role or one per cell."""
    roles = [roles] * len(values) if isinstance(roles, str) else roles
    for k, (v, r) in enumerate(zip(values, roles)):
        cell(ax, col + k, row_, fmt(v) if texts is None else texts[k], role=r)


def grid(ax, col, row_, values, roles="input", texts=None):
    """A 2D grid of cells whose top-left corner is at (``col``, ``row_``)."""
    values = np.asarray(values)
    for i in range(values.shape[0]):
        row(
            ax,
            col,
            row_ + i,
            values[i],
            roles if isinstance(roles, str) else roles[i],
            None if texts is None else texts[i],
        )


def outline(ax, col, row_, width, height, color, lw=3.0):
    """A rectangle outline (no fill), e.g. around a window."""
    ax.add_patch(Rectangle((col, row_), width, height, fill=False, edgecolor=color, linewidth=lw, antialiased=False))


def connect(ax, start, end, color=style.LINE, lw=1.5):
    """A straight line from ``start`` to ``end`` (points in cell units)."""
    ax.plot([start[0], end[0]], [start[1], end[1]], color=color, linewidth=lw, solid_capstyle="butt", zorder=0.5)


def legend(ax, x, y, roles, width, px=style.LABEL_PX):
    """A legend of coloured squares and names, flowing into rows no wider than ``width`` cells.

    The entries read in the direction of the language in use: from the left
    edge rightwards in English, from the right edge leftwards (square to the
    right of its name) in Hebrew. Returns the y just below the legend. Text
    widths are estimated (0.6 of the font height per character), generously
    enough that nothing overlaps.
    """
    size = 0.5
    height = px / style.CELL_PX
    rtl = direction() == "rtl"
    col, line = x, y
    for r in roles:
        name = style.legend_name(r)
        item = size + 0.25 + 0.6 * height * len(name) + 0.5
        if col > x and col + item > x + width:
            col, line = x, line + 0.75
        face, edge, _ = style.role(r)
        box = x + width - (col - x) - size if rtl else col
        ax.add_patch(
            Rectangle((box, line), size, size, facecolor=face, edgecolor=edge, linewidth=1.5, antialiased=False)
        )
        if rtl:
            label(ax, box - 0.2, line + size / 2, name, px=px, ha="right")
        else:
            label(ax, box + size + 0.2, line + size / 2, name, px=px, ha="left")
        col += item
    return line + 0.75


def text_width(text, px):
    """Estimated width in cells of ``text``: 0.61 of the height per character in the monospaced font;
    Hebrew text is set in the proportional font (``style.family``), whose letters are narrower (0.53)."""
    per = 0.53 if style.has_hebrew(text) else 0.61
    return per * px / style.CELL_PX * len(text)


def to_array(fig):
    """Render ``fig`` and return its pixels as an (H, W, 3) uint8 array."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def _lines(ax, x, y, lines, px=style.FORMULA_PX):
    """Formula lines, left-aligned at ``x``, first baseline area at ``y``; returns the y below them."""
    step = 1.35 * px / style.CELL_PX
    for k, text in enumerate(lines):
        label(ax, x, y + (k + 0.5) * step, text, px=px, ha="left", mono=True)
    return y + len(lines) * step


def _widest(spell, positions, px=style.FORMULA_PX):
    """Width in cells of the longest formula line over all ``positions``.

    Every frame of an animation gets this width, so that all frames have one
    size whichever output they show.
    """
    return max(text_width(t, px) for pos in positions for t in spell(pos))


def _formula_height(n_lines, px=style.FORMULA_PX):
    return n_lines * 1.35 * px / style.CELL_PX


def _legend_rows(roles, width, px=style.LABEL_PX):
    """How many rows :func:`legend` needs for ``roles`` within ``width`` (same rule as the drawing)."""
    height = px / style.CELL_PX
    col, rows = 0.0, 1
    for r in roles:
        item = 0.5 + 0.25 + 0.6 * height * len(style.legend_name(r)) + 0.5
        if col > 0 and col + item > width:
            col, rows = 0.0, rows + 1
        col += item
    return rows


# --- checking the arguments of the pictures -----------------------------------


def _index(name, value, size):
    value = as_int(name, value, 0)
    if value >= size:
        raise ValueError(f"{name} must be an output position in 0..{size - 1}, got {value}")
    return value


# --- 1D pictures -------------------------------------------------------------

LEFT = 1.2  # width of the column of row labels (x, w, y) in 1D pictures


def conv1d_diagram(x, w, b=None):
    """The whole 1D convolution at once: inputs, outputs and every connection.

    Output ``y[n]`` is joined to inputs ``x[n]..x[n+K-1]``; the line from
    ``x[n+m]`` has the colour of weight ``w[m]``. The same colours repeat at
    every output: that is weight sharing. Values: ``y = conv1d(x, w, b)``.
    """
    x = as_array("x", x, (1,))
    w = as_array("w", w, (1,))
    y = conv1d(x, w, None if b is None else [b])
    n, k, n_out = len(x), len(w), len(y)
    width = LEFT + max(n, k + 3) + 0.4
    fig, ax = canvas(width, 6.6)
    top, bottom = 0.7, 3.6
    for i in range(n):
        label(ax, LEFT + i + 0.5, top - 0.3, f"{i}", px=style.SMALL_PX, color=style.MUTED)
    row(ax, LEFT, top, x, "input")
    off = LEFT + (n - n_out) / 2
    for o in range(n_out):
        for m, i in enumerate(input_positions(o, k)):
            connect(ax, (LEFT + i + 0.5, top + 1), (off + o + 0.5, bottom), color=style.tap_color(m), lw=2)
    row(ax, off, bottom, y, "output")
    for o in range(n_out):
        label(ax, off + o + 0.5, bottom + 1.3, f"{o}", px=style.SMALL_PX, color=style.MUTED)
    label(ax, 0.6, top + 0.5, "x")
    label(ax, 0.6, bottom + 0.5, "y")
    kr = 5.3
    label(ax, 0.6, kr + 0.5, "w")
    for m in range(k):
        cell(ax, LEFT + m, kr, fmt(w[m]), "kernel", edge=style.tap_color(m), lw=3)
    if b is not None:
        label(ax, LEFT + k + 0.4, kr + 0.5, f"b = {fmt(b)}", ha="left")
    return fig


def conv1d_relu_diagram(x, w, b=0):
    """Convolution, then the activation: x -> z = conv1d(x, w, b) -> y = max(z, 0) (ReLU)."""
    x = as_array("x", x, (1,))
    w = as_array("w", w, (1,))
    z = conv1d(x, w, [b])
    y = np.maximum(z, 0)  # ReLU, the activation function
    n, k, n_out = len(x), len(w), len(z)
    notes = (msg("draw.input"), "z = conv(x, w) + b", "y = max(z, 0)")
    width = LEFT + max(n + 0.3 + max(text_width(t, style.LABEL_PX) for t in notes), k + 3) + 0.3
    fig, ax = canvas(width, 8.4)
    top, mid, low = 0.7, 3.4, 5.4
    row(ax, LEFT, top, x, "input")
    off = LEFT + (n - n_out) / 2
    for o in range(n_out):
        for m, i in enumerate(input_positions(o, k)):
            connect(ax, (LEFT + i + 0.5, top + 1), (off + o + 0.5, mid), color=style.tap_color(m), lw=2)
        ax.annotate(
            "",
            xy=(off + o + 0.5, low - 0.05),
            xytext=(off + o + 0.5, mid + 1.05),
            arrowprops=dict(arrowstyle="-|>", color=style.LINE, lw=1.5, mutation_scale=12),
        )
    row(ax, off, mid, z, "output")
    row(ax, off, low, y, "activation")
    right = LEFT + n + 0.3
    label(ax, 0.6, top + 0.5, "x")
    label(ax, 0.6, mid + 0.5, "z")
    label(ax, 0.6, low + 0.5, "y")
    label(ax, right, top + 0.5, notes[0], ha="left")
    label(ax, right, mid + 0.5, notes[1], ha="left")
    label(ax, off + n_out + 0.1, (mid + 1 + low) / 2, "ReLU", ha="left", color=style.MUTED)
    label(ax, right, low + 0.5, notes[2], ha="left")
    kr = 7.0
    label(ax, 0.6, kr + 0.5, "w")
    for m in range(k):
        cell(ax, LEFT + m, kr, fmt(w[m]), "kernel", edge=style.tap_color(m), lw=3)
    label(ax, LEFT + k + 0.4, kr + 0.5, f"b = {fmt(b)}", ha="left")
    return fig


def _padded_roles(length, padding):
    return ["padding"] * padding + ["input"] * length + ["padding"] * padding


def conv1d_frame(x, w, n, b=None, *, padding=0, stride=1, dilation=1, padding_mode="zeros"):
    """One step of a 1D convolution: output ``y[n]`` being written.

    Shows the (padded) input with the window of output ``n`` marked, the
    kernel under the window, the products and their sum, and the outputs
    written so far. ``y = conv1d(x, w, b, padding=..., stride=..., dilation=...)``.
    """
    x = as_array("x", x, (1,))
    w = as_array("w", w, (1,))
    y = conv1d(x, w, None if b is None else [b], padding=padding, stride=stride, dilation=dilation, padding_mode=padding_mode)
    n = _index("n", n, len(y))
    xp = pad(x, (padding,), padding_mode)
    L, K, P, n_out = len(x), len(w), len(xp), len(y)

    def window(k):
        return [i + padding for i in input_positions(k, K, padding, stride, dilation)]

    def spell(k):
        return formula(f"y[{k}]", [products(xp[window(k)], w)], y[k], bias=b)

    taps, lines = window(n), spell(n)
    roles = ["input", "window", "kernel", "output", "current"]
    if padding:
        roles.insert(1, "padding")
    width = max(LEFT + P + 0.4, 0.4 + _widest(spell, range(n_out)) + 0.4, 7.0)
    top, kr, out = 0.7, 1.9, 4.3
    fy = out + 1.7
    ly = fy + _formula_height(len(lines)) + 0.3
    height = ly + 0.75 * _legend_rows(roles, width - 0.8) + 0.1
    fig, ax = canvas(width, height)

    kinds = _padded_roles(L, padding)
    for i in range(P):
        r = kinds[i]
        if i in taps:
            r = "window"
        color = style.role("padding")[2] if kinds[i] == "padding" else None
        cell(ax, LEFT + i, top, fmt(xp[i]), r, text_color=color)
        if kinds[i] == "input":
            label(ax, LEFT + i + 0.5, top - 0.3, f"{i - padding}", px=style.SMALL_PX, color=style.MUTED)
    outline(ax, LEFT + taps[0], top, taps[-1] - taps[0] + 1, 1, style.role("window")[1])
    off = LEFT + (P - n_out) / 2
    for m, i in enumerate(taps):
        cell(ax, LEFT + i, kr, fmt(w[m]), "kernel")
        connect(ax, (LEFT + i + 0.5, kr + 1), (off + n + 0.5, out), color=style.tap_color(m), lw=2)
    for o in range(n_out):
        if o < n:
            cell(ax, off + o, out, fmt(y[o]), "output")
        elif o == n:
            cell(ax, off + o, out, fmt(y[o]), "current", bold=True, lw=2.5)
        else:
            cell(ax, off + o, out, "", "empty")
        label(ax, off + o + 0.5, out + 1.3, f"{o}", px=style.SMALL_PX, color=style.MUTED)
    label(ax, 0.6, top + 0.5, "x")
    label(ax, 0.6, kr + 0.5, "w")
    label(ax, 0.6, out + 0.5, "y")
    _lines(ax, 0.4, fy, lines)
    legend(ax, 0.4, ly, roles, width - 0.8)
    return fig


def multichannel_frame(x, w, b, o, n, *, relu=False):
    """One output neuron of a convolution with several input (and output) channels.

    x : (C_in, L) input, one row per channel
    w : (C_out, C_in, K) one kernel per output channel, spanning every input channel
    b : (C_out,) one bias per output channel

    Output ``o`` at position ``n`` is
    ``z_o[n] = sum_c sum_m x_c[n+m] w[o,c,m] + b_o`` (from ``conv1d``); with
    ``relu`` the written value is ``max(z, 0)``.
    """
    x = as_array("x", x, (2,))
    w = as_array("w", w, (3,))
    b = as_array("b", b, (1,))
    z = conv1d(x, w, b)
    c_out, c_in, K = w.shape
    L, n_out = x.shape[1], z.shape[1]
    o = _index("o", o, c_out)
    n = _index("n", n, n_out)
    y = np.maximum(z, 0) if relu else z  # ReLU, the activation function

    def spell(pos):
        oo, k = pos
        taps = input_positions(k, K)
        name = "z" if relu else ("y" if c_out == 1 else f"y{sub(oo)}")
        groups = [products(x[c, taps], w[oo, c]) for c in range(c_in)]
        lines = formula(f"{name}[{k}]", groups, z[oo, k], bias=b[oo], brackets=True)
        if relu:
            lines.append(f"y[{k}] = max({fmt(z[oo, k])}, 0) = {fmt(y[oo, k])}")
        return lines

    taps, lines = input_positions(n, K), spell((o, n))
    roles = ["input", "window", "kernel", "output", "current"]

    left = 1.6
    every = [(oo, k) for oo in range(c_out) for k in range(n_out)]
    width = max(left + L + 0.4, 0.4 + _widest(spell, every) + 0.4, 7.0)
    top = 0.7
    kr = top + c_in + 0.3  # kernel block
    out = kr + c_in + 1.6  # output rows
    fy = out + c_out + 0.5
    ly = fy + _formula_height(len(lines)) + 0.3
    height = ly + 0.75 * _legend_rows(roles, width - 0.8) + 0.1
    fig, ax = canvas(width, height)

    for i in range(L):
        label(ax, left + i + 0.5, top - 0.3, f"{i}", px=style.SMALL_PX, color=style.MUTED)
    for c in range(c_in):
        label(ax, left / 2, top + c + 0.5, f"x{sub(c)}")
        for i in range(L):
            cell(ax, left + i, top + c, fmt(x[c, i]), "window" if i in taps else "input")
        label(ax, left / 2, kr + c + 0.5, f"w{sub(c)}" if c_out == 1 else f"w{sub(o)},{sub(c)}")
        for m, i in enumerate(taps):
            cell(ax, left + i, kr + c, fmt(w[o, c, m]), "kernel")
    outline(ax, left + taps[0], top, K, c_in, style.role("window")[1])
    off = left + (L - n_out) / 2
    for m, i in enumerate(taps):
        # the lines meet at the top of the output block, above the cell being written
        connect(ax, (left + i + 0.5, kr + c_in), (off + n + 0.5, out), color=style.LINE, lw=1.5)
    for oo in range(c_out):
        label(ax, left / 2, out + oo + 0.5, "y" if c_out == 1 else f"y{sub(oo)}")
        for j in range(n_out):
            done = oo < o or (oo == o and j < n)
            if oo == o and j == n:
                cell(ax, off + j, out + oo, fmt(y[oo, j]), "current", bold=True, lw=2.5)
            elif done:
                cell(ax, off + j, out + oo, fmt(y[oo, j]), "output")
            else:
                cell(ax, off + j, out + oo, "", "empty")
    _lines(ax, 0.4, fy, lines)
    legend(ax, 0.4, ly, roles, width - 0.8)
    return fig


# --- 2D pictures ---------------------------------------------------------------


def _pair(name, value):
    if isinstance(value, (tuple, list)):
        return tuple(as_int(f"{name}[{k}]", v, 0) for k, v in enumerate(value))
    v = as_int(name, value, 0)
    return (v, v)


def _padded_grid_roles(shape, padding):
    (h, w), (ph, pw) = shape, padding
    roles = [["padding"] * (w + 2 * pw) for _ in range(h + 2 * ph)]
    for i in range(h):
        for j in range(w):
            roles[i + ph][j + pw] = "input"
    return roles


def _grid_frame(xp, roles, taps_i, taps_j, weights, out, ij, spell, title, legend_roles, right_label):
    """Shared layout of the 2D pictures: padded input (left), kernel and output (right), formula, legend."""
    P, Q = xp.shape
    h_out, w_out = out.shape
    i, j = ij
    lines = spell(ij)
    kh = 0 if weights is None else weights.shape[0]
    kw = 0 if weights is None else weights.shape[1]
    x0, y0 = 0.4, 1.5
    x1 = x0 + Q + 1.0
    right_w = max(kw, w_out)
    width = max(
        x1 + right_w + 0.4,
        0.4 + _widest(spell, output_positions(out.shape)) + 0.4,
        0.4 + text_width(title, style.TITLE_PX) + 0.4,
        9.0,
    )
    oy = y0 + (kh + 1.0 if kh else 0)
    fy = max(y0 + P, oy + h_out) + 0.45
    ly = fy + _formula_height(len(lines)) + 0.3
    height = ly + 0.75 * _legend_rows(legend_roles, width - 0.8) + 0.1
    fig, ax = canvas(width, height)

    label(ax, 0.4, 0.45, title, px=style.TITLE_PX, ha="left", mono=True)
    label(ax, x0, y0 - 0.35, "x", ha="left")
    tap_set = {(a, c): (mi, mj) for mi, a in enumerate(taps_i) for mj, c in enumerate(taps_j)}
    for a in range(P):
        for c in range(Q):
            r = roles[a][c]
            color = style.role("padding")[2] if r == "padding" else None
            if (a, c) in tap_set:
                r = "window"
            corner = weights is not None and (a, c) in tap_set
            cell(ax, x0 + c, y0 + a, fmt(xp[a, c]), r, text_color=color, at=(0.4, 0.42) if corner else (0.5, 0.52))
            if corner:
                mi, mj = tap_set[(a, c)]
                label(
                    ax,
                    x0 + c + 0.93,
                    y0 + a + 0.95,
                    f"\u00d7{fmt(weights[mi, mj])}",
                    px=style.SMALL_PX,
                    ha="right",
                    va="bottom",
                    color=style.role("window")[1],
                )
    outline(
        ax,
        x0 + taps_j[0],
        y0 + taps_i[0],
        taps_j[-1] - taps_j[0] + 1,
        taps_i[-1] - taps_i[0] + 1,
        style.role("window")[1],
    )
    if weights is not None:
        label(ax, x1, y0 - 0.35, "w", ha="left")
        grid(ax, x1, y0, weights, "kernel")
    label(ax, x1, oy - 0.35, right_label, ha="left")
    for a in range(h_out):
        for c in range(w_out):
            k, now = a * w_out + c, i * w_out + j
            if k < now:
                cell(ax, x1 + c, oy + a, fmt(out[a, c]), "output")
            elif k == now:
                cell(ax, x1 + c, oy + a, fmt(out[a, c]), "current", bold=True, lw=2.5)
            else:
                cell(ax, x1 + c, oy + a, "", "empty")
    _lines(ax, 0.4, fy, lines)
    legend(ax, 0.4, ly, legend_roles, width - 0.8)
    return fig


def conv2d_frame(x, w, ij, *, padding=0, stride=1, dilation=1, title=None):
    """One step of a 2D convolution: output ``y[i, j]`` being written.

    The padded input is on the left with the window of ``y[i, j]`` marked
    (each window cell shows its input value and, small, the weight it is
    multiplied by); the kernel and the output so far are on the right; below,
    the products and their sum, one line per kernel row.
    ``y = conv2d(x, w, padding=..., stride=..., dilation=...)``.
    """
    x = as_array("x", x, (2,))
    w = as_array("w", w, (2,))
    p, s, d = _pair("padding", padding), _pair("stride", stride), _pair("dilation", dilation)
    y = conv2d(x, w, padding=p, stride=s, dilation=d)
    i = _index("ij[0]", ij[0], y.shape[0])
    j = _index("ij[1]", ij[1], y.shape[1])
    xp = pad(x, p)
    kh, kw = w.shape

    def window(pos):
        ti = [a + p[0] for a in input_positions(pos[0], kh, p[0], s[0], d[0])]
        tj = [c + p[1] for c in input_positions(pos[1], kw, p[1], s[1], d[1])]
        return ti, tj

    def spell(pos):
        ti, tj = window(pos)
        groups = [products(xp[a, tj], w[mi]) for mi, a in enumerate(ti)]
        return formula(f"y[{pos[0]},{pos[1]}]", groups, y[pos])

    ti, tj = window((i, j))
    if title is None:
        title = f"x {x.shape[0]}\u00d7{x.shape[1]}, K={kh}, p={p[0]}, s={s[0]}, d={d[0]} \u2192 y {y.shape[0]}\u00d7{y.shape[1]}"
    roles = ["input", "padding", "window", "kernel", "output", "current"]
    if p == (0, 0):
        roles.remove("padding")
    return _grid_frame(xp, _padded_grid_roles(x.shape, p), ti, tj, w, y, (i, j), spell, title, roles, "y")


def max_pool2d_frame(x, kernel_size, ij, stride=None, title=None):
    """One step of 2D max pooling: ``y[i, j]`` = the largest value in its window (``max_pool2d``)."""
    x = as_array("x", x, (2,))
    k = as_int("kernel_size", kernel_size, 1)
    s = k if stride is None else as_int("stride", stride, 1)
    y = max_pool2d(x, k, s)
    i = _index("ij[0]", ij[0], y.shape[0])
    j = _index("ij[1]", ij[1], y.shape[1])

    def spell(pos):
        lhs = f"y[{pos[0]},{pos[1]}]"
        values = [fmt(x[a, c]) for a in input_positions(pos[0], k, 0, s) for c in input_positions(pos[1], k, 0, s)]
        return [f"{lhs} = max({', '.join(values)})", f"{' ' * len(lhs)} = {fmt(y[pos])}"]

    ti, tj = input_positions(i, k, 0, s), input_positions(j, k, 0, s)
    if title is None:
        title = msg("draw.max_pool_title", size=k, stride=s)
    roles = ["input", "window", "output", "current"]
    fig = _grid_frame(x, _padded_grid_roles(x.shape, (0, 0)), ti, tj, None, y, (i, j), spell, title, roles, "y")
    ax = fig.axes[0]
    # Mark the winner(s): the window cells equal to the pooled value.
    for a in ti:
        for c in tj:
            if x[a, c] == y[i, j]:
                outline(ax, 0.4 + c + 0.12, 1.5 + a + 0.12, 0.76, 0.76, style.role("current")[1], lw=2.5)
    return fig


def output_positions(shape):
    """Output positions in the order the GIFs write them: row by row."""
    return [(i, j) for i in range(shape[0]) for j in range(shape[1])]


def conv2d_output_shape(x_shape, kernel, padding=0, stride=1, dilation=1):
    """(H_out, W_out) of a square-parameter 2D convolution, by ``conv_output_size`` per axis."""
    return tuple(conv_output_size(n, kernel, padding, stride, dilation) for n in x_shape)
