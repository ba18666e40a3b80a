r"""A live convolution-arithmetic explorer: sliders for kernel size, padding, stride, dilation.

The explorer is one piece of plain JavaScript (``static/explorer.js``) with its
CSS (``static/explorer.css``). :func:`explorer_html` inlines both into one
self-contained HTML string, so the same explorer runs

* in a notebook output, in Jupyter and in Colab: ``show(mode="2d", input=5, kernel=3)``;
* in the built book with no kernel behind it, because myst-nb writes ``text/html``
  outputs into the page as they are and the inline script runs there.

Along each axis it draws the arithmetic of :mod:`cnnbook.shapes`
(Dumoulin & Visin 2016, *A guide to convolution arithmetic for deep learning*):

.. math::  n_{out} = \left\lfloor \frac{n + 2p - d(K-1) - 1}{s} \right\rfloor + 1,
           \qquad \text{output } o \text{ reads } o s - p + m d,\ m = 0, \dots, K-1 .

Max pooling shares this geometry (the kernel is the window) and, like torch,
accepts only :math:`p \le \lfloor K/2 \rfloor`. The JavaScript repeats these two
formulas; ``tests/browser/test_explorer_browser.py`` drives its sliders over a
grid of settings and checks them against ``cnnbook`` and torch.

The page contract that the tests hold:

* the root element carries ``data-conv-explorer="1d"`` or ``"2d"``;
* each control is an ``<input type="range">`` named ``input``, ``kernel`` (1D) or
  ``input_h``, ``input_w``, ``kernel_h``, ``kernel_w`` (2D), and ``padding``,
  ``stride``, ``dilation`` (both);
* the element ``[data-output-size]`` holds the output positions per axis
  (``"3"`` in 1D, ``"3x4"`` = height x width in 2D), or ``"0"`` when there is no
  output; then ``data-reason`` says why: ``kernel`` (the dilated kernel does not
  fit the padded input) and/or ``pool-padding`` (max pooling with ``p > K//2``);
* input cells carry ``data-in="i"`` / ``"i,j"`` in unpadded coordinates (padding
  cells have indices below 0 or from ``n`` up), output cells ``data-out``;
  lit cells get the class ``hl`` (input) or ``hl-out`` (output).
"""
import html
import json
from importlib import resources

from .checks import as_int
from .lang import catalogue, direction, language, msg

MODES = ("1d", "2d")
OPS = ("conv", "max")

#: Slider limits (inclusive) per mode. Wide enough for every setting the book
#: discusses, small enough that a padded 2D input still fits a phone screen.
RANGES = {
    "1d": {"input": (1, 12), "kernel": (1, 7), "padding": (0, 4), "stride": (1, 4), "dilation": (1, 4)},
    "2d": {
        "input_h": (1, 9),
        "input_w": (1, 9),
        "kernel_h": (1, 5),
        "kernel_w": (1, 5),
        "padding": (0, 3),
        "stride": (1, 3),
        "dilation": (1, 3),
    },
}

#: The settings the explorer opens with unless told otherwise.
DEFAULTS = {
    "1d": {"input": 7, "kernel": 3, "padding": 1, "stride": 2, "dilation": 1},
    "2d": {"input_h": 5, "input_w": 6, "kernel_h": 3, "kernel_w": 3, "padding": 1, "stride": 1, "dilation": 1},
}


def explorer_words(lang=None):
    """Every word the explorer's JavaScript shows, in ``lang`` (default: the language in use).

    The catalogue's ``[explorer]`` table without its prefix, e.g. ``{"stride": "stride", ...}``;
    the script fills their ``{fields}`` itself.
    """
    lang = lang or language()
    return {key.split(".", 1)[1]: text for key, text in catalogue(lang).items() if key.startswith("explorer.")}


def _static(name):
    return resources.files("cnnbook").joinpath("static", name).read_text(encoding="utf-8")


