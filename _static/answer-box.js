/* Answer boxes: check a hand-computed exercise in the page, as cnnbook's check_answer does in a notebook.
 *
 * _ext/answer_boxes.py puts a box after each cell that calls check_answer("id", answer); the box carries
 * its exercise's data, exported from the package (cnnbook.exercises._web.answer_box_data): the right
 * answer, the classic wrong answers with their diagnoses, the tolerance and the report's sentences, in
 * the page's language. This file reads what the student types the way check_answer reads text (numbers
 * and small computations, shapes, lists), compares, and shows the same report: the verdict, and a
 * diagnosis for a classic mistake or else the hint. Progress (the last answer and whether it was right)
 * is kept in localStorage per edition, page and exercise; Reset forgets it.
 *
 * The checker (AnswerBox.check) needs no page: tests/test_answer_boxes.py runs it under node on the
 * inputs check_answer gets and compares the two reports.
 */
(function (root) {
  "use strict";

  // ------------------------------------------------------------------ numbers as Python prints them
  function stripZeros(s) {
    return s.indexOf(".") < 0 ? s : s.replace(/0+$/, "").replace(/\.$/, "");
  }

  // |v| rounded to p significant digits as Python rounds (exact ties to even; JS rounds ties up):
  // {digits: "1004", exp: 3} for 1004.5 and p = 4.
  function roundSig(v, p) {
    var a = Math.abs(v), e = a.toExponential(p - 1).split("e");
    var exact = a.toExponential(Math.min(100, p + 40)).split("e");
    var digits = exact[0].replace(".", ""), rest = digits.slice(p);
    if (/^50*$/.test(rest) && parseInt(digits[p - 1], 10) % 2 === 0) {  // a tie, kept even: truncate
      return { digits: digits.slice(0, p), exp: parseInt(exact[1], 10) };
    }
    return { digits: e[0].replace(".", ""), exp: parseInt(e[1], 10) };
  }

  function exponent(exp) { return "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp); }

  function formatG(v, p) {  // Python's f"{v:.{p}g}"
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    var r = roundSig(v, p), sign = v < 0 ? "-" : "", d = r.digits;
    if (r.exp >= -4 && r.exp < p) {
      var s = r.exp >= 0 ? d.slice(0, r.exp + 1) + "." + d.slice(r.exp + 1) : "0." + "0".repeat(-r.exp - 1) + d;
      return sign + stripZeros(s);
    }
    return sign + stripZeros(d[0] + "." + d.slice(1)) + exponent(r.exp);
  }

  function formatE(v, p) {  // Python's f"{v:.{p}e}"
    var r = roundSig(v, p + 1);
    return (v < 0 ? "-" : "") + r.digits[0] + "." + r.digits.slice(1) + exponent(r.exp);
  }

  function formatNumber(v) {  // _report._number
    if (v === 0) return "0";
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    if (Math.abs(v) >= 1e-3 || !Number.isFinite(v)) return formatG(v, 4);
    return formatE(v, 3);
  }

  function formatTuple(t) {  // fmt of a tuple of ints: (6, 13, 13), (3,), ()
    if (t.length === 1) return "(" + t[0] + ",)";
    if (t.length > 12) return "(" + t.slice(0, 12).join(", ") + ", ...)";
    return "(" + t.join(", ") + ")";
  }

  function formatNested(a, indent) {  // _report._nested
    if (!Array.isArray(a)) return formatNumber(a);
    if (a.length === 0 || !Array.isArray(a[0])) return "[" + a.map(formatNumber).join(", ") + "]";
    var sep = ",\n" + " ".repeat(indent);
    return "[" + a.map(function (r) { return formatNested(r, indent + 1); }).join(sep) + "]";
  }

  function shapeOf(a) {
    var s = [];
    while (Array.isArray(a)) { s.push(a.length); a = a[0]; }
    return s;
  }

  function flat(a) {
    return Array.isArray(a) ? a.reduce(function (out, x) { return out.concat(flat(x)); }, []) : [a];
  }

  function formatArray(a) {
    var size = flat(a).length;
    if (size > 60) return "<array of shape " + formatTuple(shapeOf(a)) + ">";
    return formatNested(a, 1);
  }

  // ------------------------------------------------------------------ reading what was typed
  function Bad(reason) { this.reason = reason; }

  // Python's number literals (what ast.parse reads): 12, 1.5, .5, 1e3, 0x1f, 0o7, 0b1, 2j
  var NUMBER_TOKEN = /^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[jJ]?)/;

  function tokenize(t) {
    var tokens = [], i = 0, m;
    while (i < t.length) {
      var rest = t.slice(i);
      if ((m = /^\s+/.exec(rest))) { i += m[0].length; continue; }
      if ((m = NUMBER_TOKEN.exec(rest))) {
        var s = m[0];
        if (/[jJ]$/.test(s)) tokens.push({ type: "other" });  // a complex number
        else if (/^0[xXoObB]/.test(s)) tokens.push({ type: "num", value: parseInt(s.slice(2), { x: 16, o: 8, b: 2 }[s[1].toLowerCase()]) });
        else if (/^0\d/.test(s) && !/[.eE]/.test(s) && !/^0+$/.test(s)) return null;  // 007: not Python
        else tokens.push({ type: "num", value: parseFloat(s) });
        i += s.length;
        continue;
      }
      if ((m = /^(\*\*|\/\/|[-+*\/%(),])/.exec(rest))) { tokens.push({ type: "op", value: m[0] }); i += m[0].length; continue; }
      if ((m = /^[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/.exec(rest))) { tokens.push({ type: "other" }); i += m[0].length; continue; }
      if ((m = /^("[^"]*"|'[^']*')/.exec(rest))) { tokens.push({ type: "other" }); i += m[0].length; continue; }
      return null;  // a character Python would not read
    }
    return tokens;
  }

  // A small expression parser with Python's precedence: + - < * / // % < unary +- < **.
  // It returns a tree, or null when Python could not parse the text (a SyntaxError).
  function parseExpression(text) {
    var tokens = tokenize(text);
    if (!tokens || tokens.length === 0) return null;
    var pos = 0;
    function peek() { return tokens[pos]; }
    function isOp(v) { var t = peek(); return t && t.type === "op" && t.value === v; }
    function sum() {
      var left = term();
      while (left && (isOp("+") || isOp("-"))) { var op = tokens[pos++].value; var right = term(); if (!right) return null; left = { op: op, left: left, right: right }; }
      return left;
    }
    function term() {
      var left = unary();
      while (left && (isOp("*") || isOp("/") || isOp("//") || isOp("%"))) { var op = tokens[pos++].value; var right = unary(); if (!right) return null; left = { op: op, left: left, right: right }; }
      return left;
    }
    function unary() {
      if (isOp("+") || isOp("-")) { var op = tokens[pos++].value; var operand = unary(); return operand && { unary: op, operand: operand }; }
      return power();
    }
    function power() {
      var base = atom();
      if (base && isOp("**")) { pos++; var exponent = unary(); return exponent && { op: "**", left: base, right: exponent }; }
      return base;
    }
    function atom() {
      var t = peek();
      if (!t) return null;
      var node;
      if (t.type === "num") { pos++; node = { value: t.value }; }
      else if (t.type === "other") { pos++; node = { other: true }; }
      else if (isOp("(")) {
        pos++;
        if (isOp(")")) { pos++; node = { other: true }; }  // () is an empty tuple
        else {
          node = sum();
          if (!node) return null;
          if (isOp(",")) { node = { other: true }; while (isOp(",")) { pos++; if (isOp(")")) break; if (!sum()) return null; } }
          if (!isOp(")")) return null;
          pos++;
        }
      } else return null;
      while (isOp("(")) {  // a call, f(1) or 2(3): Python reads it, and check_answer refuses it
        pos++;
        while (!isOp(")")) { if (!sum()) return null; if (isOp(",")) pos++; else if (!isOp(")")) return null; }
        pos++;
        node = { other: true };
      }
      return node;
    }
    var tree = sum();
    if (!tree) return null;
    if (isOp(",")) {  // "1, 2": a tuple
      while (isOp(",")) { pos++; if (pos === tokens.length) break; if (!sum()) return null; }
      tree = { other: true };
    }
    return pos === tokens.length ? tree : null;
  }

  function evaluate(node, text) {  // _answers._arith
    if ("value" in node) return node.value;
    if (node.other) throw new Bad(text.arith_badformat_2);
    if (node.unary) { var v = evaluate(node.operand, text); return node.unary === "-" ? -v : v; }
    var a = evaluate(node.left, text), b = evaluate(node.right, text);
    if (node.op === "**" && Math.abs(b) > 64) throw new Bad(text.arith_badformat);
    var zero = new Bad(text.number_text_badformat_2);  // ZeroDivisionError, OverflowError
    var r;
    switch (node.op) {
      case "+": r = a + b; break;
      case "-": r = a - b; break;
      case "*": r = a * b; break;
      case "/": if (b === 0) throw zero; r = a / b; break;
      case "//": if (b === 0) throw zero; r = Math.floor(a / b); break;
      case "%": if (b === 0) throw zero; r = a - b * Math.floor(a / b); break;
      case "**":
        if (a === 0 && b < 0) throw zero;
        if (a < 0 && !Number.isInteger(b)) throw new Bad(null);  // a complex power: Python cannot make it a float
        r = Math.pow(a, b);
        if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw zero;  // OverflowError
        break;
    }
    return r;
  }

  var GROUPED = /^[+-]?\d{1,3}(?:([ ,\u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;

  function readNumber(typed, text) {  // _answers._number_text
    var t = typed.trim().replace(/_/g, "");
    if (GROUPED.test(t)) return parseFloat(t.replace(/[ ,\u00a0\u202f]/g, ""));
    if (t.indexOf(",") >= 0) throw new Bad(text.number_text_badformat);
    t = t.replace(/×/g, "*").replace(/·/g, "*").replace(/÷/g, "/").replace(/−/g, "-").replace(/\^/g, "**");
    var tree = parseExpression(t);
    if (!tree) throw new Bad(text.number_text_badformat_2);
    try {
      return evaluate(tree, text);
    } catch (e) {  // _number_text turns every refusal of _arith (a ValueError) into "could not read"
      if (e instanceof Bad && e.reason !== null) throw new Bad(text.number_text_badformat_2);
      throw e;
    }
  }

  function readWhole(part, text) {  // _answers._whole, for text
    var p = part.trim();
    if (!/^[+-]?\d+$/.test(p)) throw new Bad(text.whole_badformat);
    return parseInt(p, 10);
  }

  function stripChars(s, chars) {  // Python's str.strip(chars)
    var a = 0, b = s.length;
    while (a < b && chars.indexOf(s[a]) >= 0) a++;
    while (b > a && chars.indexOf(s[b - 1]) >= 0) b--;
    return s.slice(a, b);
  }

  function readShape(typed, text) {  // _answers._shape_text
    var t = stripChars(typed.trim(), "()[]").trim();
    var parts = t.split(/\s*[x×X*,]\s*|\s+/).filter(function (p) { return p !== ""; });
    if (parts.length === 0) throw new Bad(text.shape_text_badformat);
    return parts.map(function (p) { return readWhole(p, text); });
  }

  // Python literals, as ast.literal_eval reads them: numbers (one sign), True/False/None, strings,
  // lists, tuples, sets and dicts. null when the text is not one (then the list is split by hand).
  function literal(t) {
    var pos = 0;
    function ws() { while (pos < t.length && /\s/.test(t[pos])) pos++; }
    function value() {
      ws();
      var rest = t.slice(pos), m;
      if ((m = /^[+-]?\s*(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([jJ])?/.exec(rest))) {
        var body = m[1];
        if (/^0\d/.test(body) && !/[.eE]/.test(body) && !/^0+$/.test(body)) return undefined;
        pos += m[0].length;
        if (m[2]) return { complex: true };
        var v = /^0[xXoObB]/.test(body) ? parseInt(body.slice(2), { x: 16, o: 8, b: 2 }[body[1].toLowerCase()]) : parseFloat(body);
        return m[0][0] === "-" ? -v : v;
      }
      if ((m = /^(True|False|None)(?![\w])/.exec(rest))) { pos += m[0].length; return m[1] === "None" ? { other: true } : m[1] === "True"; }
      if ((m = /^("[^"\\]*"|'[^'\\]*')/.exec(rest))) { pos += m[0].length; return { other: true }; }
      var open = t[pos], close = { "[": "]", "(": ")", "{": "}" }[open];
      if (!close) return undefined;
      pos++;
      var items = [], comma = false;
      ws();
      while (t[pos] !== close) {
        var item = value();
        if (item === undefined) return undefined;
        ws();
        if (open === "{" && t[pos] === ":") { pos++; if (value() === undefined) return undefined; ws(); }
        items.push(item);
        if (t[pos] === ",") { pos++; comma = true; ws(); } else if (t[pos] !== close) return undefined;
      }
      pos++;
      if (open === "{") return { other: true };
      if (open === "(" && items.length === 1 && !comma) return items[0];  // (5) is 5
      return items;
    }
    var v = value();
    if (v === undefined) return null;
    ws();
    if (pos < t.length && t[pos] === ",") {  // "1, 2" is a tuple
      var items = [v];
      while (pos < t.length && t[pos] === ",") { pos++; ws(); if (pos === t.length) break; var next = value(); if (next === undefined) return null; items.push(next); ws(); }
      v = items;
    }
    return pos === t.length ? { value: v } : null;
  }

  function realArray(value, text) {  // _answers._real_array: numbers only, rectangular, not empty
    var shape = shapeOf(value), kinds = { complex: false, other: false };
    function walk(v, depth) {
      if (Array.isArray(v)) {
        if (depth >= shape.length || v.length !== shape[depth]) throw new Bad(text.real_array_badformat);  // ragged
        v.forEach(function (x) { walk(x, depth + 1); });
        return;
      }
      if (depth !== shape.length) throw new Bad(text.real_array_badformat);
      if (v && v.complex) kinds.complex = true;
      else if (typeof v !== "number" && typeof v !== "boolean") kinds.other = true;
    }
    walk(value, 0);
    if (kinds.other) throw new Bad(text.real_array_badformat);
    if (kinds.complex) throw new Bad(text.real_array_badformat_2);
    if (shape.indexOf(0) >= 0) throw new Bad(text.real_array_badformat);
    return (function toFloat(v) { return Array.isArray(v) ? v.map(toFloat) : Number(v); })(value);
  }

  function readArray(typed, text) {  // _answers._array_text, then _real_array
    var t = typed.trim(), parsed = literal(t), value;
    if (parsed) value = parsed.value;
    else {
      var parts = stripChars(t, "()[]").split(/[\s,]+/).filter(function (p) { return p; });
      try {
        value = parts.map(function (p) { return readNumber(p, text); });
      } catch (e) {
        if (e instanceof Bad) throw new Bad(text.array_text_badformat);
        throw e;
      }
    }
    return realArray(value, text);
  }

  function read(typed, data) {  // _answers._as_kind: [value, null] or [null, the problem]
    var text = data.text;
    try {
      var reader = { shape: readShape, array: readArray }[data.kind] || readNumber;
      return [reader(String(typed), text), null];
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      if (e.reason === null) return [null, text.unreadable];
      return [null, text.problem.split("{bad}").join(e.reason)];
    }
  }

  // ------------------------------------------------------------------ comparing
  function close(a, b, rtol, atol) { return Math.abs(a - b) <= atol + rtol * Math.abs(b) || a === b; }

  function equal(a, b, data) {  // _answers._equal
    if (data.kind === "shape") return a.length === b.length && a.every(function (v, i) { return v === b[i]; });
    if (data.kind === "number") return close(a, b, data.rtol, data.atol);
    if (shapeOf(a).join() !== shapeOf(b).join()) return false;
    var fa = flat(a), fb = flat(b);
    return fa.every(function (v, i) { return close(v, fb[i], data.rtol, data.atol); });
  }

  function firstDifference(a, b, data) {  // _report.first_difference: an index tuple
    var shape = shapeOf(a), fa = flat(a), fb = flat(b);
    for (var i = 0; i < fa.length; i++) {
      if (!close(fa[i], fb[i], data.rtol, data.atol)) {
        var index = [], rest = i;
        for (var d = shape.length - 1; d >= 0; d--) { index.unshift(rest % shape[d]); rest = Math.floor(rest / shape[d]); }
        return index;
      }
    }
    return null;
  }

  function formatValue(v, kind) {
    return kind === "shape" ? formatTuple(v) : kind === "array" ? formatArray(v) : formatNumber(v);
  }

  // ------------------------------------------------------------------ the report
  // A report is {ok, problem, lines}; a line is a list of parts, each {text} or {code}, as check_answer's Message.
  function check(data, typed) {
    var text = data.text, code = function (s) { return { code: s }; };
    var given = [{ text: text.check_answer_line }].concat(data.given.map(function (p) {
      return p.code ? code(p.text) : { text: p.text };
    }), [{ text: "." }]);
    var read_ = read(typed, data), got = read_[0], problem = read_[1];
    if (problem) {
      return { ok: false, problem: problem, reasons: [], lines: [[{ text: text.fail_mark }, { text: text.malformed.split("{problem}").join(problem) }, code(String(typed))]] };
    }
    if (equal(got, data.right, data)) {
      return { ok: true, problem: null, reasons: [], lines: [[{ text: text.ok_mark }, { text: text.right }], given] };
    }
    var lines = [[{ text: text.fail_mark }, { text: text.wrong }, code(formatValue(got, data.kind)), { text: text.check_answer_text_5 }], given];
    if (data.kind === "array") {
      var gs = shapeOf(got), rs = shapeOf(data.right);
      if (gs.join() !== rs.join() || gs.length !== rs.length) {
        lines.push([{ text: text.check_answer_line_2 }, code(formatTuple(gs)), { text: text.check_answer_text_6 }, code(formatTuple(rs)), { text: "." }]);
      } else {
        var where = firstDifference(got, data.right, data);
        lines.push([{ text: text.check_answer_line_3 }, code(where.length > 1 ? formatTuple(where) : String(where[0])), { text: text.check_answer_text_7 }]);
      }
    }
    var reasons = data.mistakes.filter(function (m) { return equal(got, m.value, data); }).map(function (m) { return m.reason; });
    reasons.forEach(function (r) { lines.push([{ text: text.check_answer_line_4 }, { text: r }]); });
    if (reasons.length === 0) lines.push([{ text: text.check_answer_line_5 }, { text: data.hint }]);
    return { ok: false, problem: null, reasons: reasons, lines: lines };
  }

  function plain(report) {  // _report.Message.plain, with _join's spacing
    return report.lines.map(function (parts) {
      var out = "";
      parts.forEach(function (p) {
        var s = "code" in p ? p.code : p.text;
        if (s === "") return;
        out += (!out || ".,:;)".indexOf(s[0]) >= 0 ? "" : " ") + s;
      });
      return out;
    }).join("\n");
  }

  var api = { check: check, plain: plain, read: read, formatNumber: formatNumber, ltrRuns: ltrRuns };

  // ------------------------------------------------------------------ the page
  function storageKey(box) {
    var page = location.pathname.replace(/\/index\.html$/, "/").replace(/\.html$/, "");
    return "cnnbook-answer:" + (box.getAttribute("data-edition") || "") + ":" + page + ":" + box.getAttribute("data-exercise");
  }

  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ }
  }

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // In a right-to-left sentence, a formula with no Hebrew letter in it, "⌊(n − k)/s⌋ + 1" or
  // "(C, H, W) = (3, 10, 10)", is set left to right as one piece. The rule is cnnbook.lang.ltr_runs,
  // which the HTML report of the checkers and _ext/answer_boxes.py use; tests/test_answer_boxes.py
  // checks that this copy splits every Hebrew message of the catalogue the same way.
  var LEAD = " \t\n,.:;!?\"'\u201c\u201d\u201e\u2713\u2717", OPEN = "([\u230a", CLOSE = ")]\u230b";
  var FORMULA = /[A-Za-z=+\-\u2212\u00d7\u00b7\/^\u03a3\u230a\u230b\u221a\u00b2<>\u2264\u2265\[\]()_]/;

  function depthOf(s) {
    var d = 0;
    for (var i = 0; i < s.length; i++) d += (OPEN.indexOf(s[i]) >= 0) - (CLOSE.indexOf(s[i]) >= 0);
    return d;
  }

  function balanced(s) {
    var d = 0;
    for (var i = 0; i < s.length; i++) {
      d += (OPEN.indexOf(s[i]) >= 0) - (CLOSE.indexOf(s[i]) >= 0);
      if (d < 0) return false;
    }
    return d === 0;
  }

  function trim(s, start, end) {
    while (start < end && LEAD.indexOf(s[start]) >= 0) start++;
    while (end > start && LEAD.indexOf(s[end - 1]) >= 0) end--;
    return [start, end];
  }

  function ltrRuns(text) {
    var spans = [], re = /[^\u0590-\u05ff]+/g, m;
    while ((m = re.exec(text))) {
      var se = trim(text, m.index, m.index + m[0].length), run = text.slice(se[0], se[1]);
      if (!run || !FORMULA.test(run)) continue;
      if (balanced(run)) { spans.push(se); continue; }
      var at = se[0], groupStart = null, depth = 0, parts = run.split(/(, )/);
      for (var i = 0; i < parts.length; i++) {
        var part = parts[i];
        if (part === ", ") { at += part.length; continue; }
        if (groupStart === null) { groupStart = at; depth = 0; }
        depth += depthOf(part);
        at += part.length;
        if (depth === 0) {
          var g = trim(text, groupStart, at), piece = text.slice(g[0], g[1]);
          if (balanced(piece) && FORMULA.test(piece)) spans.push(g);
          groupStart = null;
        } else if (depth < 0) groupStart = null;
      }
    }
    var pieces = [], from = 0;
    spans.forEach(function (sp) {
      pieces.push([text.slice(from, sp[0]), false], [text.slice(sp[0], sp[1]), true]);
      from = sp[1];
    });
    pieces.push([text.slice(from), false]);
    return pieces.filter(function (p) { return p[0] !== ""; });
  }

  function appendText(p, s, rtl) {
    (rtl ? ltrRuns(s) : [[s, false]]).forEach(function (piece) {
      if (!piece[1]) { p.appendChild(document.createTextNode(piece[0])); return; }
      var run = document.createElement("bdi");
      run.dir = "ltr";
      run.textContent = piece[0];
      p.appendChild(run);
    });
  }

  function render(verdict, report) {
    verdict.textContent = "";
    report.lines.forEach(function (parts) {
      var p = document.createElement("p");
      parts.forEach(function (part, i) {
        var s = "code" in part ? part.code : part.text;
        if (s === "") return;
        if (p.childNodes.length && ".,:;)".indexOf(s[0]) < 0) p.appendChild(document.createTextNode(" "));
        if ("code" in part) {
          var c = document.createElement("code");
          c.dir = "ltr";
          c.textContent = s;
          if (s.indexOf("\n") >= 0) c.className = "answer-box-block";
          else if (s.length <= 24) c.className = "answer-box-short";  // kept on one line
          p.appendChild(c);
        } else if (i === 0 && (s === report.marks.ok || s === report.marks.fail)) {
          var mark = document.createElement("span");
          mark.className = "answer-box-mark";
          mark.setAttribute("aria-hidden", "true");
          mark.textContent = s;
          p.appendChild(mark);
        } else {
          appendText(p, s, verdict.closest("[dir]").getAttribute("dir") === "rtl");
        }
      });
      verdict.appendChild(p);
    });
  }

  function setUp(box) {
    var data = JSON.parse(box.querySelector("script.answer-box-data").textContent);
    var form = box.querySelector("form"), input = box.querySelector("input"), verdict = box.querySelector(".answer-box-verdict");
    var reset = box.querySelector(".answer-box-reset"), key = storageKey(box);
    function show(typed, save) {
      var report = check(data, typed);
      report.marks = { ok: data.text.ok_mark, fail: data.text.fail_mark };
      render(verdict, report);
      box.setAttribute("data-state", report.ok ? "right" : report.problem ? "malformed" : "wrong");
      input.setAttribute("aria-invalid", report.ok ? "false" : "true");
      if (save) store(key, { answer: typed, ok: report.ok });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value, true);
    });
    reset.addEventListener("click", function () {
      input.value = "";
      verdict.textContent = "";
      box.removeAttribute("data-state");
      input.removeAttribute("aria-invalid");
      store(key, null);
      input.focus();
    });
    var saved = load(key);
    if (saved && typeof saved.answer === "string") {
      input.value = saved.answer;
      show(saved.answer, false);
    }
    box.hidden = false;
    box.setAttribute("data-ready", "true");
  }

  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document !== "undefined") {
    root.AnswerBox = api;
    var start = function () { Array.prototype.forEach.call(document.querySelectorAll(".answer-box"), setUp); };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})(typeof window !== "undefined" ? window : this);
