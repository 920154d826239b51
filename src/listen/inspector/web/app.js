// The inspector's page: the live list of requests, its filters and keys. The detail is in detail.js.
import { $, breakableCell, el, forwarded, size, state, verdictText } from "./common.js";
import { select, showBody, showDiff } from "./detail.js";

function matches(r) {
  const p = $("provider").value,
    k = $("kind").value,
    v = $("verdict").value,
    s = $("status").value.trim(),
    e = $("event").value.trim().toLowerCase();
  if (p && r.provider !== p) return false;
  if (k && r.kind !== k) return false;
  if (v && r.verdict.status !== v) return false;
  if (s && String(r.status) !== s && String(r.forwarded && r.forwarded.status) !== s) return false;
  if (
    e &&
    String(r.event || "")
      .toLowerCase()
      .indexOf(e) < 0
  )
    return false;
  if (state.searchHits && !state.searchHits.has(r.seq)) return false;
  return true;
}
function visible() {
  const list = Array.from(state.rows.values()).filter(matches);
  if ($("order").value === "newest") list.reverse();
  return list;
}
export function render() {
  const body = $("rows"),
    list = visible();
  body.textContent = "";
  const frag = document.createDocumentFragment();
  list.forEach(function (r) {
    frag.appendChild(rowFor(r));
  });
  body.appendChild(frag);
  counts(list);
}
// A request that arrives is added as one row, not by redrawing thousands.
function arrived(fresh) {
  const shown = fresh.filter(matches);
  if (!shown.length) return counts(visible());
  const body = $("rows"),
    frag = document.createDocumentFragment(),
    newest = $("order").value === "newest";
  (newest ? shown.slice().reverse() : shown).forEach(function (r) {
    frag.appendChild(rowFor(r));
  });
  if (newest) body.insertBefore(frag, body.firstChild);
  else body.appendChild(frag);
  counts(visible());
}
function counts(list) {
  $("count").textContent =
    "(" +
    list.length +
    (list.length !== state.rows.size ? " of " + state.rows.size : "") +
    (state.dropped ? "; the listener keeps the latest only: " + state.dropped + " older dropped (--memory)" : "") +
    ")";
  const filtered =
    list.length !== state.rows.size
      ? "&seq=" +
        list
          .map(function (r) {
            return r.seq;
          })
          .join(",")
      : "";
  $("export-ndjson").href = "/_wh-sim/api/export?format=ndjson" + filtered;
  $("export-har").href = "/_wh-sim/api/export?format=har" + filtered;
}
function rowFor(r) {
  const tr = el("tr");
  tr.dataset.seq = r.seq;
  tr.tabIndex = -1;
  tr.setAttribute("aria-selected", String(r.seq === state.selected));
  tr.appendChild(el("td", new Date(r.time).toLocaleTimeString()));
  tr.appendChild(el("td", r.provider || "?"));
  // An API call says which endpoint and what about, where a webhook says its event, id and verdict.
  tr.appendChild(breakableCell(r.api ? "API " + r.api.endpoint : r.event || r.method + " " + r.path));
  tr.appendChild(el("td", r.api ? r.api.subject || "" : r.id || ""));
  tr.appendChild(el("td", r.api ? (r.api.error ? "✖ " + r.api.error : "API call") : verdictText(r.verdict), r.api ? "unchecked" : r.verdict.status));
  tr.appendChild(el("td", r.status === null ? "no answer" : r.status));
  tr.appendChild(el("td", size(r.size)));
  tr.appendChild(el("td", forwarded(r.forwarded)));
  const cmp = el("td"),
    box = el("input");
  box.type = "checkbox";
  box.checked = r.seq === state.compare;
  box.setAttribute("aria-label", "compare request " + r.seq + " with the selected one");
  box.addEventListener("click", function (ev) {
    ev.stopPropagation();
    state.compare = box.checked ? r.seq : null;
    render();
    showDiff();
  });
  cmp.appendChild(box);
  tr.appendChild(cmp);
  tr.addEventListener("click", function () {
    select(r.seq);
  });
  return tr;
}
function addProvider(p) {
  if (!p) return;
  const sel = $("provider");
  if (
    Array.from(sel.options).some(function (o) {
      return o.value === p;
    })
  )
    return;
  sel.appendChild(el("option", p));
}

$("raw").addEventListener("change", showBody);
["provider", "kind", "verdict", "order"].forEach(function (id) {
  $(id).addEventListener("change", render);
});
["event", "status"].forEach(function (id) {
  $(id).addEventListener("input", render);
});
let searchTimer = null;
$("search").addEventListener("input", function () {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(function () {
    const q = $("search").value.trim();
    if (!q) {
      state.searchHits = null;
      render();
      return;
    }
    fetch("/_wh-sim/api/search?q=" + encodeURIComponent(q))
      .then(function (r) {
        return r.json();
      })
      .then(function (seqs) {
        state.searchHits = new Set(seqs);
        render();
      });
  }, 150);
});
document.addEventListener("keydown", function (ev) {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (ev.key === "/" && !typing) {
    ev.preventDefault();
    $("search").focus();
    return;
  }
  if (typing) return;
  const list = visible(),
    i = list.findIndex(function (r) {
      return r.seq === state.selected;
    });
  if (ev.key === "j" || ev.key === "ArrowDown") {
    ev.preventDefault();
    const n = list[Math.min(list.length - 1, i + 1)];
    if (n) select(n.seq);
  }
  if (ev.key === "k" || ev.key === "ArrowUp") {
    ev.preventDefault();
    const p = list[Math.max(0, i - 1)];
    if (p) select(p.seq);
  }
  if (ev.key === "Enter" && state.selected !== null) {
    $("detail").scrollIntoView();
    $("detail-body").focus();
  }
});

// Live: Server-Sent Events; the browser resumes with Last-Event-ID after a dropped connection,
// and a reload starts from the beginning, so nothing is missed either way.
let fresh = [];
// The run's token (a listener reachable from the network) is now in a cookie: keep it out of the address bar and history.
if (/[?&]token=/.test(location.search)) history.replaceState(null, "", location.pathname);
const source = new EventSource("/_wh-sim/api/stream");
source.addEventListener("open", function () {
  $("connection").textContent = "live";
});
source.addEventListener("error", function () {
  $("connection").textContent = "reconnecting…";
});
source.addEventListener("request", function (ev) {
  const r = JSON.parse(ev.data);
  if (state.rows.has(r.seq)) return; // a resumed stream may repeat the last one
  state.rows.set(r.seq, r);
  state.dropped = r.dropped || 0;
  addProvider(r.provider);
  if (fresh.push(r) === 1)
    requestAnimationFrame(function () {
      const batch = fresh;
      fresh = [];
      arrived(batch);
    });
});
