"""The catalogue of the book's figures, and showing them in a notebook.

Every file in ``figs/he/`` and ``figs/en/`` is made by code; this module
lists them, one :class:`Entry` each: the file name, the function that makes
its bytes, the alt text (for a screen reader), the caption (shown under the
figure), and how many frames it has. Each figure exists once per language
(``cnnbook.lang``): its words, alt text and caption come from the message
catalogue, looked up when the figure is made or shown, so
``set_language("en")`` gives English figures from ``figs/en/``. A GIF has one frame per output
position (no title frames), so its frame count is what the convolution
arithmetic says (``cnnbook.conv_output_size``); a PNG has one.

Remake the figures::

    python -m cnnbook.figures                       # all of them, into figs/he/ and figs/en/
    python -m cnnbook.figures --lang en             # one language only
    python -m cnnbook.figures --only max_pool.gif   # some of them
    python -m cnnbook.figures --out /tmp/figs       # somewhere else (/tmp/figs/he/, /tmp/figs/en/)

In a notebook, ``show("conv_layer.gif")`` embeds a figure with its alt text
and its caption: one HTML ``<figure>`` with a ``<figcaption>``, so that the
caption shows wherever the output does (the built book, Jupyter, Colab).
It reads the repository's ``figs/<language>/`` file, or, where there is none
(Colab installs only the package), makes the figure into a cache folder
first, one folder per content of the package's code and per language, so a changed figure is never
served stale. An installed copy has no ``figs/``: there ``--out`` (or ``out``)
must say where to write.

The input values are small integers from fixed seeds (0..3, kernel weights
-1..2), so that a reader can check any step by hand; every output value is
computed by the arithmetic layer (``conv1d``, ``conv2d``, ``max_pool2d``).

The eight 2D cases follow the convolution-arithmetic guide of Dumoulin &
Visin (2016), "A guide to convolution arithmetic for deep learning",
with the same input sizes as its animations; :data:`CASES` lists them for
the chapter's table.
"""
import argparse
import base64
import functools
import hashlib
import html
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import animate, draw
from .checks import as_int
from .files import ROOT, checkout_root, write_bytes
from .lang import LANGUAGES, check_language, direction, language, msg, using
from .shapes import conv_output_size

FIGS = ROOT / "figs"


def words(key, **fields):
    """A function that looks message ``key`` up in the language in use when called (see :class:`Entry`)."""
    return lambda: msg(key, **fields)


def _text(value):
    return value() if callable(value) else value


@dataclass(frozen=True)
class Entry:
    """One figure: ``name`` in figs/<lang>/, ``make()`` -> its bytes (in the language in use), ``alt`` text,
    ``caption``, ``frames``.

    ``alt`` describes the picture to a reader who cannot see it; ``caption``
    is the short line a seeing reader gets under it (what to look at). Both
    are functions of no arguments that return the text in the language in
    use (:func:`words` makes them from catalogue keys); a plain string is
    accepted too, for a figure with one language only.
    """

    name: str
    make: Callable[[], bytes]
    alt: Callable[[], str]
    caption: Callable[[], str] = ""
    frames: int = 1
    params: dict = field(default_factory=dict)  # what the frame count follows from


CATALOGUE = {}

# Files of figs/ that a higher layer makes (``cnnbook.lenet_figures`` needs a
# trained network). That module registers their entries (for ``show`` and
# ``alt_text``) when it is imported, and ``python -m cnnbook figures`` makes them.
EXTERNAL = {"lenet_arch.png": "cnnbook.lenet_figures", "lenet.gif": "cnnbook.lenet_figures"}


def register(entry):
    """Add ``entry`` to the catalogue (higher layers add their own figures this way)."""
    if not isinstance(entry, Entry):
        raise ValueError(f"entry must be a cnnbook.figures.Entry, got {type(entry).__name__}")
    if Path(entry.name).suffix not in (".png", ".gif"):
        raise ValueError(f"entry.name must end in .png or .gif, got {entry.name!r}")
    for lang in LANGUAGES:
        with using(lang):
            if not str(_text(entry.alt)).strip():
                raise ValueError(f"entry.alt of {entry.name} must give a non-empty alt text (in {lang!r}, too)")
            if not str(_text(entry.caption)).strip():
                raise ValueError(
                    f"entry.caption of {entry.name} must give a non-empty caption, shown under the figure "
                    f"(in {lang!r}, too)"
                )
    CATALOGUE[entry.name] = entry
    return entry


