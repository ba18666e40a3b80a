"""Colab's first run, simulated: a chapter alone in an empty folder, a Python without cnnbook.

The kernel runs in a fresh virtual environment that sees the packages Colab
ships (numpy, matplotlib, torch, torchvision, ipywidgets, tqdm, imageio,
ipykernel), the very ones installed here, but not cnnbook: the environment gets
this Python's site-packages as a plain path (a ``.pth`` line), so the ``.pth``
files there, among them the one that makes the checkout's cnnbook importable,
are never run. (``--system-site-packages`` would run them and leak cnnbook; a
real install of torch and its CUDA wheels would take minutes and gigabytes.)

The set-up cell's URL is swapped for a git repository made from this working
tree (``git+file://``), tagged like a release. The notebook must run top to
bottom with no error and remake its figures in an empty cache. Offline (no
reachable repository) it must stop at once with its one message, in the
notebook's language.

Both editions: two Hebrew chapters and an English one (``en/chapters/``),
whose run must show no Hebrew at all.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from cnnbook.files import ROOT
from cnnbook.lang import msg
from cnnbook.notebook import HEBREW, setup_cell_source

# (edition, chapter): a theory chapter; one with the explorer; the English one with the explorer
CHAPTERS = [("he", "01_conv1d.ipynb"), ("he", "03_padding_stride_dilation.ipynb"), ("en", "03_padding_stride_dilation.ipynb")]
FOLDERS = {"he": ROOT / "chapters", "en": ROOT / "en" / "chapters"}


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """(the environment's python, the folder of its kernelspec, repository URL, ref)."""
    base = tmp_path_factory.mktemp("colab")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "colab_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    (base / "jupyter" / "kernels" / "colab").mkdir(parents=True)
    # the repository as Colab would find it: this working tree, committed and tagged
    repo = base / "repo"
    shutil.copytree(ROOT / "code", repo / "code", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, repo / name)
    git = ["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "release"], ["tag", "v-test"]):
        subprocess.run(git + args, check=True)
    return python, base / "jupyter", f"file://{repo}", "v-test"


def new_machine(python, jupyter_path, home):
    """A Colab kernel as on a new machine: no cnnbook, an empty home and figure cache; its name."""
    subprocess.run([str(python), "-m", "pip", "uninstall", "-q", "-y", "cnnbook"], capture_output=True)
    (jupyter_path / "kernels" / "colab" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab (simulated)", "language": "python",
        # no PYTHONPATH to the checkout
        "env": {"PYTHONPATH": "", "HOME": str(home), "CNNBOOK_CACHE": str(home / "cache"),
                "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }))
    return "colab"


def prepared(lang, name, folder, url, ref):
    """The chapter of edition ``lang`` alone in an empty folder, its set-up cell pointed at ``url`` at ``ref``."""
    path = FOLDERS[lang] / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the {lang} edition must have every chapter")
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == setup_cell_source(lang=lang), f"{path}: the set-up cell is not the rendered one"
    first.source = setup_cell_source(url, ref, lang)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    folder.mkdir(parents=True)
    return nb


def run(nb, folder, kernel, jupyter_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    client = NotebookClient(nb, timeout=900, kernel_name=kernel, resources={"metadata": {"path": str(folder)}})
    client.execute()


def errors(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


@pytest.mark.parametrize("lang", ["he", "en"])
def test_offline_the_set_up_cell_stops_with_one_clear_message(lang, colab, tmp_path, monkeypatch):
    python, jupyter_path, _, _ = colab
    kernel = new_machine(python, jupyter_path, tmp_path / "home")
    nb = prepared(lang, "01_conv1d.ipynb", tmp_path / "work", f"file://{tmp_path}/no-such-repository", "v-test")
    with pytest.raises(CellExecutionError):
        run(nb, tmp_path / "work", kernel, jupyter_path, monkeypatch)
    (error,) = errors(nb)  # one error, and no cascade: no later cell ran
    assert error.ename == "SetupFailed"
    message = "\n".join(error.traceback)
    assert msg("setup.failed", lang) in message and msg("setup.todo", lang) in message, message
    assert "pip install git+file://" in message
    if lang == "en":
        assert not HEBREW.search(message), f"the English set-up cell's message has Hebrew: {message}"
    assert "Traceback" not in message and "File " not in message, message
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts[0] == 1 and not any(counts[1:]), counts


@pytest.mark.parametrize("lang, name", CHAPTERS, ids=[f"{lang}-{name}" for lang, name in CHAPTERS])
def test_first_run_in_colab_installs_the_package_and_remakes_the_figures(lang, name, colab, tmp_path, monkeypatch):
    python, jupyter_path, url, ref = colab
    kernel = new_machine(python, jupyter_path, tmp_path / "home")
    folder = tmp_path / "work"
    nb = prepared(lang, name, folder, url, ref)
    run(nb, folder, kernel, jupyter_path, monkeypatch)
    assert not errors(nb)
    installed = subprocess.run([str(python), "-c", "import cnnbook; print(cnnbook.__file__)"], capture_output=True,
                               text=True, env={**os.environ, "PYTHONPATH": ""}).stdout
    assert installed.startswith(str(python.parent.parent)), f"cnnbook was not installed by the set-up cell: {installed!r}"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert not (out.output_type == "stream" and out.name == "stderr" and "Error" in out.text), out.text
    shown = {f for c in nb.cells if c.cell_type == "code" for f in _shown_figures(c.source)}
    cache = tmp_path / "home" / "cache"
    made = {p.name for p in cache.rglob("*") if p.is_file()}
    assert shown and shown <= made, f"figures shown {sorted(shown)}, made in the cache {sorted(made)}"
    assert not any(folder.parent.glob("**/figs")), "an installed copy must not write a figs/ folder"
    html = [o for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert any('src="data:image/' in o["data"]["text/html"] for o in html)
    if lang == "en":  # the whole run speaks English: figures' alt text, the explorer, feedback
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                shown = out.get("text", "") + "".join(v for k, v in out.get("data", {}).items()
                                                      if isinstance(v, str) and not k.startswith("image/png"))
                hebrew = HEBREW.search(shown)
                assert not hebrew, f"en/chapters/{name}, cell {i}: Hebrew in Colab's run: ...{shown[max(0, hebrew.start() - 40):hebrew.end() + 40]}..."


def _shown_figures(source):
    import re

    return re.findall(r"""show\(\s*["']([\w.-]+\.(?:gif|png))["']""", source)
