"""The README's make targets work with ``PYTHON=venv/bin/python`` and no activated venv.

A newcomer who makes a virtual environment and runs ``make book PYTHON=venv/bin/python`` has
none of the venv's tools on PATH. Every tool must therefore run through ``$(PYTHON)`` (``-m pip``,
``-m pytest``, ...), and ``_ext/build_site.py`` runs jupyter-book through the Python that runs it.

Here the Python running the tests plays the venv's: PATH is stripped of every folder that holds
it or a ``jupyter-book``; ``make build`` then builds a one-page book of two editions (with the
repository's Makefile and build script, in a temporary folder: seconds, no network), and
``make -n`` shows that every other target calls Python tools through ``$(PYTHON)``.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnnbook.files import ROOT

TOOLS = ("python", "python3", "pip", "pip3", "pytest", "jupyter", "jupyter-book", "jb", "ghp-import", "sphinx-build", "nbgrader")


def path_without_the_venv():
    """PATH without the folders that hold this Python, its tools or any jupyter-book."""
    here = {Path(sys.executable).parent.resolve(), Path(sys.executable).resolve().parent}
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and Path(d).resolve() not in here and not (Path(d) / "jupyter-book").exists()]
    return os.pathsep.join(kept)


def make(*args, cwd, path):
    if shutil.which("make", path=path) is None:
        pytest.skip("make is not on PATH outside the venv's folders")
    return subprocess.run(["make", *args, f"PYTHON={sys.executable}"], cwd=cwd, env=dict(os.environ, PATH=path),
                          capture_output=True, text=True, timeout=900)


def tiny_book(folder):
    """A one-page book with an English edition under en/, beside the repository's Makefile and build script."""
    (folder / "_ext").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    shutil.copy(ROOT / "_ext" / "build_site.py", folder / "_ext" / "build_site.py")
    for edition, title in ((folder, "ספר קטן"), (folder / "en", "A tiny book")):
        edition.mkdir(exist_ok=True)
        (edition / "_config.yml").write_text(f"title: {title}\nauthor: Test\nonly_build_toc_files: true\n", encoding="utf-8")
        (edition / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
        (edition / "intro.md").write_text(f"# {title}\n\nOne page.\n", encoding="utf-8")
    return folder


def test_make_build_runs_jupyter_book_through_the_given_python(tmp_path):
    path = path_without_the_venv()
    assert shutil.which("jupyter-book", path=path) is None  # as in a shell where the venv is not activated
    book = tiny_book(tmp_path / "book")
    result = make("build", cwd=book, path=path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert (book / "_build" / "html" / "intro.html").is_file()
    assert "A tiny book" in (book / "_build" / "html" / "en" / "intro.html").read_text(encoding="utf-8")


def commands(text):
    """The command words of shell lines: the first word, and the first after each ;, &&, ||, | or {."""
    words = []
    for line in text.splitlines():
        for part in re.split(r"&&|\|\||[;|{(]", line):
            part = part.strip().lstrip("@")
            while re.match(r"^[A-Z_]+=\S*\s", part):  # VAR=value before a command
                part = part.split(None, 1)[1]
            if part:
                words.append(part.split()[0])
    return words


@pytest.mark.parametrize("target", ["book", "test", "figures", "notebooks", "publish"])
def test_every_python_tool_is_called_through_the_given_python(tmp_path, target):
    result = make("-n", "-f", str(ROOT / "Makefile"), target, cwd=tmp_path, path=path_without_the_venv())
    assert result.returncode == 0, result.stderr
    called = commands(result.stdout)
    assert sys.executable in called, f"make -n {target} runs nothing through PYTHON:\n{result.stdout}"
    bare = sorted({word for word in called if Path(word).name in TOOLS and word != sys.executable})
    assert bare == [], f"make {target} calls {bare} from PATH, not through $(PYTHON):\n{result.stdout}"
