"""Reader notebooks: the MyST of the chapters resolved for Jupyter and Colab (cnnbook.reader)."""
import json

import pytest

from cnnbook.notebook import GLUE_PREFIX, HEBREW, language_of, setup_cell_source
from cnnbook.reader import TITLED, admonition_title, glued_texts, myst_left, reader_notebook, write_all
from cnnbook.reader import main as reader_main

KNOWN = {
    "conv1d": ("chapters/01_conv1d", "קונבולוציה חד־ממדית", "קונבולוציה חד־ממדית"),
    "fc-cost": ("chapters/01_conv1d", "מה חסר", "קונבולוציה חד־ממדית"),
    "stride": ("chapters/03_padding", "צעד", "ריפוד וצעד"),
}


def record(name, text, markdown=None):
    data = {GLUE_PREFIX + "text/plain": text}
    if markdown:
        data[GLUE_PREFIX + "text/markdown"] = markdown
    return {"output_type": "display_data", "data": data,
            "metadata": {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}}}


def notebook(*markdown):
    code = {"cell_type": "code", "source": "glue(...)", "execution_count": 1, "metadata": {},
            "outputs": [record("n", "61706"), record("loss", "0.09412"), record("word", "'שש'"),
                        record("table", "x", markdown="**6**")]}
    cells = [{"cell_type": "markdown", "source": m, "metadata": {}} for m in markdown]
    return {"cells": [code] + cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def read(text, base=None):
    nb = reader_notebook(notebook(text), "chapters/01_conv1d", KNOWN, base)
    return nb["cells"][1]["source"]


def test_glued_values_are_pasted_as_the_book_formats_them():
    assert read("יש {glue:text}`n:,` פרמטרים, הפסד {glue:text}`loss:.2f`.") == "יש 61,706 פרמטרים, הפסד 0.09."
    assert read("{glue:text}`word` ו{glue}`n` ו{glue:md}`table`") == "שש ו61706 ו**6**"


def test_a_missing_glue_is_named():
    with pytest.raises(ValueError, match="nope"):
        read("{glue:text}`nope`")


def test_labels_and_comments_go_away():
    text = '<div dir="rtl">\n\n(conv1d)=\n# כותרת\n\n% a note to the authors\nטקסט\n\n</div>'
    assert read(text) == '<div dir="rtl">\n\n# כותרת\n\nטקסט\n\n</div>'


def test_cross_references_become_section_names_without_a_book_address():
    assert read("ראו {ref}`fc-cost`.") == 'ראו "מה חסר".'
    assert read("ראו {ref}`stride`.") == 'ראו "צעד" (בפרק "ריפוד וצעד").'
    assert read("ראו {ref}`כאן <stride>`.") == "ראו כאן."
    with pytest.raises(ValueError, match="no-such"):
        read("{ref}`no-such`")


def test_cross_references_become_links_with_a_book_address():
    base = "https://example.org/book/"
    assert read("ראו {ref}`stride`.", base) == "ראו [צעד](https://example.org/book/chapters/03_padding.html#stride)."
    assert read("{ref}`כאן <fc-cost>`", base) == "[כאן](https://example.org/book/chapters/01_conv1d.html#fc-cost)"


def test_directives_become_plain_markdown():
    note = ":::{note} שימו לב\n:class: dropdown\nהגרעין **הפוך**.\n:::"
    assert read(note) == "> **שימו לב**\n>\n> הגרעין **הפוך**."
    assert read("```{math}\n:label: eq-conv\ny = x * w\n```") == "$$\ny = x * w\n$$"
    assert read("$$\ny = 1\n$$ (eq-one)") == "$$\ny = 1\n$$"
    assert read("{math}`x^2` ו{term}`גרעין <kernel>`") == "$x^2$ וגרעין"


def test_myst_left_finds_every_kind():
    text = "(lbl)=\n# x\n{ref}`a` and {glue:text}`b`\n```{note}\nx\n```\n$$\n1\n$$ (eq)"
    assert len(myst_left(text)) == 5
    assert myst_left('<div dir="rtl">\n\n# כותרת, $x$ `code` [link](https://x.org)\n\n</div>') == []


def test_the_source_notebook_is_not_changed_and_widget_views_are_dropped():
    nb = notebook("{glue:text}`n`")
    nb["cells"][0]["outputs"].append({"output_type": "display_data", "metadata": {}, "data": {
        "application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "image/png": "iVBO"}})
    out = reader_notebook(nb, "chapters/01_conv1d", KNOWN)
    assert nb["cells"][1]["source"] == "{glue:text}`n`"
    assert "application/vnd.jupyter.widget-view+json" not in out["cells"][0]["outputs"][-1]["data"]


# --- the English edition ----------------------------------------------------------------------

EN_KNOWN = {
    "fc-cost": ("chapters/01_conv1d", "What is missing", "One-dimensional convolution"),
    "stride": ("chapters/03_padding", "Stride", "Padding and stride"),
    "padding": ("chapters/03_padding", "Padding and stride", "Padding and stride"),
}


def english(*markdown):
    """An English notebook: its set-up cell chooses English."""
    nb = notebook(*markdown)
    nb["cells"].insert(0, {"cell_type": "code", "source": setup_cell_source("https://github.com/a/b", "v1", "en"),
                           "execution_count": None, "metadata": {}, "outputs": []})
    return nb


def read_en(text, **kw):
    return reader_notebook(english(text), "chapters/01_conv1d", EN_KNOWN, **kw)["cells"][2]["source"]


def test_an_english_notebook_gets_english_words():
    assert language_of(english("x")) == "en" and language_of(notebook("x")) == "he"
    assert read_en("See {ref}`stride`.") == 'See "Stride" (in the chapter "Padding and stride").'
    assert read_en("See {ref}`padding`.") == 'See the chapter "Padding and stride".'
    assert read_en("See {ref}`fc-cost`.") == 'See "What is missing".'
    assert read_en(":::{note}\nThe kernel is **flipped**.\n:::") == "> **Note**\n>\n> The kernel is **flipped**."
    assert read_en(":::{seealso}\nx\n:::") == "> **See also**\n>\n> x"
    assert read_en(":::{note} My own title\nx\n:::") == "> **My own title**\n>\n> x"


def test_the_language_can_be_given_and_is_checked():
    nb = notebook(":::{tip}\nx\n:::")
    assert reader_notebook(nb, "chapters/01_conv1d", KNOWN, lang="en")["cells"][1]["source"] == "> **Tip**\n>\n> x"
    with pytest.raises(ValueError, match="lang must be one of"):
        reader_notebook(nb, "chapters/01_conv1d", KNOWN, lang="fr")


def test_every_admonition_title_is_in_both_catalogues():
    for lang in ("he", "en"):
        titles = [admonition_title(name, lang) for name in TITLED]
        assert all(titles) and len(set(titles)) == len(titles)
        assert all(bool(HEBREW.search(t)) == (lang == "he") for t in titles), titles
    assert admonition_title("dropdown", "en") == ""


def test_an_edition_refuses_a_notebook_of_the_other_language(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapters/01_x\n")
    (tmp_path / "intro.md").write_text("(intro)=\n# Intro\n")
    (tmp_path / "_config.yml").write_text("title: x\n")
    nb = english("Text")
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i}"
    (tmp_path / "chapters" / "01_x.ipynb").write_text(json.dumps(nb))
    with pytest.raises(ValueError, match="chooses 'en', but it belongs to the 'he' edition"):
        write_all(tmp_path / "out", root=tmp_path, lang="he")
    written = write_all(tmp_path / "out", root=tmp_path, lang="en")
    assert [p.name for p in written] == ["01_x.ipynb"]


def test_the_command_writes_one_edition_into_a_folder_only_with_lang(tmp_path, capsys):
    with pytest.raises(SystemExit):
        reader_main(["--out", str(tmp_path)])
    assert "--out needs --lang" in capsys.readouterr().err


def test_glued_texts_are_what_the_prose_shows():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "metadata": {"scrapbook": {"name": "err", "mime_prefix": "application/papermill.record/"}},
         "data": {"application/papermill.record/text/plain": "'0.90%'"}},
        {"output_type": "stream", "name": "stdout", "text": "not glued"}]}]}
    assert glued_texts(nb) == {"err": "0.90%"}
