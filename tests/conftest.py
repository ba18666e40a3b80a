import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository's own code and tests run against the checked-out package.
sys.path.insert(0, str(ROOT / "code"))
os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import settings  # noqa: E402

# Enough examples to cover the grid of kernel, padding, stride and dilation; no deadline
# because the first call into torch is slow.
settings.register_profile("book", max_examples=150, deadline=None)
settings.load_profile("book")

import pytest  # noqa: E402


# ---------------------------------------------------------------- running on several workers
#
# ``make test`` runs on two workers (pytest-xdist, ``-n 2 --dist loadfile``): every test file
# stays on one worker, in order (its module fixtures, and nbval's cells of one notebook, run
# once and in sequence). Three things make that work and keep it short:
#
# * both editions of chapter 07 run on the same worker, one after the other, Hebrew first: the
#   English one then loads the model the Hebrew one trained (cnnbook.train's cache) instead of
#   training a second time at the same moment on the other core;
# * the longest work goes first (``FIRST``), so that nothing long starts last;
# * the book is built once per run, by whichever worker asks first (``built_book``).

#: Seconds nbval waits for a cell's outputs after the cell has finished (nbval's own default: 5).
NBVAL_OUTPUT_TIMEOUT = 60

#: Files that run on one worker together (scopes of the scheduler).
SAME_WORKER = {
    "chapters/07_lenet_mnist.ipynb": "chapter 07, both editions",
    "en/chapters/07_lenet_mnist.ipynb": "chapter 07, both editions",
}
#: Files started first, longest first (measured: see the report of issue 21); the rest keep their order.
FIRST = [
    "chapters/07_lenet_mnist.ipynb",
    "en/chapters/07_lenet_mnist.ipynb",
    "tests/browser/test_book_ux.py",
    "tests/browser/test_book_pages.py",
    "tests/browser/test_sub_path.py",
    "tests/browser/test_explorer_browser.py",
    "tests/browser/test_jupyterlab.py",
    "tests/test_nbgrader_course.py",
    "tests/test_colab.py",
]


def _file_of(item):
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    """Run the files of ``FIRST`` first, in that order (a stable sort: the rest keep their order)."""
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(_file_of(item), len(FIRST)))
    # nbval waits only 5 s for a cell's outputs once the kernel has answered that the cell is done;
    # on a busy two-core machine (the other worker driving Chromium) the outputs of chapter 07's
    # training cell once came later than that, and nbval stopped the kernel. A minute is plenty.
    for item in items:
        if hasattr(item, "output_timeout"):
            item.output_timeout = max(item.output_timeout, NBVAL_OUTPUT_TIMEOUT)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the files of ``SAME_WORKER`` as one unit of work."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BookScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            scope = super()._split_scope(nodeid)
            return SAME_WORKER.get(scope, scope)

    return BookScheduling(config, log)


def _build_book():
    """Build both editions (warnings as errors); return "" or what went wrong."""
    sys.path.insert(0, str(ROOT / "_ext"))
    import build_site

    for edition, result in build_site.build(rebuild_all=True, capture_output=True, text=True):
        if result.returncode != 0:
            return f"the {edition} edition's build failed or warned:\n{(result.stdout + result.stderr)[-6000:]}"
    return ""


@pytest.fixture(scope="session")
def built_book():
    """Build the whole site once per test run, both editions, warnings as errors; return the HTML folder
    (the Hebrew edition at its root, the English one in ``en/``), as ``make build`` does.

    On several workers (pytest-xdist) the first worker to ask builds, under a file lock, and writes
    the run's id and the outcome beside the site; the others wait for the lock and reuse both."""
    sys.path.insert(0, str(ROOT / "_ext"))
    import build_site

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        failure = _build_book()
    else:
        from filelock import FileLock

        from cnnbook.files import write_text

        build_site.SITE.parent.mkdir(parents=True, exist_ok=True)
        stamp = build_site.SITE.parent / "test-run.txt"
        with FileLock(str(build_site.SITE.parent / "test-run.lock"), timeout=3600):
            done = stamp.read_text(encoding="utf-8").split("\n", 1) if stamp.is_file() else None
            if done and done[0] == run:
                failure = done[1]
            else:
                failure = _build_book()
                write_text(stamp, f"{run}\n{failure}")
    if failure:
        pytest.fail(failure)
    return build_site.SITE


# ---------------------------------------------------------------- the page-weight table

_WORKER_WEIGHTS = []  # what the xdist workers measured, gathered here on the controller


def _weights_here():
    audit = sys.modules.get("audit")  # tests/browser/audit.py, where the browser tests ran in this process
    return list(audit.WEIGHTS) if audit is not None else []


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)  # set on an xdist worker only
    if workeroutput is not None:
        workeroutput["page_weights"] = [[path, size, count, [list(r) for r in largest]] for path, size, count, largest in _weights_here()]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _WORKER_WEIGHTS.extend(tuple(w) for w in getattr(node, "workeroutput", {}).get("page_weights", []))


def pytest_terminal_summary(terminalreporter):
    """The page weights measured by tests/browser/test_book_ux.py::test_page_weight, as a table."""
    weights = sorted(_weights_here() + _WORKER_WEIGHTS)
    if not weights:
        return
    write = terminalreporter.write_line
    terminalreporter.section("page weight of the built book (desktop, every response body)")
    write(f"{'page':44} {'MB':>6} {'requests':>8}  largest")
    for path, size, count, largest in weights:
        big = ", ".join(f"{url.rsplit('/', 1)[-1].split('?')[0]} {b / 1e3:.0f} kB" for url, b in largest)
        write(f"{path:44} {size / 1e6:6.2f} {count:8d}  {big}")
    sizes = sorted(size for _, size, _, _ in weights)
    mid = len(sizes) // 2
    median = sizes[mid] if len(sizes) % 2 else (sizes[mid - 1] + sizes[mid]) / 2
    write(f"{'median':44} {median / 1e6:6.2f}")
