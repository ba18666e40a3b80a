"""``python -m cnnbook fork URL``: the book points at its fork, consistently, all or nothing.

The command runs on a temporary copy of the repository (a git repository of its own),
never on this one, the way an instructor runs it in a fresh clone: ``python -m cnnbook``
with the copy's own package. The copy's notebook tests (tests/test_notebooks.py) must
still pass afterwards. It acts on the git repository of the folder it is run in, whatever
tree the package comes from, and refuses outside a clone of the book.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from cnnbook import fork
from cnnbook.files import ROOT
from cnnbook.notebook import repository_url, setup_cell_source

NEW = "https://github.com/example/cnn-course"
# Where the copy is pointed: NEW, or, in a book already pointed at NEW, somewhere else.
TARGET = NEW if repository_url() != NEW else NEW + "-2"
SKIP = shutil.ignore_patterns(
    ".git", "_build", "data", "screenshots", "assignments", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info", ".ipynb_checkpoints"
)


def git_init(folder):
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True, timeout=120)
    return folder


def copy_of_repository(dest):
    """A copy of the book, in a git repository of its own (uncommitted, as fork needs no commit)."""
    shutil.copytree(ROOT, dest, ignore=SKIP)
    return git_init(dest)


def run_cnnbook(root, *args, package=None, cwd=None):
    """``python -m cnnbook ARGS`` in ``cwd`` (default ``root``), with the package of ``package`` (default ``root``);
    git looks for a repository no higher than ``root``'s parent."""
    env = dict(os.environ, PYTHONPATH=str((package or root) / "code"), OMP_NUM_THREADS="1", GIT_CEILING_DIRECTORIES=str(Path(root).parent))
    return subprocess.run(
        [sys.executable, "-m", "cnnbook", *args], cwd=cwd or root, env=env, capture_output=True, text=True, timeout=600
    )


def snapshot(root):
    """Every file's bytes under ``root``."""
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def changed_files(before, after):
    return sorted(str(p) for p in set(before) | set(after) if before.get(p) != after.get(p))


def first_code_source(text):
    return "".join(next(c for c in json.loads(text)["cells"] if c["cell_type"] == "code")["source"])


@pytest.fixture(scope="module")
def forked(tmp_path_factory):
    """A copy of the repository, before and after ``fork TARGET``, and the command's result."""
    root = copy_of_repository(tmp_path_factory.mktemp("fork") / "book")
    before = snapshot(root)
    result = run_cnnbook(root, "fork", TARGET)
    return root, before, snapshot(root), result


# --- the URL and the branch ---------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/example/cnn-course",
        "https://github.com/example/cnn-course.git",
        "https://github.com/example/cnn-course/",
        "http://github.com/example/cnn-course",
        "git@github.com:example/cnn-course.git",
        "ssh://git@github.com/example/cnn-course.git",
        "  https://github.com/example/cnn-course  ",
    ],
)
def test_every_spelling_of_a_github_clone_url_names_the_same_repository(url):
    assert fork.repository_web_url(url) == NEW


@pytest.mark.parametrize(
    "url",
    ["", "cnn-course", "example/cnn-course", "ftp://github.com/example/cnn-course", "https://github.com/example cnn",
     "github.com/example/cnn-course", "mailto:me@example.com", None, 42],
)
def test_what_is_not_a_git_url_is_refused_naming_the_parameter(url):
    with pytest.raises(ValueError, match=r"^url must be a git repository URL such as https://github.com/OWNER/REPO"):
        fork.repository_web_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://gitlab.com/example/cnn-course", "file:///srv/git/cnn-course.git", "git@example.org:me/cnn-course.git"],
)
def test_a_repository_outside_github_is_refused_with_the_reason(url):
    with pytest.raises(ValueError, match=r"^url must name a repository on GitHub .*Colab buttons"):
        fork.repository_web_url(url)


@pytest.mark.parametrize(
    "url", ["https://github.com/example", "https://github.com/example/cnn-course/tree/main", "https://github.com/-x/cnn-course"]
)
def test_a_url_that_names_no_single_repository_is_refused(url):
    with pytest.raises(ValueError, match=r"^url must name one repository, OWNER/REPO"):
        fork.repository_web_url(url)


@pytest.mark.parametrize("branch", ["main", "course-2026", "release/v1.2", "gh_pages"])
def test_valid_branch_names_are_kept(branch):
    assert fork.check_branch(branch) == branch


@pytest.mark.parametrize("branch", ["", "-x", "a..b", "a b", "a:b", "x.lock", "a/", "/a", "a#b", "a@{1}", None])
def test_invalid_branch_names_are_refused_naming_the_parameter(branch):
    with pytest.raises(ValueError, match=r"^branch must be a git branch name"):
        fork.check_branch(branch)


# --- _config.yml ----------------------------------------------------------------------

CONFIG = """\
# a comment that stays
title: "x"
repository:
  # the one place that names the repository
  url: https://github.com/cnnbook-he/cnn-book   # trailing comment
  path_to_book: ""
  branch: main
html:
  use_repository_button: true
"""


