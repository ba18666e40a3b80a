"""How ``make test`` runs (tests/conftest.py): on two workers, files whole, chapter 07's two editions
together and in order, the longest work first, the book built once."""
import importlib.util
import subprocess
import sys
from types import SimpleNamespace

import pytest

from cnnbook.files import ROOT


def book_conftest():
    """tests/conftest.py as a module of its own (``import conftest`` could name tests/browser's)."""
    spec = importlib.util.spec_from_file_location("book_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_named_for_the_schedule_exists():
    """A renamed file would silently lose its place (and chapter 07 its partner)."""
    conftest = book_conftest()
    for name in [*conftest.FIRST, *conftest.SAME_WORKER]:
        assert (ROOT / name).is_file(), f"tests/conftest.py names {name}, which does not exist"
    assert set(conftest.SAME_WORKER) == {"chapters/07_lenet_mnist.ipynb", "en/chapters/07_lenet_mnist.ipynb"}


def test_the_longest_files_go_first_hebrew_07_before_english_and_the_rest_keep_their_order():
    conftest = book_conftest()
    names = ["tests/test_a.py::t1", "en/chapters/07_lenet_mnist.ipynb::Cell 0", "tests/test_a.py::t2",
             "chapters/07_lenet_mnist.ipynb::Cell 0", "chapters/01_conv1d.ipynb::Cell 0", "tests/browser/test_book_ux.py::t",
             "chapters/07_lenet_mnist.ipynb::Cell 1"]
    items = [SimpleNamespace(nodeid=name) for name in names]
    conftest.pytest_collection_modifyitems(None, items)
    assert [item.nodeid for item in items] == [
        "chapters/07_lenet_mnist.ipynb::Cell 0", "chapters/07_lenet_mnist.ipynb::Cell 1",
        "en/chapters/07_lenet_mnist.ipynb::Cell 0", "tests/browser/test_book_ux.py::t",
        "tests/test_a.py::t1", "tests/test_a.py::t2", "chapters/01_conv1d.ipynb::Cell 0",
    ]


def test_both_editions_of_chapter_07_are_one_unit_of_work_and_every_other_file_its_own():
    pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install -r requirements.txt)")
    conftest = book_conftest()
    config = SimpleNamespace(getvalue=lambda name: "loadfile", option=SimpleNamespace(loadscopereorder=False, maxschedchunk=None),
                             getoption=lambda name, default=None: default)
    try:
        scheduler = conftest.pytest_xdist_make_scheduler(config, None)
    except (AttributeError, TypeError) as exc:  # a newer xdist wants more of its config
        pytest.skip(f"this pytest-xdist's scheduler needs a real config: {exc}")
    scope = scheduler._split_scope
    assert scope("chapters/07_lenet_mnist.ipynb::Cell 3") == scope("en/chapters/07_lenet_mnist.ipynb::Cell 0")
    assert scope("chapters/01_conv1d.ipynb::Cell 0") == scope("chapters/01_conv1d.ipynb::Cell 9") != scope("en/chapters/01_conv1d.ipynb::Cell 0")
    assert scope("tests/test_a.py::t1") == scope("tests/test_a.py::t2[x]") != scope("tests/test_b.py::t1")
    assert conftest.pytest_xdist_make_scheduler(SimpleNamespace(getvalue=lambda name: "load"), None) is None


def test_make_test_runs_on_two_workers_by_file_in_the_given_order():
    done = subprocess.run(["make", "-n", "-f", str(ROOT / "Makefile"), "test", f"PYTHON={sys.executable}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{sys.executable} -m pytest -n 2 --dist loadfile --no-loadscope-reorder tests chapters en/chapters --nbval" in done.stdout



def test_nbval_waits_a_minute_for_a_finished_cells_outputs():
    """nbval's own 5 s wait for the outputs of a finished cell is raised for every notebook cell."""
    conftest = book_conftest()
    cell = SimpleNamespace(output_timeout=5, nodeid="chapters/01_conv1d.ipynb::Cell 3",
                           path=ROOT / "chapters" / "01_conv1d.ipynb")
    other = SimpleNamespace(nodeid="tests/test_conv.py::test_x", path=ROOT / "tests" / "test_conv.py")
    conftest.pytest_collection_modifyitems(None, [other, cell])
    assert cell.output_timeout == conftest.NBVAL_OUTPUT_TIMEOUT >= 60
    assert not hasattr(other, "output_timeout")
