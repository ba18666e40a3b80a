"""The pictures of the LeNet-5 chapter.

Two files for ``figs/he/`` and ``figs/en/`` (both in the figure catalogue, ``cnnbook.figures``):

* ``lenet_arch.png``: the architecture, one column per layer, with the shape
  and the parameter count of each, all read from the model (``layer_table``);
* ``lenet.gif``: test digits flowing through a trained network, one frame per
  layer, showing every feature map and finally the ten probabilities.

And the chapter's plots, each returned as a ``matplotlib.figure.Figure``:
digit grids, loss curves, the confusion matrix, the learned C1 kernels and the
feature maps of one digit.

Every word in them comes from the message catalogue (table ``[lenet_figures]``)
in the language in use (``cnnbook.set_language``), looked up when a figure is
drawn. Remake the two files in both languages with ``make_all(figs_root)``;
with no model given it first trains one with the chapter's recipe (about a
minute on a laptop's CPU).
"""
from pathlib import Path

import numpy as np
import torch
from matplotlib.patches import FancyArrowPatch, Rectangle

from . import animate, draw, figures, style
from .files import write_bytes
from .lang import LANGUAGES, msg, using
from .model import LAYER_NAMES, LeNet5, layer_table

FIGS = figures.FIGS
GIF_DIGITS = 3  # how many test digits the GIF shows, the first ones of the test set
FRAMES_PER_DIGIT = 1 + len(LAYER_NAMES)  # the input, then one frame per layer
MAP_CMAP = "viridis"  # feature maps (values >= 0 after ReLU; dark = 0)
DIGIT_CMAP = "gray_r"  # digits: dark ink on white paper
WRONG = "#c0392b"
RIGHT = style.TEXT

# How each layer is made: its catalogue word in the architecture figure, the
# shorter one in the GIF's header, and the sizes those words quote.
OPERATIONS = {
    "C1": ("conv_pad", "gif_conv", dict(k=5, p=2)),
    "S2": ("pool", "gif_pool", dict(k=2)),
    "C3": ("conv", "gif_conv", dict(k=5)),
    "S4": ("pool", "gif_pool", dict(k=2)),
    "C5": ("conv", "gif_conv", dict(k=5)),
    "F6": ("fc", "gif_fc", {}),
    "output": ("fc", "gif_fc", {}),
}


def operation(name):
    """The short label of the operation that makes layer ``name``, in the language in use."""
    word, _, sizes = OPERATIONS[name]
    return msg(f"lenet_figures.{word}", **sizes)


def gif_operation(name):
    """The shorter label of the GIF's header for layer ``name`` ("" for the input)."""
    if name not in OPERATIONS:
        return ""
    _, word, sizes = OPERATIONS[name]
    return msg(f"lenet_figures.{word}", **sizes)


def layer_word(name):
    """A layer's name as the figures write it: ``"input"`` and ``"output"`` in the language in use, C1..F6 as they are."""
    return msg(f"lenet_figures.{name}") if name in ("input", "output") else name


def _shape_text(shape):
    return f"{shape[0]}@{shape[1]}x{shape[2]}" if len(shape) == 3 else f"{shape[0]}"


# --- lenet_arch.png -------------------------------------------------------------

def _arch_column(ax, row, x, base, scale=0.1, step=0.22):
    """Draw one layer at ``x`` standing on ``base``: a stack of maps or a bar, and three lines
    of text under it. Returns ``(left, right, top, slot)`` of the picture and the column's width."""
    shape, name = row["shape"], row["layer"]
    texts = [(layer_word(name), style.LABEL_PX), (_shape_text(shape), style.LABEL_PX)]
    if name != "input":
        texts.append((msg("lenet_figures.params", count=f"{row['params']:,}"), style.SMALL_PX))
    slot = max(draw.text_width(t, px) for t, px in texts)
    if len(shape) == 3 and shape[1] > 1:  # a stack of feature maps, sized like the maps
        depth, side = min(shape[0], 6), shape[1] * scale
        width = side + (depth - 1) * step
        left = x + max(slot - width, 0) / 2
        role = "input" if name == "input" else ("output" if name.startswith("C") else "activation")
        face, edge, _ = style.role(role)
        for d in range(depth):  # drawn back to front
            off = (depth - 1 - d) * step
            ax.add_patch(Rectangle((left + off, base - side - off), side, side, facecolor=face,
                                   edgecolor=edge, linewidth=1.2))
        top = base - side - (depth - 1) * step
    else:  # a vector of numbers, as tall as it is long
        width, height = 0.45, max(shape[0] * 0.03, 0.4)
        left = x + max(slot - width, 0) / 2
        face, edge, _ = style.role("kernel")
        ax.add_patch(Rectangle((left, base - height), width, height, facecolor=face, edgecolor=edge, linewidth=1.2))
        top = base - height
    slot = max(slot, width)
    for line, (text, px) in enumerate(texts):
        draw.label(ax, x + slot / 2, base + 0.5 + 0.55 * line, text, px=px, bold=line == 0, mono=line == 1,
                   color=style.MUTED if line == 2 else style.TEXT)
    return left, left + width, top, slot


