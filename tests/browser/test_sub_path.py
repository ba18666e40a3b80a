"""The built book works from a sub-path, as GitHub Pages serves a project: ``https://OWNER.github.io/REPO/``.

The site is served at ``/cnn-course/`` of a local server whose root holds
nothing else, and every HTML page of the build (every edition) is loaded in
Chromium: no request may fail, and no request or link may leave
``/cnn-course/`` (a URL from the server's root, such as ``/_static/...``,
would break on GitHub Pages).
"""
from urllib.parse import urlsplit

import pytest

PREFIX = "cnn-course"


def site_pages(html):
    """Every HTML page of the build, relative to it (not the theme's template snippets under _static/)."""
    pages = []
    for path in sorted(html.rglob("*.html")):
        rel = path.relative_to(html)
        if not any(part.startswith(("_", ".")) for part in rel.parts):
            pages.append(rel.as_posix())
    return pages


@pytest.fixture(scope="module")
def sub_path_site(built_book, serve, tmp_path_factory):
    root = tmp_path_factory.mktemp("pages-root")
    (root / PREFIX).symlink_to(built_book, target_is_directory=True)
    return serve(root) + PREFIX + "/"


def test_every_page_loads_from_a_sub_path_with_no_failed_request(built_book, sub_path_site, browser_page):
    page = browser_page.page
    failed = []
    # A request the browser itself cancels (net::ERR_ABORTED: a favicon still loading when the
    # next page is opened) is no broken URL; a missing file shows up as an HTTP error below.
    page.on(
        "requestfailed",
        lambda request: "ERR_ABORTED" not in (request.failure or "") and failed.append(f"{request.url} ({request.failure})"),
    )
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url} (HTTP {response.status})"))

    pages = site_pages(built_book)
    assert {"index.html", "intro.html", "search.html", "chapters/01_conv1d.html"} <= set(pages)
    origin = "{0}://{1}/".format(*urlsplit(sub_path_site)[:2])
    problems = {}
    for path in pages:
        failed.clear()
        del browser_page.requests[:]
        page.goto(sub_path_site + path, wait_until="networkidle")
        outside = [
            url for url in browser_page.requests
            if urlsplit(url).scheme not in ("data", "about", "blob") and not url.startswith(sub_path_site)
        ]
        # Every link of the page that stays on this server stays under the sub-path too.
        links = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        stray = sorted({url for url in links if url.startswith(origin) and not url.startswith(sub_path_site)})
        if failed or outside or stray:
            problems[path] = {"failed": list(failed), "outside the sub-path": outside, "links outside": stray}
    assert problems == {}
    assert browser_page.errors == []
