"""The grading entry point of the nbgrader course's locked test cells: a fresh copy of the checkers.

A locked test cell of the course (:mod:`cnnbook.nbgrader_course`) runs in the student's kernel,
after every cell the student wrote. So it trusts nothing that those cells can rebind:

* It does not use the names of the notebook (``check_conv1d = lambda *a, **k: True`` in an
  answer cell changes nothing): it loads *this file* with ``exec`` into a private dictionary,
  after checking, with nothing but syntax, that ``compile``, ``exec``, ``__import__`` and the
  built-ins module's ``open`` are the interpreter's own (:data:`BOOTSTRAP`, the lines the test
  cell begins with).
* It does not use the ``cnnbook`` modules that are loaded in the kernel (a student can patch
  ``cnnbook.exercises.check_answer``, ``cnnbook.conv1d`` or ``cnnbook.exercises._report.same``):
  :func:`grade` compiles a fresh copy of the whole package from its files, under a private
  name, runs the checker of that copy, and removes the copy from ``sys.modules`` afterwards.
* It checks that the built-in functions and types are the interpreter's own (``builtins.round
  = ...`` is caught: a built-in must still be a C function or a static type of its own name; the
  few that site, IPython and ipykernel install as Python code, ``input`` among them, are let be), and
  that the numpy functions the checkers call are numpy's (a C function, ufunc or dispatcher of
  that name, whose Python code, if any, lies in numpy's folder).
* While the student's function runs inside the checker it could reach the checker's modules
  (``sys.modules``, the call stack): the copy's functions and code objects are compared before
  and after, and the built-ins checked again; any change fails the test.
* An IPython handler that would swallow the test cell's ``AssertionError``
  (``get_ipython().set_custom_exc``), or a replaced method of the shell that reports errors
  (``get_ipython()._showtraceback = ...``: nbgrader would see no error output), fails the test too.
* Hidden tests draw their cases from a seed that only the instructor knows: the environment
  variable ``CNNBOOK_HIDDEN_SEED`` (set by the course's ``nbgrader_config.py``), hashed with the
  checker's name, so a student cannot choose it to be the visible tests' seed.

What it does *not* defend (a student who controls the kernel can always do more): rewriting the
package's files on disk, C-level tampering (``ctypes``), a tracer (``sys.settrace``) that skips the
``assert``, replacing numpy or torch with forged code objects that claim numpy's file names,
deeper changes to the kernel (its session's ``send``, a class-level patch of ipykernel's own
``_showtraceback``), a thread the student started that rewrites the test cell's names while it
runs, patching torch's Python-level classes (``torch.Tensor.argmax``), replacing modules of the
standard library in ``sys.modules`` (``os``, ``importlib``, ``hashlib``: trusted), or an answer that
calls the book's own reference (``my_conv1d = cnnbook.conv1d``: that one an instructor sees by
reading the answer). A patch that breaks the kernel itself (``builtins.isinstance = ...``) makes
the cell hang until nbgrader's timeout, then score 0. nbgrader itself restores the locked cells'
source, so editing or deleting a test cell does not help.
"""
import hashlib
import importlib
import importlib.util
import itertools
import os
import sys
from pathlib import Path

# The lines a locked test cell begins with (``{path}``: this file on the machine that made the course).
# Only syntax and the four verified built-ins are used before this file is running (IPython gives the
# notebook an ``open`` of its own, so the built-ins module's is used).
BOOTSTRAP = '''\
_cnnbook_t = (0).__class__.__class__
for _cnnbook_n, _cnnbook_b in (("compile", compile), ("exec", exec), ("__import__", __import__),
                               ("open", exec.__self__.open)):  # IPython wraps the notebook's own ``open``
    assert _cnnbook_t(_cnnbook_b) is _cnnbook_t([].append) and _cnnbook_b.__name__ == _cnnbook_n, _cnnbook_n
try:
    _cnnbook_f = {path!r}
    _cnnbook_s = exec.__self__.open(_cnnbook_f, "rb").read()
except OSError:  # another machine than the course's: the installed cnnbook's copy
    _cnnbook_f = __import__("importlib.util").util.find_spec("cnnbook.exercises._grade").origin
    _cnnbook_s = exec.__self__.open(_cnnbook_f, "rb").read()
_cnnbook_g = {{"__builtins__": exec.__self__, "__name__": "_cnnbook_grade", "__file__": _cnnbook_f}}
exec(compile(_cnnbook_s, _cnnbook_f, "exec"), _cnnbook_g)'''

