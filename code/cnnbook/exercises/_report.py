"""The common machinery of the checkers: call the student's code safely, compare, report in Hebrew.

A checker never raises for a wrong answer. It builds a :class:`Message` (a few
Hebrew lines with code values in them), shows it, and returns ``True`` or
``False``. In a Jupyter kernel the message is displayed as HTML inside
``<div dir="rtl">`` so that it reads right to left, with the values left to
right; anywhere else (a terminal, pytest) it is printed as plain text.
"""
import html
import traceback

import numpy as np

OK_MARK = "✓"
FAIL_MARK = "✗"


class Code:
    """A value shown as code, left to right, inside a Hebrew sentence."""

    def __init__(self, value):
        self.text = value if isinstance(value, str) else fmt(value)


class Message:
    """Hebrew lines, each a list of parts: plain text (``str``) or :class:`Code`.

    >>> m = Message(); m.line("קיבלנו", Code([1, 2]))
    >>> m.plain()
    'קיבלנו [1, 2]'
    """

    def __init__(self):
        self.lines = []

    def line(self, *parts):
        self.lines.append(parts)
        return self

    def plain(self):
        return "\n".join(_join(p.text if isinstance(p, Code) else p for p in parts) for parts in self.lines)

    def html(self, ok):
        rows = []
        for parts in self.lines:
            rows.append(_join(_code_html(p.text) if isinstance(p, Code) else html.escape(p) for p in parts))
        colour = "#1b7f3b" if ok else "#b3261e"
        body = "\n".join(rows)  # white-space: pre-wrap keeps the line breaks, also inside arrays
        return (
            f'<div dir="rtl" class="cnnbook-check" style="border-right: 4px solid {colour}; '
            f'padding: 0.3em 0.8em; white-space: pre-wrap;">{body}</div>'
        )


def _code_html(text):
    """Code, left to right inside a Hebrew line. A value of several lines (a matrix) becomes its
    own little block, because a line break would end the left-to-right run of an inline element."""
    if "\n" in text:
        style = "display: inline-block; white-space: pre; vertical-align: top; text-align: left;"
    else:
        style = "unicode-bidi: isolate;"
    return f'<code dir="ltr" style="{style}">{html.escape(text)}</code>'


def named(name, value):
    """``name = value`` as one piece of code, the later lines of a matrix aligned under the first."""
    return f"{name} = " + ("\n" + " " * (len(name) + 3)).join(fmt(value).split("\n"))


def _join(parts):
    """Join with spaces, but put punctuation right after the word before it."""
    text = ""
    for part in parts:
        if part == "":
            continue
        glue = "" if not text or part[0] in ".,:;)" else " "
        text += glue + part
    return text


def _number(v):
    v = float(v)
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.4g}" if abs(v) >= 1e-3 else f"{v:.3e}"


def _nested(arr, indent=1):
    if arr.ndim == 0:
        return _number(arr)
    if arr.ndim == 1:
        return "[" + ", ".join(_number(v) for v in arr) + "]"
    sep = ",\n" + " " * indent
    return "[" + sep.join(_nested(a, indent + 1) for a in arr) + "]"


def fmt(value):
    """A short, readable text for a value: arrays as nested lists, whole numbers without decimals."""
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf":
            if value.size > 60:
                return f"<array of shape {value.shape}: " + np.array2string(
                    value, separator=", ", precision=3, threshold=20, edgeitems=2, max_line_width=90) + ">"
            return _nested(value)
        return repr(value.tolist())
    if isinstance(value, (float, np.floating, np.integer)) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, (int, np.integer)) for v in value):
        return repr(tuple(int(v) for v in value))
    return repr(value)


def show(message, ok):
    """Show ``message`` (RTL HTML in a Jupyter kernel, plain text elsewhere); return ``ok``."""
    plain = message.plain()
    if _in_kernel():
        from IPython.display import display

        display({"text/html": message.html(ok), "text/plain": plain}, raw=True)
    else:
        print(plain)
    return bool(ok)


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def success(title, detail=""):
    """Show a short Hebrew confirmation and return True."""
    m = Message().line(OK_MARK, title)
    if detail:
        m.line(detail)
    return show(m, True)


class Raised(Exception):
    """The student's function raised; ``text`` is a Hebrew explanation with the exception."""

    def __init__(self, message):
        super().__init__(message.plain())
        self.message = message


def call(fn, args, kwargs=None, what="הפונקציה"):
    """Call ``fn(*args, **kwargs)`` on copies of the arguments.

    Returns the result. Raises :class:`Raised` (holding a Hebrew message with
    the exception's type and text, and the line of the student's code where it
    happened) if ``fn`` raised, and also if it changed one of its array inputs
    in place.
    """
    kwargs = kwargs or {}
    copies = [a.copy() if isinstance(a, np.ndarray) else a.clone() if hasattr(a, "clone") else a for a in args]
    try:
        result = fn(*copies, **kwargs)
    except NotImplementedError as exc:
        raise Raised(Message().line(
            FAIL_MARK, f"{what} עוד לא מומשה: היא זורקת NotImplementedError.",
        ).line("החליפו את השורה", Code(f"raise NotImplementedError({_exc_text(exc)!r})" if str(exc) else "raise NotImplementedError()"),
               "בקוד שלכם ונסו שוב.")) from None
    except Exception as exc:  # the student's code may raise anything
        m = Message().line(FAIL_MARK, f"{what} זרקה חריגה (exception):", Code(f"{type(exc).__name__}: {_exc_text(exc)}"))
        where = _student_line(exc)
        if where:
            m.line("זה קרה בשורה:", Code(where))
        raise Raised(m) from None
    for original, copy in zip(args, copies):
        if isinstance(original, np.ndarray) and (original.shape != copy.shape or not np.array_equal(original, copy, equal_nan=True)):
            raise Raised(Message().line(
                FAIL_MARK, f"{what} שינתה את מערך הקלט במקום (in place).",
            ).line("פונקציה כזאת צריכה להחזיר מערך חדש ולהשאיר את הקלט כפי שהיה; העתיקו קודם, למשל", Code("x = x.copy()"), "."))
    return result


def _exc_text(exc):
    text = str(exc)
    return text if len(text) <= 300 else text[:297] + "..."


def _student_line(exc):
    """The last line of the traceback that is not in cnnbook's checkers (the student's own code)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if "cnnbook/exercises" not in f.filename.replace("\\", "/")]
    if not own or not own[-1].line:
        return None
    return own[-1].line.strip()


def as_array(value, what="הפונקציה"):
    """The student's result as a float array, or a :class:`Raised` explaining why it is not one."""
    if value is None:
        raise Raised(Message().line(FAIL_MARK, f"{what} החזירה None: אולי חסרה שורת return בסוף?"))
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Raised(Message().line(
            FAIL_MARK, f"{what} החזירה משהו שאינו מערך של מספרים:", Code(f"{type(value).__name__}: {fmt(value)}"),
        )) from None
    return arr


def first_difference(got, expected):
    """Index (a tuple) of the first entry where two same-shape arrays differ, or None."""
    bad = ~np.isclose(got, expected, rtol=1e-6, atol=1e-6)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0])


def same(got, expected):
    """Same shape and the same values (to 1e-6)."""
    got, expected = np.asarray(got), np.asarray(expected)
    return got.shape == expected.shape and np.allclose(got, expected, rtol=1e-6, atol=1e-6)
