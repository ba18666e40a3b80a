"""What the browser tests measure on a page of the built book: axe-core, contrast, page weight.

* ``run_axe(page)`` waits until the page's CSS animations and transitions have ended
  (``animations_done``: an opened solution fades in, and half-transparent text fails the
  contrast rule), then injects axe-core (installed from npm into ``tests/browser/node_modules``
  by ``npm ci --prefix tests/browser``; never fetched from the network) and returns its
  results, restricted to WCAG A/AA and best-practice rules.
* ``text_contrasts(page, selector)`` computes, in the page, the contrast ratio of every
  text element under ``selector`` against the colour actually painted behind it (walking
  up through the ancestors' backgrounds, blending translucent ones), where axe reports
  "incomplete" because of pseudo-elements or overlapping boxes.
* ``PageWeight`` records every response of a page and its body size.

Run as a script (``python tests/browser/audit.py [BUILD_DIR]``) it prints the axe counts
and the page weights of every page of a built book (both editions) in the three views the tests use.
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"

# The three views of every page that the tests audit: (name, context options).
VIEWS = {
    "desktop-light": dict(viewport={"width": 1366, "height": 900}, color_scheme="light"),
    "desktop-dark": dict(viewport={"width": 1366, "height": 900}, color_scheme="dark"),
    "phone": dict(viewport={"width": 390, "height": 844}, color_scheme="light", is_mobile=True, has_touch=True, device_scale_factor=2),
}

# (page, bytes, requests, largest responses) recorded by test_page_weight, printed by conftest.
WEIGHTS = []

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, "resultTypes": ["violations", "incomplete"]}


def axe_source():
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci --prefix tests/browser` (see the Makefile's setup)")
    return AXE.read_text(encoding="utf-8")


ANIMATIONS_DONE_JS = """async () => {
  // Every running animation or transition that ends (not an endless spinner, not a paused one) is
  // awaited through its own 'finished' promise; a finished one may start another (a transition
  // after an animation), so look again, two frames later, until none is left.
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  let waited = 0;
  for (let round = 0; round < 20; round++) {
    await frames();
    const running = document.getAnimations().filter(a => a.playState === 'running' && a.effect
      && Number.isFinite(a.effect.getComputedTiming().endTime));
    if (!running.length) return waited;
    waited += running.length;
    await Promise.all(running.map(a => a.finished.catch(() => null)));  // a cancelled one rejects
  }
  throw new Error('animations kept starting for 20 rounds');
}"""


def animations_done(page):
    """Wait until no CSS animation or transition that ends is running; return how many were awaited."""
    return page.evaluate(ANIMATIONS_DONE_JS)


def run_axe(page):
    """axe-core's violations and incomplete results for the page once its animations have ended."""
    animations_done(page)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=axe_source())
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)


def serious(results):
    """The serious and critical violations, as {rule id: number of nodes}."""
    return {v["id"]: len(v["nodes"]) for v in results["violations"] if v["impact"] in ("serious", "critical")}


def counts_by_impact(results):
    counts = {}
    for v in results["violations"]:
        counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
    return counts


CONTRAST_JS = """selector => {
  // Contrast of each element's own text against the colour painted behind it.
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none' || el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
      const bg = background(el);
      const fg = over(parse(st.color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      out.push({text: el.textContent.trim().slice(0, 40), ratio: (a + 0.05) / (b + 0.05), needed: large ? 3 : 4.5,
                colour: st.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`});
    }
  }
  return out;
}"""


def text_contrasts(page, selector):
    """[{text, ratio, needed, colour, background}] for every piece of text under ``selector``
    (once the page's animations have ended)."""
    animations_done(page)
    return page.evaluate(CONTRAST_JS, selector)


class PageWeight:
    """Every response a page receives, with its body size in bytes."""

    def __init__(self, page):
        self.responses = []
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # a request the browser cancelled
            size = 0
        self.responses.append((request.url, size))

    @property
    def total(self):
        return sum(size for _, size in self.responses)

    @property
    def count(self):
        return len(self.responses)

    def largest(self, n=5):
        return sorted(self.responses, key=lambda r: -r[1])[:n]


def settle(page):
    """Wait until MathJax has typeset the page (where it is loaded), fonts are in and the network is quiet.

    One wait for the network to be idle (500 ms without a request), at the end: MathJax's
    configuration is inline, so once the page has loaded the script below finds it and waits
    for its startup (which loads the rest of MathJax) and for the fonts."""
    page.wait_for_load_state("load")
    page.evaluate(
        """async () => {
            for (let i = 0; i < 100 && window.MathJax && !(MathJax.startup && MathJax.startup.promise); i++)
                await new Promise(r => setTimeout(r, 100));
            if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
            await document.fonts.ready;
        }"""
    )
    page.wait_for_load_state("networkidle")


def audit_book(build_dir, pages, out=None):
    """Axe counts and weights of ``pages`` (paths under ``build_dir``) in every view; print a table."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(build_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        for view, options in VIEWS.items():
            for path in pages:
                context = browser.new_context(locale="en-GB" if path.startswith("en/") else "he-IL", **options)
                page = context.new_page()
                weight = PageWeight(page)
                page.goto(base + path, timeout=120_000)
                settle(page)
                results = run_axe(page)
                rows.append(
                    dict(view=view, page=path, weight=weight.total, requests=weight.count, impacts=counts_by_impact(results), serious=serious(results),
                         largest=weight.largest(4))
                )
                context.close()
        browser.close()
    httpd.shutdown()
    for r in rows:
        print(f"{r['view']:14} {r['page']:42} {r['weight'] / 1e6:6.2f} MB {r['requests']:4} req  {r['impacts']}  {r['serious']}")
    if out:
        Path(out).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return rows


if __name__ == "__main__":
    import sys

    root = HERE.parents[1]
    build = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "_build" / "html"
    pages = ["intro.html", "glossary.html"] + [f"chapters/{p.name}" for p in sorted((build / "chapters").glob("*.html"))] + ["search.html"]
    if (build / "en" / "intro.html").exists():  # the English edition, where it was built
        pages += ["en/" + path for path in pages]
    audit_book(build, pages, out=sys.argv[2] if len(sys.argv) > 2 else None)
