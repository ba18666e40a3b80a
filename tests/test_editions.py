"""The two editions of every chapter are the same notebook in two languages.

``chapters/NAME.ipynb`` (Hebrew) and ``en/chapters/NAME.ipynb`` (English) must
have, cell by cell:

- the same cells, of the same types;
- the same code, comments aside (Python's own tokenizer finds the comments;
  nbgrader's ``### BEGIN SOLUTION`` and nbval's ``# NBVAL_IGNORE_OUTPUT``
  markers are not comments here), except the
  set-up cell, which chooses the edition's language;
- the same glued names: glued by the same code cells, and quoted
  (``{glue:...}``) by the same markdown cells;
- the same ``(label)=`` lines, so that a link into one edition has its
  counterpart in the other;
- the same exercises: the same nbgrader metadata (grade ids, points, solution
  and locked cells) and the same calls of the checkers with the same ids;
- the same cell tags, and figure metadata (``mystnb``) with the same fields,
  each in its own language.

And each edition's outputs come from its own run: the English notebook's
outputs hold no Hebrew and no right-to-left markup; the Hebrew notebook's
figure alt texts and checker feedback are Hebrew. (After a change of the
code or the catalogues, run ``python -m cnnbook execute`` on both editions.)

Every failure names the chapter and the cell index (counted from 0, as
``nbformat`` and JupyterLab's ``activeCellIndex`` count).
"""
import ast
import difflib
import io
import json
import re
import tokenize

import pytest

from cnnbook.files import ROOT
from cnnbook.notebook import HEBREW
from cnnbook.reader import FENCE_OPEN, LABEL_LINE, ROLE

HE = ROOT / "chapters"
EN = ROOT / "en" / "chapters"
CHAPTERS = sorted(p.name for p in HE.glob("*.ipynb"))
# Lines that look like comments but carry meaning, so they stay: nbgrader's solution markers
# (cnnbook.assign, nbgrader) and nbval's cell markers (# NBVAL_IGNORE_OUTPUT, ...).
MARKER = re.compile(r"^\s*(###\s*(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)|#\s*NBVAL_[A-Z_]+)\s*$")
ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.S)


def source(cell):
    return "".join(cell["source"])


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def editions(name):
    """The Hebrew and the English notebook of chapter ``name`` (dicts); a clear failure where one is missing."""
    he, en = HE / name, EN / name
    if not en.is_file():
        pytest.fail(f"{name}: the English edition is missing: en/chapters/{name} must exist beside chapters/{name}")
    return load(he), load(en)


def where(name, i):
    return f"{name}, cell {i}"


def paired_cells(name):
    """``(index, Hebrew cell, English cell)`` of chapter ``name``, after checking that the cells pair up."""
    he, en = editions(name)
    he_types = [c["cell_type"] for c in he["cells"]]
    en_types = [c["cell_type"] for c in en["cells"]]
    if he_types != en_types:
        first = next((i for i, (a, b) in enumerate(zip(he_types, en_types)) if a != b), min(len(he_types), len(en_types)))
        pytest.fail(
            f"{name}: the editions' cells differ from cell {first} on: the Hebrew edition has {len(he_types)} cells "
            f"({', '.join(he_types[first:first + 3]) or 'none'} ...), the English one {len(en_types)} "
            f"({', '.join(en_types[first:first + 3]) or 'none'} ...). Both must have the same cells, of the same types."
        )
    return list(zip(range(len(he_types)), he["cells"], en["cells"]))


def without_comments(code):
    """``code`` with its comments removed (and lines that held only a comment), found by Python's tokenizer.

    nbgrader's solution markers and nbval's markers stay. Code that does not tokenize (an IPython
    magic) is returned as it is, to be compared exactly.
    """
    lines = code.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    cuts = {}
    for tok in tokens:
        row, col = tok.start
        if tok.type == tokenize.COMMENT and not MARKER.match(lines[row - 1]):
            cuts[row] = col
    kept = []
    for row, line in enumerate(lines, 1):
        if row in cuts:
            line = line[: cuts[row]].rstrip()
            if not line.strip():
                continue
        kept.append(line)
    return "\n".join(kept)


def glued_names(cell):
    """The names that a code cell glues (myst-nb's record of each glued value), in order."""
    return [out["metadata"]["scrapbook"]["name"] for out in cell.get("outputs", [])
            if (out.get("metadata") or {}).get("scrapbook")]


def quoted_glue(cell):
    """The glued names that a markdown cell quotes: ``{glue...}`NAME...``` roles and ``{glue:...} NAME`` directives."""
    text = source(cell)
    names = [m.group(2).split(":")[0].strip() for m in ROLE.finditer(text) if m.group(1).startswith("glue")]
    for line in text.splitlines():
        m = FENCE_OPEN.match(line)
        if m and m.group(3).startswith("glue"):
            names.append(m.group(4).split(":")[0].strip())
    return sorted(names)