def explorer_values(mode="1d", **initial):
    """Check the initial slider values and return the full dict for ``mode``.

    In 2D, ``input`` and ``kernel`` set both axes at once (an int, or a pair
    (height, width)); ``input_h`` etc. set one axis. Every value must lie in
    ``RANGES[mode]``; a dilated kernel that does not fit is allowed (the
    explorer then says why there is no output).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    limits = RANGES[mode]
    values = dict(DEFAULTS[mode])
    if mode == "2d":
        for both in ("input", "kernel"):
            if both not in initial:
                continue
            given = initial.pop(both)
            if f"{both}_h" in initial or f"{both}_w" in initial:
                raise ValueError(f"give either {both} or {both}_h/{both}_w, not both")
            if isinstance(given, (tuple, list)):
                if len(given) != 2:
                    raise ValueError(f"{both} must be an integer or a pair (height, width), got {given!r}")
                initial[f"{both}_h"], initial[f"{both}_w"] = given
            else:
                initial[f"{both}_h"] = initial[f"{both}_w"] = given
    for name, value in initial.items():
        if name not in limits:
            raise ValueError(f"{name} is not a setting of the {mode} explorer; valid settings: {', '.join(limits)}")
        lo, hi = limits[name]
        value = as_int(name, value, lo)
        if value > hi:
            raise ValueError(f"{name} must be between {lo} and {hi} (the slider's range), got {value}")
        values[name] = value
    return values


def explorer_html(mode="1d", *, op="conv", numbers=False, **initial):
    """One self-contained HTML string: the explorer's CSS, its element and its script.

    mode    : ``"1d"`` (a row of cells) or ``"2d"`` (a grid)
    op      : ``"conv"`` (convolution) or ``"max"`` (max pooling) to start with
    numbers : start with small integer values shown in the cells
    initial : starting slider values, e.g. ``input=7, kernel=3, padding=1``
              (see :func:`explorer_values` and ``RANGES``)

    Every word comes from the catalogue's ``[explorer]`` table in the language
    in use (``cnnbook.set_language``), passed to the script in its config,
    with the direction: right to left in Hebrew, left to right in English.

    Any number of explorers can sit on one page: each gets its own ids in the
    browser, the HTML itself is the same on every call, and the
    script defines ``window.cnnbookExplorer`` only once.
    """
    values = explorer_values(mode, **initial)
    if op not in OPS:
        raise ValueError(f"op must be one of {OPS} ('conv' = convolution, 'max' = max pooling), got {op!r}")
    if not isinstance(numbers, bool):
        raise ValueError(f"numbers must be True or False, got {numbers!r}")
    config = {
        "mode": mode,
        "op": op,
        "numbers": numbers,
        "values": values,
        "ranges": {name: list(lim) for name, lim in RANGES[mode].items()},
        "lang": language(),
        "dir": direction(),
        "words": explorer_words(),
    }
    script = _static("explorer.js")
    if "</script" in script.lower():
        raise ValueError("static/explorer.js must not contain '</script' (it is inlined into HTML)")
    # The script finds its explorer as the element just before it, so the HTML
    # holds no random id and a notebook's saved output is the same on every run.
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    init = f"window.cnnbookExplorer.init(document.currentScript.previousElementSibling, {data});"
    return (
        f"<style>{_static('explorer.css')}</style>\n"
        f'<div class="cnx" data-conv-explorer="{mode}" dir="{direction()}" lang="{language()}">'
        f'<p class="cnx-noscript">{html.escape(msg("explorer.noscript"))}</p></div>\n'
        f"<script>\n{script}\n{init}\n</script>\n"
    )


def show(mode="1d", **kwargs):
    """The explorer as a notebook output (Jupyter, Colab): ``IPython.display.HTML``.

    Takes the arguments of :func:`explorer_html`, e.g. ``show("2d", input=5, kernel=3)``.
    """
    from IPython.display import HTML

    return HTML(explorer_html(mode, **kwargs))
