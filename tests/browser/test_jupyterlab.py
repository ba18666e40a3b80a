"""The chapters as a student meets them in JupyterLab (pinned in requirements.txt), driven in Chromium.

- A trusted notebook that has not been run shows each live demo's still
  picture, not "Error displaying widget: model not found".
- After "run all", an ipywidgets slider moved with the keyboard recomputes.
- The explorer's sliders take the arrow keys (JupyterLab's command-mode
  shortcuts would take them without ``data-lm-suppress-shortcuts``).
- The notebook opens unmodified (standard kernelspec) and glue prints nothing.
- An English chapter (``en/chapters/``) reads left to right, runs top to
  bottom with no error and shows no Hebrew, and its explorer's slider moves
  right with the right arrow.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from cnnbook.files import ROOT
from cnnbook.notebook import HEBREW

TOKEN = "cnnbook-test"
DEMO = "04_max_pooling.ipynb"  # ipywidgets sliders (PoolingDemo)
EXPLORER = "03_padding_stride_dilation.ipynb"  # the explorer in 1D
ENGLISH = "en_03_padding_stride_dilation.ipynb"  # en/chapters/ of EXPLORER, under a name of its own
COPIES = {DEMO: ROOT / "chapters" / DEMO, EXPLORER: ROOT / "chapters" / EXPLORER,
          ENGLISH: ROOT / "en" / "chapters" / EXPLORER}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on copies of three chapters (trusted, as a student's `jupyter trust`); its base URL."""
    base = tmp_path_factory.mktemp("lab")
    work = base / "work"
    work.mkdir()
    for name, path in COPIES.items():
        if not path.is_file():
            pytest.fail(f"{path} is missing: both editions must have every chapter")
        shutil.copy2(path, work / name)
    env = dict(os.environ, JUPYTER_DATA_DIR=str(base / "data"), JUPYTER_CONFIG_DIR=str(base / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(base / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(base / "ws"),
               JUPYTER_PATH=f"{sys.prefix}/share/jupyter")
    for name in COPIES:
        subprocess.run([sys.executable, "-m", "jupyter", "trust", str(work / name)], env=env, check=True,
                       capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(base / "server.log", "w"),
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail((base / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 120 s")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a busy machine: stop it for good
            server.kill()
            server.wait(timeout=30)


def open_notebook(page, lab, name):
    page.set_default_timeout(120_000)
    # ?reset: a fresh workspace, so that notebooks an earlier test opened are not
    # restored in hidden tabs (their cells would match the selectors below).
    page.goto(f"{lab}lab/tree/{name}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.context"
                           " && window.jupyterapp.shell.currentWidget.context.isReady")


def is_dirty(page):
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")


def test_unrun_demo_shows_its_picture_then_runs_and_follows_the_keyboard(browser_page, lab):
    page = browser_page.page
    open_notebook(page, lab, DEMO)
    demo = page.locator(".jp-OutputArea-output", has=page.locator("img")).first
    demo.scroll_into_view_if_needed()
    assert demo.locator("img").count() >= 1
    assert "model not found" not in page.locator(".jp-Notebook").text_content()
    assert not is_dirty(page), "the notebook opened as modified"

    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    handle = page.locator(".jp-OutputArea .widget-hslider .noUi-handle").first
    handle.wait_for(state="attached", timeout=300_000)
    message = page.locator(".jp-OutputArea .widget-html").first
    # textContent: JupyterLab does not lay out cells out of view, where innerText is empty
    page.wait_for_function("el => el.textContent.includes('8×8 → 4×4')", arg=message.element_handle())
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("ArrowRight")  # window size 2 -> 3, stride 2: floor((8 - 3) / 2) + 1 = 3
    page.wait_for_function("el => el.textContent.includes('8×8 → 3×3')", arg=message.element_handle(), timeout=120_000)
    assert "model not found" not in page.locator(".jp-Notebook").text_content()
    texts = page.locator(".jp-OutputArea-output").all_text_contents()
    assert not [t for t in texts if t.strip().strip("'").isdigit()], "glue printed a bare value"


def test_explorer_sliders_take_the_arrow_keys(browser_page, lab):
    page = browser_page.page
    open_notebook(page, lab, EXPLORER)
    assert not is_dirty(page), "the notebook opened as modified"
    slider = page.locator(".jp-OutputArea input[type=range][name=padding]").first
    slider.wait_for(state="attached")  # the committed output's script has built the explorer
    slider.scroll_into_view_if_needed()
    value = page.locator(".jp-OutputArea .cnx-val[data-val-for=padding]").first
    before = int(slider.input_value())
    slider.focus()  # focus in an output makes its cell the active one
    cell = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    page.keyboard.press("ArrowUp")  # up/down: the same on a right-to-left slider, where left/right swap
    page.wait_for_function(f"el => el.value === '{before + 1}'", arg=slider.element_handle(), timeout=30_000)
    assert value.text_content().strip() == str(before + 1)
    page.keyboard.press("ArrowDown")
    page.wait_for_function(f"el => el.value === '{before}'", arg=slider.element_handle(), timeout=30_000)
    # and JupyterLab's command mode did not take the keys to move between cells
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == cell


def test_an_english_chapter_reads_left_to_right_and_runs(browser_page, lab):
    page = browser_page.page
    open_notebook(page, lab, ENGLISH)
    assert not is_dirty(page), "the English notebook opened as modified"
    page.wait_for_selector(".jp-MarkdownOutput")
    directions = page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-MarkdownOutput')]
        .map(el => getComputedStyle(el).direction)""")
    assert directions and set(directions) == {"ltr"}, f"the English prose must read left to right: {set(directions)}"
    assert page.locator('.jp-Notebook [dir="rtl"]').count() == 0, "right-to-left markup in the English notebook"

    # the explorer's slider (from the committed output) runs left to right: the right arrow adds one
    slider = page.locator(".jp-OutputArea input[type=range][name=padding]").first
    slider.wait_for(state="attached")
    slider.scroll_into_view_if_needed()
    assert page.evaluate("el => getComputedStyle(el).direction", slider.element_handle()) == "ltr"
    before = int(slider.input_value())
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"el => el.value === '{before + 1}'", arg=slider.element_handle(), timeout=30_000)

    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("""() => {
        const panel = window.jupyterapp.shell.currentWidget;
        const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
        const code = panel.content.widgets.filter(c => c.model.type === 'code');
        return kernel && kernel.status === 'idle' && code.every(c => c.model.executionCount !== null);
    }""", timeout=600_000, polling=1000)
    outputs = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(c => c.model.type === 'code').map(c => c.model.outputs.toJSON())""")
    errors = [(i, o.get("ename")) for i, outs in enumerate(outputs) for o in outs if o["output_type"] == "error"]
    assert not errors, f"the English notebook's run ended in errors (code cell, error): {errors}"
    text = page.locator(".jp-Notebook").text_content()
    hebrew = HEBREW.search(text)
    assert not hebrew, f"Hebrew in the English notebook after its run: ...{text[max(0, hebrew.start() - 60):hebrew.end() + 60]}..."
    alts = page.evaluate("() => [...document.querySelectorAll('.jp-Notebook img[alt]')].map(i => i.alt)")
    assert alts and not [a for a in alts if HEBREW.search(a)], f"figure alt text must be English: {alts}"
