"""The catalogue of the book's figures, and showing them in a notebook.

Every file in ``figs/`` is made by code; this module lists them, one
:class:`Entry` each: the file name, the function that makes its bytes, the
Hebrew alt text (for a screen reader), the Hebrew caption (shown under the
figure), and how many frames it has. A GIF has one frame per output
position (no title frames), so its frame count is what the convolution
arithmetic says (``cnnbook.conv_output_size``); a PNG has one.

Remake the figures::

    python -m cnnbook.figures                       # all of them, into figs/
    python -m cnnbook.figures --only max_pool.gif   # some of them
    python -m cnnbook.figures --out /tmp/figs       # somewhere else

In a notebook, ``show("conv_layer.gif")`` embeds a figure with its alt text
and its caption: one HTML ``<figure>`` with a ``<figcaption>``, so that the
caption shows wherever the output does (the built book, Jupyter, Colab).
It reads the repository's ``figs/`` file, or, where there is none (Colab
installs only the package), makes the figure into a cache folder first,
one folder per content of the package's code, so a changed figure is never
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
from .shapes import conv_output_size

FIGS = ROOT / "figs"


@dataclass(frozen=True)
class Entry:
    """One figure: ``name`` in figs/, ``make()`` -> its bytes, Hebrew ``alt`` text and ``caption``, ``frames``.

    ``alt`` describes the picture to a reader who cannot see it; ``caption``
    is the short line a seeing reader gets under it (what to look at).
    """

    name: str
    make: Callable[[], bytes]
    alt: str
    caption: str = ""
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
    if not entry.alt.strip():
        raise ValueError(f"entry.alt of {entry.name} must be a non-empty Hebrew alt text")
    if not entry.caption.strip():
        raise ValueError(f"entry.caption of {entry.name} must be a non-empty Hebrew caption, shown under the figure")
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
    """The Hebrew alt text of figure ``name``."""
    return entry(name).alt


def caption(name):
    """The Hebrew caption of figure ``name`` (the line shown under it)."""
    return entry(name).caption


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
        f"תרשים של שכבת קונבולוציה חד־ממדית: למעלה קלט של {len(X1)} מספרים, למטה פלט של "
        f"{len(X1) - len(W1) + 1} מספרים, וקווים שמחברים כל יציאה ל־{len(W1)} תאי הקלט שמעליה. "
        f"צבע הקו אומר באיזה משקל של הגרעין (למטה) מוכפל הקלט, ואותם {len(W1)} צבעים חוזרים אצל כל "
        "היציאות: כל המקומות משתמשים באותם משקלים.",
        f"שכבת קונבולוציה חד־ממדית: כל יציאה מחוברת רק ל־{len(W1)} כניסות סמוכות, ובכל היציאות אותם "
        f"{len(W1)} משקלים (אותם צבעים).",
    )
)

_conv1d_entry(
    "conv_layer.gif",
    X1,
    W1,
    f"אנימציה: גרעין באורך {len(W1)} מחליק לאורך קלט באורך {len(X1)}. בכל תמונה החלון מסומן על הקלט, "
    "משקלי הגרעין כתובים מתחתיו, ולמטה מופיע החישוב: כל ערך קלט בחלון כפול המשקל שמתחתיו, והסכום נכתב "
    f"ביציאה. {conv_output_size(len(X1), len(W1))} תמונות, אחת לכל יציאה.",
    "הגרעין מחליק לאורך הקלט; בכל מקום סכום המכפלות נכתב ביציאה.",
)

register(
    Entry(
        "conv_layer_nonlinear.png",
        lambda: _png(draw.conv1d_relu_diagram(X1, W1, B1)),
        "תרשים: קונבולוציה ואחריה פונקציית הפעלה. למעלה הקלט x; באמצע z, תוצאת הקונבולוציה ועוד ההטיה "
        f"b = {B1}; למטה y = max(z, 0), תוצאת ReLU: ערך שלילי של z הופך לאפס, ושאר הערכים עוברים כמו שהם.",
        f"קונבולוציה ועוד הטיה b = {B1} נותנות את z, ו־ReLU נותנת את y = max(z, 0): ערכים שליליים מתאפסים.",
    )
)

X_PAD = X1
_conv1d_entry(
    "conv_layer_padding.gif",
    X_PAD,
    W1,
    f"אנימציה: ריפוד באפסים (zero padding). לכל קצה של הקלט (באורך {len(X_PAD)}) נוסף תא אפור של אפס, "
    f"p = 1, ולכן גרעין באורך {len(W1)} נותן פלט באורך {len(X_PAD)}, כמו הקלט, וגם לתאי הקצה יש יציאה "
    f"משלהם. {conv_output_size(len(X_PAD), len(W1), 1)} תמונות, אחת לכל יציאה.",
    f"ריפוד באפסים, p = 1: הפלט באורך {len(X_PAD)}, כמו הקלט.",
    padding=1,
)

_conv1d_entry(
    "conv_layer_padding_replicate.gif",
    X_PAD,
    W1,
    f"אנימציה: ריפוד בשכפול הקצה (replicate padding). בכל קצה של הקלט נוסף תא אפור שמעתיק את ערך הקצה "
    f"הקרוב, p = 1, והפלט באורך {len(X_PAD)}, כמו הקלט. "
    f"{conv_output_size(len(X_PAD), len(W1), 1)} תמונות, אחת לכל יציאה.",
    "ריפוד בשכפול הקצה, p = 1: כל תא ריפוד מעתיק את ערך הקצה הקרוב.",
    padding=1,
    padding_mode="replicate",
)

X_LONG = ints(11, 9)  # stride and dilation need a longer input to show a few steps
_conv1d_entry(
    "conv_layer_stride.gif",
    X_LONG,
    W1,
    f"אנימציה: צעד 2 (stride). גרעין באורך {len(W1)} מתקדם בכל פעם שני תאים לאורך קלט באורך {len(X_LONG)}, "
    f"ולכן מחושבת רק יציאה אחת לכל שני מקומות, והפלט באורך {conv_output_size(len(X_LONG), len(W1), 0, 2)}. "
    f"{conv_output_size(len(X_LONG), len(W1), 0, 2)} תמונות, אחת לכל יציאה.",
    f"צעד 2: הגרעין מתקדם שני תאים בין שתי יציאות, והפלט באורך {conv_output_size(len(X_LONG), len(W1), 0, 2)} "
    f"במקום {conv_output_size(len(X_LONG), len(W1))}.",
    stride=2,
)

_conv1d_entry(
    "conv_layer_dilation.gif",
    X_LONG,
    W1,
    f"אנימציה: התרחבות 2 (dilation). בין שני משקלים סמוכים של הגרעין מדלגים על תא אחד של הקלט, כך ש־"
    f"{len(W1)} משקלים מכסים {2 * (len(W1) - 1) + 1} תאי קלט. קלט באורך {len(X_LONG)}, פלט באורך "
    f"{conv_output_size(len(X_LONG), len(W1), 0, 1, 2)}. "
    f"{conv_output_size(len(X_LONG), len(W1), 0, 1, 2)} תמונות, אחת לכל יציאה.",
    f"התרחבות 2: בין שני משקלים סמוכים מדלגים על תא אחד, ו־{len(W1)} משקלים מכסים "
    f"{2 * (len(W1) - 1) + 1} תאי קלט.",
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
    f"אנימציה: קלט עם {X_MC.shape[0]} ערוצים, שורה לכל ערוץ. נוירון יציאה אחד רואה את החלון בכל הערוצים "
    "יחד: לכל ערוץ שורת משקלים משלו, מכפלות כל הערוצים מסתכמות, מתווספת ההטיה, ואחר כך ReLU. "
    f"{conv_output_size(X_MC.shape[1], W_MC.shape[2])} תמונות, אחת לכל מקום ביציאה.",
    f"{X_MC.shape[0]} ערוצי קלט וערוץ פלט אחד: המכפלות בכל הערוצים נסכמות ליציאה אחת, מתווספת ההטיה, "
    "ואחריהן ReLU.",
    relu=True,
)

_multichannel_entry(
    "conv_layer_multi_channel2.gif",
    X_MC2,
    W_MC2,
    B_MC2,
    f"אנימציה: קלט עם {X_MC2.shape[0]} ערוצים ופלט עם {W_MC2.shape[0]} ערוצים. לכל ערוץ פלט גרעין "
    "משלו, שמכסה את כל ערוצי הקלט, והטיה משלו. הגרעין של ערוץ הפלט הראשון עובר לאורך כל הקלט וממלא את "
    "השורה שלו, ואחריו הגרעינים של הערוצים הבאים; אין שיתוף משקלים בין ערוצי הפלט. "
    f"{W_MC2.shape[0] * conv_output_size(X_MC2.shape[1], W_MC2.shape[2])} תמונות, אחת לכל ערוץ פלט ומקום.",
    f"{X_MC2.shape[0]} ערוצי קלט ו־{W_MC2.shape[0]} ערוצי פלט: לכל ערוץ פלט גרעין משלו, על כל ערוצי הקלט, "
    "והטיה משלו.",
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
        f"אנימציה: איגום מקסימום (max pooling) בחלון {POOL_SIZE}×{POOL_SIZE} ובצעד {POOL_STRIDE} על "
        f"מטריצה {len(X_POOL)}×{len(X_POOL)}. בכל תמונה החלון מסומן, הערך הגדול בו מוקף במסגרת ירוקה, "
        f"והוא נכתב ביציאה {_pool_out}×{_pool_out}. אין כאן משקלים: רק בחירת המקסימום. "
        f"{_pool_out * _pool_out} תמונות, אחת לכל יציאה.",
        f"איגום מקסימום בחלון {POOL_SIZE}×{POOL_SIZE} ובצעד {POOL_STRIDE}: מכל חלון נשאר הערך הגדול ביותר "
        "(במסגרת הירוקה).",
        frames=_pool_out * _pool_out,
        params=dict(kind="max_pool2d", n=len(X_POOL), kernel=POOL_SIZE, stride=POOL_STRIDE),
    )
)

# --- the eight 2D cases of Dumoulin & Visin (chapter 5) --------------------------


@dataclass(frozen=True)
class Case:
    """One 2D convolution case: an n x n input, a k x k kernel, padding, stride and dilation."""

    name: str
    title: str  # Hebrew, for the chapter's table
    n: int
    kernel: int
    padding: int = 0
    stride: int = 1
    dilation: int = 1
    seed: int = 0

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
    Case("no_padding_no_strides", "בלי ריפוד, צעד 1", 4, 3, 0, 1, 1, seed=5),
    Case("arbitrary_padding_no_strides", "ריפוד כלשהו, צעד 1", 5, 4, 2, 1, 1, seed=24),
    Case("same_padding_no_strides", "ריפוד חצי (same): הפלט בגודל הקלט", 5, 3, 1, 1, 1, seed=28),
    Case("full_padding_no_strides", "ריפוד מלא (full): הפלט גדל", 5, 3, 2, 1, 1, seed=28),
    Case("no_padding_strides", "בלי ריפוד, צעד 2", 5, 3, 0, 2, 1, seed=28),
    Case("padding_strides", "ריפוד וצעד 2", 5, 3, 1, 2, 1, seed=24),
    Case("padding_strides_odd", "ריפוד וצעד 2, מקרה אי־זוגי (odd)", 6, 3, 1, 2, 1, seed=1),
    Case("dilation", "התרחבות 2 (dilation), בלי ריפוד", 7, 3, 0, 1, 2, seed=6),
)


def case_frames(case):
    """The frames of a 2D case's GIF: one per output position, row by row."""
    x, w = case.data()
    kw = dict(padding=case.padding, stride=case.stride, dilation=case.dilation)
    return [draw.conv2d_frame(x, w, ij, **kw) for ij in draw.output_positions((case.out, case.out))]


