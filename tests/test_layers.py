"""The package's layers: a module never imports one of a higher layer (CONTRIBUTING.md)."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "code" / "cnnbook"

LAYERS = {
    1: {"lang", "checks", "files", "shapes", "conv", "pool", "shifts", "backward"},
    2: {"style", "draw"},
    3: {"animate", "figures", "notebook"},
    4: {"widgets", "explorer"},
    5: {"data", "model", "train", "bench", "lenet_figures", "torch_reference"},
    6: {"exercises", "exercise_cells", "assign", "fork", "reader", "nbgrader_course", "__main__", "__init__"},
}
# Third-party packages that may first appear at a layer (and above).
THIRD_PARTY = {"matplotlib": 2, "imageio": 3, "IPython": 3, "ipywidgets": 4, "torch": 5, "torchvision": 5}


def layer_of(module):
    for layer, names in LAYERS.items():
        if module in names:
            return layer
    return None


def imports(path):
    """(name, is_own_module) for every import in a module, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # from .x import y  /  from . import x
                if node.module:
                    yield node.module.split(".")[0], True
                else:
                    for alias in node.names:
                        yield alias.name, True
            elif node.module.startswith("cnnbook"):
                parts = node.module.split(".")
                if len(parts) > 1:
                    yield parts[1], True
                else:
                    for alias in node.names:
                        yield alias.name, True
            else:
                yield node.module.split(".")[0], False
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], False


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent == PACKAGE or p.parent.name == "exercises")


def test_every_module_has_a_layer():
    for path in MODULES:
        if path.parent == PACKAGE:
            assert layer_of(path.stem) is not None, f"{path.name} is in no layer of tests/test_layers.py"


@pytest.mark.parametrize("path", [p for p in MODULES if p.parent == PACKAGE], ids=lambda p: p.name)
def test_no_import_from_a_higher_layer(path):
    own = layer_of(path.stem)
    for name, is_own in imports(path):
        if is_own:
            other = layer_of(name)
            if other is not None:
                assert other <= own, f"{path.name} (layer {own}) imports {name} (layer {other})"
        elif name in THIRD_PARTY:
            assert THIRD_PARTY[name] <= own, f"{path.name} (layer {own}) imports {name}, allowed from layer {THIRD_PARTY[name]}"
