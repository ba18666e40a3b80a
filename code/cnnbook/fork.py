"""Point the book at its fork: ``python -m cnnbook fork URL [--branch BRANCH]``.

An instructor who forks the book runs this once in the fork: in the clone, at its
top or in any folder of it. It acts on that git repository (``git rev-parse
--show-toplevel`` of the current folder, which must be the book's), never on the
tree the ``cnnbook`` package happens to be installed from; outside a clone of
the book it refuses and says so. It changes

* ``repository.url`` (and, with ``--branch``, ``repository.branch``) in
  ``_config.yml``, and in the English edition's ``en/_config.yml`` where there
  is one: only those lines, in place, so comments and everything else stay as
  they are;
* the set-up cell (the first code cell) of every chapter notebook and reader
  copy of both editions, re-rendered by ``cnnbook.notebook.setup_cell_source``
  for the new URL in the notebook's language (English under ``en/``), so the
  Colab buttons of the built book and the cell that installs ``cnnbook`` agree.

All or nothing: the URL and the branch are checked first, then every new file
is computed and checked; only then is anything written (each file through a
temporary file, all renamed into place at the end). Running it again with the
same arguments changes nothing.

The notebooks are written exactly as nbformat writes them (as ``python -m
cnnbook execute`` does), so the diff of a notebook is its set-up cell's lines.
"""
import contextlib
import re
import subprocess
from pathlib import Path

from . import notebook
from .files import atomic_path

# One GitHub account or organisation name, and one repository name.
OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
REPO = r"[A-Za-z0-9_.-]+"
# The spellings of a git repository URL (git help clone, "GIT URLS").
GIT_URL = [
    re.compile(r"^https?://(?:[^@/\s]+@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>[^\s?#]+)$"),
    re.compile(r"^(?:git\+)?ssh://(?:[^@/\s]+@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>[^\s?#]+)$"),
    re.compile(r"^git://(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>[^\s?#]+)$"),
    re.compile(r"^(?:[A-Za-z0-9_.-]+@)?(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]+):(?!/)(?P<path>[^\s?#]+)$"),  # scp-like
    re.compile(r"^file://(?P<host>)(?P<path>/[^\s?#]+)$"),
]
EXAMPLES = "https://github.com/OWNER/REPO, git@github.com:OWNER/REPO.git or ssh://git@github.com/OWNER/REPO.git"
# A branch name git accepts (git help check-ref-format), kept to characters YAML takes bare.
BRANCH = re.compile(r"^(?![/.-])(?!.*(?:\.\.|//|/\.|@\{|\.lock/|\.lock$))[A-Za-z0-9._/-]+(?<![/.])$")


# What makes a git repository this book's: the files that fork changes or reads.
BOOK_FILES = ("_config.yml", "_toc.yml", "chapters", "code/cnnbook")


def repository_root(cwd=None):
    """The top folder of the git repository that ``cwd`` (default: the current folder) is in.

    Raises ValueError, saying what to do, where ``cwd`` is in no git repository,
    where git is missing, and where the repository is not the book's (it lacks one
    of ``BOOK_FILES``).
    """
    cwd = Path.cwd() if cwd is None else Path(cwd)
    if not cwd.is_dir():
        raise ValueError(f"cwd must be an existing folder, got {str(cwd)!r}")
    where = "run it in your clone of the book (its top folder or any folder in it)"
    try:
        found = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise ValueError(f"fork needs git, to find the repository it changes: install git, then {where}") from None
    if found.returncode != 0:
        raise ValueError(f"{cwd} is not in a git repository: {where}")
    top = Path(found.stdout.strip())
    missing = [name for name in BOOK_FILES if not (top / name).exists()]
    if missing:
        raise ValueError(f"the git repository {top} is not this book's (it has no {', '.join(missing)}): {where}")
    return top


