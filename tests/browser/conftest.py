"""Browser-test fixtures: serve a folder over http on 127.0.0.1 and drive Debian chromium.

* ``serve(directory)`` -> base URL ending in "/" (one threaded ``http.server`` per
  folder, for the whole session). Works for a temporary page and for the built book.
* ``browser``: one chromium for the whole session (launching it costs about a second).
* ``browser_page``: a fresh page in its own context; it records every request URL
  and every console error and uncaught page error (``.requests``, ``.errors``).

The page weights that test_book_ux.py records (``audit.WEIGHTS``) are printed as a table at
the end of the run by tests/conftest.py, which also gathers them from every xdist worker.

The tests skip, with the reason, where Playwright or ``/usr/bin/chromium`` is missing.
"""
import functools
import os
import sys
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the tests import audit.py

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """``serve(directory)`` -> ``"http://127.0.0.1:PORT/"`` serving that folder."""
    servers = {}

    def _serve(directory):
        directory = Path(directory).resolve()
        if not directory.is_dir():
            raise ValueError(f"directory must be an existing folder, got {directory}")
        if directory not in servers:
            handler = functools.partial(_QuietHandler, directory=str(directory))
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=httpd.serve_forever, name=f"serve {directory.name}", daemon=True).start()
            servers[directory] = httpd
        return f"http://127.0.0.1:{servers[directory].server_address[1]}/"

    yield _serve
    for httpd in servers.values():
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    # Where a browser is missing the tests skip with the reason, except in CI
    # (CI=true), where a missing browser is a failure: .ci/run installs it.
    missing = pytest.fail if os.environ.get("CI") else pytest.skip
    try:
        from playwright import sync_api
    except ImportError:
        missing("Python playwright is not installed (pip install -r requirements.txt)")
    if not Path(CHROMIUM).exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class RecordedPage:
    """A Playwright page plus what it asked the network for and what went wrong on it."""

    def __init__(self, page):
        self.page = page
        self.requests = []  # every request URL, in order
        self.errors = []  # console messages of type "error" and uncaught exceptions
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, msg):
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            self.errors.append(f"console: {msg.text}" + (f" ({where})" if where else ""))

    def foreign_requests(self, base_url):
        """Requests that left the origin of ``base_url`` (data: and about: URLs stay home)."""
        origin = urlsplit(base_url)[:2]
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "about", "blob") and urlsplit(url)[:2] != origin
        ]

    def assert_clean(self, base_url):
        """No console error, no uncaught exception, no request outside the served site."""
        assert self.errors == [], self.errors
        assert self.foreign_requests(base_url) == []


@pytest.fixture
def browser_page(browser):
    """A fresh page (desktop size, Hebrew locale) recording requests and errors."""
    context = browser.new_context(viewport={"width": 900, "height": 900}, locale="he-IL")
    context.set_default_timeout(10_000)
    recorded = RecordedPage(context.new_page())
    yield recorded
    context.close()
