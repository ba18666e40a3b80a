"""Where the book's files are, and writing them atomically.

``ROOT`` is the top of the repository when the package runs from a checkout
(``code/cnnbook`` two levels down); in an installed copy (Colab) it points
into site-packages, so callers ask ``checkout_root()``, which is None there,
before they read or write anything under it.

Writing: nothing is ever left half-written.

A file is written under a temporary name in the same folder and renamed into
place only when it is complete (and, where asked, verified). An interrupted
write leaves the old file, or no file, never a broken one.
"""
import contextlib
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The two editions of the book: the Hebrew one at the top of the repository,
# the English one under en/. Each has chapters/ (the notebooks) and
# notebooks/ (their reader copies, for Colab and downloads).
EDITIONS = {"he": ROOT, "en": ROOT / "en"}


def edition_of(path):
    """``"en"`` for a file of the English edition (under ``en/``), else ``"he"``."""
    parts = Path(path).resolve().parts
    root = ROOT.parts
    if parts[: len(root)] == root:
        parts = parts[len(root):]
        return "en" if parts[:1] == ("en",) else "he"
    # Outside the checkout (a copy elsewhere): judge by the folder above chapters/ or notebooks/.
    for i, part in enumerate(parts[:-1]):
        if part in ("chapters", "notebooks") and i and parts[i - 1] == "en":
            return "en"
    return "he"


def checkout_root():
    """``ROOT`` when the package runs from a checkout of the book's repository, else None (installed)."""
    if (ROOT / "pyproject.toml").is_file() and (ROOT / "code" / "cnnbook").is_dir():
        return ROOT
    return None


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; on success rename it to ``path``.

    >>> with atomic_path("figs/x.png") as tmp:   # doctest: +SKIP
    ...     fig.savefig(tmp)

    If the block raises, the temporary file is removed and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part" + path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a finished file gets the usual mode
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path, data):
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path, text):
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))