def repository_web_url(url):
    """The GitHub page ``https://github.com/OWNER/REPO`` of a git repository URL.

    Accepts the usual spellings of a clone URL (https, ``git@github.com:``,
    ``ssh://``, with or without ``.git``). Raises ValueError, naming ``url``, for
    anything that is not a git repository URL, and for a repository outside
    GitHub: the book's Colab and launch buttons (sphinx-book-theme) open the
    notebooks from GitHub only, and the book's build fails on another host.
    """
    if not isinstance(url, str):
        raise ValueError(f"url must be a git repository URL such as {EXAMPLES} (a string); got {url!r}")
    url = url.strip()
    match = next((m for m in (p.match(url) for p in GIT_URL) if m), None)
    if match is None:
        raise ValueError(f"url must be a git repository URL such as {EXAMPLES}; got {url!r}")
    host = match.group("host").lower()
    path = match.group("path").rstrip("/").removesuffix(".git")
    parts = path.split("/")
    if host not in ("github.com", "www.github.com"):
        raise ValueError(
            f"url must name a repository on GitHub ({EXAMPLES}): the book's Colab buttons "
            f"can open notebooks from GitHub only; got {url!r}"
        )
    if len(parts) != 2 or not re.fullmatch(OWNER, parts[0]) or not re.fullmatch(REPO, parts[1]) or parts[1] in (".", ".."):
        raise ValueError(f"url must name one repository, OWNER/REPO, such as {EXAMPLES}; got {url!r}")
    return f"https://github.com/{parts[0]}/{parts[1]}"


def check_branch(branch):
    """``branch`` if it is a valid git branch name, else ValueError naming ``branch``."""
    if not isinstance(branch, str) or not BRANCH.match(branch):
        raise ValueError(
            "branch must be a git branch name such as main or course-2026 (letters, digits, "
            f"'.', '_', '-', '/'; no '..', no leading '-' or '/'); got {branch!r}"
        )
    return branch


def _block(lines, key):
    """Line indices of the top-level mapping ``key:`` and of its indented children."""
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:\s*(#.*)?$", line.rstrip("\n"))), None)
    if start is None:
        return None, []
    body = []
    for i in range(start + 1, len(lines)):
        text = lines[i].rstrip("\n")
        if text.strip() and not text[0].isspace():
            break
        body.append(i)
    return start, body


def _scalar(value):
    """``value`` as a YAML scalar that reads back as that string (quoted where YAML would read a number or a boolean)."""
    import yaml

    return value if yaml.safe_load(value) == value else f'"{value}"'


def config_with_repository(text, url, branch=None):
    """``_config.yml``'s text with ``repository.url`` (and ``repository.branch``) set.

    Only those lines change; a missing ``branch:`` line is added after ``url:``.
    """
    import yaml

    lines = text.splitlines(keepends=True)
    start, body = _block(lines, "repository")
    entry = re.compile(r"^(?P<indent>[ \t]+)(?P<key>url|branch):(?P<space>[ \t]*)(?P<value>[^#\n]*?)(?P<rest>[ \t]+#.*)?(?P<end>\n?)$")
    found = {}
    for i in body:
        m = entry.match(lines[i])
        if m and m.group("key") not in found:
            found[m.group("key")] = (i, m)
    if start is None or "url" not in found:
        raise ValueError("_config.yml has no 'repository:' entry with a 'url:' line to change")
    indent = found["url"][1].group("indent")
    for key, value in (("url", url), ("branch", branch)):
        if value is None:
            continue
        if key in found:
            i, m = found[key]
            if m.group("indent") != indent:
                raise ValueError(f"_config.yml: 'repository: {key}:' is not indented like 'url:'")
            lines[i] = f"{indent}{key}: {_scalar(value)}{m.group('rest') or ''}{m.group('end')}"
        else:
            i = found["url"][0]
            if not lines[i].endswith("\n"):
                lines[i] += "\n"
            lines.insert(i + 1, f"{indent}{key}: {_scalar(value)}\n")
    new = "".join(lines)
    # What YAML reads back: the two values, and nothing else changed.
    before, after = yaml.safe_load(text), yaml.safe_load(new)
    expected = dict(before.get("repository") or {}, url=url, **({"branch": branch} if branch else {}))
    if after.get("repository") != expected or {**before, "repository": None} != {**after, "repository": None}:
        raise ValueError("_config.yml: changing 'repository: url/branch:' would change something else; edit it by hand")
    return new


def chapter_notebooks(root):
    """Every notebook with a set-up cell: the chapters (``chapters/*.ipynb``) and their reader copies
    (``notebooks/*.ipynb``, what the Colab buttons open), and those of another edition (``*/chapters/``,
    ``*/notebooks/``)."""
    root = Path(root)
    found = [p for folder in ("chapters", "notebooks")
             for p in sorted(root.glob(f"{folder}/*.ipynb")) + sorted(root.glob(f"*/{folder}/*.ipynb"))]
    return [p for p in found if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)]


