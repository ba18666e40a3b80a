/* cnnbook: the convolution-arithmetic explorer (1D and 2D, convolution and max pooling).
 *
 * One implementation for the static book, Jupyter and Colab. Python's
 * cnnbook.explorer.explorer_html() inlines this file and then calls
 *     window.cnnbookExplorer.init(rootElement, config)
 * The guard below makes a second copy on the same page a no-op.
 *
 * The arithmetic is the one of cnnbook.shapes (Dumoulin & Visin 2016), one axis at a time:
 *     n_out = floor((n + 2p - d(K-1) - 1) / s) + 1
 *     output o reads the input positions o*s - p + m*d,  m = 0..K-1
 * Positions are in the coordinates of the unpadded input, so i < 0 or i >= n is padding.
 *
 * This file holds no reader's words: config.words (the catalogue's [explorer] table in the
 * reader's language), config.lang and config.dir come from Python.
 * tests/browser/test_explorer_browser.py keeps this file equal to the Python and to torch.
 */
(function () {
  "use strict";
  var VERSION = "2";
  if (window.cnnbookExplorer && window.cnnbookExplorer.version === VERSION) return;

  // ------------------------------------------------------------------ arithmetic

  /** Cells that a kernel of K taps with dilation d spans: d(K-1)+1. */
  function dilatedSize(k, d) { return d * (k - 1) + 1; }

  /** floor((n + 2p - d(K-1) - 1)/s) + 1, or 0 when the dilated kernel does not fit n + 2p. */
  function outputSize(n, k, p, s, d) {
    const room = n + 2 * p - dilatedSize(k, d);
    return room < 0 ? 0 : Math.floor(room / s) + 1;
  }

  /** The input positions that output o reads, one per tap m: o*s - p + m*d. */
  function inputPositions(o, k, p, s, d) {
    const positions = [];
    for (let m = 0; m < k; m++) positions.push(o * s - p + m * d);
    return positions;
  }

  /** The tap m with o*s - p + m*d = i, or -1 when output o does not read position i. */
  function tapAt(i, o, k, p, s, d) {
    const t = i - (o * s - p);
    if (t < 0 || t % d !== 0 || t / d >= k) return -1;
    return t / d;
  }

  function range(a, b) {
    const r = [];
    for (let i = a; i < b; i++) r.push(i);
    return r;
  }

  /** Cartesian product: [[0, 1], [5, 6]] -> [[0, 5], [0, 6], [1, 5], [1, 6]]. */
  function product(lists) {
    return lists.reduce(function (acc, list) {
      const out = [];
      acc.forEach(function (head) { list.forEach(function (x) { out.push(head.concat([x])); }); });
      return out;
    }, [[]]);
  }

  /** Every axis of the current settings, and why there is no output (if there is none). */
  function geometry(mode, op, v) {
    const dims = mode === "1d" ? [[v.input, v.kernel]] : [[v.input_h, v.kernel_h], [v.input_w, v.kernel_w]];
    const axes = dims.map(function (nk) {
      const a = { n: nk[0], k: nk[1], p: v.padding, s: v.stride, d: v.dilation };
      a.span = dilatedSize(a.k, a.d);
      a.padded = a.n + 2 * a.p;
      a.fits = a.span <= a.padded;
      a.out = outputSize(a.n, a.k, a.p, a.s, a.d);
      a.poolPadOk = a.p <= Math.floor(a.k / 2);   // torch's rule for pooling: p <= K//2
      return a;
    });
    const reasons = [];
    if (op === "max" && axes.some(function (a) { return !a.poolPadOk; })) reasons.push("pool-padding");
    if (axes.some(function (a) { return !a.fits; })) reasons.push("kernel");
    return { axes: axes, reasons: reasons, ok: reasons.length === 0 };
  }

  // Small integers for "show numbers": fixed by position, so that they stay put when a slider moves.
  function mix(a, b, salt) {
    let h = (Math.imul(a + 101, 73856093) ^ Math.imul(b + 211, 19349663) ^ Math.imul(salt, 83492791)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  function inputValue(idx) { return mix(idx[0], idx.length > 1 ? idx[1] : -1, 1) % 6; }        // 0..5
  function weightValue(idx) { return (mix(idx[0], idx.length > 1 ? idx[1] : -1, 2) % 4) - 1; } // -1..2

  // ------------------------------------------------------------------ text

  const MINUS = "\u2212";
  function num(x) {
    if (x === -Infinity) return MINUS + "\u221e";
    return x < 0 ? MINUS + String(-x) : String(x);
  }
  function paren(x) { return x < 0 ? "(" + num(x) + ")" : num(x); }
  /** `text` with its {fields} filled from `fields` (a field that is not given stays as it is). */
  function fill(text, fields) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return fields && Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : m;
    });
  }
  /** Left-to-right text inside a right-to-left widget: short pieces never break, formulas may wrap. */
  function ltr(html) { return '<span class="cnx-ltr cnx-nw" dir="ltr">' + html + "</span>"; }
  function ltrWrap(html) { return '<span class="cnx-ltr" dir="ltr">' + html + "</span>"; }
  function bracket(idx) { return "[" + idx.join(",") + "]"; }

  const GROUPS = {
    "1d": [["input", "kernel"], ["padding", "stride", "dilation"]],
    "2d": [["input_h", "input_w"], ["kernel_h", "kernel_w"], ["padding", "stride", "dilation"]],
  };
  const NAMES = {
    "1d": ["input", "kernel", "padding", "stride", "dilation"],
    "2d": ["input_h", "input_w", "kernel_h", "kernel_w", "padding", "stride", "dilation"],
  };
  /** [words, symbol] of the slider `name`; the words change between kernel and window. */
  function label(W, name, op) {
    const win = op === "max";
    switch (name) {
      case "input": return [W.input, "<i>n</i>"];
      case "input_h": return [W.input_h, "<i>H</i>"];
      case "input_w": return [W.input_w, "<i>W</i>"];
      case "kernel": return [win ? W.window : W.kernel, "<i>K</i>"];
      case "kernel_h": return [win ? W.window_h : W.kernel_h, "<i>K<sub>H</sub></i>"];
      case "kernel_w": return [win ? W.window_w : W.kernel_w, "<i>K<sub>W</sub></i>"];
      case "padding": return [W.padding, "<i>p</i>"];
      case "stride": return [W.stride, "<i>s</i>"];
      case "dilation": return [W.dilation, "<i>d</i>"];
    }
    return [name, ""];
  }
  /** The label's words, with a term in parentheses kept on one line. */
  function labelWords(W, name, op) {
    return label(W, name, op)[0].replace(/\(([^)]*)\)/, '<span class="cnx-nw">($1)</span>');
  }
  function axisWord(W, mode) { return mode === "2d" ? [W.axis_h, W.axis_w] : [""]; }
  function axisAlong(W, mode) { return mode === "2d" ? [W.along_h, W.along_w] : [""]; }
  const AXIS_SYM = { "1d": [["n", "K"]], "2d": [["H", "K<sub>H</sub>"], ["W", "K<sub>W</sub>"]] };

  // ------------------------------------------------------------------ drawing helpers

  /** One cell: a rect, an optional value in the middle and a tag (the weight it meets). */
  function cellSvg(cls, attrs, x, y, c, main, tag, numbers) {
    const tagY = numbers && main !== "" ? 10 : c / 2 + 3.5;
    let s = '<g class="cnx-c ' + cls + '" ' + attrs + ' transform="translate(' + x + "," + y + ')">' +
      '<rect x="1" y="1" width="' + (c - 2) + '" height="' + (c - 2) + '" rx="3"/>';
    if (main !== "") s += '<text class="cnx-v" x="' + c / 2 + '" y="' + (numbers && tag !== null ? c * 0.76 : c / 2 + 4.5) + '">' + main + "</text>";
    if (tag !== null) s += '<text class="cnx-tag" x="' + c / 2 + '" y="' + tagY + '">' + tag + "</text>";
    return s + "</g>";
  }

  /** A grid of cells; lists = [cols] (1D) or [rows, cols] (2D) of indices, with the indices along the edge. */
  function gridSvg(lists, c, cellFn, aria) {
    const two = lists.length === 2;
    const rows = two ? lists[0] : [null];
    const cols = lists[lists.length - 1];
    const left = two ? 22 : 1, top = two ? 14 : 1, bottom = two ? 1 : 14;
    const w = left + cols.length * c + 1, h = top + rows.length * c + bottom;
    let s = '<svg class="cnx-svg" viewBox="0 0 ' + w + " " + h +
      '" width="' + w + '" height="' + h + '" role="group" aria-label="' + aria + '">';
    cols.forEach(function (col, ci) {
      const y = two ? top - 4 : top + rows.length * c + 11;
      s += '<text class="cnx-idx" x="' + (left + ci * c + c / 2) + '" y="' + y + '">' + num(col) + "</text>";
    });
    if (two) rows.forEach(function (row, ri) {
      s += '<text class="cnx-idx" x="' + (left - 10) + '" y="' + (top + ri * c + c / 2 + 3.5) + '">' + num(row) + "</text>";
    });
    rows.forEach(function (row, ri) {
      cols.forEach(function (col, ci) {
        s += cellFn(two ? [row, col] : [col], left + ci * c, top + ri * c);
      });
    });
    return s + "</svg>";
  }

  function block(caption, svg, dir) {
    return '<figure class="cnx-block"><figcaption dir="' + dir + '">' + caption + "</figcaption>" + svg + "</figure>";
  }

  // ------------------------------------------------------------------ the explorer

  function Explorer(root, config) {
    this.root = root;
    this.mode = config.mode === "2d" ? "2d" : "1d";
    this.op = config.op === "max" ? "max" : "conv";
    this.numbers = !!config.numbers;
    this.ranges = config.ranges;
    this.W = config.words || {};
    this.lang = config.lang || "he";
    this.dir = config.dir === "ltr" ? "ltr" : "rtl";
    this.v = {};
    const self = this;
    NAMES[this.mode].forEach(function (name) { self.v[name] = config.values[name]; });
    this.hover = null;      // {kind: "in"|"out", key: "i" or "i,j"} under the pointer
    this.focused = null;    // the same, for the keyboard focus
    this.step = -1;         // index of the output that play/step shows, -1 for none
    this.timer = null;
    this.lit = [];
    this.tabKey = { "in": null, "out": null };
    this.build();
    this.redraw();
  }

  Explorer.prototype.build = function () {
    const self = this, r = this.root, uid = r.id || "cnx" + Math.random().toString(36).slice(2);
    r.classList.add("cnx", "tex2jax_ignore", "mathjax_ignore");
    const W = this.W;
    r.setAttribute("dir", this.dir);
    r.setAttribute("lang", this.lang);
    // sliders in groups that stay together when the row wraps: sizes, kernel, then p, s, d
    let html = '<div class="cnx-controls">';
    GROUPS[this.mode].forEach(function (group) {
      html += '<div class="cnx-group">';
      group.forEach(function (name) {
        const lim = self.ranges[name];
        html += '<label class="cnx-ctl"><span><span class="cnx-lab" data-label-for="' + name + '">' + labelWords(W, name, self.op) +
          '</span> <span class="cnx-nw">' + label(W, name, self.op)[1] + ' = <span class="cnx-val" data-val-for="' + name + '">' +
          self.v[name] + "</span></span></span>" +
          '<input data-lm-suppress-shortcuts="true" type="range" name="' + name + '" min="' + lim[0] + '" max="' + lim[1] + '" step="1" value="' + self.v[name] + '"></label>';
      });
      html += "</div>";
    });
    html += "</div>";
    html += '<div class="cnx-row"><fieldset class="cnx-op"><legend>' + W.operation + '</legend>' +
      '<label><input data-lm-suppress-shortcuts="true" type="radio" name="' + uid + '-op" value="conv"' + (this.op === "conv" ? " checked" : "") + "> " + W.op_conv + "</label>" +
      '<label><input data-lm-suppress-shortcuts="true" type="radio" name="' + uid + '-op" value="max"' + (this.op === "max" ? " checked" : "") + "> " + W.op_max + "</label>" +
      "</fieldset>" +
      '<label><input data-lm-suppress-shortcuts="true" type="checkbox" name="numbers"' + (this.numbers ? " checked" : "") + "> " + W.numbers + "</label></div>";
    html += '<div class="cnx-size" aria-live="polite"></div><div class="cnx-msg" role="status" hidden></div>';
    html += '<div class="cnx-row cnx-play">' +
      '<button type="button" data-act="prev">' + W.prev + '</button>' +
      '<button type="button" data-act="play" aria-pressed="false">' + W.play + ' \u25b6</button>' +
      '<button type="button" data-act="next">' + W.next + '</button></div>';
    // the status line sits under the drawing, so that its changing height never moves the cells
    html += '<div class="cnx-draw" dir="ltr"></div>';
    html += '<div class="cnx-status" aria-live="polite"></div><div class="cnx-legend"></div>';
    r.innerHTML = html;

    this.sizeEl = r.querySelector(".cnx-size");
    this.msgEl = r.querySelector(".cnx-msg");
    this.statusEl = r.querySelector(".cnx-status");
    this.drawEl = r.querySelector(".cnx-draw");
    this.legendEl = r.querySelector(".cnx-legend");
    this.playBtn = r.querySelector('[data-act="play"]');

    function onControl(e) {
      const t = e.target;
      if (t.type === "range") {
        const value = Number(t.value);
        if (self.v[t.name] === value) return;
        self.v[t.name] = value;
        r.querySelector('[data-val-for="' + t.name + '"]').textContent = value;
      } else if (t.type === "radio") {
        if (!t.checked || self.op === t.value) return;
        self.op = t.value;
        NAMES[self.mode].forEach(function (name) {
          r.querySelector('[data-label-for="' + name + '"]').innerHTML = labelWords(W, name, self.op);
        });
      } else if (t.type === "checkbox") {
        if (self.numbers === t.checked) return;
        self.numbers = t.checked;
      } else {
        return;
      }
      self.redraw();
    }
    r.addEventListener("input", onControl);
    r.addEventListener("change", onControl);
    r.querySelector(".cnx-play").addEventListener("click", function (e) {
      const act = e.target.closest("[data-act]");
      if (!act) return;
      if (act.dataset.act === "play") self.togglePlay();
      else { self.stopPlay(); self.stepBy(act.dataset.act === "next" ? 1 : -1); }
    });

    const d = this.drawEl;
    function cellOf(target) {
      const el = target && target.closest ? target.closest("[data-in],[data-out]") : null;
      if (!el || !d.contains(el)) return null;
      return el.hasAttribute("data-out") ? { kind: "out", key: el.getAttribute("data-out") }
        : { kind: "in", key: el.getAttribute("data-in") };
    }
    function same(a, b) { return a === b || (a && b && a.kind === b.kind && a.key === b.key); }
    d.addEventListener("mouseover", function (e) {
      const c = cellOf(e.target);
      if (!same(c, self.hover)) { self.hover = c; self.applyActive(); }
    });
    d.addEventListener("mouseleave", function () {
      if (self.hover) { self.hover = null; self.applyActive(); }
    });
    d.addEventListener("focusin", function (e) {
      const c = cellOf(e.target);
      if (c) { self.setTab(c); self.focused = c; self.applyActive(); }
    });
    d.addEventListener("focusout", function (e) {
      if (!cellOf(e.relatedTarget) && self.focused) { self.focused = null; self.applyActive(); }
    });
    d.addEventListener("keydown", function (e) { self.onKey(e, cellOf(e.target)); });
  };

  /** Rebuild everything that depends on the settings; called on every control change. */
  Explorer.prototype.redraw = function () {
    const g = this.g = geometry(this.mode, this.op, this.v);
    this.renderSize(g);
    this.renderMessage(g);
    this.renderDrawing(g);
    this.renderLegend();
    this.outKeys = g.ok ? product(g.axes.map(function (a) { return range(0, a.out); })).map(function (i) { return i.join(","); }) : [];
    if (this.step >= this.outKeys.length) this.step = -1;
    if (!g.ok) this.stopPlay();
    this.root.querySelectorAll(".cnx-play button").forEach(function (b) { b.disabled = !g.ok; });
    this.hover = null;
    this.focused = null;
    this.applyActive();
  };

  Explorer.prototype.renderSize = function (g) {
    const mode = this.mode, W = this.W;
    const size = g.ok ? g.axes.map(function (a) { return a.out; }).join("x") : "0";
    this.sizeEl.setAttribute("data-output-size", size);
    if (g.ok) this.sizeEl.removeAttribute("data-reason");
    else this.sizeEl.setAttribute("data-reason", g.reasons.join(" "));
    let html = "<p>" + W.output_size + " <b>" + (g.ok ? ltr(g.axes.map(function (a) { return a.out; }).join(" \u00d7 ")) : W.no_output) +
      "</b>" + (mode === "2d" && g.ok ? fill(W.size_2d, { h: g.axes[0].out, w: g.axes[1].out }) : "") + "</p>";
    html += '<p class="cnx-formula">' + ltrWrap("<i>n</i><sub>out</sub> = \u230a(<i>n</i> + 2<i>p</i> " + MINUS +
      " <i>d</i>\u00b7(<i>K</i>" + MINUS + "1) " + MINUS + " 1)/<i>s</i>\u230b + 1") + "</p>";
    g.axes.forEach(function (a, ax) {
      const room = a.n + 2 * a.p - a.d * (a.k - 1) - 1;
      const value = Math.floor(room / a.s) + 1;
      const sym = AXIS_SYM[mode][ax];
      const lhs = mode === "2d" ? "<i>" + sym[0] + "</i><sub>out</sub> = " : "<i>n</i><sub>out</sub> = ";
      const f = lhs + "\u230a(" + a.n + " + 2\u00b7" + a.p + " " + MINUS + " " + a.d + "\u00b7(" + a.k + MINUS + "1) " + MINUS +
        " 1)/" + a.s + "\u230b + 1 = " + num(value);
      html += '<p class="cnx-formula">' + (mode === "2d" ? axisWord(W, mode)[ax] + ": " : "") + ltrWrap(f) +
        (value < 1 ? W.not_positive : "") + "</p>";
    });
    this.sizeEl.innerHTML = html;
  };

  Explorer.prototype.renderMessage = function (g) {
    const mode = this.mode, win = this.op === "max", parts = [], W = this.W;
    const along = axisAlong(W, mode);
    if (g.reasons.indexOf("pool-padding") >= 0) {
      g.axes.forEach(function (a, ax) {
        if (a.poolPadOk) return;
        parts.push(fill(W.pool_padding, {
          along: along[ax],
          rule: ltr("<i>p</i> \u2264 \u230a" + a.k + "/2\u230b = " + Math.floor(a.k / 2)),
          p: ltr("<i>p</i> = " + a.p),
        }));
      });
    }
    if (g.reasons.indexOf("kernel") >= 0) {
      g.axes.forEach(function (a, ax) {
        if (a.fits) return;
        parts.push(fill(W.too_big, {
          along: along[ax],
          what: win ? W.the_window : W.the_kernel,
          span: ltr("<i>d</i>\u00b7(<i>K</i>" + MINUS + "1)+1 = " + a.d + "\u00b7(" + a.k + MINUS + "1)+1 = " + a.span),
          padded: ltr("<i>n</i>+2<i>p</i> = " + a.n + "+2\u00b7" + a.p + " = " + a.padded),
        }));
      });
    }
    this.msgEl.hidden = parts.length === 0;
    this.msgEl.innerHTML = parts.map(function (p) { return "<p>" + p + "</p>"; }).join("");
  };

  /** The value of an input cell: its number, or the padding value (0, or -inf for max pooling). */
  Explorer.prototype.xValue = function (idx) {
    const axes = this.g.axes;
    const pad = idx.some(function (i, ax) { return i < 0 || i >= axes[ax].n; });
    if (pad) return this.op === "max" ? -Infinity : 0;
    return inputValue(idx);
  };

  /** [[inputIndex, tapIndex], ...] for output `idx`: the product over axes of inputPositions. */
  Explorer.prototype.feeds = function (idx) {
    const per = this.g.axes.map(function (a, ax) {
      return inputPositions(idx[ax], a.k, a.p, a.s, a.d).map(function (i, m) { return [i, m]; });
    });
    return product(per).map(function (pairs) {
      return [pairs.map(function (q) { return q[0]; }), pairs.map(function (q) { return q[1]; })];
    });
  };

  /** [[outputIndex, tapIndex], ...] for input `idx`: every output that reads it, and through which tap. */
  Explorer.prototype.readers = function (idx) {
    const per = this.g.axes.map(function (a, ax) {
      const r = [];
      for (let o = 0; o < a.out; o++) {
        const m = tapAt(idx[ax], o, a.k, a.p, a.s, a.d);
        if (m >= 0) r.push([o, m]);
      }
      return r;
    });
    return product(per).map(function (pairs) {
      return [pairs.map(function (q) { return q[0]; }), pairs.map(function (q) { return q[1]; })];
    });
  };

  Explorer.prototype.outValue = function (idx) {
    const self = this;
    const f = this.feeds(idx);
    if (this.op === "max") return f.reduce(function (best, q) { return Math.max(best, self.xValue(q[0])); }, -Infinity);
    return f.reduce(function (sum, q) { return sum + self.xValue(q[0]) * weightValue(q[1]); }, 0);
  };

  Explorer.prototype.renderDrawing = function (g) {
    const self = this, two = this.mode === "2d", c = two ? 38 : 34, numbers = this.numbers, op = this.op;
    const axes = g.axes, W = this.W, dir = this.dir;
    // "5 × 6 (height × width)" reads backwards in a right-to-left line, so the captions say sizes in words
    const shape = function (list, unit) {
      return two ? fill(W.shape_2d, { h: list[0], w: list[1] }) : fill(W.shape_1d, { n: list[0], unit: unit });
    };
    // input, with its padding
    const inLists = axes.map(function (a) { return range(-a.p, a.n + a.p); });
    const inSvg = gridSvg(inLists, c, function (idx, x, y) {
      const pad = idx.some(function (i, ax) { return i < 0 || i >= axes[ax].n; });
      const val = self.xValue(idx);
      return cellSvg("cnx-in" + (pad ? " cnx-pad" : ""),
        'data-in="' + idx.join(",") + '" data-value="' + (val === -Infinity ? "-inf" : val) + '" tabindex="-1" role="img" aria-label="x' +
        bracket(idx) + (pad ? W.padding_cell : "") + '"',
        x, y, c, numbers ? num(val) : "", "", numbers);
    }, W.grid_input);
    const padWord = g.axes[0].p
      ? fill(W.pad_each_side, { p: ltr("<i>p</i> = " + g.axes[0].p) }) +
        (op === "max" ? fill(W.pad_value, { value: ltr(MINUS + "\u221e") }) : W.pad_zeros)
      : W.no_padding;
    let html = block(fill(W.input_caption, { x: ltr("<i>x</i>"), shape: shape(axes.map(function (a) { return a.n; }), W.cells), pad: padWord }), inSvg, dir);
    // kernel or window
    const kLists = axes.map(function (a) { return range(0, a.k); });
    const kSvg = gridSvg(kLists, c, function (idx, x, y) {
      if (op === "max") return cellSvg("cnx-k", 'data-k="' + idx.join(",") + '"', x, y, c, "", null, numbers);
      const w = weightValue(idx);
      return cellSvg("cnx-k", 'data-k="' + idx.join(",") + '" data-w="' + w + '"', x, y, c, numbers ? num(w) : "", "w" + bracket(idx), numbers);
    }, op === "max" ? W.grid_window : W.grid_kernel);
    const spans = axes.map(function (a) { return a.span; });
    const kShape = shape(axes.map(function (a) { return a.k; }), op === "max" ? W.cells : W.weights);
    const kCaption = (op === "max" ? fill(W.window_caption, { shape: kShape }) : fill(W.kernel_caption, { w: ltr("<i>w</i>"), shape: kShape })) +
      (axes[0].d > 1 ? fill(W.dilated_span, { shape: shape(spans, W.cells) }) : "");
    html += block(kCaption, kSvg, dir);
    // output
    if (g.ok) {
      const outLists = axes.map(function (a) { return range(0, a.out); });
      const outSvg = gridSvg(outLists, c, function (idx, x, y) {
        const val = self.outValue(idx);
        return cellSvg("cnx-out", 'data-out="' + idx.join(",") + '" data-value="' + (val === -Infinity ? "-inf" : val) +
          '" tabindex="-1" role="img" aria-label="y' + bracket(idx) + '"',
          x, y, c, numbers ? num(val) : "", null, numbers);
      }, W.grid_output);
      html += block(fill(W.output_caption, { y: ltr("<i>y</i>"), shape: shape(axes.map(function (a) { return a.out; }), W.cells) }), outSvg, dir);
    } else {
      html += block(fill(W.output_none_caption, { y: ltr("<i>y</i>") }), '<div class="cnx-none">' + W.output_none + "</div>", dir);
    }
    this.drawEl.innerHTML = html;
    this.inEls = {}; this.outEls = {}; this.kEls = {};
    this.drawEl.querySelectorAll("[data-in]").forEach(function (el) { self.inEls[el.getAttribute("data-in")] = el; });
    this.drawEl.querySelectorAll("[data-out]").forEach(function (el) { self.outEls[el.getAttribute("data-out")] = el; });
    this.drawEl.querySelectorAll("[data-k]").forEach(function (el) { self.kEls[el.getAttribute("data-k")] = el; });
    // roving tabindex: one tab stop for the output grid and one for the input grid
    const firstIn = axes.map(function () { return 0; }).join(",");
    const firstOut = firstIn;
    if (!this.outEls[this.tabKey.out]) this.tabKey.out = firstOut;
    if (!this.inEls[this.tabKey["in"]]) this.tabKey["in"] = firstIn;
    if (this.outEls[this.tabKey.out]) this.outEls[this.tabKey.out].setAttribute("tabindex", "0");
    if (this.inEls[this.tabKey["in"]]) this.inEls[this.tabKey["in"]].setAttribute("tabindex", "0");
  };

  Explorer.prototype.setTab = function (c) {
    const els = c.kind === "out" ? this.outEls : this.inEls;
    const old = els[this.tabKey[c.kind]];
    if (old) old.setAttribute("tabindex", "-1");
    this.tabKey[c.kind] = c.key;
    if (els[c.key]) els[c.key].setAttribute("tabindex", "0");
  };

  Explorer.prototype.onKey = function (e, c) {
    if (!c) return;
    const two = this.mode === "2d";
    const moves = two
      ? { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }
      : { ArrowRight: [1], ArrowLeft: [-1] };
    const delta = moves[e.key];
    if (!delta) return;
    const idx = c.key.split(",").map(Number).map(function (i, ax) { return i + delta[ax]; });
    const els = c.kind === "out" ? this.outEls : this.inEls;
    const next = els[idx.join(",")];
    e.preventDefault();
    if (next) next.focus();
  };

  Explorer.prototype.stepBy = function (dir) {
    const n = this.outKeys.length;
    if (!n) return;
    this.step = this.step < 0 ? (dir > 0 ? 0 : n - 1) : (this.step + dir + n) % n;
    this.applyActive();
  };

  Explorer.prototype.togglePlay = function () {
    if (this.timer) { this.stopPlay(); return; }
    if (!this.outKeys.length) return;
    const self = this;
    this.timer = setInterval(function () {
      if (!self.root.isConnected) { self.stopPlay(); return; }
      self.stepBy(1);
    }, 800);
    this.stepBy(1);
    this.playBtn.textContent = this.W.stop + " \u23f8";
    this.playBtn.setAttribute("aria-pressed", "true");
  };

  Explorer.prototype.stopPlay = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.playBtn) {
      this.playBtn.textContent = this.W.play + " \u25b6";
      this.playBtn.setAttribute("aria-pressed", "false");
    }
  };

  /** Light up what the hovered, focused or stepped-to cell is connected to. */
  Explorer.prototype.applyActive = function () {
    this.lit.forEach(function (el) {
      el.classList.remove("hl", "hl-out", "hl-k", "cnx-act", "cnx-max");
      if (el.hasAttribute("data-in")) { const t = el.querySelector(".cnx-tag"); if (t) t.textContent = ""; }
    });
    this.lit = [];
    const act = this.hover || this.focused || (this.step >= 0 ? { kind: "out", key: this.outKeys[this.step] } : null);
    if (!this.g.ok) {
      this.statusEl.textContent = "";
      return;
    }
    if (!act) {
      this.statusEl.innerHTML = this.W.hint;
      return;
    }
    const self = this, op = this.op, numbers = this.numbers;
    const lit = function (el, cls) { if (el) { el.classList.add(cls); self.lit.push(el); } return el; };
    const idx = act.key.split(",").map(Number);
    if (act.kind === "out") {
      lit(this.outEls[act.key], "hl-out").classList.add("cnx-act");
      const feeds = this.feeds(idx);
      let best = -Infinity;
      feeds.forEach(function (q) {
        const el = lit(self.inEls[q[0].join(",")], "hl");
        if (op === "conv" && el) el.querySelector(".cnx-tag").textContent = "w" + bracket(q[1]);
        lit(self.kEls[q[1].join(",")], "hl-k");
        best = Math.max(best, self.xValue(q[0]));
      });
      const xs = feeds.map(function (q) { return "<i>x</i>" + bracket(q[0].map(num)); });
      // the sum (or max) this output computes; with numbers, a second line that a student can check by hand
      const lines = ["<i>y</i>" + bracket(idx) + " = "];
      if (op === "conv") {
        lines[0] += feeds.map(function (q, n) { return xs[n] + "\u00b7<i>w</i>" + bracket(q[1]); }).join(" + ");
        if (numbers) {
          lines.push("= " + feeds.map(function (q) { return paren(self.xValue(q[0])) + "\u00b7" + paren(weightValue(q[1])); }).join(" + ") +
            " = " + num(this.outValue(idx)));
        }
      } else {
        lines[0] += "max(" + xs.join(", ") + ")";
        if (numbers) {
          lines.push("= max(" + feeds.map(function (q) { return num(self.xValue(q[0])); }).join(", ") + ") = " + num(best));
          feeds.forEach(function (q) { if (self.xValue(q[0]) === best) lit(self.inEls[q[0].join(",")], "cnx-max"); });
        }
      }
      this.statusEl.innerHTML = lines.map(function (line) { return '<div class="cnx-eq" dir="ltr">' + line + "</div>"; }).join("");
    } else {
      lit(this.inEls[act.key], "hl").classList.add("cnx-act");
      const readers = this.readers(idx);
      readers.forEach(function (q) {
        lit(self.outEls[q[0].join(",")], "hl-out");
        lit(self.kEls[q[1].join(",")], "hl-k");
      });
      const name = ltr("<i>x</i>" + bracket(idx.map(num)));
      if (!readers.length) {
        this.statusEl.innerHTML = fill(this.W.unread, { name: name });
      } else {
        this.statusEl.innerHTML = fill(this.W.read_by, { name: name, list: readers.map(function (q) {
          return ltr("<i>y</i>" + bracket(q[0]) + (op === "conv" ? " (\u00b7<i>w</i>" + bracket(q[1]) + ")" : ""));
        }).join(", ") });
      }
    }
  };

  Explorer.prototype.renderLegend = function () {
    const pool = this.op === "max", W = this.W;
    this.legendEl.innerHTML =
      '<span><i class="cnx-sw cnx-sw-in"></i>' + W.legend_input + "</span>" +
      '<span><i class="cnx-sw cnx-sw-pad"></i>' + (pool ? fill(W.legend_padding_max, { value: ltr(MINUS + "\u221e") }) : W.legend_padding_zeros) + "</span>" +
      '<span><i class="cnx-sw cnx-sw-k"></i>' + (pool ? W.legend_window : W.legend_kernel) + "</span>" +
      '<span><i class="cnx-sw cnx-sw-out"></i>' + W.legend_output + "</span>" +
      '<span><i class="cnx-sw cnx-sw-hl"></i>' + W.legend_lit + "</span>";
  };

  function init(root, config) {
    if (!root) return null;
    if (root.cnnbookExplorer) return root.cnnbookExplorer;
    const ex = new Explorer(root, config);
    root.cnnbookExplorer = ex;
    root.setAttribute("data-ready", "1");
    return ex;
  }

  window.cnnbookExplorer = {
    version: VERSION,
    init: init,
    // exposed for the tests and for curious readers
    outputSize: outputSize,
    inputPositions: inputPositions,
    dilatedSize: dilatedSize,
  };
})();
