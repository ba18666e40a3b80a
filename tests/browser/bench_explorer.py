"""Speed benchmark: how long the convolution-arithmetic explorer takes to redraw, in headless Chromium.

    python tests/browser/bench_explorer.py [--rounds N] [--modes 1d 2d]

For each mode, a standalone page (``cnnbook.explorer.explorer_html``, no book build needed) opens
the explorer at its largest drawing (every slider at its maximum but kernel, stride and dilation
at 1, so every cell of the padded input is an output) with the numbers shown; then the padding
slider is moved N times between its two largest values, as a reader drags it, and each change is
timed twice: until its ``input`` handler returns (the synchronous redraw), and until the next
animation frame (what the reader waits for). It prints one line per mode, and a last line of a
fixed form::

    explorer_redraw rounds=<N> 1d_cells=<n> 1d_handler_ms=<median> 1d_frame_ms=<median> 2d_cells=<n> 2d_handler_ms=<median> 2d_frame_ms=<median>

Figures, not a test: they depend on the machine and on what else it runs. The tests
(test_explorer_browser.py) check that the drawing is right and fits a phone, and that this
measurement runs; none of them asserts a time.
"""
import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "code"))  # this checkout's cnnbook

from cnnbook import explorer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

PAGE = """<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>explorer redraw benchmark</title></head>
<body>{body}</body></html>
"""

REDRAW_JS = """async (root, rounds) => {
  // Time each slider change: the synchronous redraw, and until the next animation frame.
  const el = root.querySelector('input[type=range][name="padding"]');
  const sync = [], frame = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    el.value = String(Number(el.max) - ((rounds - 1 - r) % 2));   // the largest and the next-largest, in turn, ending at the largest
    el.dispatchEvent(new Event("input", {bubbles: true}));
    sync.push(performance.now() - t0);
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
    frame.push(performance.now() - t0);
  }
  return {sync, frame, cells: root.querySelectorAll("[data-in],[data-out]").length};
}"""


def largest(mode):
    """The settings of the largest drawing: sliders at their maxima, kernel, stride and dilation at 1."""
    return {name: 1 if name.startswith(("kernel", "stride", "dilation")) else hi for name, (lo, hi) in explorer.RANGES[mode].items()}


def redraw_timing(root, rounds=40):
    """``{"sync": [ms], "frame": [ms], "cells": n}``: ``rounds`` changes of the padding slider of the
    explorer ``root`` (a Playwright locator), each timed in the page; the slider ends at its maximum."""
    if not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be an integer >= 1, got {rounds!r}")
    return root.evaluate(REDRAW_JS, rounds)


def summary(mode, timing):
    return {f"{mode}_cells": timing["cells"], f"{mode}_handler_ms": statistics.median(timing["sync"]),
            f"{mode}_frame_ms": statistics.median(timing["frame"])}


def run(rounds=40, modes=explorer.MODES):
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    with tempfile.TemporaryDirectory() as folder:
        for mode in modes:
            body = explorer.explorer_html(mode, numbers=True, **largest(mode))
            Path(folder, f"{mode}.html").write_text(PAGE.format(body=body), encoding="utf-8")
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        figures = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                for mode in modes:
                    page = browser.new_page(viewport={"width": 900, "height": 900})
                    page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{mode}.html")
                    root = page.locator(f'[data-conv-explorer="{mode}"]').first
                    root.wait_for()
                    timing = redraw_timing(root, rounds)
                    print(f"{mode}: redraw of {timing['cells']} cells, {rounds} slider changes: "
                          f"{statistics.median(timing['sync']):.2f} ms median in the handler (max {max(timing['sync']):.2f}), "
                          f"{statistics.median(timing['frame']):.2f} ms median to the next animation frame (max {max(timing['frame']):.2f})")
                    figures.update(summary(mode, timing))
                    page.close()
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    print(f"explorer_redraw rounds={rounds} " + " ".join(
        f"{key}={value}" if isinstance(value, int) else f"{key}={value:.2f}" for key, value in figures.items()))
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python tests/browser/bench_explorer.py", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="slider changes timed per mode (default 40)")
    parser.add_argument("--modes", nargs="+", default=list(explorer.MODES), choices=explorer.MODES,
                        help="which explorers to time (default: 1d 2d)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds must be an integer >= 1, got {args.rounds}")
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (apt-get install chromium)")
    run(args.rounds, tuple(args.modes))


if __name__ == "__main__":
    main()