PACKAGE = Path(__file__).resolve().parent.parent  # the cnnbook folder this file belongs to
SEED_VARIABLE = "CNNBOOK_HIDDEN_SEED"
_TYPE = (0).__class__.__class__  # ``type``, got without the built-in name
_C_FUNCTION = _TYPE([].append)
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement, not by the interpreter
_ALIASES = {"EnvironmentError": "OSError", "IOError": "OSError"}
# Built-ins that Python's site module, IPython and ipykernel install as Python code (nothing the checkers use)
_SITE = {"help", "copyright", "credits", "license", "exit", "quit", "display", "get_ipython", "input", "execfile",
         "runfile", "raw_input"}
_counter = itertools.count()


def bootstrap(path=None):
    """The first lines of a locked test cell: load this file (``path``, default: where it is now)."""
    return BOOTSTRAP.format(path=str(path or Path(__file__).resolve()))


def _static(cls):
    return _TYPE(cls) is _TYPE and not (cls.__flags__ & _HEAPTYPE)


def _genuine(value, name):
    """Is ``value`` a C function or a static type named ``name``?"""
    if _TYPE(value) is _C_FUNCTION or _static(value):
        return value.__name__ == _ALIASES.get(name, name)
    if name == "ExceptionGroup":  # the one built-in class the interpreter makes as a heap type
        base = vars(exec.__self__).get("BaseExceptionGroup")
        return _TYPE(value) is _TYPE and value.__bases__ == (base, vars(exec.__self__).get("Exception")) and _static(base)
    return False


def _builtins_problems(builtins_module):
    problems = []
    for name, value in list(vars(builtins_module).items()):
        if name.startswith("_") and name not in ("__import__", "__build_class__"):
            continue
        if name in _SITE:
            continue
        if name in ("None", "True", "False", "Ellipsis", "NotImplemented"):
            continue  # the code uses the keywords (``None``) and syntax (``...``), not these names
        if not _genuine(value, name):  # a Python function or class, or another built-in, where a built-in was
            problems.append(f"builtins.{name}")
    return problems


def _numpy_problems(names):
    import numpy

    folder = str(Path(numpy.__path__[0]).resolve())
    problems = []
    for name in sorted(names):
        value = getattr(numpy, name, None)
        if value is None or _TYPE(value) is _TYPE(numpy) or _TYPE(value) in (float, int, bool):
            continue
        code = getattr(getattr(value, "_implementation", value), "__code__", None)
        if code is not None:
            ok = str(Path(code.co_filename).resolve()).startswith(folder)
        else:
            ok = _static(_TYPE(value)) and getattr(value, "__name__", name) in (name, name.rstrip("_"))
        if not ok:
            problems.append(f"numpy.{name}")
    return problems


def _numpy_names(package):
    import re

    names = set()
    for path in (package / "exercises").glob("*.py"):
        names |= set(re.findall(r"\bnp\.(\w+)", path.read_text(encoding="utf-8")))
    for name in ("conv.py", "pool.py", "backward.py", "checks.py", "shapes.py"):
        names |= set(re.findall(r"\bnp\.(\w+)", (package / name).read_text(encoding="utf-8")))
    return names


# The shell's methods that turn an exception into the cell's error output (nbgrader fails a test cell by it).
_REPORTING = ("showtraceback", "_showtraceback", "showsyntaxerror", "run_cell", "run_cell_async", "run_code",
              "run_ast_nodes", "_run_cell", "transform_cell", "should_run_async")


def _swallowing_handler():
    """What would hide the test's failure from nbgrader, or None: an IPython handler for AssertionError
    (``set_custom_exc``), or a replaced method of the shell that reports errors."""
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    if shell is None:
        return None
    if getattr(shell, "custom_exceptions", ()):
        shell.custom_exceptions = ()  # so that the test's AssertionError reaches nbgrader
        return "get_ipython().set_custom_exc"
    folders = [str(Path(m.__file__).resolve().parent) for m in (sys.modules.get("IPython"), sys.modules.get("ipykernel"))
               if m is not None and getattr(m, "__file__", None)]
    found = None
    for name in _REPORTING:
        if not _from(getattr(shell, name, None), folders):
            found = found or f"get_ipython().{name}"
            _restore(shell, name, folders)  # so that the test's failure is reported as an error, as nbgrader needs
    return found


def _from(method, folders):
    """Is ``method`` (bound or not) code from one of ``folders`` (or not Python code at all)?"""
    code = getattr(getattr(method, "__func__", method), "__code__", None)
    return code is None or any(str(Path(code.co_filename).resolve()).startswith(f) for f in folders)


