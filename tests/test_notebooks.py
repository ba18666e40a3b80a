"""Every chapter notebook follows the book's conventions (CONTRIBUTING.md)."""
import json
import re

import pytest
import yaml

from cnnbook.files import ROOT
from cnnbook.notebook import KERNELSPEC, WIDGET_VIEW, repository_url, rtl_problem, setup_cell_source
from cnnbook.reader import READER_DIR, dumps, myst_left, reader_notebook

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
MARKDOWN_PAGES = [ROOT / "intro.md", ROOT / "glossary.md"]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    return files


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def test_every_chapter_is_in_the_table_of_contents():
    listed = set(toc_files())
    for nb in NOTEBOOKS:
        assert f"chapters/{nb.stem}" in listed, f"{nb.name} is missing from _toc.yml"
    for entry in listed:
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), f"_toc.yml lists {entry}, which does not exist"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_cell_matches_the_configured_repository(nb):
    first_code = next(c for c in cells(nb) if c["cell_type"] == "code")
    assert source(first_code) == setup_cell_source(repository_url()), (
        f"{nb.name}: the first code cell must be cnnbook.notebook.setup_cell_source() "
        "with the repository URL of _config.yml"
    )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_hebrew_cells_are_wrapped_right_to_left(nb):
    for i, cell in enumerate(cells(nb)):
        if cell["cell_type"] == "markdown":
            problem = rtl_problem(source(cell))
            assert problem is None, f"{nb.name}, cell {i}: {problem}"


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_pages_are_wrapped_right_to_left(page):
    assert rtl_problem(page.read_text(encoding="utf-8")) is None


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_with_a_clean_run(nb):
    code = [c for c in cells(nb) if c["cell_type"] == "code" and source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{nb.name}: execution counts {counts} are not 1..n"
    for c in code:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", f"{nb.name}: a cell ends in {out.get('ename')}"


def test_labels_are_unique_across_the_book():
    seen = {}
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in MARKDOWN_PAGES]
    texts += [(nb.name, source(c)) for nb in NOTEBOOKS for c in cells(nb) if c["cell_type"] == "markdown"]
    for name, text in texts:
        for label in re.findall(r"^\(([^)]+)\)=\s*$", text, re.M):
            assert label not in seen, f"label {label} is defined in {seen.get(label)} and {name}"
            seen[label] = name


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_standard_kernelspec_and_no_saved_widget_views(nb):
    """JupyterLab opens a notebook with another kernelspec as modified; a saved widget view,
    with no widget state saved, shows "model not found" instead of the demo's still picture."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    assert data["metadata"]["kernelspec"] == KERNELSPEC, f"{nb.name}: run python -m cnnbook execute {nb}"
    for c in data["cells"]:
        for out in c.get("outputs", []):
            assert WIDGET_VIEW not in out.get("data", {}), f"{nb.name}: run python -m cnnbook execute {nb}"


def test_reader_notebooks_are_there_for_every_chapter():
    assert sorted(p.name for p in (ROOT / READER_DIR).glob("*.ipynb")) == [p.name for p in NOTEBOOKS], (
        "run python -m cnnbook reader"
    )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_reader_notebook_is_fresh_and_has_no_raw_myst(nb):
    """What the Colab buttons open (notebooks/) is the chapter with its MyST resolved, from its latest run."""
    copy = ROOT / READER_DIR / nb.name
    assert copy.is_file(), f"{copy} is missing: run python -m cnnbook reader"
    text = copy.read_text(encoding="utf-8")
    for i, cell in enumerate(json.loads(text)["cells"]):
        if cell["cell_type"] == "markdown":
            left = myst_left(source(cell))
            assert not left, f"{copy.name}, cell {i}: raw MyST {left}"
    fresh = dumps(reader_notebook(json.loads(nb.read_text(encoding="utf-8")), f"chapters/{nb.stem}"))
    assert text == fresh, f"{copy} is stale: run python -m cnnbook reader"
