"""Every chapter notebook of both editions follows the book's conventions (CONTRIBUTING.md).

The Hebrew edition: ``chapters/`` (reader copies in ``notebooks/``); the
English one: ``en/chapters/`` (reader copies in ``en/notebooks/``), with the
same file names. The rules are the same, but for the language: a Hebrew
markdown cell is wrapped right to left, an English one has no Hebrew letter
and no wrapper, and each edition's set-up cell chooses its own language.
The parity of the two editions, cell by cell, is tests/test_editions.py.
"""
import json
import re

import pytest
import yaml

from cnnbook.files import EDITIONS, ROOT
from cnnbook.notebook import KERNELSPEC, WIDGET_VIEW, ltr_problem, repository_url, rtl_problem, setup_cell_source
from cnnbook.reader import READER_DIR, book_url, dumps, labels, myst_left, reader_notebook

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
EN_NOTEBOOKS = sorted((ROOT / "en" / "chapters").glob("*.ipynb"))
MARKDOWN_PAGES = [ROOT / "intro.md", ROOT / "glossary.md"]
# (edition, notebook) of both editions
BOTH = [("he", p) for p in NOTEBOOKS] + [("en", p) for p in EN_NOTEBOOKS]


def ids(case):
    lang, path = case
    return f"{lang}-{path.name}"


def name(lang, path):
    """How a failure names the notebook: its path from the top of the repository."""
    return str(path.relative_to(ROOT))