def test_config_edit_changes_only_the_url_and_branch_lines():
    new = fork.config_with_repository(CONFIG, NEW, "course")
    old_lines, new_lines = CONFIG.splitlines(), new.splitlines()
    differ = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines)
    assert differ == [
        ("  url: https://github.com/cnnbook-he/cnn-book   # trailing comment", f"  url: {NEW}   # trailing comment"),
        ("  branch: main", "  branch: course"),
    ]
    assert yaml.safe_load(new)["repository"] == {"url": NEW, "path_to_book": "", "branch": "course"}


def test_config_edit_without_branch_keeps_the_branch_and_adds_one_where_missing():
    assert yaml.safe_load(fork.config_with_repository(CONFIG, NEW))["repository"]["branch"] == "main"
    no_branch = CONFIG.replace("  branch: main\n", "")
    assert yaml.safe_load(fork.config_with_repository(no_branch, NEW, "course"))["repository"]["branch"] == "course"


def test_a_branch_yaml_would_read_as_a_number_is_quoted():
    new = fork.config_with_repository(CONFIG, NEW, "2026")
    assert yaml.safe_load(new)["repository"]["branch"] == "2026"


def test_config_without_repository_url_is_refused():
    with pytest.raises(ValueError, match="no 'repository:' entry with a 'url:' line"):
        fork.config_with_repository("title: x\nrepository:\n  branch: main\n", NEW)


# --- the notebooks ---------------------------------------------------------------------

def test_committed_notebooks_are_exactly_as_nbformat_writes_them():
    """So that fork (which writes with nbformat) changes the set-up cell's lines and nothing else."""
    for path in fork.chapter_notebooks(ROOT):
        text = path.read_text(encoding="utf-8")
        assert nbformat.writes(nbformat.reads(text, as_version=4)) + "\n" == text, f"{path.name} is not in nbformat's layout"


def test_a_first_code_cell_that_is_not_the_set_up_cell_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(ValueError, match="ch.ipynb: the first code cell is not the set-up cell"):
        fork.notebook_with_setup_cell(nbformat.writes(nb), setup_cell_source(NEW), (repository_url(),), name="ch.ipynb")


# --- the command, on a copy of the repository -------------------------------------------

def configs(root):
    """The configuration files that name the repository: the book's, and the English edition's where it has one."""
    return [Path(p) for p in ("_config.yml", "en/_config.yml") if (root / p).is_file()]


def test_fork_changes_the_config_and_every_set_up_cell(forked):
    root, before, after, result = forked
    assert result.returncode == 0, result.stderr
    notebooks = [str(p.relative_to(root)) for p in fork.chapter_notebooks(root)]
    assert len(notebooks) >= 6
    assert changed_files(before, after) == sorted([*map(str, configs(root)), *notebooks])
    for name in configs(root):
        config = yaml.safe_load(after[name])
        assert config["repository"]["url"] == TARGET, name
        assert config["repository"]["branch"] == yaml.safe_load(before[name])["repository"]["branch"], name
    ref = yaml.safe_load(before[Path("_config.yml")])["repository"]["ref"]
    for name in notebooks:
        lang = "en" if name.startswith("en/") else "he"
        assert first_code_source(after[Path(name)].decode()) == setup_cell_source(TARGET, ref, lang), (
            f"{name}: the set-up cell must be the {lang} one, installing from {TARGET}")


def test_both_editions_are_forked():
    """The English chapters and their reader copies (under en/) have set-up cells too, in English."""
    found = {str(p.relative_to(ROOT)).split("/")[0] == "en" for p in fork.chapter_notebooks(ROOT)}
    assert found == {True, False}, "fork.chapter_notebooks(ROOT) must list the notebooks of both editions (chapters/, en/chapters/)"
    assert fork.edition(ROOT / "en" / "chapters" / "01_conv1d.ipynb", ROOT) == "en"
    assert fork.edition(ROOT / "notebooks" / "01_conv1d.ipynb", ROOT) == "he"


def test_fork_diff_is_the_url_line_and_the_set_up_cell_lines(forked):
    root, before, after, _ = forked
    old_config = before[Path("_config.yml")].decode().splitlines()
    new_config = after[Path("_config.yml")].decode().splitlines()
    assert [(a, b) for a, b in zip(old_config, new_config) if a != b] == [(f"  url: {repository_url()}", f"  url: {TARGET}")]
    for name in configs(root)[1:]:
        old, new = before[name].decode().splitlines(), after[name].decode().splitlines()
        assert len(old) == len(new)
        differ = [(a, b) for a, b in zip(old, new) if a != b]
        old_url = yaml.safe_load(before[name])["repository"]["url"]
        assert len(differ) == 1 and differ[0][0].replace(old_url, TARGET) == differ[0][1], (
            f"{name}: fork must change its repository url line and nothing else; changed {differ}")
    for path in fork.chapter_notebooks(root):
        name = path.relative_to(root)
        old, new = before[name].decode(), after[name].decode()
        old_setup, new_setup = first_code_source(old).splitlines(True), first_code_source(new).splitlines(True)
        removed = set(old.splitlines()) - set(new.splitlines())
        added = set(new.splitlines()) - set(old.splitlines())
        assert removed and added
        # Each line that differs is one line of the set-up cell's source list in the JSON.
        for line in removed:
            assert json.loads(line.strip().rstrip(",")) in old_setup, f"{name}: fork changed {line!r}"
        for line in added:
            assert json.loads(line.strip().rstrip(",")) in new_setup, f"{name}: fork wrote {line!r}"
        assert len(old.splitlines()) == len(new.splitlines())


