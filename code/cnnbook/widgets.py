r"""Live demos for the chapters: change a setting and watch the computation redone.

Each demo is a small ipywidgets app. Moving a control calls ``update``, which
recomputes the result with the arithmetic layer of ``cnnbook`` (never a stored
answer) and redraws the picture:

- ``ParameterCountDemo`` (chapter 2): :math:`C_{in}, C_{out}, K, L` -> the
  parameter count of a convolution layer, :math:`C_{in} C_{out} K + C_{out}`,
  beside a fully connected layer with the same input and output sizes,
  :math:`(C_{in} L)(C_{out} L_{out}) + C_{out} L_{out}`.
- ``PoolingDemo`` (chapter 4): window size and stride -> the max-pooled map of
  a small grid of numbers.
- ``KernelDemo`` (chapter 5): a kernel (edge, blur, sharpen, or typed values)
  -> the feature map of an image.

Displayed in a notebook, a demo gives ONE output holding four forms of itself:
the live widget (Jupyter, Colab), with its caption under the picture;
the same picture in its default state with the caption under it, as an HTML
``<figure>`` (what the built book shows, since it drops the widget view); that
picture alone as a PNG; and a short note as plain text. Every word (labels,
captions, notes, messages, kernel names) comes from the message catalogue
(table ``[widgets]``) in the language in use when the demo is made. The plain text
never contains object ids, so nbval can compare it. Wherever the live widget
cannot run, the picture stands in: the built book has no kernel and drops the
widget view, and a saved notebook holds no widget view at all
(``cnnbook.notebook.drop_widget_views``, run by ``python -m cnnbook execute``),
so a notebook opened before it is run shows the picture, not "model not
found"; running the cell brings the widget back.
"""
import html
import base64
import io
import re

import ipywidgets as w
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure  # no pyplot: the demos never touch the notebook's backend
from matplotlib.patches import Rectangle

from .conv import conv2d
from .figures import embed
from .lang import direction, language, msg, using
from .pool import max_pool2d
from .shapes import conv_output_size, conv_params, linear_params
from .style import COLORS, text

# The book's colours (cnnbook.style): input, the window's edge, and cells no window reads.
INPUT = COLORS["input"][1]
WINDOW = COLORS["window"][1]
UNUSED = COLORS["padding"][1]  # a mid grey, apart from the lightest blue


def figure_png(fig):
    """Render a matplotlib figure to PNG bytes (no software tag, so the bytes repeat)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


class Demo:
    """A live widget, plus a still PNG of its default state, shown as one output.

    Subclasses set ``controls`` (name -> ipywidget), then call ``_build()``;
    they implement ``compute()`` (the numbers, from cnnbook) and ``draw()``
    (a matplotlib figure of them). ``result`` always holds the latest numbers.
    """

    note_key = ""  # catalogue key of the plain text shown where neither widget nor picture can be
    caption_key = ""  # catalogue key of the caption under the picture, in the widget and in the built book

    def _build(self):
        self.note = msg(self.note_key) if self.note_key else ""
        self.caption = msg(self.caption_key) if self.caption_key else ""
        self.lang, self.dir = language(), direction()  # the demo keeps the language it was made in
        if not self.caption.strip():
            raise ValueError(f"{type(self).__name__}.caption must be a non-empty caption (set caption_key)")
        self.picture = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.message = w.HTML()
        self.caption_line = w.HTML(
            f'<div dir="{self.dir}" style="text-align:center">{html.escape(self.caption)}</div>'
        )
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.widget = w.VBox(
            [w.HBox(list(self.controls.values())), self.message, self.picture, self.caption_line]
        )
        self.update()
        self.still = self.picture.value  # the default state, for the built book

    def values(self):
        """The current control values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _changed(self, change):
        self.update()

    def update(self):
        """Recompute ``result`` from the controls and redraw."""
        with using(self.lang):
            self.result = self.compute()
            self.message.value = self.describe()
            self.picture.value = figure_png(self.draw())

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_()
        bundle["text/html"] = embed(self.still, "image/png", self.note, self.caption, dir=self.dir)
        bundle["image/png"] = base64.b64encode(self.still).decode("ascii")
        bundle["text/plain"] = self.note
        return bundle


# ---------------------------------------------------------------- chapter 2


