"""The common machinery of the checkers: call the student's code safely, compare, report.

A checker never raises for a wrong answer. It builds a :class:`Message` (a few
lines with code values in them, their words from the catalogue, ``[checker.*]``,
in the language in use), shows it, and returns ``True`` or ``False``. In a Jupyter
kernel the message is displayed as HTML inside ``<div dir="rtl">`` (Hebrew) or
``<div dir="ltr">`` (English), with the values always left to right; anywhere else
(a terminal, pytest) it is printed as plain text.
"""
import ctypes
import decimal
import numbers
import html
import reprlib
import signal
import threading
import traceback

import numpy as np

from ..lang import direction, language, ltr_runs, msg

OK_MARK = "✓"
FAIL_MARK = "✗"
TIME_LIMIT = 5.0  # seconds for one call of the student's function (the cases are tiny: a right answer takes ms)
MAX_TEXT = 300  # characters of a value shown in a report (a student's list once printed 8 MB)
RTOL = ATOL = 1e-5  # float32 passes; float16 and rounding to 2 decimals do not (the cases use 0.1 and 1/3)


def _t(key, **fields):
    """The checker message ``key`` (under ``[checker]`` in the catalogue) in the language now in use."""
    return msg(f"checker.{key}", _=None, **fields)  # the dummy field makes ``{{`` in every message mean ``{``


class _W:
    """A checker message looked up when it is shown, not when it is defined (module constants,
    default arguments): the language is the one in use at that moment. ``str()`` gives the text."""

    def __init__(self, key, **fields):
        self.key, self.fields = key, fields

    def __str__(self):
        return _t(self.key, **{k: str(v) if isinstance(v, _W) else v for k, v in self.fields.items()})

    def __format__(self, spec):
        return format(str(self), spec)

    def __repr__(self):
        return f"_W({self.key!r})"

    def __eq__(self, other):
        return isinstance(other, _W) and (self.key, self.fields) == (other.key, other.fields)

    def __hash__(self):
        return hash(self.key)


class Code:
    """A value shown as code, left to right, also inside a Hebrew (right-to-left) sentence."""

    def __init__(self, value):
        text = value if isinstance(value, str) else fmt(value)
        self.text = text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


class Message:
    """Lines in the reader's language, each a list of parts: plain text (``str``) or :class:`Code`.

    >>> m = Message().line("got", Code([1, 2]))
    >>> m.plain()
    'got [1, 2]'
    """

    def __init__(self):
        self.lines = []

    def line(self, *parts):
        self.lines.append(tuple(p if isinstance(p, Code) else str(p) for p in parts))
        return self

    def plain(self):
        return "\n".join(_join(p.text if isinstance(p, Code) else p for p in parts) for parts in self.lines)

    def html(self, ok):
        rows = []
        words = _words_html if direction() == "rtl" else html.escape
        for parts in self.lines:
            rows.append(_join(_code_html(p.text) if isinstance(p, Code) else words(p) for p in parts))
        colour = "#1b7f3b" if ok else "#b3261e"
        body = "\n".join(rows)  # white-space: pre-wrap keeps the line breaks, also inside arrays
        dir_ = direction()  # rtl for Hebrew, ltr for English: the bar stands where a line starts
        side = "right" if dir_ == "rtl" else "left"
        return (
            f'<div dir="{dir_}" lang="{language()}" class="cnnbook-check" style="border-{side}: 4px solid {colour}; '
            f'padding: 0.3em 0.8em; white-space: pre-wrap;">{body}</div>'
        )


def _words_html(text):
    """Words of a Hebrew line, a formula in them ("⌊(n − k)/s⌋ + 1") set left to right as a whole
    (:func:`cnnbook.lang.ltr_runs`; the book's answer boxes do the same)."""
    return "".join(f'<bdi dir="ltr">{html.escape(piece)}</bdi>' if ltr else html.escape(piece)
                   for piece, ltr in ltr_runs(text))


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


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxtuple, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 12, 12, 8, 80, 80


def fmt(value):
    """A short, readable text for a value (at most :data:`MAX_TEXT` characters, never raises):
    arrays as nested lists, whole numbers without decimals."""
    try:
        text = _fmt(value)
    except Exception:  # noqa: BLE001 - an object whose repr or __array__ raises
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def _fmt(value):
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
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
    if isinstance(value, (tuple, list)) and value and len(value) <= 12 and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value):
        return repr(tuple(int(v) for v in value))
    return _REPR.repr(value)


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
    """Show a short confirmation and return True."""
    m = Message().line(OK_MARK, title)
    if detail:
        m.line(detail)
    return show(m, True)


class Raised(Exception):
    """The student's function raised; ``message`` explains it, with the exception."""

    def __init__(self, message):
        super().__init__(message.plain())
        self.message = message


