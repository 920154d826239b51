// What the inspector's modules share: its state, and small helpers that build and format the page.

/** The page's state: every request kept (seq → summary), the one shown, the one compared with it, search hits. */
export const state = { rows: new Map(), selected: null, compare: null, searchHits: null, detail: null, dropped: 0 };

/**
 * One of the page's own elements, by id: index.html says which kind it is (an input, a select…).
 * @param {string} id
 * @returns {any}
 */
export const $ = function (id) {
  return document.getElementById(id);
};
export const el = function (tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
};
/** A cell whose text may break only after a dot, a slash or a dash: an event name never breaks inside a word. */
export const breakableCell = function (text) {
  const td = el("td");
  String(text)
    .split(/(?<=[./-])/)
    .forEach(function (part, i) {
      if (i) td.appendChild(el("wbr"));
      td.appendChild(document.createTextNode(part));
    });
  return td;
};
export const verdictText = function (v) {
  return v.status === "valid" ? "✔ valid" : v.status === "invalid" ? "✖ invalid: " + (v.reason || "") : "– unchecked";
};
export const size = function (n) {
  return n < 1024 ? n + " B" : (n / 1024).toFixed(1) + " kB";
};
export const forwarded = function (f) {
  return !f ? "" : f.error ? "✖ " + f.error : "→ " + f.status + " " + f.durationMs + " ms";
};

export function highlight(text) {
  const pre = $("detail-body");
  pre.textContent = "";
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)/g;
  let last = 0,
    m;
  while ((m = re.exec(text))) {
    pre.appendChild(document.createTextNode(text.slice(last, m.index)));
    if (m[1]) {
      pre.appendChild(el("span", m[1], m[2] ? "k" : "s"));
      if (m[2]) pre.appendChild(document.createTextNode(m[2]));
    } else pre.appendChild(el("span", m[0], "n"));
    last = re.lastIndex;
  }
  pre.appendChild(document.createTextNode(text.slice(last)));
}
export function hex(b64) {
  const bin = atob(b64),
    out = [];
  for (let i = 0; i < bin.length; i += 16) {
    const chunk = bin.slice(i, i + 16),
      h = [];
    for (let j = 0; j < chunk.length; j++) h.push(("0" + chunk.charCodeAt(j).toString(16)).slice(-2));
    out.push(("0000000" + i.toString(16)).slice(-8) + "  " + h.join(" "));
  }
  return out.join("\n");
}
export function flatten(value, prefix, out) {
  if (value && typeof value === "object") {
    Object.keys(value).forEach(function (k) {
      flatten(value[k], prefix ? prefix + "." + k : k, out);
    });
    if (!Object.keys(value).length) out[prefix] = JSON.stringify(value);
  } else out[prefix] = JSON.stringify(value);
  return out;
}