def entry(name):
    """The catalogue entry of ``name`` (a file name such as ``"conv_layer.gif"``)."""
    try:
        return CATALOGUE[name]
    except KeyError:
        if name in EXTERNAL:
            raise ValueError(
                f"{name} is made by {EXTERNAL[name]}; import that module first, so that it registers the figure"
            ) from None
        raise ValueError(f"name must be a figure of the catalogue, one of {sorted(CATALOGUE)}; got {name!r}") from None


def alt_text(name):
    """The alt text of figure ``name``, in the language in use."""
    return _text(entry(name).alt)


def caption(name):
    """The caption of figure ``name`` (the line shown under it), in the language in use."""
    return _text(entry(name).caption)


# --- the data the figures show ------------------------------------------------


def ints(seed, x_shape, w_shape=None, x_range=(0, 3), w_range=(-1, 2)):
    """Small integers from one seeded generator: ``x`` in x_range, then ``w`` in w_range (inclusive)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(x_range[0], x_range[1] + 1, x_shape)
    if w_shape is None:
        return x
    return x, rng.integers(w_range[0], w_range[1] + 1, w_shape)


def _gif(figures):
    return animate.gif_bytes(animate.render(figures))


def _png(fig):
    (frame,) = animate.render([fig])
    return animate.png_bytes(frame)


# --- 1D figures (chapters 1-3) --------------------------------------------------

X1, W1 = ints(10, 7, 3)  # chapter 1: x = [3 3 1 0 3 3 2], w = [-1 2 1]
B1 = -2  # the bias of the activation figure: it makes one output negative


def _conv1d_entry(name, x, w, alt, caption, **arith):
    n_out = conv_output_size(len(x), len(w), arith.get("padding", 0), arith.get("stride", 1), arith.get("dilation", 1))
    return register(
        Entry(
            name,
            lambda: _gif(draw.conv1d_frame(x, w, n, **arith) for n in range(n_out)),
            alt,
            caption,
            frames=n_out,
            params=dict(kind="conv1d", n=len(x), kernel=len(w), **arith),
        )
    )


register(
    Entry(
        "conv_layer.png",
        lambda: _png(draw.conv1d_diagram(X1, W1)),
        words("figures.conv_layer_png_alt", n=len(X1), n_out=len(X1) - len(W1) + 1, k=len(W1)),
        words("figures.conv_layer_png_caption", k=len(W1)),
    )
)

_conv1d_entry(
    "conv_layer.gif",
    X1,
    W1,
    words("figures.conv_layer_gif_alt", k=len(W1), n=len(X1), n_out=conv_output_size(len(X1), len(W1))),
    words("figures.conv_layer_gif_caption"),
)

register(
    Entry(
        "conv_layer_nonlinear.png",
        lambda: _png(draw.conv1d_relu_diagram(X1, W1, B1)),
        words("figures.conv_layer_nonlinear_png_alt", b=B1),
        words("figures.conv_layer_nonlinear_png_caption", b=B1),
    )
)

X_PAD = X1
_conv1d_entry(
    "conv_layer_padding.gif",
    X_PAD,
    W1,
    words("figures.conv_layer_padding_gif_alt", n=len(X_PAD), k=len(W1), n_out=conv_output_size(len(X_PAD), len(W1), 1)),
    words("figures.conv_layer_padding_gif_caption", n=len(X_PAD)),
    padding=1,
)

_conv1d_entry(
    "conv_layer_padding_replicate.gif",
    X_PAD,
    W1,
    words("figures.conv_layer_padding_replicate_gif_alt", n=len(X_PAD), n_out=conv_output_size(len(X_PAD), len(W1), 1)),
    words("figures.conv_layer_padding_replicate_gif_caption"),
    padding=1,
    padding_mode="replicate",
)

X_LONG = ints(11, 9)  # stride and dilation need a longer input to show a few steps
_conv1d_entry(
    "conv_layer_stride.gif",
    X_LONG,
    W1,
    words("figures.conv_layer_stride_gif_alt", k=len(W1), n=len(X_LONG), n_out=conv_output_size(len(X_LONG), len(W1), 0, 2)),
    words(
        "figures.conv_layer_stride_gif_caption",
        n_out=conv_output_size(len(X_LONG), len(W1), 0, 2),
        n_out_1=conv_output_size(len(X_LONG), len(W1)),
    ),
    stride=2,
)

_conv1d_entry(
    "conv_layer_dilation.gif",
    X_LONG,
    W1,
    words(
        "figures.conv_layer_dilation_gif_alt",
        k=len(W1),
        span=2 * (len(W1) - 1) + 1,
        n=len(X_LONG),
        n_out=conv_output_size(len(X_LONG), len(W1), 0, 1, 2),
    ),
    words("figures.conv_layer_dilation_gif_caption", k=len(W1), span=2 * (len(W1) - 1) + 1),
    dilation=2,
)

# Several channels (chapter 2): x is (C_in, L), w is (C_out, C_in, K), b is (C_out,).
X_MC, W_MC = ints(4, (3, 6), (1, 3, 3))
B_MC = np.array([-3])
X_MC2, W_MC2 = ints(8, (2, 6), (3, 2, 3))
B_MC2 = np.array([1, -2, 0])


def _multichannel_entry(name, x, w, b, alt, caption, relu):
    c_out, _, k = w.shape
    n_out = conv_output_size(x.shape[1], k)
    steps = [(o, n) for o in range(c_out) for n in range(n_out)]
    return register(
        Entry(
            name,
            lambda: _gif(draw.multichannel_frame(x, w, b, o, n, relu=relu) for o, n in steps),
            alt,
            caption,
            frames=c_out * n_out,
            params=dict(kind="multichannel", n=x.shape[1], kernel=k, in_channels=x.shape[0], out_channels=c_out),
        )
    )


_multichannel_entry(
    "conv_layer_multi_channel.gif",
    X_MC,
    W_MC,
    B_MC,
    words("figures.conv_layer_multi_channel_gif_alt", c_in=X_MC.shape[0], n_out=conv_output_size(X_MC.shape[1], W_MC.shape[2])),
    words("figures.conv_layer_multi_channel_gif_caption", c_in=X_MC.shape[0]),
    relu=True,
)

_multichannel_entry(
    "conv_layer_multi_channel2.gif",
    X_MC2,
    W_MC2,
    B_MC2,
    words(
        "figures.conv_layer_multi_channel2_gif_alt",
        c_in=X_MC2.shape[0],
        c_out=W_MC2.shape[0],
        frames=W_MC2.shape[0] * conv_output_size(X_MC2.shape[1], W_MC2.shape[2]),
    ),
    words("figures.conv_layer_multi_channel2_gif_caption", c_in=X_MC2.shape[0], c_out=W_MC2.shape[0]),
    relu=False,
)

# --- max pooling (chapter 4) -----------------------------------------------------

X_POOL = ints(25, (4, 4), x_range=(0, 9))  # a seed whose windows have one clear maximum each
POOL_SIZE, POOL_STRIDE = 2, 2
_pool_out = conv_output_size(len(X_POOL), POOL_SIZE, 0, POOL_STRIDE)
register(
    Entry(
        "max_pool.gif",
        lambda: _gif(
            draw.max_pool2d_frame(X_POOL, POOL_SIZE, ij, POOL_STRIDE)
            for ij in draw.output_positions((_pool_out, _pool_out))
        ),
        words(
            "figures.max_pool_gif_alt",
            k=POOL_SIZE,
            s=POOL_STRIDE,
            n=len(X_POOL),
            n_out=_pool_out,
            frames=_pool_out * _pool_out,
        ),
        words("figures.max_pool_gif_caption", k=POOL_SIZE, s=POOL_STRIDE),
        frames=_pool_out * _pool_out,
        params=dict(kind="max_pool2d", n=len(X_POOL), kernel=POOL_SIZE, stride=POOL_STRIDE),
    )
)

# --- the eight 2D cases of Dumoulin & Visin (chapter 5) --------------------------


@dataclass(frozen=True)
class Case:
    """One 2D convolution case: an n x n input, a k x k kernel, padding, stride and dilation."""

    name: str
    n: int
    kernel: int
    padding: int = 0
    stride: int = 1
    dilation: int = 1
    seed: int = 0

    @property
    def title(self):
        """The case's title for the chapter's table, in the language in use (``figures.case.<name>``)."""
        return msg(f"figures.case.{self.name}")

    @property
    def file(self):
        return f"conv2d_{self.name}.gif"

    @property
    def out(self):
        """Output side: floor((n + 2p - d(k-1) - 1)/s) + 1."""
        return conv_output_size(self.n, self.kernel, self.padding, self.stride, self.dilation)

    def data(self):
        return ints(self.seed, (self.n, self.n), (self.kernel, self.kernel))


# Input sizes as in the guide's animations: 4x4 without padding and stride,
# 5x5 for the padded and strided cases, 6x6 for the "odd" case, 7x7 for dilation.
# The seeds were picked so that each kernel mixes signs and outputs stay within
# -12..12, which keeps a step easy to check by hand.
CASES = (
    Case("no_padding_no_strides", 4, 3, 0, 1, 1, seed=5),
    Case("arbitrary_padding_no_strides", 5, 4, 2, 1, 1, seed=24),
    Case("same_padding_no_strides", 5, 3, 1, 1, 1, seed=28),
    Case("full_padding_no_strides", 5, 3, 2, 1, 1, seed=28),
    Case("no_padding_strides", 5, 3, 0, 2, 1, seed=28),
    Case("padding_strides", 5, 3, 1, 2, 1, seed=24),
    Case("padding_strides_odd", 6, 3, 1, 2, 1, seed=1),
    Case("dilation", 7, 3, 0, 1, 2, seed=6),
)


def case_frames(case):
    """The frames of a 2D case's GIF: one per output position, row by row."""
    x, w = case.data()
    kw = dict(padding=case.padding, stride=case.stride, dilation=case.dilation)
    return [draw.conv2d_frame(x, w, ij, **kw) for ij in draw.output_positions((case.out, case.out))]