def _arrow(ax, start, end, text=None, above=True):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=style.LINE, linewidth=1.2))
    if text:
        draw.label(ax, (start[0] + end[0]) / 2, start[1] - 0.4 if above else start[1] + 0.4, text,
                   px=style.SMALL_PX, color=style.MUTED, mono=True)


def architecture_figure(model=None, image_size=28):
    """LeNet-5 in two rows: the convolution and pooling layers as stacks of maps sized like the
    maps, then C5, F6 and the output as bars as tall as their number of values.

    Under each layer: its name, its output shape and its parameter count, all
    measured on ``model`` (a fresh ``LeNet5`` when None) by ``layer_table``.
    """
    model = model or LeNet5()
    rows = [{"layer": "input", "shape": (model.C1.in_channels, image_size, image_size), "params": 0}]
    rows += layer_table(model, image_size)
    row = {r["layer"]: r for r in rows}
    base1, base2, height = 5.5, 13.2, 15.4
    fig, ax = draw.canvas(40, height)
    total = sum(r["params"] for r in rows)
    draw.label(ax, 0.5, 0.7, msg("lenet_figures.arch_title", size=image_size, total=f"{total:,}"),
               px=style.TITLE_PX, ha="left", bold=True)
    draw.label(ax, 0.5, 1.3, msg("lenet_figures.relu_after"), px=style.SMALL_PX, ha="left", color=style.MUTED)

    x, spans = 0.5, {}
    first = ("input", "C1", "S2", "C3", "S4")
    for k, name in enumerate(first):
        left, right, top, slot = _arch_column(ax, row[name], x, base1)
        spans[name] = (left, right, top)
        x += slot + (draw.text_width(operation(first[k + 1]), style.SMALL_PX) + 0.9 if k + 1 < len(first) else 0)
    width = x + 0.5
    for a, b in zip(first, first[1:]):
        _arrow(ax, (spans[a][1] + 0.15, base1 - 0.3), (spans[b][0] - 0.15, base1 - 0.3), operation(b))

    x = 4.0
    second = ("C5", "F6", "output")
    for k, name in enumerate(second):
        left, right, top, slot = _arch_column(ax, row[name], x, base2)
        spans[name] = (left, right, top)
        x += slot + (draw.text_width(operation(second[k + 1]), style.SMALL_PX) + 1.2 if k + 1 < len(second) else 0)
    for a, b in zip(second, second[1:]):
        _arrow(ax, (spans[a][1] + 0.15, base2 - 0.3), (spans[b][0] - 0.15, base2 - 0.3), operation(b))

    # S4 -> C5: every one of C5's 120 outputs reads all 16 x 5 x 5 = 400 numbers of S4
    s4_mid = (spans["S4"][0] + spans["S4"][1]) / 2
    c5_mid = (spans["C5"][0] + spans["C5"][1]) / 2
    turn = spans["C5"][2] - 1.0
    ax.plot([s4_mid, s4_mid, c5_mid], [base1 + 1.9, turn, turn], color=style.LINE, linewidth=1.2)
    _arrow(ax, (c5_mid, turn), (c5_mid, spans["C5"][2] - 0.1))
    c, h, w = row["S4"]["shape"]
    draw.label(ax, (s4_mid + c5_mid) / 2, turn - 0.4,
               msg("lenet_figures.reads_all", op=operation("C5"), c=c, h=h, w=w, n=c * h * w),
               px=style.SMALL_PX, color=style.MUTED, mono=True)
    ax.set_xlim(0, width)
    fig.set_size_inches(width * style.CELL_PX / style.DPI, height * style.CELL_PX / style.DPI)
    return fig


