/* The built book as readers meet it (see _ext/book_ux.py). Plain JavaScript, no network.
 *
 * 1. Both sidebar drawers open from every toggle button (pydata-sphinx-theme 0.17
 *    binds only the first .primary-toggle on the page, issue #2451).
 * 2. The theme button says which colour mode is on.
 * 3. Every animated GIF gets a player: pause/play, step back/forward, frame number.
 * 4. Every figure opens full-screen (click, tap, Enter or Space; Escape closes).
 * 5. Search results show clean text: no raw TeX, no page furniture.
 * 6. Small typesetting fixes: "LeNet-5" never breaks; "(" and "w =" stay with what follows.
 * 7. The language switch keeps the reader's place: the #section and the search query.
 * 8. sphinx-copybutton's tooltips in Hebrew (it ships no Hebrew words).
 */
(function () {
  "use strict";

  const ready = function (fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  };

  /* The words this script shows, in the page's language (<html lang>): one table per edition. */
  const WORDS = {
    he: {
      bookContents: "תוכן הספר", pageContents: "בדף הזה",
      modes: { light: "בהירה", dark: "כהה", auto: "לפי הגדרות המערכת" },
      modeLabel: function (name) { return "ערכת צבעים: " + name + " (לחיצה מחליפה)"; },
      player: "נגן האנימציה", prevFrame: "התמונה הקודמת", nextFrame: "התמונה הבאה",
      frameCount: function (i, n) { return "תמונה " + i + " מתוך " + n; },
      pause: "עצירת האנימציה", play: "הפעלת האנימציה",
      zoomed: "איור מוגדל", fit: "התאמה למסך", close: "סגירה", zoomIn: "הגדלת האיור", zoomTitle: "הגדלה",
      copyButton: { copy: "העתקה", copy_to_clipboard: "העתקה ללוח", copy_success: "הועתק!", copy_failure: "ההעתקה נכשלה" },
    },
    en: {
      bookContents: "Book contents", pageContents: "On this page",
      modes: { light: "light", dark: "dark", auto: "as the system's settings" },
      modeLabel: function (name) { return "Colour mode: " + name + " (click to change)"; },
      player: "Animation player", prevFrame: "Previous frame", nextFrame: "Next frame",
      frameCount: function (i, n) { return "Frame " + i + " of " + n; },
      pause: "Pause the animation", play: "Play the animation",
      zoomed: "Enlarged figure", fit: "Fit to screen", close: "Close", zoomIn: "Enlarge the figure", zoomTitle: "Enlarge",
    },
  };
  const W = WORDS[document.documentElement.lang] || WORDS.en;
  const DIR = document.documentElement.dir || "ltr";

  /* --------------------------------------------------- 8. copy button */
  // copybutton.js (loaded just before this script) keeps its words in the global `messages` and
  // picks `locale` from <html lang> only among the languages it knows; its buttons are made once
  // the page is loaded, so adding ours now is in time.
  if (W.copyButton && typeof messages === "object" && messages && typeof locale === "string") {
    messages[document.documentElement.lang] = W.copyButton;
    locale = document.documentElement.lang; // eslint-disable-line no-global-assign
  }

  /* ------------------------------------------------------------ 1. drawers */
  const DRAWERS = {
    primary: { sidebar: "pst-primary-sidebar", dialog: "pst-primary-sidebar-modal", inline: "(min-width: 992px)" },
    secondary: { sidebar: "pst-secondary-sidebar", dialog: "pst-secondary-sidebar-modal", inline: "(min-width: 1200px)" },
  };

  const moveAll = function (from, to) {
    Array.from(from.childNodes).forEach(function (node) { to.appendChild(node); });
    Array.from(from.classList).forEach(function (cls) { from.classList.remove(cls); to.classList.add(cls); });
  };

  const drawerOf = function (button) {
    return button.classList.contains("primary-toggle") ? "primary" : "secondary";
  };

  function setUpDrawer(kind) {
    const d = DRAWERS[kind];
    const sidebar = document.getElementById(d.sidebar);
    const dialog = document.getElementById(d.dialog);
    if (!sidebar || !dialog || dialog.dataset.bookDrawer) return;
    dialog.dataset.bookDrawer = kind;
    dialog.setAttribute("aria-label", kind === "primary" ? W.bookContents : W.pageContents);
    // Closing (Escape, the backdrop, a link) puts the content back; the theme may do it too, harmlessly.
    dialog.addEventListener("close", function () {
      moveAll(dialog, sidebar);
      const opener = dialog._bookOpener;
      dialog._bookOpener = null;
      document.querySelectorAll("." + kind + "-toggle").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
      if (opener && opener.isConnected && opener.offsetParent !== null) opener.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) return; // a click inside the drawer's content
      const r = dialog.getBoundingClientRect();
      const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
      if (!inside || dialog.children.length === 0) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        dialog.close();
      }
    });
    // Following a link inside the drawer (on the same page) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a[href]")) dialog.close();
    });
  }

  function toggleDrawer(button) {
    const kind = drawerOf(button);
    const d = DRAWERS[kind];
    const sidebar = document.getElementById(d.sidebar);
    const dialog = document.getElementById(d.dialog);
    if (!sidebar || !dialog) return;
    setUpDrawer(kind);
    if (dialog.open) {
      dialog.close();
      return;
    }
    if (kind === "primary" && window.matchMedia(d.inline).matches) {
      // Wide screens: the sidebar is part of the page; the button shows or hides it (as sphinx-book-theme does).
      const hidden = sidebar.classList.toggle("pst-sidebar-hidden");
      button.setAttribute("aria-expanded", hidden ? "false" : "true");
      return;
    }
    moveAll(sidebar, dialog);
    dialog._bookOpener = button;
    dialog.showModal();
    button.setAttribute("aria-expanded", "true");
    const first = dialog.querySelector("a[href], button, input");
    if (first) first.focus();
  }

  // One listener for every toggle, in the capture phase: it runs before (and instead of) the
  // theme's own handlers, which reach only the first button of each kind.
  document.addEventListener(
    "click",
    function (event) {
      const button = event.target.closest && event.target.closest("button.primary-toggle, button.secondary-toggle");
      if (!button) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      toggleDrawer(button);
    },
    true
  );

  ready(function () {
    document.querySelectorAll("button.primary-toggle, button.secondary-toggle").forEach(function (button) {
      const kind = drawerOf(button);
      if (!button.getAttribute("aria-label")) {
        button.setAttribute("aria-label", button.getAttribute("title") || (kind === "primary" ? W.bookContents : W.pageContents));
      }
      button.setAttribute("aria-controls", DRAWERS[kind].dialog);
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-haspopup", "dialog");
    });
    Object.keys(DRAWERS).forEach(setUpDrawer);
  });

  /* ------------------------------------------------------- 2. theme button */

  function labelThemeButtons() {
    const mode = document.documentElement.dataset.mode || "auto";
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      const label = W.modeLabel(W.modes[mode] || mode);
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
      button.removeAttribute("data-bs-original-title");
      button.querySelectorAll("i").forEach(function (i) { i.setAttribute("aria-hidden", "true"); });
    });
  }
  ready(function () {
    labelThemeButtons();
    new MutationObserver(labelThemeButtons).observe(document.documentElement, { attributes: true, attributeFilter: ["data-mode"] });
  });

  /* ------------------------------------------------------ 3. GIF player */
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Every frame of a GIF, composed as the browser would show it, as PNG data URLs.
  function gifFrames(buffer) {
    const gif = gifuct.parseGIF(buffer);
    const parts = gifuct.decompressFrames(gif, true);
    const w = gif.lsd.width, h = gif.lsd.height;
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d");
    const patch = document.createElement("canvas");
    const pctx = patch.getContext("2d");
    const frames = [];
    parts.forEach(function (f) {
      const d = f.dims;
      const before = f.disposalType === 3 ? ctx.getImageData(0, 0, w, h) : null;
      patch.width = d.width;
      patch.height = d.height;
      pctx.putImageData(new ImageData(f.patch, d.width, d.height), 0, 0);
      ctx.drawImage(patch, d.left, d.top);
      frames.push({ src: canvas.toDataURL("image/png"), delay: Math.max(20, f.delay || 100) });
      if (f.disposalType === 2) ctx.clearRect(d.left, d.top, d.width, d.height);
      else if (before) ctx.putImageData(before, 0, 0);
    });
    return frames;
  }

  // Icons drawn in SVG (no icon font needed). They point the way the page reads:
  // right to left, "back" points right and "forward" left; left to right, the other way round.
  const svg = function (path) {
    return '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="' + path + '"/></svg>';
  };
  const ICONS = {
    play: svg("M4 2.5v11l9-5.5z"),
    pause: svg("M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"),
    pointRight: svg("M3 3v10l7-5zM11 3h2v10h-2z"),
    pointLeft: svg("M13 3v10l-7-5zM3 3h2v10H3z"),
  };
  ICONS.prev = DIR === "rtl" ? ICONS.pointRight : ICONS.pointLeft;
  ICONS.next = DIR === "rtl" ? ICONS.pointLeft : ICONS.pointRight;
  // The arrow key that steps forward: the one the page reads toward.
  const FORWARD_KEY = DIR === "rtl" ? "ArrowLeft" : "ArrowRight";

  function makePlayer(img, frames) {
    const wrap = document.createElement("div");
    wrap.className = "book-gif";
    const figure = img.closest(".book-zoom-open") || img; // the zoom button, where there is one
    figure.parentNode.insertBefore(wrap, figure);
    wrap.appendChild(figure);
    const bar = document.createElement("div");
    bar.className = "book-gif-controls";
    bar.setAttribute("role", "group");
    bar.dir = DIR;
    bar.setAttribute("aria-label", W.player);
    bar.innerHTML =
      '<button type="button" class="book-gif-prev" aria-label="' + W.prevFrame + '">' + ICONS.prev + "</button>" +
      '<button type="button" class="book-gif-play"></button>' +
      '<button type="button" class="book-gif-next" aria-label="' + W.nextFrame + '">' + ICONS.next + "</button>" +
      '<span class="book-gif-count" dir="' + DIR + '" aria-live="polite"></span>';
    wrap.appendChild(bar);
    const play = bar.querySelector(".book-gif-play");
    const count = bar.querySelector(".book-gif-count");
    let index = 0, timer = null;

    const show = function (i) {
      index = (i + frames.length) % frames.length;
      img.src = frames[index].src;
      wrap.dataset.frame = String(index + 1);
      count.textContent = W.frameCount(index + 1, frames.length);
    };
    const tick = function () {
      timer = setTimeout(function () { show(index + 1); tick(); }, frames[index].delay);
    };
    const setPlaying = function (on) {
      clearTimeout(timer);
      timer = null;
      wrap.dataset.playing = on ? "1" : "0";
      play.innerHTML = on ? ICONS.pause : ICONS.play;
      play.setAttribute("aria-label", on ? W.pause : W.play);
      play.setAttribute("aria-pressed", on ? "false" : "true");
      count.setAttribute("aria-live", on ? "off" : "polite"); // no chatter while it plays
      if (on) tick();
    };
    play.addEventListener("click", function () { setPlaying(wrap.dataset.playing !== "1"); });
    bar.querySelector(".book-gif-prev").addEventListener("click", function () { setPlaying(false); show(index - 1); });
    bar.querySelector(".book-gif-next").addEventListener("click", function () { setPlaying(false); show(index + 1); });
    // Keys on any of the player's buttons: the arrows step the way the page reads
    // (in Hebrew left is forward, in English right is).
    bar.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        setPlaying(false);
        show(index + (event.key === FORWARD_KEY ? 1 : -1));
      } else if (event.key === "k" || event.key === "K") {
        event.preventDefault();
        setPlaying(wrap.dataset.playing !== "1");
      }
    });
    // A hidden page does not need to animate.
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && timer) { clearTimeout(timer); timer = null; }
      else if (!document.hidden && wrap.dataset.playing === "1" && !timer) tick();
    });
    show(0);
    setPlaying(!reduceMotion);
    wrap.dataset.ready = "1";
    return wrap;
  }

  function setUpGif(img) {
    if (img.dataset.bookGif) return;
    img.dataset.bookGif = "1";
    fetch(img.currentSrc || img.src)
      .then(function (r) { return r.arrayBuffer(); })
      .then(function (buffer) {
        const frames = gifFrames(buffer);
        if (frames.length > 1) makePlayer(img, frames);
      })
      .catch(function (err) { console.warn("book: GIF player not set up:", err); });
  }

  ready(function () {
    if (typeof gifuct === "undefined") return;
    document.querySelectorAll('article img[src^="data:image/gif"], article img[src$=".gif"]').forEach(setUpGif);
  });

  /* ------------------------------------------------------ 4. figure zoom */
  let zoomDialog = null;

  function zoomDialogElement() {
    if (zoomDialog) return zoomDialog;
    zoomDialog = document.createElement("dialog");
    zoomDialog.className = "book-zoom-dialog";
    zoomDialog.setAttribute("aria-label", W.zoomed);
    zoomDialog.innerHTML =
      '<div class="book-zoom-bar"><button type="button" class="book-zoom-fit" aria-pressed="false">' + W.fit + '</button>' +
      '<button type="button" class="book-zoom-close">' + W.close + '</button></div>' +
      '<div class="book-zoom-stage"><img alt=""></div>';
    document.body.appendChild(zoomDialog);
    const fit = zoomDialog.querySelector(".book-zoom-fit");
    // Full size (the default) shows the figure at its own size or wider, to pan around with a
    // finger; "fit to screen" shows all of it at once.
    fit.addEventListener("click", function () {
      const fitted = zoomDialog.classList.toggle("book-zoom-fitted");
      fit.setAttribute("aria-pressed", fitted ? "true" : "false");
    });
    zoomDialog.querySelector(".book-zoom-close").addEventListener("click", function () { zoomDialog.close(); });
    zoomDialog.addEventListener("click", function (event) {
      if (event.target === zoomDialog || event.target.classList.contains("book-zoom-stage")) zoomDialog.close();
    });
    zoomDialog.addEventListener("close", function () {
      if (zoomDialog.open) return; // opened again before this (queued) event came
      zoomDialog.querySelector(".book-zoom-stage img").removeAttribute("src");
      const opener = zoomDialog._opener;
      zoomDialog._opener = null;
      if (opener && opener.isConnected) opener.focus();
    });
    return zoomDialog;
  }

  function openZoom(button, img) {
    const dialog = zoomDialogElement();
    const big = dialog.querySelector(".book-zoom-stage img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt || "";
    dialog.classList.remove("book-zoom-fitted");
    dialog.querySelector(".book-zoom-fit").setAttribute("aria-pressed", "false");
    dialog._opener = button;
    dialog.showModal();
    dialog.querySelector(".book-zoom-close").focus();
  }

  function zoomable(img) {
    if (img.closest("a, button, .cnx, .book-zoom-dialog, .sidebar-primary-items__start, .navbar-brand")) return false;
    return true;
  }

  ready(function () {
    document.querySelectorAll("article.bd-article img").forEach(function (img) {
      if (!zoomable(img)) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "book-zoom-open";
      button.setAttribute("aria-haspopup", "dialog");
      button.setAttribute("aria-label", W.zoomIn + (img.alt ? ": " + img.alt : ""));
      button.title = W.zoomTitle;
      img.parentNode.insertBefore(button, img);
      button.appendChild(img);
      button.addEventListener("click", function () { openZoom(button, img); });
    });
  });

  /* --------------------------------------------------- 5. search snippets */
  const TEX = [
    [/\\(?:left|right|bigg?|Bigg?|displaystyle|textstyle|quad|qquad)(?![A-Za-z])|\\[,;!]/g, " "],
    [/\\cdot/g, "·"], [/\\times/g, "×"], [/\\le(?:q)?\b/g, "≤"], [/\\ge(?:q)?\b/g, "≥"], [/\\neq?\b/g, "≠"],
    [/\\lfloor/g, "⌊"], [/\\rfloor/g, "⌋"], [/\\lceil/g, "⌈"], [/\\rceil/g, "⌉"], [/\\infty/g, "∞"],
    [/\\sum/g, "Σ"], [/\\in\b/g, "∈"], [/\\to\b/g, "→"], [/\\ldots|\\dots|\\cdots/g, "…"], [/\\max/g, "max"],
    [/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)"], [/\\(?:mathbf|mathrm|text|operatorname|boldsymbol|mathit)\{([^{}]*)\}/g, "$1"],
    [/\\([A-Za-z]+)/g, "$1"], [/[{}]/g, ""], [/\^/g, "^"], [/\\([()\[\]])/g, ""],
  ];

  function texToText(tex) {
    let t = tex.trim().replace(/^\\\(|\\\)$|^\\\[|\\\]$|^\$\$?|\$\$?$/g, "");
    TEX.forEach(function (rule) { t = t.replace(rule[0], rule[1]); });
    return t.replace(/\s+/g, " ").trim();
  }

  function cleanPageText(htmlString, anchor) {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    const main = doc.querySelector('[role="main"]');
    if (!main) return null;
    let root = anchor ? main.querySelector(anchor) : null;
    root = root || main.querySelector("article") || main;
    root.querySelectorAll(
      ".headerlink, script, style, nav, .bd-header-article, .prev-next-area, .bd-sidebar-secondary, .cell_input, .cell_output, " +
        ".toggle-details, details > summary, .admonition.hide > summary, figure img, .book-gif-controls"
    ).forEach(function (el) { el.remove(); });
    root.querySelectorAll(".math, .pasted-inline, .pasted-text").forEach(function (el) {
      if (/\\|\$/.test(el.textContent)) el.textContent = " " + texToText(el.textContent) + " ";
    });
    return root.textContent.replace(/\s+/g, " ").trim();
  }

  // Sphinx's searchtools.js comes after this script on the search page; it searches once the DOM is ready.
  ready(function () {
    if (typeof Search === "undefined" || !Search.htmlToText) return;
    const original = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      try {
        const text = cleanPageText(htmlString, anchor);
        if (text !== null) return text;
      } catch (err) {
        console.warn("book: search snippet fallback:", err);
      }
      return original(htmlString, anchor);
    };
  });

  /* ---------------------------------------------------- 6. typesetting */
  const NOBREAK_WORDS = /LeNet-5/g;

  function keepWordsWhole(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!NOBREAK_WORDS.test(node.nodeValue)) return NodeFilter.FILTER_REJECT;
        NOBREAK_WORDS.lastIndex = 0;
        return node.parentElement.closest("pre, code, script, style, .book-nowrap, mjx-container") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      const parts = node.nodeValue.split(/(LeNet-5)/);
      const frag = document.createDocumentFragment();
      parts.forEach(function (part) {
        if (part === "LeNet-5") {
          const span = document.createElement("span");
          span.className = "book-nowrap";
          span.textContent = part;
          frag.appendChild(span);
        } else if (part) frag.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(frag, node);
    });
  }

  // "(" never ends a line before the code or formula it opens, nor ")" starts one after it;
  // "w = (2, -1, 1)" in a checker's message keeps its name with its value.
  const JOINER = "\u2060";

  function joinBrackets(root) {
    root.querySelectorAll("code, a, mjx-container:not([display='true']), .pasted-inline, .pasted-text").forEach(function (el) {
      if (el.closest("pre")) return;
      const before = el.previousSibling, after = el.nextSibling;
      if (before && before.nodeType === 3 && /[(\[«"׳]$/.test(before.nodeValue)) before.nodeValue += JOINER;
      if (after && after.nodeType === 3 && /^[)\].,:;»"]/.test(after.nodeValue) && after.nodeValue[0] !== JOINER) after.nodeValue = JOINER + after.nodeValue;
    });
    root.querySelectorAll(".cnnbook-check code").forEach(function (code) {
      if (code.textContent.indexOf("\n") < 0) code.textContent = code.textContent.replace(/^([\w\[\]]+) = /, "$1\u00A0=\u00A0");
    });
  }

  // A display equation wider than the column scrolls sideways; one that does is a tab stop
  // (so that the keyboard can scroll it) and no other formula is, as the theme does for code.
  function tabStopsOnWideEquations() {
    document.querySelectorAll('article mjx-container[display="true"]').forEach(function (m) {
      if (m.scrollWidth > m.clientWidth + 1) m.setAttribute("tabindex", "0");
      else m.removeAttribute("tabindex");
    });
  }

  window.addEventListener("load", function () {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(tabStopsOnWideEquations);
      let pending = null;
      window.addEventListener("resize", function () {
        clearTimeout(pending);
        pending = setTimeout(tabStopsOnWideEquations, 200);
      });
    }
  });

  /* ------------------------------------------------- 7. language switch */
  // Both editions give a section the same label ("(even-kernels)="), so the switch carries the
  // section over by its label, and the query ("?q=...") as it is. A section's own id may be made
  // from its English title instead ("#padding-for-a-kernel-of-even-length", where the contents
  // link to); its label is then the empty <span id> at its start (ids "id6" are Sphinx's own).
  function sharedAnchor(hash) {
    if (hash.length < 2) return "";
    let target = null;
    try { target = document.getElementById(decodeURIComponent(hash.slice(1))); } catch (err) { return hash; }
    if (target && target.tagName === "SECTION") {
      const label = Array.from(target.children).find(function (c) {
        return c.tagName === "SPAN" && c.id && !c.textContent.trim() && !/^id\d+$/.test(c.id);
      });
      if (label) return "#" + label.id;
    }
    return hash;
  }

  function keepPlaceInSwitch() {
    document.querySelectorAll("a.edition-switch").forEach(function (a) {
      const base = a.dataset.bookHref || a.getAttribute("href");
      a.dataset.bookHref = base;
      a.setAttribute("href", base.split(/[?#]/)[0] + window.location.search + sharedAnchor(window.location.hash));
    });
  }
  ready(keepPlaceInSwitch);
  window.addEventListener("hashchange", keepPlaceInSwitch);

  ready(function () {
    keepWordsWhole(document.body);
    const article = document.querySelector("article.bd-article");
    if (!article) return;
    joinBrackets(article);
    window.addEventListener("load", function () {
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        MathJax.startup.promise.then(function () { joinBrackets(article); });
      }
    });
  });
})();
