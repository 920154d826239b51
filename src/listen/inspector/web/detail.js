// The detail of one request: headers, body, verdict, comparison with another, replay, copy as curl.
import { $, el, flatten, hex, highlight, size, state, verdictText } from "./common.js";
import { render } from "./app.js";

export function showBody() {
  if (!state.detail) return;
  if (state.detail.text === null) {
    $("detail-body").textContent = hex(state.detail.body);
    return;
  }
  if ($("raw").checked) {
    $("detail-body").textContent = state.detail.text;
    return;
  }
  try {
    highlight(JSON.stringify(JSON.parse(state.detail.text), null, 2));
  } catch {
    $("detail-body").textContent = state.detail.text;
  }
}
export function select(seq) {
  state.selected = seq;
  render();
  const tr = /** @type {HTMLElement | null} */ (document.querySelector('tr[data-seq="' + seq + '"]'));
  if (tr) tr.focus();
  fetch("/_wh-sim/api/requests/" + seq)
    .then(function (r) {
      return r.json();
    })
    .then(function (d) {
      state.detail = d;
      $("detail").hidden = false;
      $("detail-empty").hidden = true;
      $("detail-title").textContent = "Request " + d.seq + ": " + (d.provider || "?") + " " + (d.event || d.method + " " + d.path);
      const v = $("detail-verdict");
      v.className = "verdict " + d.verdict.status;
      v.textContent = verdictText(d.verdict) + (d.verdict.message ? " — " + d.verdict.message : "") + (d.verdict.hint ? " (hint: " + d.verdict.hint + ")" : "");
      $("detail-meta").textContent =
        d.method +
        " " +
        d.path +
        " · answered " +
        (d.status === null ? "nothing" : d.status) +
        (d.durationMs !== null ? " in " + d.durationMs + " ms" : "") +
        " · " +
        size(d.size) +
        " · " +
        d.time;
      const hb = $("detail-headers");
      hb.textContent = "";
      d.headers.forEach(function (h) {
        const tr = el("tr");
        tr.appendChild(el("th", h[0]));
        tr.appendChild(el("td", h[1]));
        hb.appendChild(tr);
      });
      $("forwarded-box").hidden = !d.forwarded;
      $("detail-forwarded").textContent = d.forwarded ? JSON.stringify(d.forwarded, null, 2) : "";
      $("replay-body").value = d.text === null ? "" : d.text;
      $("curl").hidden = true;
      showBody();
      showDiff();
    });
}
export function showDiff() {
  const box = $("diff");
  if (state.compare === null || state.selected === null || state.compare === state.selected) {
    box.hidden = true;
    return;
  }
  Promise.all(
    [state.selected, state.compare].map(function (s) {
      return fetch("/_wh-sim/api/requests/" + s).then(function (r) {
        return r.json();
      });
    }),
  ).then(function (pair) {
    const sides = pair.map(function (d) {
      const flat = {};
      d.headers.forEach(function (h) {
        flat["header " + h[0].toLowerCase()] = h[1];
      });
      try {
        flatten(JSON.parse(d.text), "", flat);
      } catch {
        flat.body = d.text;
      }
      return flat;
    });
    $("diff-a").textContent = "request " + pair[0].seq;
    $("diff-b").textContent = "request " + pair[1].seq;
    const rowsEl = $("diff-rows");
    rowsEl.textContent = "";
    const keys = Array.from(new Set(Object.keys(sides[0]).concat(Object.keys(sides[1])))).sort();
    keys.forEach(function (k) {
      if (sides[0][k] === sides[1][k]) return;
      const tr = el("tr");
      tr.appendChild(el("th", k));
      tr.appendChild(el("td", sides[0][k] === undefined ? "(absent)" : sides[0][k]));
      tr.appendChild(el("td", sides[1][k] === undefined ? "(absent)" : sides[1][k]));
      rowsEl.appendChild(tr);
    });
    box.hidden = false;
  });
}
function curl() {
  const q = function (s) {
    return "'" + String(s).replace(/'/g, "'\\''") + "'";
  };
  const url = location.origin + state.detail.path;
  // Every token quoted, the method too: a recording loaded with --record is text from anywhere.
  const parts = ["curl -sS -X " + q(state.detail.method) + " " + q(url)];
  state.detail.headers.forEach(function (h) {
    if (!/^(host|content-length|connection)$/i.test(h[0])) parts.push("  -H " + q(h[0] + ": " + h[1]));
  });
  if (state.detail.text !== null) parts.push("  --data-binary " + q(state.detail.text));
  return parts.join(" \\\n");
}

$("copy-curl").addEventListener("click", function () {
  const text = curl();
  $("curl").textContent = text;
  $("curl").hidden = false;
  if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
});
$("replay-send").addEventListener("click", function () {
  const mode = /** @type {HTMLInputElement} */ (document.querySelector('input[name="mode"]:checked')).value;
  const payload = { mode: mode };
  if ($("replay-url").value) payload.url = $("replay-url").value;
  if (mode === "edited") payload.body = $("replay-body").value;
  $("replay-result").textContent = "sending…";
  const post = function () {
    return fetch("/_wh-sim/api/requests/" + state.selected + "/replay", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    }).then(function (r) {
      return r.json();
    });
  };
  post()
    .then(function (r) {
      // A URL that is neither this listener nor its forward target gets the request signed with your secrets: ask first.
      if (!r.needsConfirmation) return r;
      if (!window.confirm("Send this request, signed with your secrets, to " + payload.url + "?")) return { error: "not sent" };
      payload.confirmed = true;
      return post();
    })
    .then(function (r) {
      $("replay-result").textContent = r.error
        ? "✖ " + r.error + (r.hint ? " (hint: " + r.hint + ")" : "")
        : "✔ " + r.url + " answered " + r.status + " in " + r.durationMs + " ms";
    });
});