def architecture_png(model=None):
    """The bytes of ``lenet_arch.png``."""
    (frame,) = animate.render([architecture_figure(model)])
    return animate.png_bytes(frame)


# --- lenet.gif ------------------------------------------------------------------

# Where each layer's maps go in the GIF: (columns, rows) of the grid of maps.
GRID = {"input": (1, 1), "C1": (2, 3), "S2": (2, 3), "C3": (4, 4), "S4": (4, 4)}
GIF_TOP, GIF_BOTTOM = 2.6, 10.6  # the band, in cells, where the maps and bars are drawn


def _layout(model_shapes, scale=0.085, gap=0.12, space=0.7):
    """Where each stage of the GIF goes: ``{name: (x, width, side)}`` in cells (``side``: one
    map's side), and the total width. Maps keep their relative sizes (``scale`` cells per pixel)."""
    cols, x = {}, 0.6
    for name in ("input",) + LAYER_NAMES:
        shape = model_shapes[name]
        if name in GRID:
            nc, _ = GRID[name]
            side = shape[-1] * scale
            width = nc * side + (nc - 1) * gap
        elif name == "output":
            side, width = 0.0, 3.2
        else:
            side, width = 0.0, 0.6
        labels = [draw.text_width(layer_word(name), style.LABEL_PX),
                  draw.text_width(_shape_text(shape), style.SMALL_PX),
                  draw.text_width(gif_operation(name), style.SMALL_PX)]
        slot = max([width] + labels)
        cols[name] = (x + (slot - width) / 2, width, side)
        x += slot + space
    return cols, x - space + 0.6


def flow_figures(model, image):
    """The frames for one digit: frame ``k`` shows the input and the first ``k`` layers.

    ``image`` is one (1, 28, 28) tensor with values in [0, 1].
    """
    model.eval()
    device = next(model.parameters()).device
    with torch.inference_mode():
        maps = {k: v[0].float().cpu().numpy() for k, v in model.feature_maps(image[None].float().to(device)).items()}
    probs = np.exp(maps["output"] - maps["output"].max())
    probs /= probs.sum()
    cols, width = _layout({k: v.shape for k, v in maps.items()})
    stages = ("input",) + LAYER_NAMES
    frames = []
    top, bottom = GIF_TOP, GIF_BOTTOM
    for shown in range(len(stages)):
        fig, ax = draw.canvas(width, bottom + 1.7)
        for k, name in enumerate(stages):
            x, w, side = cols[name]
            active = k <= shown
            current = k == shown
            shape = (1, 28, 28) if name == "input" else maps[name].shape
            color = style.TEXT if active else style.MUTED
            draw.label(ax, x + w / 2, 1.0, layer_word(name), px=style.LABEL_PX, bold=current, color=color)
            draw.label(ax, x + w / 2, 1.55, _shape_text(shape), px=style.SMALL_PX, mono=True, color=color)
            if gif_operation(name):
                draw.label(ax, x + w / 2, 2.05, gif_operation(name), px=style.SMALL_PX, color=style.MUTED)
            _draw_stage(ax, name, maps, probs, cols[name], top, bottom, active)
            if current:  # the layer this frame adds: its header on the window colour
                slot = max(w, draw.text_width(gif_operation(name) or layer_word(name), style.SMALL_PX), 1.2)
                ax.add_patch(Rectangle((x + w / 2 - slot / 2 - 0.15, 0.6), slot + 0.3, 1.75,
                                       facecolor=style.role("window")[0], edgecolor="none", zorder=0))
        pred = int(probs.argmax())
        if shown == len(stages) - 1:
            text = msg("lenet_figures.prediction", pred=pred, p=f"{probs[pred]:.3f}")
        else:
            text = msg("lenet_figures.flowing")
        draw.label(ax, 0.6, bottom + 0.9, text, px=style.TITLE_PX, ha="left", bold=shown == len(stages) - 1)
        frames.append(fig)
    return frames


