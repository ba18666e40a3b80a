import pytest

import json

from cnnbook.files import ROOT
from cnnbook.notebook import (
    GLUE_PREFIX,
    KERNELSPEC,
    WIDGET_VIEW,
    bidi_problem,
    drop_widget_views,
    glue,
    language_of,
    ltr_problem,
    repository_ref,
    repository_url,
    rtl_problem,
    setup_cell_source,
    standardize,
)

GOOD = '<div dir="rtl">\n\n(intro)=\n# כותרת\n\nטקסט עם $x^2$.\n\n</div>'


def test_good_cell_passes():
    assert rtl_problem(GOOD) is None
    assert rtl_problem("English only, no wrapper needed") is None


@pytest.mark.parametrize(
    "source, reason",
    [
        ("# כותרת\nטקסט", "must start with"),
        ('<div dir="rtl">\n(intro)=\n# כותרת\n\n</div>', "blank line must follow"),
        ('<div dir="rtl">\n\nטקסט\n</div>', "blank line must come before"),
        ('<div dir="rtl">\n\nטקסט', "must end with"),
        ('<div dir="rtl">\n\n# כותרת\n\n</div>', "needs an ASCII label"),
        ('<div dir="rtl">\n\n(כותרת)=\n# כותרת\n\n</div>', "needs an ASCII label"),
        ('<div dir="rtl">\n\nא\n\n</div>\n<div dir="rtl">\n\nב\n\n</div>', "must appear once"),
    ],
)
def test_badly_wrapped_cells_are_caught(source, reason):
    assert reason in rtl_problem(source)


def test_setup_cell_uses_the_configured_repository_and_version(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  url: https://example.org/a/b\n  ref: v1.2\n  branch: main\n")
    assert repository_url(config) == "https://example.org/a/b"
    assert repository_ref(config) == "v1.2"
    assert '"git+https://example.org/a/b@v1.2"' in setup_cell_source("https://example.org/a/b", "v1.2")
    compile(setup_cell_source("https://example.org/a/b", "v1.2"), "setup", "exec")


def test_setup_cell_refuses_a_url_that_would_break_it():
    with pytest.raises(ValueError, match="ref must be"):
        setup_cell_source("https://example.org/a/b", 'v1" + x')


def test_missing_repository_is_reported(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n")
    with pytest.raises(ValueError, match="repository: url"):
        repository_url(config)



def test_glue_shows_nothing_but_records_the_value():
    """Outside the book build a glued value must not appear under the cell; myst-nb's record is kept."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    with capture_output() as captured:
        glue("n_out", 6)
    assert captured.stdout == ""
    (out,) = captured.outputs
    assert out.data == {GLUE_PREFIX + "text/plain": "6"}
    assert out.metadata["scrapbook"] == {"name": "n_out", "mime_prefix": GLUE_PREFIX}
    with pytest.raises(ValueError, match="name must be"):
        glue("two words", 1)


def test_glue_matches_myst_nb():
    """The book build reads our records with myst-nb: they must be what its own glue writes."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from myst_nb import glue as myst_glue

    InteractiveShell.instance()
    with capture_output() as ours:
        glue("x", 0.25)
    with capture_output() as theirs:
        myst_glue("x", 0.25, display=False)
    assert [(o.data, o.metadata) for o in ours.outputs] == [(o.data, o.metadata) for o in theirs.outputs]


def test_saved_widget_views_give_way_to_the_still_picture():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {WIDGET_VIEW: {"model_id": "a"}, "image/png": "iVBO", "text/plain": "note"}},
        {"output_type": "display_data", "data": {WIDGET_VIEW: {"model_id": "b"}, "text/plain": "0%|"}},
        {"output_type": "stream", "name": "stdout", "text": "kept"},
    ]}]}
    assert drop_widget_views(nb) == 2
    outs = nb["cells"][0]["outputs"]
    assert [sorted(o.get("data", {})) for o in outs] == [["image/png", "text/plain"], []]
    assert outs[1]["text"] == "kept"


