"""The reader's language, and the words the package shows in it.

The book has two editions, Hebrew (``"he"``, the default) and English
(``"en"``). Every word that the package shows to a reader (figure words and
alt text, explorer and widget labels, checker feedback, the set-up cell's
messages) lives in one catalogue per language, ``messages/he.toml`` and
``messages/en.toml``, and is looked up by key::

    import cnnbook
    cnnbook.set_language("en")          # the set-up cell of an English chapter does this
    cnnbook.msg("setup.failed")         # -> the English sentence
    cnnbook.msg("figures.frames", n=9)  # fields are filled with str.format

A key is the catalogue's table path joined by dots (``[setup]`` + ``failed``
-> ``"setup.failed"``). Both catalogues have exactly the same keys and the
same ``{fields}`` in each message (``tests/test_lang.py``).
"""
import contextlib
import functools
import re
import string
import tomllib
from pathlib import Path

LANGUAGES = ("he", "en")
DEFAULT = "he"
NAMES = {"he": "עברית", "en": "English"}
MESSAGES = Path(__file__).resolve().parent / "messages"

_current = DEFAULT


def check_language(lang, name="lang"):
    """Return ``lang`` if it is one of :data:`LANGUAGES`; otherwise raise a ValueError naming ``name``."""
    if lang not in LANGUAGES:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return lang


def set_language(lang):
    """Show the package's words (figures, demos, feedback) in ``lang``: ``"he"`` or ``"en"``.

    Returns None, so that the set-up cell, whose last line this is, shows no ``Out[1]: 'he'``.
    """
    global _current
    _current = check_language(lang)


def language():
    """The language now in use: ``"he"`` unless :func:`set_language` chose another."""
    return _current


@contextlib.contextmanager
def using(lang):
    """Within the ``with`` block, use ``lang``; the language before it comes back afterwards."""
    global _current
    before = _current
    set_language(lang)
    try:
        yield lang
    finally:
        _current = before


def _flatten(table, prefix=""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


@functools.cache
def catalogue(lang):
    """All messages of ``lang``: a dict from dotted key to text (or a list of texts)."""
    check_language(lang)
    with open(MESSAGES / f"{lang}.toml", "rb") as f:
        return dict(_flatten(tomllib.load(f)))


def fields(text):
    """The ``{names}`` that a message expects, as a set."""
    texts = text if isinstance(text, list) else [text]
    return {name.split(".")[0].split("[")[0] for t in texts for _, name, _, _ in string.Formatter().parse(t) if name}


def msg(key, lang=None, **values):
    """The message ``key`` in ``lang`` (default: the language in use), its ``{fields}`` filled from ``values``."""
    lang = check_language(lang or _current)
    table = catalogue(lang)
    try:
        text = table[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the {lang!r} catalogue ({MESSAGES / (lang + '.toml')})") from None
    if isinstance(text, list):
        return [t.format(**values) for t in text]
    return text.format(**values) if values or fields(text) else text


def direction(lang=None):
    """``"rtl"`` for Hebrew, ``"ltr"`` for English."""
    return "rtl" if check_language(lang or _current) == "he" else "ltr"


def join_and(items, lang=None):
    """``["1", "2", "3"]`` -> ``"1, 2 and 3"`` (English) or ``"1, 2 ו־3"`` (Hebrew)."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return msg("words.list_and", lang, rest=", ".join(items[:-1]), last=items[-1])


# A formula inside a Hebrew sentence ("⌊(n − k)/s⌋ + 1", "y[0, 1] = Σ_u ...", "6×28×28") must be set
# left to right as one piece: left to the Unicode bidirectional algorithm, its brackets, operators
# and numbers are reordered by the Hebrew around them ("⌊s/(n − k)⌋"). :func:`ltr_runs` finds such
# runs; HTML renderers wrap them in ``<bdi dir="ltr">`` (the checkers' report, the book's answer
# boxes, whose _static/answer-box.js follows the same rule and is tested against this function).
_NOT_HEBREW = re.compile(r"[^\u0590-\u05ff]+")
_LEAD = " \t\n,.:;!?\"'“”„✓✗"  # sentence punctuation (and a checker's mark) at a run's ends stays with the sentence
_TRAIL = _LEAD
_FORMULA = re.compile(r"[A-Za-z=+\-−×·/^Σ⌊⌋√²<>≤≥\[\]()_]")
_OPEN, _CLOSE = "([⌊", ")]⌋"


def _depth(text):
    return sum(c in _OPEN for c in text) - sum(c in _CLOSE for c in text)


def _balanced(text):
    depth = 0
    for c in text:
        depth += (c in _OPEN) - (c in _CLOSE)
        if depth < 0:
            return False
    return depth == 0


def _trim(text, start, end):
    while start < end and text[start] in _LEAD:
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


def ltr_runs(text):
    """``text`` as ``[(piece, ltr)]``: the pieces joined give ``text`` back, and ``ltr`` is True
    for a formula-like run inside Hebrew (no Hebrew letter in it; a Latin letter, an operator or a
    bracket; its brackets balanced) that should be set left to right as a whole. A run whose
    brackets only close later, after Hebrew words ("S2 (2, צעד 2)"), is split at its commas into
    balanced groups; what cannot be balanced is left to the bidirectional algorithm."""
    spans = []
    for found in _NOT_HEBREW.finditer(text):
        start, end = _trim(text, *found.span())
        run = text[start:end]
        if not run or not _FORMULA.search(run):
            continue
        if _balanced(run):
            spans.append((start, end))
            continue
        # group the comma-separated parts while brackets are open
        at, group_start, depth = start, None, 0
        for part in re.split(r"(, )", run):
            if part == ", ":
                at += len(part)
                continue
            if group_start is None:
                group_start, depth = at, 0
            depth += _depth(part)
            at += len(part)
            if depth == 0:
                s, e = _trim(text, group_start, at)
                if _balanced(text[s:e]) and _FORMULA.search(text[s:e]):
                    spans.append((s, e))
                group_start = None
            elif depth < 0:
                group_start = None
    pieces, at = [], 0
    for start, end in spans:
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    return [(piece, ltr) for piece, ltr in pieces if piece]
