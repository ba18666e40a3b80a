"""The LeNet-5 chapter quotes every number about a layer from the layer table it shows.

Read from the committed, executed notebook: the table printed by ``format_table``,
the values glued into the prose (``cnnbook.notebook.glue``) and the markdown.
"""
import json
import math
import re

import pytest

from cnnbook.files import ROOT
from cnnbook.model import LAYER_NAMES, LeNet5, layer_table
from cnnbook.reader import glued_texts

NOTEBOOK = sorted((ROOT / "chapters").glob("*_lenet_mnist.ipynb"))[0]
COLUMNS = ("params", "macs", "rf", "side", "outputs")
LAYER_GLUE = re.compile(rf"^({'|'.join(LAYER_NAMES)})_({'|'.join(COLUMNS)})$")
ROW = re.compile(r"^(?P<layer>\S+)\s+.*?\s(?P<shape>\d+(?: x \d+)*)\s+(?P<params>[\d,]+)\s+"
                 r"(?P<rf>\d+) x (?P=rf)\s+(?P<macs>[\d,]+)$")
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")


@pytest.fixture(scope="module")
def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


@pytest.fixture(scope="module")
def glued():
    """Every glued value by name, as the text the prose shows."""
    return glued_texts(json.loads(NOTEBOOK.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def shown_table(cells):
    """The layer table as the page prints it: {layer: {"shape", "params", "rf", "macs"}}."""
    (cell,) = [c for c in cells if c["cell_type"] == "code" and "print(format_table(table))" in source(c)]
    text = "".join("".join(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream")
    rows = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match and match["layer"] in LAYER_NAMES:
            rows[match["layer"]] = {
                "shape": tuple(int(v) for v in match["shape"].split(" x ")),
                "params": int(match["params"].replace(",", "")),
                "rf": int(match["rf"]),
                "macs": int(match["macs"].replace(",", "")),
            }
    assert list(rows) == list(LAYER_NAMES), text
    return rows


def test_the_shown_table_is_the_models(shown_table):
    for row in layer_table(LeNet5()):
        assert shown_table[row["layer"]] == {k: row[k] for k in ("shape", "params", "rf", "macs")}


def test_every_glued_layer_number_is_its_table_entry(glued, shown_table):
    layer_numbers = {name: value for name, value in glued.items() if LAYER_GLUE.match(name)}
    assert len(layer_numbers) == len(LAYER_NAMES) * len(COLUMNS)
    for name, value in layer_numbers.items():
        layer, column = LAYER_GLUE.match(name).groups()
        row = shown_table[layer]
        expected = {
            "params": f"{row['params']:,}", "macs": f"{row['macs']:,}", "rf": f"{row['rf']}",
            "side": f"{row['shape'][-1]}", "outputs": f"{math.prod(row['shape']):,}",
        }[column]
        assert value == expected, f"{name} = {value!r} in the prose, {expected!r} in the table"


def test_the_prose_quotes_layer_numbers_only_through_glue(cells, glued, shown_table):
    """No layer's parameter or multiply-add count is typed into the text (as 9,720 once was for C5):
    the prose names them with {glue:text}`<layer>_<column>`, and every glued name it uses exists."""
    prose = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    for name in GLUE_ROLE.findall(prose):
        assert name in glued, f"the prose uses {{glue:text}}`{name}`, which no cell glues"
    typed = GLUE_ROLE.sub("", prose)
    numbers = {row[k] for row in shown_table.values() for k in ("params", "macs") if row[k] >= 1000}
    numbers |= {sum(row["params"] for row in shown_table.values()), sum(row["macs"] for row in shown_table.values())}
    numbers.add(16 * 120 * 5 + 120)  # the wrong count of a 1D kernel, which the chapter once quoted for C5
    for n in numbers:
        for form in (f"{n:,}", str(n)):
            assert not re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", typed), f"{form} is typed into the prose"
    for layer, column in (("C5", "params"), ("C1", "macs"), ("C3", "macs"), ("C5", "rf")):
        assert f"{{glue:text}}`{layer}_{column}`" in prose


# ---- model selection and the numbers the prose draws conclusions from (issue 18) ----

EDITIONS = [NOTEBOOK, ROOT / "en" / "chapters" / NOTEBOOK.name]


def glued_values(path):
    return glued_texts(json.loads(path.read_text(encoding="utf-8")))


def pct(text):
    assert text.endswith("%"), text
    return float(text[:-1]) / 100


def number(text):
    return int(text.replace(",", ""))


@pytest.mark.parametrize("path", EDITIONS, ids=["he", "en"])
def test_the_reported_network_is_chosen_before_the_test_set_is_used(path):
    """The network is chosen by best_checkpoint (lowest validation error) and scored on the test set
    first; no cell before that one evaluates or predicts on the test images."""
    code = [source(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    touches = [i for i, s in enumerate(code) if re.search(r"(evaluate|predict)\([^)]*x_test", s)]
    first = code[touches[0]]
    assert "reported = best_checkpoint(model, history)" in first
    assert first.index("evaluate(reported, x_test") < first.index("evaluate(model, x_test")
    assert 'glue("test_error_pct", f"{test_error:.2%}")' in first  # the headline is the selected network's


@pytest.mark.parametrize("path", EDITIONS, ids=["he", "en"])
def test_the_numbers_behind_the_prose(path):
    g = glued_values(path)
    n_val, n_steps, n_checks = number(g["n_val_images"]), number(g["n_steps"]), number(g["n_checks"])
    assert n_checks == -(-n_steps // 100)  # a check every 100 updates, and one after the last
    # the validation loss rose after its low while the validation error, averaged over each epoch's checks,
    # stayed within the standard error of one check: over-confidence, not worse reading of new digits
    assert float(g["final_val_loss"]) > float(g["min_val_loss"])
    q = pct(g["low_epoch_error_pct"])
    assert abs(pct(g["last_epoch_error_pct"]) - q) < math.sqrt(q * (1 - q) / n_val)
    for name in ("low", "final", "best"):
        assert number(g[f"{name}_val_mistakes"]) == round(pct(g[f"{name}_val_error_pct"]) * n_val)
    # the selected check has the fewest validation mistakes of all, so no more than these two
    assert pct(g["best_val_error_pct"]) <= pct(g["final_val_error_pct"])
    assert number(g["best_step"]) <= n_steps
    # standard errors are those of a binomial count at the quoted error rates
    q_val, q_test = pct(g["best_val_error_pct"]), float(g["test_error"])
    assert pct(g["se_val_pct"]) == pytest.approx(math.sqrt(q_val * (1 - q_val) / n_val), abs=5e-5)
    assert pct(g["se_test_pct"]) == pytest.approx(math.sqrt(q_test * (1 - q_test) / 10_000), abs=5e-5)
    assert pct(g["test_error_pct"]) == pytest.approx(q_test, abs=5e-5)
    assert number(g["n_mistakes"]) == round(q_test * 10_000)
    assert number(g["last_n_mistakes"]) == round(pct(g["last_test_error_pct"]) * 10_000)


def test_both_editions_report_the_same_run():
    he, en = (glued_values(path) for path in EDITIONS)
    for name in ("n_steps", "n_checks", "min_val_loss", "final_val_loss", "low_epoch_error_pct", "last_epoch_error_pct",
                 "best_step", "best_val_error_pct", "test_error", "last_test_error_pct", "se_test_pct", "mistakes_loss_share"):
        assert he[name] == en[name], name