class ParameterCountDemo(Demo):
    r"""Parameters of a 1D convolution layer against a fully connected layer.

    The input has :math:`C_{in}` channels of length :math:`L`; the convolution
    (no padding, stride 1) gives :math:`C_{out}` channels of length
    :math:`L_{out} = L - K + 1`. A fully connected layer with the same input
    and output sizes joins each of the :math:`C_{in} L` inputs to each of the
    :math:`C_{out} L_{out}` outputs.
    """

    note_key = "widgets.params_note"
    caption_key = "widgets.params_caption"

    def __init__(self, c_in=3, c_out=8, k=5, length=32):
        def slider(name, value, lo, hi):
            return w.IntSlider(value=value, min=lo, max=hi, description=name, continuous_update=False,
                               style={"description_width": "initial"})

        self.controls = {
            "c_in": slider("C_in", c_in, 1, 16),
            "c_out": slider("C_out", c_out, 1, 64),
            "k": slider("K", k, 1, 15),
            "length": slider("L", length, 16, 256),
        }
        self._build()

    def compute(self):
        v = self.values()
        l_out = conv_output_size(v["length"], v["k"])
        conv = conv_params(v["c_in"], v["c_out"], (v["k"],))
        fc = linear_params(v["c_in"] * v["length"], v["c_out"] * l_out)
        return {"l_out": l_out, "conv": conv, "fc": fc, "ratio": fc / conv}

    def describe(self):
        v, r = self.values(), self.result
        return (
            f"<code>conv: {v['c_in']}·{v['c_out']}·{v['k']} + {v['c_out']} = {r['conv']:,}</code><br>"
            f"<code>FC: ({v['c_in']}·{v['length']})·({v['c_out']}·{r['l_out']}) + "
            f"{v['c_out']}·{r['l_out']} = {r['fc']:,}</code><br>"
            f"<code>FC / conv = {r['ratio']:,.0f}</code>"
        )

    def draw(self):
        v, r = self.values(), self.result
        fig = Figure(figsize=(6.4, 2.4), layout="constrained")
        ax = fig.subplots()
        names = [text(msg("widgets.fully_connected")), text(msg("widgets.convolution"))]
        counts = [r["fc"], r["conv"]]
        ax.barh(names, counts, color=[WINDOW, INPUT])
        ax.set_xscale("log")
        ax.set_xlim(1, max(counts) * 40)
        for i, n in enumerate(counts):
            ax.text(n * 1.3, i, f"{n:,}", va="center", fontsize=11)
        ax.set_xlabel(text(msg("widgets.learned_params")))
        ax.set_title(
            f"$C_{{in}}$={v['c_in']}, $C_{{out}}$={v['c_out']}, $K$={v['k']}, "
            f"$L$={v['length']} -> $L_{{out}}$={r['l_out']}:  FC / conv = {r['ratio']:,.0f}",
            fontsize=10,
        )
        ax.spines[["top", "right"]].set_visible(False)
        return fig


# ---------------------------------------------------------------- chapter 4


def number_grid(size=8, high=9, seed=0):
    """A ``size`` x ``size`` grid of small integers 0..high (fixed seed), easy to check by eye."""
    return np.random.default_rng(seed).integers(0, high + 1, size=(size, size)).astype(float)


