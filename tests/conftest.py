import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository's own code and tests run against the checked-out package.
sys.path.insert(0, str(ROOT / "code"))
os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import settings  # noqa: E402

# Enough examples to cover the grid of kernel, padding, stride and dilation; no deadline
# because the first call into torch is slow.
settings.register_profile("book", max_examples=150, deadline=None)
settings.load_profile("book")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def built_book():
    """Build the whole site once per session, both editions, warnings as errors; return the HTML folder
    (the Hebrew edition at its root, the English one in ``en/``), as ``make build`` does."""
    sys.path.insert(0, str(ROOT / "_ext"))
    import build_site

    for edition, result in build_site.build(rebuild_all=True, capture_output=True, text=True):
        if result.returncode != 0:
            pytest.fail(f"the {edition} edition's build failed or warned:\n{(result.stdout + result.stderr)[-6000:]}")
    return build_site.SITE