def test_the_notebook_tests_pass_on_the_forked_copy(forked):
    root, _, _, result = forked
    assert result.returncode == 0, result.stderr
    env = dict(os.environ, PYTHONPATH=str(root / "code"), OMP_NUM_THREADS="1")
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_notebooks.py", "-q", "-p", "no:cacheprovider"],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout


def test_a_second_run_changes_nothing(forked):
    root, _, after, result = forked
    assert result.returncode == 0, result.stderr
    again = run_cnnbook(root, "fork", TARGET + ".git")
    assert again.returncode == 0, again.stderr
    assert "nothing to change" in again.stdout
    assert snapshot(root) == after


def test_a_bad_url_writes_nothing_and_says_why(tmp_path):
    root = copy_of_repository(tmp_path / "book")
    before = snapshot(root)
    result = run_cnnbook(root, "fork", "not a url")
    assert result.returncode != 0
    assert "url must be a git repository URL" in result.stderr and "Nothing was changed" in result.stderr
    assert snapshot(root) == before


def test_a_notebook_that_cannot_be_forked_leaves_every_file_as_it_was(tmp_path):
    """All or nothing: the last notebook is refused, so _config.yml and the other notebooks stay too."""
    root = copy_of_repository(tmp_path / "book")
    last = fork.chapter_notebooks(root)[-1]
    nb = nbformat.read(last, as_version=4)
    next(c for c in nb.cells if c.cell_type == "code").source = "import cnnbook"
    nbformat.write(nb, last)
    before = snapshot(root)
    with pytest.raises(ValueError, match=f"{last.name}: the first code cell is not the set-up cell"):
        fork.fork(TARGET, root=root)
    assert snapshot(root) == before


def test_branch_is_set_and_then_kept(tmp_path):
    root = copy_of_repository(tmp_path / "book")
    fork.fork(TARGET, "course-2026", root=root)
    for name in configs(root):
        assert yaml.safe_load((root / name).read_text(encoding="utf-8"))["repository"]["branch"] == "course-2026", name
    assert fork.fork(TARGET, root=root) == []  # no --branch: the branch stays, and nothing changes


# --- which repository ----------------------------------------------------------------------

def test_fork_acts_on_the_clone_it_is_run_in_not_on_the_package_s_tree(tmp_path):
    """The package comes from another tree (as from an install elsewhere); run from a folder inside the
    clone, fork changes that clone and nothing of the package's tree."""
    book = copy_of_repository(tmp_path / "book")
    package = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "code", package / "code", ignore=SKIP)
    shutil.copy(ROOT / "_config.yml", package / "_config.yml")  # what a wrong fork would rewrite first
    book_before, package_before = snapshot(book), snapshot(package)
    result = run_cnnbook(tmp_path, "fork", TARGET, package=package, cwd=book / "chapters")
    assert result.returncode == 0, result.stderr
    assert snapshot(package) == package_before
    changed = changed_files(book_before, snapshot(book))
    assert "_config.yml" in changed and any(name.startswith("chapters/") for name in changed), changed
    assert repository_url(book / "_config.yml") == TARGET
    assert "changed _config.yml" in result.stdout.splitlines()  # named relative to the clone


def test_outside_a_git_repository_fork_refuses_and_says_where_to_run_it(tmp_path):
    folder = tmp_path / "not-a-clone"
    folder.mkdir()
    result = run_cnnbook(tmp_path, "fork", TARGET, package=ROOT, cwd=folder)
    assert result.returncode != 0
    assert "is not in a git repository: run it in your clone of the book" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert list(folder.iterdir()) == []


def test_in_another_git_repository_fork_refuses_naming_what_is_missing(tmp_path):
    other = git_init(tmp_path / "other")
    (other / "_config.yml").write_text("title: another book\nrepository:\n  url: https://github.com/a/b\n", encoding="utf-8")
    before = snapshot(other)
    result = run_cnnbook(tmp_path, "fork", TARGET, package=ROOT, cwd=other)
    assert result.returncode != 0
    assert f"the git repository {other} is not this book's (it has no _toc.yml, chapters, code/cnnbook)" in result.stderr
    assert snapshot(other) == before


def test_repository_root_finds_the_top_from_any_folder_and_checks_its_argument(tmp_path):
    book = git_init(tmp_path / "book")
    for name in fork.BOOK_FILES:
        (book / name).mkdir(parents=True) if "." not in name else (book / name).write_text("", encoding="utf-8")
    assert fork.repository_root(book / "code" / "cnnbook").resolve() == book.resolve()
    with pytest.raises(ValueError, match="cwd must be an existing folder"):
        fork.repository_root(tmp_path / "missing")