def _draw_stage(ax, name, maps, probs, col, top, bottom, active):
    x, w, side = col
    if name == "input" or name in GRID:
        data = maps[name]
        nc, nr = GRID[name]
        gap = 0.12
        height = nr * side + (nr - 1) * gap
        y0 = (top + bottom - height) / 2
        vmax = max(float(data.max()), 1e-6)
        for c in range(data.shape[0]):
            i, j = divmod(c, nc)
            ext = (x + j * (side + gap), x + j * (side + gap) + side,
                   y0 + i * (side + gap) + side, y0 + i * (side + gap))
            if active:
                cmap = DIGIT_CMAP if name == "input" else MAP_CMAP
                ax.imshow(data[c], cmap=cmap, vmin=0, vmax=1 if name == "input" else vmax, extent=ext,
                          interpolation="nearest", aspect="auto")
            else:
                ax.add_patch(Rectangle((ext[0], ext[3]), side, side, facecolor="#f4f4f4", edgecolor="#d0d0d0",
                                       linewidth=0.8))
    elif name in ("C5", "F6"):
        data = maps[name].reshape(-1)
        height = bottom - top
        if active:
            ax.imshow(data[:, None], cmap=MAP_CMAP, vmin=0, vmax=max(float(data.max()), 1e-6),
                      extent=(x, x + w, top + height, top), interpolation="nearest", aspect="auto")
        else:
            ax.add_patch(Rectangle((x, top), w, height, facecolor="#f4f4f4", edgecolor="#d0d0d0", linewidth=0.8))
    else:  # the ten output scores as probabilities
        step = (bottom - top) / 10
        pred = int(probs.argmax())
        for d in range(10):
            y = top + d * step
            draw.label(ax, x + 0.3, y + step / 2, str(d), px=style.LABEL_PX, mono=True,
                       color=style.TEXT if active else style.MUTED, bold=active and d == pred)
            ax.add_patch(Rectangle((x + 0.7, y + 0.15), w - 0.8, step - 0.3, facecolor="#f4f4f4",
                                   edgecolor="#d0d0d0", linewidth=0.8))
            if active:
                face = style.role("current" if d == pred else "output")[0]
                ax.add_patch(Rectangle((x + 0.7, y + 0.15), (w - 0.8) * probs[d], step - 0.3, facecolor=face,
                                       edgecolor=style.role("output")[1], linewidth=0.8))


def flow_gif(model, images):
    """The bytes of ``lenet.gif``: each image of ``images`` (N, 1, 28, 28) flowing through ``model``."""
    frames = []
    for image in images:
        frames += animate.render(flow_figures(model, image))
    return animate.gif_bytes(frames, seconds=0.8, last_seconds=2.0, colors=96)


def gif_digits(data):
    """The digits the GIF shows: the first ``GIF_DIGITS`` images of the test set."""
    return data["test"][0][:GIF_DIGITS]


def trained_model(data=None, progress=True):
    """A LeNet-5 trained with the chapter's recipe (20 epochs, batch 64, SGD, lr 0.1, seed 0)."""
    from .data import mnist_tensors
    from .train import train_lenet

    data = data or mnist_tensors()
    model, _ = train_lenet(data, progress=progress)
    return model.cpu().to(memory_format=torch.contiguous_format), data


def make_all(figs_dir=FIGS, model=None, data=None, progress=True, langs=LANGUAGES):
    """Write ``lenet_arch.png`` and ``lenet.gif`` in each of ``langs`` into ``figs_dir/<lang>/`` (atomically).

    Without ``model``, one is trained first with the chapter's recipe (once, for
    every language). Returns the paths written.
    """
    from .data import mnist_tensors

    figs_dir = Path(figs_dir)
    paths = []
    for lang in langs:
        with using(lang):
            paths.append(write_bytes(figures.figs_dir(lang, figs_dir) / "lenet_arch.png", architecture_png()))
    data = data or mnist_tensors()
    if model is None:
        model, data = trained_model(data, progress)
    for lang in langs:
        with using(lang):
            paths.append(write_bytes(figures.figs_dir(lang, figs_dir) / "lenet.gif", flow_gif(model, gif_digits(data))))
    return paths


figures.register(figures.Entry(
    "lenet_arch.png",
    architecture_png,
    figures.words("lenet_figures.arch_alt"),
    figures.words("lenet_figures.arch_caption"),
))
figures.register(figures.Entry(
    "lenet.gif",
    lambda: flow_gif(*_model_and_digits()),
    figures.words("lenet_figures.gif_alt", digits=GIF_DIGITS),
    figures.words("lenet_figures.gif_caption"),
    frames=GIF_DIGITS * FRAMES_PER_DIGIT,
    params=dict(kind="lenet", digits=GIF_DIGITS),
))


