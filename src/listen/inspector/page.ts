// The inspector's page: static text shipped in the package (no build step, no CDN; it works offline).
// Plain DOM code, no framework: the page stays small, and it never templates a request's text into HTML.

export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wh-sim inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_wh-sim/app.css">
</head>
<body>
<header>
  <h1>wh-sim inspector</h1>
  <p id="connection" role="status" aria-live="polite">connecting…</p>
</header>
<main>
  <section aria-labelledby="list-title" class="list">
    <h2 id="list-title">Requests <span id="count"></span></h2>
    <form id="filters" role="search" onsubmit="return false">
      <label>Search <input id="search" type="search" placeholder="text in bodies and headers ( / )"></label>
      <label>Provider <select id="provider"><option value="">any</option></select></label>
      <label>Event <input id="event" type="text" placeholder="e.g. invoice.paid"></label>
      <label>Verdict <select id="verdict"><option value="">any</option><option>valid</option><option>invalid</option><option>unchecked</option></select></label>
      <label>Status <input id="status" type="text" inputmode="numeric" placeholder="e.g. 500" size="5"></label>
      <label>Order <select id="order"><option value="newest">newest first</option><option value="oldest">oldest first</option></select></label>
      <a id="export-ndjson" href="/_wh-sim/api/export?format=ndjson" download>Export NDJSON</a>
      <a id="export-har" href="/_wh-sim/api/export?format=har" download>Export HAR</a>
    </form>
    <table>
      <thead><tr><th scope="col">Time</th><th scope="col">Provider</th><th scope="col">Event</th><th scope="col">Id</th><th scope="col">Verdict</th><th scope="col">Status</th><th scope="col">Size</th><th scope="col">Forwarded</th><th scope="col">Compare</th></tr></thead>
      <tbody id="rows"></tbody>
    </table>
  </section>
  <section aria-labelledby="detail-title" class="detail" id="detail" hidden>
    <h2 id="detail-title">Request</h2>
    <p id="detail-verdict" class="verdict"></p>
    <p id="detail-meta"></p>
    <details open><summary>Headers</summary><table><tbody id="detail-headers"></tbody></table></details>
    <details open><summary>Body</summary>
      <p><label><input type="checkbox" id="raw"> raw bytes</label></p>
      <pre id="detail-body" tabindex="0"></pre>
    </details>
    <details id="forwarded-box"><summary>Forwarded app's answer</summary><pre id="detail-forwarded"></pre></details>
    <form id="replay" onsubmit="return false">
      <fieldset>
        <legend>Replay</legend>
        <label><input type="radio" name="mode" value="exact" checked> byte-identical</label>
        <label><input type="radio" name="mode" value="resign"> re-signed now</label>
        <label><input type="radio" name="mode" value="edited"> edited body, re-signed</label>
        <label>To <input id="replay-url" type="url" placeholder="this listener (and on to the forward target)"></label>
        <label class="wide">Body <textarea id="replay-body" rows="8"></textarea></label>
        <button id="replay-send" type="submit">Replay</button>
        <output id="replay-result" aria-live="polite"></output>
      </fieldset>
    </form>
    <p><button id="copy-curl" type="button">Copy as curl</button></p>
    <pre id="curl" hidden></pre>
    <section id="diff" hidden aria-labelledby="diff-title"><h3 id="diff-title">Differences</h3><table><thead><tr><th scope="col">Field</th><th scope="col" id="diff-a">A</th><th scope="col" id="diff-b">B</th></tr></thead><tbody id="diff-rows"></tbody></table></section>
  </section>