def _case_alt(case):
    extra = msg("figures.conv2d_alt_dilation", d=case.dilation) if case.dilation > 1 else ""
    return msg(
        "figures.conv2d_alt",
        title=case.title,
        k=case.kernel,
        n=case.n,
        p=case.padding,
        s=case.stride,
        extra=extra,
        n_out=case.out,
        frames=case.out * case.out,
    )


def case_caption(case):
    """The caption under a 2D case's GIF: its number in :data:`CASES`, its title and its sizes."""
    return msg(
        "figures.conv2d_caption",
        number=CASES.index(case) + 1,
        title=case.title,
        n=case.n,
        k=case.kernel,
        p=case.padding,
        s=case.stride,
        d=case.dilation,
        n_out=case.out,
    )


for _case in CASES:
    register(
        Entry(
            _case.file,
            (lambda c=_case: animate.gif_bytes(animate.render(case_frames(c)))),
            (lambda c=_case: _case_alt(c)),
            (lambda c=_case: case_caption(c)),
            frames=_case.out * _case.out,
            params=dict(
                kind="conv2d",
                n=_case.n,
                kernel=_case.kernel,
                padding=_case.padding,
                stride=_case.stride,
                dilation=_case.dilation,
            ),
        )
    )


OWN = tuple(CATALOGUE)  # the figures this module makes, in order