def _model_and_digits():
    model, data = trained_model(progress=False)
    return model, gif_digits(data)


def show(name, model=None, data=None, caption=None, width=None):
    """Show ``lenet_arch.png`` or ``lenet.gif`` in a notebook with its alt text and caption.

    Both come in the language in use; the caption defaults to the catalogue's
    (``lenet_figures.arch_caption``, ``lenet_figures.gif_caption``). Reads the
    repository's ``figs/<lang>/`` copy; where there is none (Colab), makes the
    figure into the cache folder first, from ``model`` and ``data`` when given
    (so the GIF shows the network the notebook just trained).
    """
    if name not in ("lenet_arch.png", "lenet.gif"):
        raise ValueError(f"name must be 'lenet_arch.png' or 'lenet.gif', got {name!r}")
    cached = figures.cache_dir() / name
    if not (figures.figs_dir(root=FIGS) / name).is_file() and not cached.is_file() and name == "lenet.gif" and model is not None:
        from .data import mnist_tensors

        write_bytes(cached, flow_gif(model, gif_digits(data or mnist_tensors())))
    return figures.show(name, caption, width)


# --- the chapter's plots ----------------------------------------------------------

def digit_grid(images, labels, predictions=None, rows=4, cols=5, title=None):
    """A rows x cols grid of digits with their labels; with ``predictions``, each title is
    ``pred p`` over ``label y``, and the mistakes are red."""
    images = np.asarray(images).reshape(-1, 28, 28)
    n = rows * cols
    if len(images) < n:
        raise ValueError(f"images must hold at least rows*cols = {n} digits, got {len(images)}")
    line = 118 if predictions is None else 158
    fig = draw.figure(cols * 112, rows * line + (30 if title else 0))
    axes = fig.subplots(rows, cols, squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.imshow(images[k], cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if predictions is None:
            ax.set_title(style.text(msg("lenet_figures.label", y=int(labels[k]))), fontsize=11)
        else:
            wrong = int(predictions[k]) != int(labels[k])
            ax.set_title(style.text(msg("lenet_figures.pred_label", pred=int(predictions[k]), y=int(labels[k]))),
                         fontsize=10, linespacing=1.1,
                         color=WRONG if wrong else RIGHT, fontweight="bold" if wrong else "normal")
            if wrong:
                for spine in ax.spines.values():
                    spine.set_edgecolor(WRONG)
                    spine.set_linewidth(2)
    if title:
        fig.suptitle(style.text(title), fontsize=12)
    fig.tight_layout()
    return fig


def _loss_axes(ax, history, ylim=None):
    ax.plot(history.val_step, history.train_loss_avg, label=style.text(msg("lenet_figures.training")), color="#0072b2")
    ax.plot(history.val_step, history.val_loss, label=style.text(msg("lenet_figures.validation")), color="#d55e00")
    ax.set_xlabel(style.text(msg("lenet_figures.update")))
    ax.set_ylabel(style.text(msg("lenet_figures.loss")))
    ax.grid(alpha=0.3)
    if ylim:
        ax.set_ylim(*ylim)


def learning_rate_panels(histories):
    """One panel per learning rate: training and validation loss against the step."""
    fig = draw.figure(1050, 340)
    axes = fig.subplots(1, len(histories), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, h in zip(axes, histories):
        _loss_axes(ax, h, ylim=(0, 2.6))
        ax.set_title(style.text(msg("lenet_figures.learning_rate", lr=f"{h.lr:g}")))
    axes[min(1, len(axes) - 1)].legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


def loss_curves(history, log=True):
    """A whole run in two panels that share the update axis: above, the training and validation
    loss, with the lowest validation loss circled; below, the validation error in percent. When the
    run kept a selected checkpoint (the lowest validation error, ties broken by the loss), a square
    marks it in both panels. Grey lines mark the epochs."""
    fig = draw.figure(820, 560)
    ax, ax_error = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    _loss_axes(ax, history)
    ax.set_xlabel("")
    if log:
        ax.set_yscale("log")
    errors = [100 * e for e in history.val_error]
    ax_error.plot(history.val_step, errors, color="#d55e00", linewidth=1.2,
                  label=style.text(msg("lenet_figures.validation")))
    ax_error.set_xlabel(style.text(msg("lenet_figures.update")))
    ax_error.set_ylabel(style.text(msg("lenet_figures.val_error")))
    ax_error.grid(alpha=0.3)
    if history.val_step:
        low = min(range(len(history.val_loss)), key=history.val_loss.__getitem__)
        ax.plot([history.val_step[low]], [history.val_loss[low]], "o", markersize=9, markerfacecolor="none",
                markeredgecolor="#000000", markeredgewidth=1.5,
                label=style.text(msg("lenet_figures.lowest", step=f"{history.val_step[low]:,}")))
        top = sorted(errors)[int(0.95 * (len(errors) - 1))]  # the first checks' large errors would squash the rest
        ax_error.set_ylim(0, max(top * 1.6, 2 * min(errors), 1e-3))
    if history.best_state is not None:
        label = style.text(msg("lenet_figures.selected", step=f"{history.best_step:,}"))
        for axis, value in ((ax, history.best_val_loss), (ax_error, 100 * history.best_val_error)):
            axis.plot([history.best_step], [value], "s", markersize=9, markerfacecolor="none",
                      markeredgecolor="#009e73", markeredgewidth=1.8, label=label)
    for axis in (ax, ax_error):
        for e in range(1, int(history.epochs)):
            axis.axvline(e * history.steps_per_epoch, color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_title(style.text(msg("lenet_figures.run_title", epochs=f"{history.epochs:g}", lr=f"{history.lr:g}")))
    ax.legend(fontsize=9)
    ax_error.legend(fontsize=9, loc="upper right")
    fig.tight_layout()
    return fig


def confusion_figure(matrix):
    """The confusion matrix (rows: true digit, columns: prediction) with its counts."""
    matrix = np.asarray(matrix)
    fig = draw.figure(560, 500)
    ax = fig.subplots()
    shown = np.log1p(matrix)
    ax.imshow(shown, cmap="Blues")
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=8.5,
                        color="white" if shown[i, j] > 0.6 * shown.max() else style.TEXT)
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel(style.text(msg("lenet_figures.predicted_digit")))
    ax.set_ylabel(style.text(msg("lenet_figures.true_digit")))
    ax.set_title(style.text(msg("lenet_figures.confusion_title")))
    fig.tight_layout()
    return fig


def kernels_figure(model):
    """The six learned 5x5 kernels of C1 (blue negative, red positive, one shared scale)."""
    w = model.C1.weight.detach().cpu().float().numpy()[:, 0]
    m = float(np.abs(w).max())
    fig = draw.figure(720, 170)
    axes = fig.subplots(1, len(w))
    for k, ax in enumerate(axes):
        im = ax.imshow(w[k], cmap="RdBu_r", vmin=-m, vmax=m, interpolation="nearest")
        ax.set_title(style.text(msg("lenet_figures.kernel", k=k)), fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(im, ax=list(axes), fraction=0.02, pad=0.02)
    return fig


def feature_maps_figure(model, image):
    """One digit and the six C1 feature maps (after ReLU) and six S2 maps it gives."""
    model = model.eval()
    device = next(model.parameters()).device
    with torch.inference_mode():
        maps = model.feature_maps(image[None].to(device))
    c1, s2 = maps["C1"][0].float().cpu().numpy(), maps["S2"][0].float().cpu().numpy()
    fig = draw.figure(900, 330)
    grid = fig.add_gridspec(2, 7)
    ax = fig.add_subplot(grid[:, 0])
    ax.imshow(image[0].cpu().numpy(), cmap=DIGIT_CMAP, vmin=0, vmax=1, interpolation="nearest")
    ax.set_title(style.text(msg("lenet_figures.input")))
    ax.set_axis_off()
    for r, (name, data) in enumerate((("C1", c1), ("S2", s2))):
        for k in range(6):
            ax = fig.add_subplot(grid[r, k + 1])
            ax.imshow(data[k], cmap=MAP_CMAP, vmin=0, vmax=max(float(data.max()), 1e-6), interpolation="nearest")
            ax.set_title(style.text(msg("lenet_figures.map", name=name, k=k)), fontsize=9)
            ax.set_axis_off()
    fig.tight_layout()
    return fig