def checker_calls(code):
    """Every call of a checker (a function whose name starts with ``check``) in ``code``, in order:
    ``(function name, its string arguments)``, e.g. ``("check_answer", ("conv1d-length",))``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if fname.startswith("check"):
                strings = tuple(a.value for a in [*node.args, *(k.value for k in node.keywords)]
                                if isinstance(a, ast.Constant) and isinstance(a.value, str))
                calls.append((node.lineno, node.col_offset, fname, strings))
    return [c[2:] for c in sorted(calls)]


def structure(value):
    """A metadata value with its words replaced by their kind: what must match between the editions."""
    if isinstance(value, dict):
        return {k: structure(v) for k, v in value.items()}
    if isinstance(value, list):
        return [structure(v) for v in value]
    return "<text>" if isinstance(value, str) else value


def texts(value):
    """Every string inside a metadata value."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return [value] if isinstance(value, str) else []


def output_texts(cell):
    """``(what, text)`` for everything a code cell's outputs show in words: streams, text and HTML, JSON, errors."""
    found = []
    for k, out in enumerate(cell.get("outputs", [])):
        if out.get("output_type") == "stream":
            found.append((f"output {k} ({out.get('name')})", source({"source": out.get("text", "")})))
        if out.get("output_type") == "error":
            found.append((f"output {k} (error)", "\n".join([out.get("evalue", "")] + out.get("traceback", []))))
        for mime, data in (out.get("data") or {}).items():
            if mime.startswith("image/") and not mime.startswith("image/svg"):
                continue  # pixels (base64)
            text = data if isinstance(data, str) else "".join(data) if isinstance(data, list) else json.dumps(data, ensure_ascii=False)
            found.append((f"output {k} ({mime})", text))
    return found


def near(text, match, width=40):
    return text[max(0, match.start() - width): match.end() + width].replace("\n", " ")


# --- the tests ------------------------------------------------------------------------------


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks under chapters/"


def test_both_editions_have_the_same_chapters():
    assert EN.is_dir(), "en/chapters/ is missing: the English edition's notebooks live there, one per chapter"
    english = sorted(p.name for p in EN.glob("*.ipynb"))
    assert english == CHAPTERS, (
        f"en/chapters/ and chapters/ must hold the same notebooks: only in chapters/: "
        f"{sorted(set(CHAPTERS) - set(english))}; only in en/chapters/: {sorted(set(english) - set(CHAPTERS))}"
    )


@pytest.mark.parametrize("name", CHAPTERS)
def test_same_cells_of_the_same_types(name):
    assert paired_cells(name)


@pytest.mark.parametrize("name", CHAPTERS)
def test_code_cells_are_identical_comments_aside(name):
    cells = [(i, he, en) for i, he, en in paired_cells(name) if he["cell_type"] == "code"]
    assert cells, f"{name}: no code cells"
    for n, (i, he, en) in enumerate(cells):
        if n == 0:  # the set-up cell: each edition's own (tests/test_notebooks.py)
            continue
        a, b = without_comments(source(he)), without_comments(source(en))
        if a != b:
            diff = "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), "chapters/" + name,
                                                  "en/chapters/" + name, lineterm="", n=1))
            pytest.fail(f"{where(name, i)}: the code differs between the editions (comments aside):\n{diff}\n"
                        "Change the cell in both editions; reader words in code come from the catalogue (cnnbook.msg), not from literals.")


@pytest.mark.parametrize("name", CHAPTERS)
def test_both_glue_the_same_names(name):
    pairs = paired_cells(name)
    glued = 0
    for i, he, en in pairs:
        if he["cell_type"] == "code":
            assert glued_names(he) == glued_names(en), (
                f"{where(name, i)}: the Hebrew edition's run glued {glued_names(he)}, the English one's "
                f"{glued_names(en)}; run python -m cnnbook execute on both")
            glued += len(glued_names(he))
        elif he["cell_type"] == "markdown":
            assert quoted_glue(he) == quoted_glue(en), (
                f"{where(name, i)}: the Hebrew text quotes the glued values {quoted_glue(he)}, the English "
                f"text {quoted_glue(en)}; both must quote the same numbers")
    quoted = {n for _, he, _ in pairs if he["cell_type"] == "markdown" for n in quoted_glue(he)}
    names = {n for _, he, _ in pairs if he["cell_type"] == "code" for n in glued_names(he)}
    assert quoted <= names, f"{name}: quoted but not glued by the notebook's run: {sorted(quoted - names)}"
    assert glued or not quoted


@pytest.mark.parametrize("name", CHAPTERS)
def test_same_labels(name):
    found = 0
    for i, he, en in paired_cells(name):
        if he["cell_type"] != "markdown":
            continue
        a, b = LABEL_LINE.findall(source(he)), LABEL_LINE.findall(source(en))
        assert a == b, f"{where(name, i)}: the Hebrew cell has the labels {a}, the English one {b}; they must be the same"
        found += len(a)
    assert found, f"{name}: no (label)= lines at all"