def notebook_with_setup_cell(text, setup_source, old_urls, name="notebook"):
    """A notebook's JSON text with its first code cell replaced by ``setup_source``.

    The first code cell must be a set-up cell: one that installs from one of
    ``old_urls`` (the configured repository, or the new one on a second run).
    """
    import nbformat

    nb = nbformat.reads(text, as_version=4)
    cell = next((c for c in nb.cells if c.cell_type == "code"), None)
    if cell is None:
        raise ValueError(f"{name}: has no code cell; its first code cell must be the set-up cell")
    if not any(u and u in cell.source for u in old_urls):
        raise ValueError(
            f"{name}: the first code cell is not the set-up cell (it installs from none of {sorted(set(old_urls))}); "
            "make it cnnbook.notebook.setup_cell_source() and run fork again"
        )
    if cell.source == setup_source:
        return text
    cell.source = setup_source
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def edition(path, root):
    """``"en"`` for a file of the English edition (under ``root/en/``), else ``"he"``."""
    return "en" if Path(path).relative_to(root).parts[:1] == ("en",) else "he"


def plan(url, branch=None, root=None):
    """``{path: new text}`` for every file that ``fork`` would change in the book at ``root``
    (default: ``repository_root()``, the git repository of the current folder); nothing is written."""
    root = repository_root() if root is None else Path(root)
    web_url = repository_web_url(url)
    if branch is not None:
        check_branch(branch)
    config = root / "_config.yml"
    if not config.is_file():
        raise ValueError(f"root must be the book's repository (with _config.yml); {config} is missing")
    old_text = config.read_text(encoding="utf-8")
    old_urls = {notebook.repository_url(config), web_url}
    ref = notebook.repository_ref(config)
    changes = {}
    configs = [config] + [p for p in [root / "en" / "_config.yml"] if p.is_file()]
    for path in configs:
        text = old_text if path == config else path.read_text(encoding="utf-8")
        try:
            new_config = config_with_repository(text, web_url, branch)
        except ValueError as exc:
            raise ValueError(str(exc).replace("_config.yml", str(path.relative_to(root)), 1)) from None
        old_urls.add(notebook.repository_url(path))
        if new_config != text:
            changes[path] = new_config
    notebooks = chapter_notebooks(root)
    if not notebooks:
        raise ValueError(f"root must be the book's repository; no chapter notebooks under {root / 'chapters'}")
    setup = {lang: notebook.setup_cell_source(url=web_url, ref=ref, lang=lang) for lang in ("he", "en")}
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        new = notebook_with_setup_cell(text, setup[edition(path, root)], tuple(old_urls), name=str(path.relative_to(root)))
        if new != text:
            changes[path] = new
    return changes


def write_all(changes):
    """Write every ``{path: text}`` atomically and together: all temporary files first, then the renames."""
    with contextlib.ExitStack() as stack:
        for path, text in changes.items():
            tmp = stack.enter_context(atomic_path(path))
            tmp.write_bytes(text.encode("utf-8"))
    return sorted(changes)


def fork(url, branch=None, root=None):
    """Point the book in ``root`` (default: ``repository_root()``, the git repository of the current
    folder) at the repository ``url``; return the paths changed (empty when none)."""
    return write_all(plan(url, branch, root))
