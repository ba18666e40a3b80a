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