</main>
<script src="/_wh-sim/app.js"></script>
</body>
</html>
`;

export const INSPECTOR_CSS = `:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1f; --muted: #5f6368; --line: #d0d4d9; --ok: #11703a; --bad: #b3261e; --sel: #dbe7ff; --key: #6f3db8; --str: #0b6b5e; --num: #8a4b00; }
@media (prefers-color-scheme: dark) { :root { --bg: #16171a; --fg: #e6e6e9; --muted: #a2a5ab; --line: #3a3d43; --ok: #5fd38d; --bad: #ff8a80; --sel: #26344d; --key: #c3a6ff; --str: #6fd6c3; --num: #ffc27a; } }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1rem; align-items: baseline; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.1rem; margin: 0; } h2 { font-size: 1rem; } #connection { color: var(--muted); margin: 0; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; padding: 0 1rem; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
/* A wide list scrolls inside its column rather than running under the detail. */
section.list { min-width: 0; overflow-x: auto; } section.detail { min-width: 0; } td { overflow-wrap: anywhere; }
form#filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: .5rem; }
label { display: inline-flex; flex-direction: column; font-size: .8rem; color: var(--muted); } label input, label select, label textarea { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); padding: .2rem .3rem; }
label.wide { display: flex; } textarea { width: 100%; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody#rows tr { cursor: pointer; } tbody#rows tr[aria-selected="true"] { background: var(--sel); } tbody#rows tr:focus { outline: 2px solid var(--key); }
.valid { color: var(--ok); } .invalid { color: var(--bad); font-weight: 600; } .unchecked { color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-all; font: 12px/1.4 ui-monospace, monospace; border: 1px solid var(--line); padding: .5rem; max-height: 50vh; overflow: auto; }
.k { color: var(--key); } .s { color: var(--str); } .n { color: var(--num); }
button { font: inherit; padding: .3rem .8rem; } fieldset { border: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem; }
`;

export const INSPECTOR_JS = String.raw`"use strict";
(function () {
  var rows = new Map(); // seq -> summary
  var selected = null, compare = null, searchHits = null, detail = null;
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
  var verdictText = function (v) { return v.status === "valid" ? "✔ valid" : v.status === "invalid" ? "✖ invalid: " + (v.reason || "") : "– unchecked"; };
  var size = function (n) { return n < 1024 ? n + " B" : (n / 1024).toFixed(1) + " kB"; };
  var forwarded = function (f) { return !f ? "" : f.error ? "✖ " + f.error : "→ " + f.status + " " + f.durationMs + " ms"; };

  function matches(r) {
    var p = $("provider").value, v = $("verdict").value, s = $("status").value.trim(), e = $("event").value.trim().toLowerCase();
    if (p && r.provider !== p) return false;
    if (v && r.verdict.status !== v) return false;
    if (s && String(r.status) !== s && String(r.forwarded && r.forwarded.status) !== s) return false;
    if (e && String(r.event || "").toLowerCase().indexOf(e) < 0) return false;
    if (searchHits && !searchHits.has(r.seq)) return false;
    return true;
  }
  function visible() {
    var list = Array.from(rows.values()).filter(matches);
    if ($("order").value === "newest") list.reverse();
    return list;
  }
  function render() {
    var body = $("rows"), list = visible();
    body.textContent = "";
    var frag = document.createDocumentFragment();
    list.forEach(function (r) { frag.appendChild(rowFor(r)); });
    body.appendChild(frag);
    counts(list);
  }
  // A request that arrives is added as one row, not by redrawing thousands.
  function arrived(fresh) {
    var shown = fresh.filter(matches);
    if (!shown.length) return counts(visible());
    var body = $("rows"), frag = document.createDocumentFragment(), newest = $("order").value === "newest";
    (newest ? shown.slice().reverse() : shown).forEach(function (r) { frag.appendChild(rowFor(r)); });
    if (newest) body.insertBefore(frag, body.firstChild); else body.appendChild(frag);
    counts(visible());
  }
  function counts(list) {
    $("count").textContent = "(" + list.length + (list.length !== rows.size ? " of " + rows.size : "") + ")";
    var filtered = list.length !== rows.size ? "&seq=" + list.map(function (r) { return r.seq; }).join(",") : "";
    $("export-ndjson").href = "/_wh-sim/api/export?format=ndjson" + filtered;
    $("export-har").href = "/_wh-sim/api/export?format=har" + filtered;
  }
  function rowFor(r) {
      var tr = el("tr"); tr.dataset.seq = r.seq; tr.tabIndex = -1;
      tr.setAttribute("aria-selected", String(r.seq === selected));
      tr.appendChild(el("td", new Date(r.time).toLocaleTimeString()));
      tr.appendChild(el("td", r.provider || "?"));
      tr.appendChild(el("td", r.event || r.method + " " + r.path));
      tr.appendChild(el("td", r.id || ""));
      tr.appendChild(el("td", verdictText(r.verdict), r.verdict.status));
      tr.appendChild(el("td", r.status === null ? "no answer" : r.status));
      tr.appendChild(el("td", size(r.size)));
      tr.appendChild(el("td", forwarded(r.forwarded)));
      var cmp = el("td"), box = el("input"); box.type = "checkbox"; box.checked = r.seq === compare; box.setAttribute("aria-label", "compare request " + r.seq + " with the selected one");
      box.addEventListener("click", function (ev) { ev.stopPropagation(); compare = box.checked ? r.seq : null; render(); showDiff(); });
      cmp.appendChild(box); tr.appendChild(cmp);
      tr.addEventListener("click", function () { select(r.seq); });
      return tr;
  }
  function addProvider(p) {
    if (!p) return;
    var sel = $("provider");
    if (Array.from(sel.options).some(function (o) { return o.value === p; })) return;
    sel.appendChild(el("option", p));
  }

  function highlight(text) {
    var pre = $("detail-body"); pre.textContent = "";
    var re = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)/g, last = 0, m;
    while ((m = re.exec(text))) {
      pre.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1]) { pre.appendChild(el("span", m[1], m[2] ? "k" : "s")); if (m[2]) pre.appendChild(document.createTextNode(m[2])); }
      else pre.appendChild(el("span", m[0], "n"));
      last = re.lastIndex;
    }
    pre.appendChild(document.createTextNode(text.slice(last)));
  }
  function hex(b64) {
    var bin = atob(b64), out = [];
    for (var i = 0; i < bin.length; i += 16) {
      var chunk = bin.slice(i, i + 16), h = [];
      for (var j = 0; j < chunk.length; j++) h.push(("0" + chunk.charCodeAt(j).toString(16)).slice(-2));
      out.push(("0000000" + i.toString(16)).slice(-8) + "  " + h.join(" "));
    }
    return out.join("\n");
  }
  function showBody() {
    if (!detail) return;
    if (detail.text === null) { $("detail-body").textContent = hex(detail.body); return; }
    if ($("raw").checked) { $("detail-body").textContent = detail.text; return; }
    try { highlight(JSON.stringify(JSON.parse(detail.text), null, 2)); } catch (e) { $("detail-body").textContent = detail.text; }
  }
  function select(seq) {
    selected = seq; render();
    var tr = document.querySelector('tr[data-seq="' + seq + '"]'); if (tr) tr.focus();
    fetch("/_wh-sim/api/requests/" + seq).then(function (r) { return r.json(); }).then(function (d) {
      detail = d;
      $("detail").hidden = false;
      $("detail-title").textContent = "Request " + d.seq + ": " + (d.provider || "?") + " " + (d.event || d.method + " " + d.path);
      var v = $("detail-verdict"); v.className = "verdict " + d.verdict.status;
      v.textContent = verdictText(d.verdict) + (d.verdict.message ? " — " + d.verdict.message : "") + (d.verdict.hint ? " (hint: " + d.verdict.hint + ")" : "");
      $("detail-meta").textContent = d.method + " " + d.path + " · answered " + (d.status === null ? "nothing" : d.status) + (d.durationMs !== null ? " in " + d.durationMs + " ms" : "") + " · " + size(d.size) + " · " + d.time;
      var hb = $("detail-headers"); hb.textContent = "";
      d.headers.forEach(function (h) { var tr = el("tr"); tr.appendChild(el("th", h[0])); tr.appendChild(el("td", h[1])); hb.appendChild(tr); });
      $("forwarded-box").hidden = !d.forwarded;
      $("detail-forwarded").textContent = d.forwarded ? JSON.stringify(d.forwarded, null, 2) : "";
      $("replay-body").value = d.text === null ? "" : d.text;
      $("curl").hidden = true;
      showBody(); showDiff();
    });
  }
  function flatten(value, prefix, out) {
    if (value && typeof value === "object") { Object.keys(value).forEach(function (k) { flatten(value[k], prefix ? prefix + "." + k : k, out); }); if (!Object.keys(value).length) out[prefix] = JSON.stringify(value); }
    else out[prefix] = JSON.stringify(value);
    return out;
  }
  function showDiff() {
    var box = $("diff");
    if (compare === null || selected === null || compare === selected) { box.hidden = true; return; }
    Promise.all([selected, compare].map(function (s) { return fetch("/_wh-sim/api/requests/" + s).then(function (r) { return r.json(); }); })).then(function (pair) {
      var sides = pair.map(function (d) {
        var flat = {};
        d.headers.forEach(function (h) { flat["header " + h[0].toLowerCase()] = h[1]; });
        try { flatten(JSON.parse(d.text), "", flat); } catch (e) { flat.body = d.text; }
        return flat;
      });
      $("diff-a").textContent = "request " + pair[0].seq; $("diff-b").textContent = "request " + pair[1].seq;
      var rowsEl = $("diff-rows"); rowsEl.textContent = "";
      var keys = Array.from(new Set(Object.keys(sides[0]).concat(Object.keys(sides[1])))).sort();
      keys.forEach(function (k) {
        if (sides[0][k] === sides[1][k]) return;
        var tr = el("tr"); tr.appendChild(el("th", k)); tr.appendChild(el("td", sides[0][k] === undefined ? "(absent)" : sides[0][k])); tr.appendChild(el("td", sides[1][k] === undefined ? "(absent)" : sides[1][k]));
        rowsEl.appendChild(tr);
      });
      box.hidden = false;
    });
  }
  function curl() {
    var q = function (s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; };
    var url = location.origin + detail.path;
    var parts = ["curl -sS -X " + detail.method + " " + q(url)];
    detail.headers.forEach(function (h) { if (!/^(host|content-length|connection)$/i.test(h[0])) parts.push("  -H " + q(h[0] + ": " + h[1])); });
    if (detail.text !== null) parts.push("  --data-binary " + q(detail.text));
    return parts.join(" \\\n");
  }

  $("copy-curl").addEventListener("click", function () {
    var text = curl(); $("curl").textContent = text; $("curl").hidden = false;
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
  });
  $("replay-send").addEventListener("click", function () {
    var mode = document.querySelector('input[name="mode"]:checked').value;
    var payload = { mode: mode };
    if ($("replay-url").value) payload.url = $("replay-url").value;
    if (mode === "edited") payload.body = $("replay-body").value;
    $("replay-result").textContent = "sending…";
    var post = function () {
      return fetch("/_wh-sim/api/requests/" + selected + "/replay", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) })
        .then(function (r) { return r.json(); });
    };
    post()
      .then(function (r) {
        // A URL that is neither this listener nor its forward target gets the request signed with your secrets: ask first.
        if (!r.needsConfirmation) return r;
        if (!window.confirm("Send this request, signed with your secrets, to " + payload.url + "?")) return { error: "not sent" };
        payload.confirmed = true;
        return post();
      })
      .then(function (r) { $("replay-result").textContent = r.error ? "✖ " + r.error + (r.hint ? " (hint: " + r.hint + ")" : "") : "✔ " + r.url + " answered " + r.status + " in " + r.durationMs + " ms"; });
  });
  $("raw").addEventListener("change", showBody);
  ["provider", "verdict", "order"].forEach(function (id) { $(id).addEventListener("change", render); });
  ["event", "status"].forEach(function (id) { $(id).addEventListener("input", render); });
  var searchTimer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      var q = $("search").value.trim();
      if (!q) { searchHits = null; render(); return; }
      fetch("/_wh-sim/api/search?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (seqs) { searchHits = new Set(seqs); render(); });
    }, 150);
  });
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (ev.key === "/" && !typing) { ev.preventDefault(); $("search").focus(); return; }
    if (typing) return;
    var list = visible(), i = list.findIndex(function (r) { return r.seq === selected; });
    if (ev.key === "j" || ev.key === "ArrowDown") { ev.preventDefault(); var n = list[Math.min(list.length - 1, i + 1)]; if (n) select(n.seq); }
    if (ev.key === "k" || ev.key === "ArrowUp") { ev.preventDefault(); var p = list[Math.max(0, i - 1)]; if (p) select(p.seq); }
    if (ev.key === "Enter" && selected !== null) { $("detail").scrollIntoView(); $("detail-body").focus(); }
  });

  // Live: Server-Sent Events; the browser resumes with Last-Event-ID after a dropped connection,
  // and a reload starts from the beginning, so nothing is missed either way.
  var fresh = [];
  // The run's token (a listener reachable from the network) is now in a cookie: keep it out of the address bar and history.
  if (/[?&]token=/.test(location.search)) history.replaceState(null, "", location.pathname);
  var source = new EventSource("/_wh-sim/api/stream");
  source.addEventListener("open", function () { $("connection").textContent = "live"; });
  source.addEventListener("error", function () { $("connection").textContent = "reconnecting…"; });
  source.addEventListener("request", function (ev) {
    var r = JSON.parse(ev.data);
    if (rows.has(r.seq)) return; // a resumed stream may repeat the last one
    rows.set(r.seq, r); addProvider(r.provider);
    if (fresh.push(r) === 1) requestAnimationFrame(function () { var batch = fresh; fresh = []; arrived(batch); });
  });
})();
`;