def test_standardize_writes_the_kernelspec_and_the_setup_cell():
    nb = {"metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
          "cells": [{"cell_type": "markdown", "source": "x"},
                    {"cell_type": "code", "source": "old", "outputs": [{"output_type": "stream"}]}]}
    standardize(nb, "https://example.org/a/b", "v1")
    assert nb["metadata"]["kernelspec"] == KERNELSPEC == {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    assert nb["cells"][1]["source"] == setup_cell_source("https://example.org/a/b", "v1")
    assert nb["cells"][1]["outputs"] == []
    with pytest.raises(ValueError, match="set-up cell"):
        standardize({"cells": []})


def test_the_set_up_cell_tells_the_notebook_language():
    for lang in ("he", "en"):
        nb = {"cells": [{"cell_type": "markdown", "source": "x"},
                        {"cell_type": "code", "source": setup_cell_source("https://example.org/a/b", "v1", lang)}]}
        assert language_of(nb) == lang
    assert language_of({"cells": [{"cell_type": "code", "source": "import cnnbook"}]}) == "he"  # the default
    with pytest.raises(ValueError, match="the language of the set-up cell must be one of"):
        language_of({"cells": [{"cell_type": "code", "source": 'cnnbook.set_language("fr")'}]})


@pytest.mark.parametrize(
    "source, reason",
    [
        ("(intro)=\n# Title\n\nText with $x^2$.", None),
        ("Text, then a Hebrew word: גרעין.", "no Hebrew letter; line 1"),
        ('<div dir="rtl">\n\nText\n\n</div>', "no right-to-left wrapper"),
        ("# Title\n\nText", "needs an ASCII label"),
    ],
)
def test_english_cells_are_checked(source, reason):
    problem = ltr_problem(source)
    assert problem is None if reason is None else reason in problem
    assert ltr_problem("# A heading of a reader copy", labels=False) is None


@pytest.mark.parametrize(
    "text, bad",
    [
        ("כלומר $y[2] =$ {glue:text}`y2_terms`, בדיוק", "$y[2] =$ {glue:text}`y2_terms`"),
        ("עם $\\alpha =$ {glue:text}`bp_alpha`.", "$\\alpha =$ {glue:text}`bp_alpha`"),
        ("הערך {glue:text}`n` $= 2^k$ כאן", "{glue:text}`n` $= 2^k$"),
        ("כלומר $y[0] =$ {glue:md}`y0:myst` כאן", "$y[0] =$ {glue:md}`y0:myst`"),
        ('כלומר <span dir="ltr">$y[2] =$ {glue:text}`y2_terms`</span>, בדיוק', None),
        ("כלומר $y[2]$ שווה ל־{glue:text}`y2_terms`", None),  # a word between them: two pieces, read right to left
        ("$$\ny = 1\n$$\n{glue:text}`y`", None),  # display math is a block of its own
        ("So $y[2] =$ {glue:text}`y2_terms`.", None),  # an English cell reads left to right anyway
    ],
)
def test_formula_next_to_a_glued_value_must_be_wrapped(text, bad):
    hebrew = any("\u0590" <= ch <= "\u05ff" for ch in text)
    source = f'<div dir="rtl">\n\n{text}\n\n</div>' if hebrew else text
    problem = bidi_problem(source)
    if bad is None:
        assert problem is None
    else:
        assert problem is not None and repr(bad) in problem and '<span dir="ltr">' in problem


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.name)
def test_hebrew_chapters_keep_formula_and_glued_value_together(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    problems = [f"cell {i}: {bidi_problem(''.join(c['source']))}" for i, c in enumerate(cells)
                if c["cell_type"] == "markdown" and bidi_problem("".join(c["source"]))]
    assert not problems, "\n".join(problems)