def case_table_header():
    """The column names of the chapter's table of cases, in the language in use."""
    return msg("figures.case_table_header")


def case_table():
    """The eight cases as rows (dicts) for the chapter's table: name, title (in the language in use), sizes, file."""
    return [
        dict(
            name=c.name,
            title=c.title,
            input=c.n,
            kernel=c.kernel,
            padding=c.padding,
            stride=c.stride,
            dilation=c.dilation,
            output=c.out,
            file=c.file,
        )
        for c in CASES
    ]


# --- making files and showing them --------------------------------------------


def default_out():
    """The repository's ``figs/``; an installed copy has none, so the caller must name a folder."""
    if checkout_root() is None:
        raise ValueError(
            f"out must name the folder to write the figures into: this cnnbook is installed "
            f"({Path(__file__).parent}), not a checkout of the book, so it has no figs/ folder"
        )
    return FIGS


def figs_dir(lang=None, root=None):
    """The folder of the figures in ``lang`` (default: the language in use): ``<root>/<lang>``, root ``figs/``."""
    lang = check_language(lang or language(), "lang")
    return Path(root or FIGS) / lang


def make(name, out=None, lang=None):
    """Make figure ``name`` in ``lang`` (default: the language in use) into ``<out>/<lang>/``, atomically.

    ``out`` defaults to the repository's figs/. Returns the file's path.
    """
    e = entry(name)
    lang = check_language(lang or language(), "lang")
    with using(lang):
        return write_bytes(figs_dir(lang, out or default_out()) / e.name, e.make())


def make_all(out=None, names=None, verbose=True, langs=LANGUAGES):
    """Make the figures ``names`` (default: all of this module's, :data:`OWN`) in each of ``langs`` into ``out``."""
    out = out or default_out()
    paths = []
    for lang in langs:
        for n in OWN if names is None else names:
            t = time.perf_counter()
            p = make(n, out, lang)
            paths.append(p)
            if verbose:
                print(f"{p}  {p.stat().st_size / 1024:7.1f} KB  {time.perf_counter() - t:5.1f} s", flush=True)
    return paths