def toc_files(root=ROOT):
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    files += [c["file"] for c in toc.get("chapters", [])]
    return files


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def test_the_english_edition_has_every_chapter():
    """en/chapters/ holds the English notebook of every chapter, under the same file name."""
    assert (ROOT / "en" / "chapters").is_dir(), "en/chapters/ is missing: the English edition's notebooks live there"
    assert [p.name for p in EN_NOTEBOOKS] == [p.name for p in NOTEBOOKS], (
        "en/chapters/ and chapters/ must hold the same notebooks (the same file names)"
    )


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_every_chapter_is_in_the_table_of_contents(lang):
    root = EDITIONS[lang]
    assert (root / "_toc.yml").is_file(), f"{root / '_toc.yml'} is missing"
    listed = set(toc_files(root))
    for nb in sorted((root / "chapters").glob("*.ipynb")):
        assert f"chapters/{nb.stem}" in listed, f"{name(lang, nb)} is missing from {root / '_toc.yml'}"
    for entry in listed:
        assert any((root / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), (
            f"{root / '_toc.yml'} lists {entry}, which does not exist")


@pytest.mark.parametrize("case", BOTH, ids=ids)
def test_setup_cell_matches_the_configured_repository(case):
    lang, nb = case
    first_code = next(c for c in cells(nb) if c["cell_type"] == "code")
    assert source(first_code) == setup_cell_source(repository_url(), lang=lang), (
        f"{name(lang, nb)}: the first code cell must be cnnbook.notebook.setup_cell_source(lang={lang!r}) "
        "with the repository of _config.yml; run python -m cnnbook execute on it"
    )


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_hebrew_cells_are_wrapped_right_to_left(nb):
    for i, cell in enumerate(cells(nb)):
        if cell["cell_type"] == "markdown":
            problem = rtl_problem(source(cell))
            assert problem is None, f"{nb.name}, cell {i}: {problem}"


@pytest.mark.parametrize("nb", EN_NOTEBOOKS, ids=lambda p: p.name)
def test_english_cells_have_no_hebrew_and_no_right_to_left_wrapper(nb):
    for i, cell in enumerate(cells(nb)):
        if cell["cell_type"] == "markdown":
            problem = ltr_problem(source(cell))
            assert problem is None, f"en/chapters/{nb.name}, cell {i}: {problem}"


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_pages_are_wrapped_right_to_left(page):
    assert rtl_problem(page.read_text(encoding="utf-8")) is None


@pytest.mark.parametrize("case", BOTH, ids=ids)
def test_committed_with_a_clean_run(case):
    lang, nb = case
    code = [c for c in cells(nb) if c["cell_type"] == "code" and source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{name(lang, nb)}: execution counts {counts} are not 1..n; run python -m cnnbook execute {name(lang, nb)}")
    for i, c in enumerate(cells(nb)):
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", f"{name(lang, nb)}, cell {i}: ends in {out.get('ename')}"
    first = code[0]
    assert not first.get("outputs"), (
        f"{name(lang, nb)}: the set-up cell shows {first['outputs']}; where cnnbook is installed it must show nothing")


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_labels_are_unique_across_the_edition(lang):
    """Each edition's labels are unique in it (the two editions have the same ones, tests/test_editions.py)."""
    root = EDITIONS[lang]
    pages = [p for p in (root / "intro.md", root / "glossary.md") if p.is_file()]
    seen = {}
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in pages]
    texts += [(nb.name, source(c)) for nb in sorted((root / "chapters").glob("*.ipynb"))
              for c in cells(nb) if c["cell_type"] == "markdown"]
    assert texts, f"the {lang} edition has no pages under {root}"
    for page, text in texts:
        for label in re.findall(r"^\(([^)]+)\)=\s*$", text, re.M):
            assert label not in seen, f"{lang}: label {label} is defined in {seen.get(label)} and {page}"
            seen[label] = page


@pytest.mark.parametrize("case", BOTH, ids=ids)
def test_standard_kernelspec_and_no_saved_widget_views(case):
    """JupyterLab opens a notebook with another kernelspec as modified; a saved widget view,
    with no widget state saved, shows "model not found" instead of the demo's still picture."""
    lang, nb = case
    data = json.loads(nb.read_text(encoding="utf-8"))
    fix = f"run python -m cnnbook execute {name(lang, nb)}"
    assert data["metadata"]["kernelspec"] == KERNELSPEC, f"{name(lang, nb)}: {fix}"
    for i, c in enumerate(data["cells"]):
        for out in c.get("outputs", []):
            assert WIDGET_VIEW not in out.get("data", {}), f"{name(lang, nb)}, cell {i}: a saved widget view; {fix}"


@pytest.mark.parametrize("lang", sorted(EDITIONS))
def test_reader_notebooks_are_there_for_every_chapter(lang):
    root = EDITIONS[lang]
    chapters = sorted(p.name for p in (root / "chapters").glob("*.ipynb"))
    assert chapters, f"the {lang} edition has no chapters under {root / 'chapters'}"
    assert sorted(p.name for p in (root / READER_DIR).glob("*.ipynb")) == chapters, (
        f"{root / READER_DIR} must hold the reader copy of every chapter of {root / 'chapters'}: "
        "run python -m cnnbook reader"
    )


@pytest.mark.parametrize("case", BOTH, ids=ids)
def test_reader_notebook_is_fresh_and_has_no_raw_myst(case):
    """What the Colab buttons open (notebooks/, en/notebooks/) is the chapter with its MyST resolved, from its latest run."""
    lang, nb = case
    root = EDITIONS[lang]
    copy = root / READER_DIR / nb.name
    assert copy.is_file(), f"{copy} is missing: run python -m cnnbook reader"
    text = copy.read_text(encoding="utf-8")
    for i, cell in enumerate(json.loads(text)["cells"]):
        if cell["cell_type"] == "markdown":
            left = myst_left(source(cell))
            assert not left, f"{name(lang, copy)}, cell {i}: raw MyST {left}"
            if lang == "en":  # what reader.py writes in an English copy is English too
                problem = ltr_problem(source(cell), labels=False)
                assert problem is None, f"{name(lang, copy)}, cell {i}: {problem}"
    data = json.loads(nb.read_text(encoding="utf-8"))
    fresh = dumps(reader_notebook(data, f"chapters/{nb.stem}", labels(root), book_url(root), lang=lang))
    assert text == fresh, f"{copy} is stale: run python -m cnnbook reader"