class TimeUp(BaseException):
    """Raised inside the student's code when a call runs past :data:`TIME_LIMIT` (a BaseException,
    so that the student's own ``except Exception`` does not swallow it)."""


class time_limit:
    """Stop the code inside after ``seconds`` with :class:`TimeUp`.

    In the main thread (a terminal, Jupyter's and Colab's ipykernel) a SIGALRM timer does it;
    elsewhere (another thread, or Windows) a watchdog thread raises TimeUp asynchronously in
    the running thread. Either way a pure-Python infinite loop ends; a single long call inside
    a C library ends when it returns to Python.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.previous = None
        self.watchdog = None

    def __enter__(self):
        if not self.seconds or self.seconds <= 0:
            return self
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGALRM, self._alarm)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                return self
            except (ValueError, OSError):  # signals unavailable here: fall back to the watchdog
                self.previous = None
        target = threading.get_ident()
        self.watchdog = threading.Timer(self.seconds, _raise_in, args=(target,))
        self.watchdog.daemon = True
        self.watchdog.start()
        return self

    @staticmethod
    def _alarm(signum, frame):
        raise TimeUp()

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        if self.watchdog is not None:
            self.watchdog.cancel()
        return False


def _raise_in(thread_id):
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(TimeUp))


def _copy(value):
    """A copy of an argument, so that the student's function cannot change the case itself."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if hasattr(value, "clone") and hasattr(value, "detach"):
        return value.detach().clone()
    return value


def _changed(original, copy):
    """Did the student's function change this argument in place?"""
    if isinstance(original, np.ndarray):
        return original.shape != np.shape(copy) or not np.array_equal(original, np.asarray(copy), equal_nan=True)
    if hasattr(original, "detach") and hasattr(copy, "detach"):
        import torch

        return original.shape != copy.shape or not torch.equal(original.detach(), copy.detach())
    return False


def call(fn, args, kwargs=None, what=_W("report.call_what"), names=None):
    """Call ``fn(*args, **kwargs)`` on copies of the arguments, within :data:`TIME_LIMIT` seconds.

    Returns the result. Raises :class:`Raised` (holding a message with the exception's
    type and text, and the line of the student's code where it happened) if ``fn`` raised
    (``sys.exit()`` included) or ran out of time, and also if it changed one of its array or
    tensor inputs in place (naming it, from ``names``).
    """
    kwargs = kwargs or {}
    names = list(names or [])
    copies = [_copy(a) for a in args]
    try:
        with time_limit(TIME_LIMIT):
            result = fn(*copies, **kwargs)
    except TimeUp:
        raise Raised(Message().line(
            FAIL_MARK, _t("report.call_text", what=what, time_limit=TIME_LIMIT),
        ).line(_t("report.call_line"))) from None
    except NotImplementedError as exc:
        library = _library(exc)
        if library:  # a library's own NotImplementedError (e.g. torch on integer tensors), not the stub
            raise Raised(_library_message(exc, what, library)) from None
        raise Raised(Message().line(
            FAIL_MARK, _t("report.call_text_2", what=what),
        ).line(_t("report.call_line_2"), Code(f"raise NotImplementedError({_exc_text(exc)!r})" if str(exc) else "raise NotImplementedError()"),
               _t("report.call_text_3"))) from None
    except SystemExit as exc:
        raise Raised(Message().line(
            FAIL_MARK, _t("report.call_text_4", what=what),
        ).line(_t("report.call_line_3"), Code(repr(exc.code)), ".")) from None
    except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
        library = _library(exc)
        if library:
            raise Raised(_library_message(exc, what, library)) from None
        m = Message().line(FAIL_MARK, _t("report.call_text_5", what=what), Code(f"{type(exc).__name__}: {_exc_text(exc)}"))
        where = _student_line(exc)
        if where:
            m.line(_t("report.call_line_4"), Code(where))
        raise Raised(m) from None
    for k, (original, copy) in enumerate(zip(args, copies)):
        try:
            changed = _changed(original, copy)
        except Exception:  # noqa: BLE001 - the student replaced the tensor by something odd: not our business here
            changed = False
        if changed:
            name = names[k] if k < len(names) else f"#{k + 1}"
            raise Raised(Message().line(
                FAIL_MARK, _t("report.call_text_6", what=what), Code(name), _t("report.call_text_7"),
            ).line(_t("report.call_line_5"),
                   Code(f"{name} = {name}.copy()" if isinstance(original, np.ndarray) else f"{name} = {name}.clone()"),
                   _t("report.call_text_8")))
    return result


def _library_message(exc, what, library):
    """The report of an exception raised inside a library that the student's code called."""
    m = Message().line(FAIL_MARK, _t("report.call_text_5", what=what), Code(f"{type(exc).__name__}: {_exc_text(exc)}"))
    where = _student_line(exc)
    if where:
        m.line(_t("report.call_line_4"), Code(where))
    return m.line(_t("report.library_error", library=library))