def _case_alt(case):
    extra = f", התרחבות {case.dilation}" if case.dilation > 1 else ""
    return (
        f"אנימציה: קונבולוציה דו־ממדית, {case.title}. גרעין {case.kernel}×{case.kernel} על קלט "
        f"{case.n}×{case.n}, ריפוד {case.padding}, צעד {case.stride}{extra}; הפלט {case.out}×{case.out}. "
        "בכל תמונה החלון מסומן על הקלט המרופד (הריפוד באפור), בכל תא של החלון כתובים ערך הקלט ובקטן "
        "המשקל שהוא מוכפל בו, ולמטה סכום המכפלות, שורה לכל שורה של הגרעין; הערך נכתב ביציאה. "
        f"{case.out * case.out} תמונות, אחת לכל יציאה, שורה אחר שורה."
    )


def case_caption(case):
    """The caption under a 2D case's GIF: its number in :data:`CASES`, its title and its sizes."""
    number = CASES.index(case) + 1
    return (
        f"מקרה {number}: {case.title}. קלט {case.n}×{case.n}, גרעין {case.kernel}×{case.kernel}, "
        f"p = {case.padding}, s = {case.stride}, d = {case.dilation}, פלט {case.out}×{case.out}"
    )


for _case in CASES:
    register(
        Entry(
            _case.file,
            (lambda c=_case: animate.gif_bytes(animate.render(case_frames(c)))),
            _case_alt(_case),
            case_caption(_case),
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


def case_table():
    """The eight cases as rows (dicts) for the chapter's table: name, title, sizes, file."""
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


def make(name, out=None):
    """Make figure ``name`` into folder ``out`` (default: the repository's figs/), atomically; returns its path."""
    e = entry(name)
    return write_bytes(Path(out or default_out()) / e.name, e.make())


def make_all(out=None, names=None, verbose=True):
    """Make the figures ``names`` (default: all of this module's, :data:`OWN`) into ``out``."""
    out = out or default_out()
    paths = []
    for n in OWN if names is None else names:
        t = time.perf_counter()
        p = make(n, out)
        paths.append(p)
        if verbose:
            print(f"{p}  {p.stat().st_size / 1024:7.1f} KB  {time.perf_counter() - t:5.1f} s", flush=True)
    return paths


def cache_dir():
    """Where figures are made when the repository's figs/ is absent (as in Colab).

    ``$CNNBOOK_CACHE`` if set, else ``~/.cache/cnnbook``; one folder per
    content of the package's code (:func:`code_digest`), so that a figure
    changed without a new version number is made again, never served stale.
    """
    base = os.environ.get("CNNBOOK_CACHE") or Path.home() / ".cache" / "cnnbook"
    return Path(base) / f"figs-{code_digest()}"


@functools.lru_cache(maxsize=None)
def code_digest():
    """A short SHA-256 of every source file of the package (names and bytes), in a fixed order."""
    package = Path(__file__).parent
    h = hashlib.sha256()
    for p in sorted(package.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".js", ".css") and "__pycache__" not in p.parts:
            h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def path(name):
    """The file of figure ``name``: the repository's figs/ copy, else a cached one (made if needed)."""
    e = entry(name)
    repo = FIGS / e.name
    if checkout_root() and repo.is_file():
        return repo
    cached = cache_dir() / e.name
    if not cached.is_file():
        make(e.name, cache_dir())
    return cached


def embed(data, mime, alt, caption="", width=None):
    """An HTML ``<figure>``: the image bytes ``data`` as a data URI with ``alt`` text, and ``caption`` under it.

    The one place that writes a figure's HTML: the catalogue's figures
    (:func:`html_figure`) and the still pictures of the live demos
    (``cnnbook.widgets``) both come out this way. An empty caption is left out.
    """
    if mime not in ("image/gif", "image/png"):
        raise ValueError(f"mime must be 'image/gif' or 'image/png', got {mime!r}")
    style = "max-width:100%;height:auto;"
    if width is not None:
        style += f"width:{as_int('width', width, 1)}px;"
    src = base64.b64encode(data).decode("ascii")
    cap = f'<figcaption dir="rtl">{html.escape(caption)}</figcaption>' if caption else ""
    return (
        f'<figure class="cnnbook-figure">'
        f'<img src="data:{mime};base64,{src}" alt="{html.escape(alt, quote=True)}" style="{style}">'
        f"{cap}</figure>"
    )


def html_figure(name, caption=None, width=None):
    """The HTML ``<figure>`` that embeds figure ``name`` as a data URI with its Hebrew alt text.

    Under the image comes a ``<figcaption>``: ``caption`` if given, else the
    entry's own caption; ``caption=""`` leaves it out.
    """
    e = entry(name)
    mime = "image/gif" if e.name.endswith(".gif") else "image/png"
    return embed(path(name).read_bytes(), mime, e.alt, e.caption if caption is None else caption, width)


def show(name, caption=None, width=None):
    """Show figure ``name`` in a notebook (the returned object displays as HTML).

    The figure comes with its Hebrew alt text and, under it, its caption (see
    :func:`html_figure`), in the same output, so the caption shows in the
    built book, in Jupyter and in Colab alike.

    >>> show("conv_layer.gif")   # doctest: +SKIP
    """
    from IPython.display import HTML

    return HTML(html_figure(name, caption, width))


def main(argv=None):
    """``python -m cnnbook.figures [--only NAME ...] [--out DIR] [--list]``."""
    parser = argparse.ArgumentParser(prog="python -m cnnbook.figures", description="Remake the book's figures.")
    parser.add_argument("--only", nargs="+", action="extend", metavar="NAME", help="figure file names to make")
    default = FIGS if checkout_root() else None
    parser.add_argument("--out", default=default, required=default is None,
                        help="folder to write into" + (f" (default {FIGS})" if default else " (required: an installed copy has no figs/)"))
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
    make_all(args.out, names)
    print(f"{len(names)} figure(s) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