def _draw_grid(ax, values, cmap, title, mask=None, fmt="{:.0f}", vmin=None, vmax=None):
    """A grid of numbers on coloured cells; cells where ``mask`` is False are greyed out."""
    vmin = values.min() if vmin is None else vmin
    vmax = values.max() if vmax is None else vmax
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=max(vmax, vmin + 1e-9))
    colours = image.cmap(image.norm(values))
    if mask is not None:
        colours[~mask] = to_rgba(UNUSED)
        ax.imshow(colours)
    fontsize = 11 if values.shape[0] <= 8 else 8
    for (i, j), v in np.ndenumerate(values):
        r, g, b, _ = colours[i, j]
        ink = "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"  # readable on any cell
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=fontsize, color=ink)
    ax.set_xticks(np.arange(values.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(values.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_title(text(title), fontsize=11)


class PoolingDemo(Demo):
    """Max pooling of a grid of numbers; window size and stride are the controls.

    The output has :math:`\\lfloor (n - k)/s \\rfloor + 1` cells per axis. The
    window of the first output is outlined on the input; input cells that no
    window covers (when the stride is larger than the window) are greyed out.
    """

    note_key = "widgets.pool_note"
    caption_key = "widgets.pool_caption"

    def __init__(self, grid=None, size=2, stride=2):
        self.grid = number_grid() if grid is None else np.asarray(grid, dtype=float)
        self.controls = {
            "size": w.IntSlider(value=size, min=1, max=4, description=msg("widgets.pool_size"),
                                continuous_update=False, style={"description_width": "initial"}),
            "stride": w.IntSlider(value=stride, min=1, max=4, description=msg("widgets.pool_stride"),
                                  continuous_update=False, style={"description_width": "initial"}),
        }
        self._build()

    def compute(self):
        v = self.values()
        return max_pool2d(self.grid, v["size"], v["stride"])

    def covered(self):
        """Boolean mask of the input cells that at least one pooling window reads."""
        v = self.values()
        mask = np.zeros(self.grid.shape, dtype=bool)
        rows, cols = self.result.shape
        for i in range(rows):
            for j in range(cols):
                mask[i * v["stride"] : i * v["stride"] + v["size"], j * v["stride"] : j * v["stride"] + v["size"]] = True
        return mask

    def describe(self):
        (h, wd), (ho, wo) = self.grid.shape, self.result.shape
        skipped = int((~self.covered()).sum())
        return f"<code>{h}×{wd} → {ho}×{wo}</code>, " + (
            msg("widgets.pool_skipped", n=skipped) if skipped else msg("widgets.pool_all")
        )

    def draw(self):
        v = self.values()
        fig = Figure(figsize=(7.6, 3.9), layout="constrained")
        a, b = fig.subplots(1, 2, gridspec_kw={"width_ratios": [self.grid.shape[1], max(self.result.shape[1], 3)]})
        _draw_grid(a, self.grid, "Blues", msg("widgets.input_title", h=self.grid.shape[0], w=self.grid.shape[1]),
                   self.covered())
        k = v["size"]
        a.add_patch(Rectangle((-0.42, -0.42), k - 0.16, k - 0.16, fill=False, edgecolor=WINDOW, linewidth=4, zorder=5))
        _draw_grid(b, self.result, "Greens",
                   msg("widgets.pool_title", h=self.result.shape[0], w=self.result.shape[1], k=k, s=v["stride"]))
        b.add_patch(Rectangle((-0.42, -0.42), 0.84, 0.84, fill=False, edgecolor=WINDOW, linewidth=4, zorder=5))
        return fig


# ---------------------------------------------------------------- chapter 5

# The preset kernels by id; their names for the reader come from kernel_label(id).
KERNELS = {
    "sobel_x": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "sobel_y": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}
TYPED = "typed"  # the dropdown's value when the text box holds values of the reader's own
MAX_KERNEL = 7


def kernel_label(key):
    """The reader's name of a preset kernel (``"sobel_x"`` -> ``"vertical edge (Sobel x)"``) or of
    ``TYPED``, in the language in use."""
    if key == TYPED:
        return msg("widgets.typed")
    if key not in KERNELS:
        raise ValueError(f"key must be one of {[*KERNELS, TYPED]}, got {key!r}")
    return msg(f"widgets.kernels.{key}")


def sample_image(size=28):
    """A synthetic grey image in [0, 1]: a bright bar, a ring and a diagonal stroke.

    It has vertical, horizontal and slanted edges, so each kernel shows a
    different feature map.
    """
    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    img = np.zeros((size, size))
    img[(x > 0.1) & (x < 0.3) & (y > 0.1) & (y < 0.9)] = 1.0  # vertical bar
    r = np.hypot(x - 0.65, y - 0.35)
    img[(r > 0.13) & (r < 0.25)] = 1.0  # ring
    img[(np.abs(x - y - 0.05) < 0.05) & (x > 0.45)] = 0.6  # diagonal stroke
    return img


def format_kernel(kernel):
    """Kernel rows as text, 'a b c; d e f; ...' (the form ``parse_kernel`` reads)."""
    return "; ".join(" ".join(f"{v:.4g}" for v in row) for row in np.asarray(kernel, dtype=float))


def parse_kernel(text):
    """Read 'a b c; d e f; g h i' (rows split by ';' or new lines, numbers by spaces or commas).

    Raises ``ValueError`` for rows of different lengths, non-numbers, or more
    than ``MAX_KERNEL`` rows or columns.
    """
    rows = [r for r in re.split(r"[;\n]", str(text)) if r.strip()]
    if not rows:
        raise ValueError("kernel text is empty; write rows like '1 0 -1; 2 0 -2; 1 0 -1'")
    try:
        kernel = [[float(v) for v in re.split(r"[,\s]+", r.strip())] for r in rows]
    except ValueError:
        raise ValueError(f"kernel text must hold numbers only, got {text!r}") from None
    if len({len(r) for r in kernel}) != 1:
        raise ValueError(f"every kernel row must have the same length, got lengths {[len(r) for r in kernel]}")
    kernel = np.array(kernel)
    if max(kernel.shape) > MAX_KERNEL:
        raise ValueError(f"kernel may have at most {MAX_KERNEL} rows and columns, got shape {kernel.shape}")
    return kernel


class KernelDemo(Demo):
    """The feature map of an image under a chosen kernel (no padding, stride 1).

    Choosing a preset writes its values into the text box; editing the text
    box computes with the typed values. With ReLU on, the map is max(y, 0).
    """

    note_key = "widgets.kernel_note"
    caption_key = "widgets.kernel_caption"

    def __init__(self, image=None, kernel=next(iter(KERNELS))):
        if kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {list(KERNELS)}, got {kernel!r}")
        self.image = sample_image() if image is None else np.asarray(image, dtype=float)
        self.kernel = np.array(KERNELS[kernel], dtype=float)
        self.error = None
        self.preset = w.Dropdown(options=[(kernel_label(k), k) for k in [*KERNELS, TYPED]], value=kernel,
                                 description=msg("widgets.kernel_choice"),
                                 style={"description_width": "initial"})
        self.text = w.Text(value=format_kernel(self.kernel), description=msg("widgets.kernel_values"),
                           continuous_update=False, layout=w.Layout(width="24em"),
                           style={"description_width": "initial"})
        self.relu = w.Checkbox(value=False, description="ReLU")
        self.controls = {"preset": self.preset, "text": self.text, "relu": self.relu}
        self._build()

    def _changed(self, change):
        if change.owner is self.preset and change.new in KERNELS:
            text = format_kernel(KERNELS[change.new])
            if self.text.value != text:
                self.text.value = text  # its own observer recomputes
                return
        if change.owner is self.text and self.preset.value in KERNELS:
            if change.new != format_kernel(KERNELS[self.preset.value]):
                self.preset.value = TYPED  # its observer recomputes
                return
        self.update()

    def compute(self):
        try:
            kernel = parse_kernel(self.text.value)
            y = conv2d(self.image, kernel)
        except ValueError as e:  # a typo keeps the last good map and says what is wrong
            self.error = str(e)
            return self.result
        self.error = None
        self.kernel = kernel
        return np.maximum(y, 0) if self.relu.value else y

    def describe(self):
        if self.error:
            return f"<span style='color:#b00'>{self.error}</span>"
        (h, wd), (kh, kw), (ho, wo) = self.image.shape, self.kernel.shape, self.result.shape
        return f"<code>{h}×{wd} * {kh}×{kw} → {ho}×{wo}</code>"

    def draw(self):
        fig = Figure(figsize=(8.4, 3.2), layout="constrained")
        axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [4, 2, 4]})
        axes[0].imshow(self.image, cmap="gray", vmin=0, vmax=1)
        axes[0].set_title(text(msg("widgets.input_title", h=self.image.shape[0], w=self.image.shape[1])), fontsize=11)
        lim = max(np.abs(self.kernel).max(), 1e-12)
        _draw_grid(axes[1], self.kernel, "PuOr", msg("widgets.kernel_title", h=self.kernel.shape[0], w=self.kernel.shape[1]),
                   fmt="{:.3g}", vmin=-lim, vmax=lim)
        y = self.result
        lim = max(np.abs(y).max(), 1e-12)
        im = axes[2].imshow(y, cmap="PuOr", vmin=-lim, vmax=lim)
        title = msg("widgets.feature_map_title", h=y.shape[0], w=y.shape[1]) + (" (ReLU)" if self.relu.value else "")
        axes[2].set_title(text(title), fontsize=11)
        fig.colorbar(im, ax=axes[2], shrink=0.8)
        for ax in (axes[0], axes[2]):
            ax.set_xticks([])
            ax.set_yticks([])
        return fig