def _top_package(obj):
    """The top-level package an object (a module, function or class) comes from, or None."""
    name = obj.__name__ if isinstance(obj, type(np)) else getattr(obj, "__module__", None)
    if not isinstance(name, str) or not name:
        return None
    return name.split(".")[0].lstrip("_") or None


def _library(exc):
    """The library (``"torch"``, ``"numpy"``, ...) that raised ``exc``, or None when the student's own code did.

    A Python frame of an installed package after the student's last line names it; an error raised
    in C (``F.conv1d`` on integer tensors) has no frame of its own, so the names called on the
    student's line that raised are looked up (``F`` -> torch.nn.functional -> torch).
    """
    try:
        frames = list(traceback.walk_tb(exc.__traceback__))
        own = [(f, n) for f, n in frames if "cnnbook/exercises" not in f.f_code.co_filename.replace("\\", "/")]
        if not own:
            return None
        frame, lineno = own[-1]
        if _is_library_file(frame.f_code.co_filename):
            return (str(frame.f_globals.get("__name__", "")).split(".")[0].lstrip("_")) or None
        line = _student_line(exc) or ""
        if line.startswith(("raise ", "raise(")) or line == "raise":
            return None  # the student's own raise (the stub among them)
        import re

        for dotted in re.findall(r"([A-Za-z_][\w.]*)\s*\(", line):
            head, *rest = dotted.split(".")
            obj = frame.f_locals.get(head, frame.f_globals.get(head))
            for part in rest:
                obj = getattr(obj, part, None)
            top = _top_package(obj) if obj is not None else None
            if top and top not in ("builtins", "main", "cnnbook") and not top.startswith("ipython"):
                return top
    except Exception:  # noqa: BLE001 - naming the library is a courtesy; never fail the report for it
        return None
    return None


def _is_library_file(filename):
    path = filename.replace("\\", "/")
    return "/site-packages/" in path or "/dist-packages/" in path or "/lib/python3" in path


def _exc_text(exc):
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001
        text = f"<{type(exc).__name__}>"
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def _student_line(exc):
    """The last line of the traceback that is not in cnnbook's checkers (the student's own code)."""
    try:
        frames = traceback.extract_tb(exc.__traceback__)
    except Exception:  # noqa: BLE001
        return None
    own = [f for f in frames if "cnnbook/exercises" not in f.filename.replace("\\", "/")]
    if not own or not own[-1].line:
        return None
    return own[-1].line.strip()


def _plain(value):
    """Tensors (also inside a list or tuple) as numpy arrays, without their gradients."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        return value.detach().cpu().numpy()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def not_numbers(value, what=_W("report.call_what")):
    """A message if ``value`` is text, complex, or otherwise not real numbers; else None."""
    kind = None
    if isinstance(value, (str, bytes)):
        kind = _t("report.not_numbers_kind")
    elif isinstance(value, (complex, np.complexfloating)):
        kind = _t("report.not_numbers_kind_2")
    if kind:
        return Message().line(FAIL_MARK, _t("report.not_numbers_text", what=what, kind=kind)).line(_t("report.not_numbers_line"), Code(fmt(value)), ".")
    return None


def as_array(value, what=_W("report.call_what")):
    """The student's result as a float array, or a :class:`Raised` explaining why it is not one.

    Text, complex numbers and object arrays are refused, never converted; nothing here raises
    anything but :class:`Raised`.
    """
    if value is None:
        raise Raised(Message().line(FAIL_MARK, _t("report.as_array_text", what=what)))
    if isinstance(value, (numbers.Rational, decimal.Decimal)) and not isinstance(value, (bool, np.bool_)):
        value = float(value)  # a Fraction (or Decimal) is a number too
    problem = not_numbers(value, what)
    if problem:
        raise Raised(problem)
    try:
        arr = np.asarray(_plain(value))
        kind = arr.dtype.kind
    except Exception:  # noqa: BLE001 - e.g. an object whose __array__ raises, or ragged lists
        kind, arr = None, None
    if kind in ("U", "S"):
        reason = _t("report.as_array_reason")
    elif kind == "c":
        reason = _t("report.as_array_reason_2")
    elif kind not in ("b", "i", "u", "f"):
        reason = _t("report.as_array_reason_3")
    else:
        return arr.astype(np.float64)
    raise Raised(Message().line(FAIL_MARK, _t("report.as_array_text_2", what=what, reason=reason), Code(f"{type(value).__name__}: {fmt(value)}")))


def first_difference(got, expected):
    """Index (a tuple) of the first entry where two same-shape arrays differ, or None."""
    bad = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL)
    if not bad.any():
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0])


def same(got, expected):
    """Same shape and the same values (to :data:`RTOL` and :data:`ATOL`)."""
    got, expected = np.asarray(got), np.asarray(expected)
    return got.shape == expected.shape and np.allclose(got, expected, rtol=RTOL, atol=ATOL)
