"""_ext/solutions.py: in the built book a solution sits behind a closed toggle, or is left out."""
import copy
import json
import subprocess
import sys

import nbformat
import pytest

from cnnbook.files import ROOT
from test_assign import execute, synthetic_notebook

sys.path.insert(0, str(ROOT / "_ext"))
import solutions  # noqa: E402
from build_site import jupyter_book  # noqa: E402  (jupyter-book through this Python, as make build runs it)

SECRET = "הגרעין מחליק ולכן"  # a phrase of the written answer
CODE_SECRET = "n_out = len(x) - len(w) + 1"


def test_hide_tags_code_solutions_and_turns_written_answers_into_dropdowns():  # closed: no :open: option
    nb = json.loads(nbformat.writes(synthetic_notebook()))
    out = solutions.rewrite_notebook(copy.deepcopy(nb), "hide")
    code = out["cells"][2]
    assert "hide-input" in code["metadata"]["tags"]
    assert code["metadata"]["mystnb"]["code_prompt_show"] == "הצגת הפתרון"
    assert "BEGIN SOLUTION" not in code["source"] and CODE_SECRET in code["source"]
    text = out["cells"][5]["source"]
    assert "::::{dropdown} פתרון\n" in text and SECRET in text and "BEGIN SOLUTION" not in text
    assert out["cells"][0] == nb["cells"][0] and out["cells"][-1] == nb["cells"][-1]


def test_omit_leaves_no_solution():
    nb = json.loads(nbformat.writes(synthetic_notebook()))
    out = solutions.rewrite_notebook(copy.deepcopy(nb), "omit")
    text = json.dumps(out, ensure_ascii=False)
    assert SECRET not in text and CODE_SECRET not in text and "BEGIN SOLUTION" not in text
    assert 'raise NotImplementedError' in out["cells"][2]["source"]
    assert len(out["cells"]) == len(nb["cells"]) - 1  # the cell that held only the written answer is gone


@pytest.fixture(scope="module")
def mini_book(tmp_path_factory):
    """A one-page Jupyter Book with the synthetic notebook, executed once."""
    folder = tmp_path_factory.mktemp("book")
    nbformat.write(execute(synthetic_notebook(), folder), folder / "mini.ipynb")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: mini\n")
    return folder


def build(folder, mode):
    (folder / "_config.yml").write_text(
        "title: mini\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: 'off'\n"
        "repository:\n  url: https://github.com/example/book\n  branch: main\n"
        "launch_buttons:\n  colab_url: https://colab.research.google.com\n"
        "html:\n  use_repository_button: true\n"
        f"sphinx:\n  local_extensions:\n    solutions: {ROOT / '_ext'}\n"
        f"  config:\n    language: he\n    book_solutions: {mode}\n", encoding="utf-8")
    result = subprocess.run(jupyter_book(str(folder), "--all", "--warningiserror", "--keep-going"),
                            capture_output=True, text=True)
    return result, folder / "_build" / "html"


def test_built_page_hides_solutions_behind_closed_toggles(mini_book):
    result, html = build(mini_book, "hide")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (html / "mini.html").read_text(encoding="utf-8")
    assert page.count('<details class="admonition hide above-input">') == 3  # closed: no "open" attribute
    assert "הצגת הפתרון" in page
    assert '<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3 solution">' in page and SECRET in page
    assert "BEGIN SOLUTION" not in page and "END SOLUTION" not in page
    assert "✓" in page  # the checkers' verdicts stay visible
    assert "colab.research.google.com" in page  # the launch button (the test of omit relies on its being there)


def test_built_page_can_leave_solutions_out(mini_book):
    result, html = build(mini_book, "omit")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for path in html.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ipynb", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and CODE_SECRET not in text, f"a solution reached {path.name}"
    page = (html / "mini.html").read_text(encoding="utf-8")
    assert "NotImplementedError" in page
    assert "colab.research.google.com" not in page  # no launch button opens the notebook with its solutions
    assert "github.com/example/book" not in page  # nor a repository button


def test_a_bad_mode_is_a_config_error(mini_book):
    result, _ = build(mini_book, "maybe")
    assert result.returncode != 0
    assert "book_solutions must be one of ('hide', 'show', 'omit')" in result.stdout + result.stderr


def test_the_english_edition_gets_english_words():
    nb = json.loads(nbformat.writes(synthetic_notebook()))
    out = solutions.rewrite_notebook(copy.deepcopy(nb), "hide", lang="en")
    code = out["cells"][2]
    assert code["metadata"]["mystnb"] == {"code_prompt_show": "Show the solution", "code_prompt_hide": "Hide the solution"}
    assert "::::{dropdown} Solution\n" in out["cells"][5]["source"]
    assert "פתרון" not in json.dumps(out["cells"][2]["metadata"], ensure_ascii=False)