def cache_dir(lang=None):
    """Where figures in ``lang`` (default: the language in use) are made when the repository's figs/ is absent.

    ``$CNNBOOK_CACHE`` if set, else ``~/.cache/cnnbook``; one folder per
    content of the package's code and catalogues (:func:`code_digest`), so
    that a figure changed without a new version number is made again, never
    served stale, and in it one folder per language.
    """
    base = os.environ.get("CNNBOOK_CACHE") or Path.home() / ".cache" / "cnnbook"
    return Path(base) / f"figs-{code_digest()}" / check_language(lang or language(), "lang")


@functools.lru_cache(maxsize=None)
def code_digest():
    """A short SHA-256 of every source file of the package and its message catalogues, in a fixed order."""
    package = Path(__file__).parent
    h = hashlib.sha256()
    for p in sorted(package.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".js", ".css", ".toml") and "__pycache__" not in p.parts:
            h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def path(name):
    """The file of figure ``name`` in the language in use: figs/<lang>/ in a checkout, else a cached one."""
    e = entry(name)
    repo = figs_dir() / e.name
    if checkout_root() and repo.is_file():
        return repo
    cached = cache_dir() / e.name
    if not cached.is_file():
        with using(language()):
            write_bytes(cached, e.make())
    return cached


def embed(data, mime, alt, caption="", width=None, dir=None):
    """An HTML ``<figure>``: the image bytes ``data`` as a data URI with ``alt`` text, and ``caption`` under it.

    The one place that writes a figure's HTML: the catalogue's figures
    (:func:`html_figure`) and the still pictures of the live demos
    (``cnnbook.widgets``) both come out this way. An empty caption is left out;
    the caption's ``dir`` is the direction of the language in use unless given.
    """
    if mime not in ("image/gif", "image/png"):
        raise ValueError(f"mime must be 'image/gif' or 'image/png', got {mime!r}")
    style = "max-width:100%;height:auto;"
    if width is not None:
        style += f"width:{as_int('width', width, 1)}px;"
    src = base64.b64encode(data).decode("ascii")
    cap = f'<figcaption dir="{dir or direction()}">{html.escape(caption)}</figcaption>' if caption else ""
    return (
        f'<figure class="cnnbook-figure">'
        f'<img src="data:{mime};base64,{src}" alt="{html.escape(alt, quote=True)}" style="{style}">'
        f"{cap}</figure>"
    )


def html_figure(name, caption=None, width=None):
    """The HTML ``<figure>`` that embeds figure ``name`` (in the language in use) as a data URI with its alt text.

    Under the image comes a ``<figcaption>``: ``caption`` if given, else the
    entry's own caption; ``caption=""`` leaves it out.
    """
    e = entry(name)
    mime = "image/gif" if e.name.endswith(".gif") else "image/png"
    default = _text(e.caption)
    return embed(path(name).read_bytes(), mime, alt_text(name), default if caption is None else caption, width)


def show(name, caption=None, width=None):
    """Show figure ``name`` in a notebook (the returned object displays as HTML).

    The figure (from figs/<language()>/) comes with its alt text and, under it, its caption (see
    :func:`html_figure`), in the same output, so the caption shows in the
    built book, in Jupyter and in Colab alike.

    >>> show("conv_layer.gif")   # doctest: +SKIP
    """
    from IPython.display import HTML

    return HTML(html_figure(name, caption, width))


def main(argv=None):
    """``python -m cnnbook.figures [--only NAME ...] [--out DIR] [--lang he|en] [--list]``."""
    parser = argparse.ArgumentParser(prog="python -m cnnbook.figures", description="Remake the book's figures.")
    parser.add_argument("--only", nargs="+", action="extend", metavar="NAME", help="figure file names to make")
    default = FIGS if checkout_root() else None
    parser.add_argument("--out", default=default, required=default is None,
                        help="folder to write into" + (f" (default {FIGS})" if default else " (required: an installed copy has no figs/)"))
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="make only this language's figures (default: every language, into DIR/he and DIR/en)")
    parser.add_argument("--list", action="store_true", help="list the catalogue and exit")
    args = parser.parse_args(argv)
    if args.list:
        for e in map(entry, OWN):
            print(f"{e.name:42s} {e.frames:3d} frame(s)")
        return 0
    names = args.only or list(OWN)
    unknown = [n for n in names if n not in OWN]
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; valid names: {', '.join(OWN)}")
    start = time.perf_counter()
    langs = args.lang or list(LANGUAGES)
    make_all(args.out, names, langs=langs)
    print(f"{len(names) * len(langs)} figure(s) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