def _restore(shell, name, folders):
    """Put back the shell's own method ``name``: drop the instance's replacement, and where the class's was
    replaced too, bind the first one of IPython's or ipykernel's classes (a class-level patch of ipykernel's
    own method is not undone: IPython's then reports the error as text)."""
    vars(shell).pop(name, None)
    if _from(getattr(shell, name, None), folders):
        return
    for cls in _TYPE(shell).__mro__:
        if name in vars(cls) and _from(vars(cls)[name], folders):
            vars(shell)[name] = vars(cls)[name].__get__(shell)
            return


def fresh_copy(lang):
    """A fresh copy of the cnnbook package, compiled from its files under a private name (also in
    ``sys.modules``, for the checkers' own imports); returns ``(package, name)``."""
    name = f"_cnnbook_grading_{os.getpid()}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, PACKAGE / "__init__.py",
                                                  submodule_search_locations=[str(PACKAGE)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    importlib.import_module(f"{name}.exercises")
    package.set_language(lang)
    return package, name


def _snapshot(name, only=None):
    """The identity of everything in the copy's modules (functions, their code and defaults, classes' members),
    of the modules ``only`` names if given. A submodule that a checker imports on its way (``..model``)
    is no change: the copy's own modules are left out as values."""
    state = {}
    for mod_name, module in list(sys.modules.items()):
        if mod_name != name and not mod_name.startswith(name + "."):
            continue
        if only is not None and mod_name not in only:
            continue
        state[(mod_name,)] = id(module)
        for key, value in list(vars(module).items()):
            if _TYPE(value) is _TYPE(sys) and str(getattr(value, "__name__", "")).startswith(name + "."):
                continue
            state[(mod_name, key)] = id(value)
            for attr in ("__code__", "__defaults__", "__kwdefaults__"):
                if hasattr(value, attr):
                    state[(mod_name, key, attr)] = id(getattr(value, attr))
            if _TYPE(value) is _TYPE and getattr(value, "__module__", "").startswith(name):
                for member, item in list(vars(value).items()):
                    state[(mod_name, key, member)] = id(item)
                    if hasattr(item, "__code__"):
                        state[(mod_name, key, member, "__code__")] = id(item.__code__)
    return state


def hidden_seed(checker):
    """The seed of ``checker``'s hidden cases: the instructor's secret (``CNNBOOK_HIDDEN_SEED``) hashed with
    the checker's name. Raises ValueError, naming the variable, when it is not set."""
    secret = os.environ.get(SEED_VARIABLE, "").strip()
    if not secret:
        raise ValueError(f"{SEED_VARIABLE} is not set: the hidden tests' seed is the instructor's setting "
                         "(nbgrader_config.py of the course sets it; run nbgrader from the course folder)")
    digest = hashlib.sha256(f"{secret}:{checker}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def _fail(lang, key, detail):
    """Print the catalogue's ``[checker.grade]`` message ``key`` (read here, without the package) and return False."""
    import tomllib

    words = tomllib.loads((PACKAGE / "messages" / f"{lang}.toml").read_text(encoding="utf-8"))
    print(f"✗ {words['checker']['grade'][key]} {detail}")
    return False


def grade(checker, *args, lang="he", hidden=False):
    """Run ``checker`` (``"check_conv1d"``, ``"check_answer"``, ...) of a fresh copy of cnnbook on ``args``.

    ``hidden=True`` draws the hidden cases (:func:`hidden_seed`). Returns True only when the
    checker passed and nothing it relies on was changed, before or during the call.
    """
    builtins_module = exec.__self__  # the interpreter's own, whatever the name ``builtins`` now holds
    numpy_names = _numpy_names(PACKAGE)
    problems = _builtins_problems(builtins_module) + _numpy_problems(numpy_names)
    handler = _swallowing_handler()
    if problems or handler:
        return _fail(lang, "tampered", ", ".join(problems + ([handler] if handler else [])))
    package, name = fresh_copy(lang)
    try:
        exercises = sys.modules[f"{name}.exercises"]
        function = getattr(exercises, checker)
        kwargs = {"seed": hidden_seed(checker)} if hidden else {}
        before = _snapshot(name)
        result = function(*args, **kwargs)
        changed = _snapshot(name, only={key[0] for key in before}) != before
        after = _builtins_problems(builtins_module) + _numpy_problems(numpy_names)
        if changed or after:
            return _fail(lang, "tampered_during", ", ".join(after) or checker)
        return result is True
    finally:
        for mod_name in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[mod_name]