@pytest.mark.parametrize("name", CHAPTERS)
def test_same_exercises_with_the_same_checker_ids(name):
    exercises = 0
    for i, he, en in paired_cells(name):
        a, b = he.get("metadata", {}).get("nbgrader"), en.get("metadata", {}).get("nbgrader")
        assert a == b, f"{where(name, i)}: nbgrader metadata differ: Hebrew {a}, English {b}"
        exercises += bool(a)
        if he["cell_type"] == "code":
            ca, cb = checker_calls(source(he)), checker_calls(source(en))
            assert ca == cb, f"{where(name, i)}: the checkers called differ: Hebrew {ca}, English {cb}"
    assert exercises, f"{name}: no exercise (no cell with nbgrader metadata)"


@pytest.mark.parametrize("name", CHAPTERS)
def test_same_cell_tags(name):
    for i, he, en in paired_cells(name):
        a, b = he.get("metadata", {}).get("tags", []), en.get("metadata", {}).get("tags", [])
        assert sorted(a) == sorted(b), f"{where(name, i)}: the Hebrew cell is tagged {a}, the English one {b}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_figure_metadata_has_the_same_fields_each_in_its_language(name):
    """``mystnb`` metadata (a figure's alt text and caption) exist in both editions, in each one's language."""
    for i, he, en in paired_cells(name):
        a, b = he.get("metadata", {}).get("mystnb"), en.get("metadata", {}).get("mystnb")
        assert structure(a) == structure(b), (
            f"{where(name, i)}: figure metadata (mystnb) differ in their fields: Hebrew {structure(a)}, English {structure(b)}")
        for text in texts(a):
            assert HEBREW.search(text), f"{where(name, i)}: the Hebrew edition's figure metadata {text!r} is not Hebrew"
        for text in texts(b):
            assert not HEBREW.search(text), f"{where(name, i)}: the English edition's figure metadata has Hebrew: {text!r}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_english_outputs_come_from_an_english_run(name):
    """No Hebrew letter and no right-to-left markup in any output of the English notebook."""
    for i, _, en in paired_cells(name):
        if en["cell_type"] != "code":
            continue
        for what, text in output_texts(en):
            m = HEBREW.search(text)
            assert not m, (f"en/chapters/{name}, cell {i}, {what}: Hebrew in an English output: ...{near(text, m)}...; "
                           "the English notebook's outputs must come from its own run (python -m cnnbook execute)")
            m = re.search(r"""dir\s*=\s*["']?rtl""", text)
            assert not m, f"en/chapters/{name}, cell {i}, {what}: right-to-left markup in an English output: ...{near(text, m)}..."


def calls_a_checker(cell):
    return bool(checker_calls(source(cell)))


@pytest.mark.parametrize("name", CHAPTERS)
def test_each_edition_shows_alt_text_and_feedback_in_its_language(name):
    """The figure alt texts of each edition's outputs, and its checkers' feedback, are in its own language."""
    seen = {"he": 0, "en": 0}
    for i, he, en in paired_cells(name):
        if he["cell_type"] != "code":
            continue
        for lang, cell in (("he", he), ("en", en)):
            path = ("chapters/" if lang == "he" else "en/chapters/") + name
            for what, text in output_texts(cell):
                if "html" not in what:
                    continue
                for m in ALT.finditer(text):
                    alt = m.group(2)
                    assert alt.strip(), f"{path}, cell {i}, {what}: an empty alt text"
                    assert bool(HEBREW.search(alt)) == (lang == "he"), (
                        f"{path}, cell {i}, {what}: the alt text {alt[:80]!r} is not in the edition's language ({lang}); "
                        "run python -m cnnbook execute on it")
                    seen[lang] += 1
                if calls_a_checker(cell) and lang == "he":
                    assert HEBREW.search(text), f"{path}, cell {i}, {what}: the checker's feedback is not Hebrew: {text[:120]!r}"
    assert seen["he"] == seen["en"], (
        f"{name}: the Hebrew outputs show {seen['he']} alt texts, the English ones {seen['en']}; the same code shows the same figures")


# --- the helpers, on small examples ---------------------------------------------------------


def test_comments_go_but_solution_markers_and_hashes_in_strings_stay():
    code = '# NBVAL_IGNORE_OUTPUT\n# a comment line\nx = "#1"  # a comment\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n\nz = 3'
    assert without_comments(code) == '# NBVAL_IGNORE_OUTPUT\nx = "#1"\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n\nz = 3'
    assert without_comments("%matplotlib inline\nx = 1  # c") == "%matplotlib inline\nx = 1"
    assert without_comments('s = """\n# not a comment\n"""') == 's = """\n# not a comment\n"""'


def test_checker_calls_are_found_with_their_ids():
    code = 'check_answer("conv1d-y1", answer)\nfrom m import check\ncheck_conv1d(my_conv1d)\nex.check_pool(f, name="p")'
    assert checker_calls(code) == [("check_answer", ("conv1d-y1",)), ("check_conv1d", ()), ("check_pool", ("p",))]


def test_quoted_glue_names_roles_and_directives():
    cell = {"source": "{glue:text}`n:,` and {glue}`loss` {glue:md}`table`\n```{glue:figure} fig\n:name: x\n```\n{ref}`n`"}
    assert quoted_glue(cell) == ["fig", "loss", "n", "table"]
