// The hostile-input corpus `listen` must survive: each case is raw bytes on a raw socket, with how
// many requests the listener must report for it (one line and one record each) and the statuses
// it must report, in order (null: nothing could be answered).

export interface HostileCase {
  name: string;
  /** Written one after another, each as its own write. */
  chunks: (string | Buffer)[];
  /** After writing: half-close and wait for the listener to close ("fin"), or reset at once ("reset"). */
  end: "fin" | "reset";
  /** How many requests the listener reports for the case. */
  lines: number;
  /** The status reported for each of them (any status when absent). */
  statuses?: (number | null)[];
  /** What the sender must have received, when it matters. */
  answer?: RegExp;
}

const CRLF = "\r\n";

/** A request's raw bytes; Content-Length is added for a body unless the headers frame it. */
export function raw(method: string, path: string, headers: [string, string][] = [], body: string | Buffer = "", version = "HTTP/1.1"): Buffer {
  const framed = headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  const all: [string, string][] = [
    ["Host", "127.0.0.1"],
    ...headers,
    ...(framed || body.length === 0 ? [] : [["Content-Length", String(Buffer.byteLength(body))] as [string, string]]),
  ];
  const head = `${method} ${path} ${version}${CRLF}${all.map(([n, v]) => `${n}: ${v}`).join(CRLF)}${CRLF}${CRLF}`;
  return Buffer.concat([Buffer.from(head, "latin1"), Buffer.from(body)]);
}

const ok = (name: string, bytes: Buffer, status = 200): HostileCase => ({ name, chunks: [bytes], end: "fin", lines: 1, statuses: [status] });
const refused = (name: string, bytes: Buffer | string, status = 400): HostileCase => ({
  name,
  chunks: [bytes],
  end: "fin",
  lines: 1,
  statuses: [status],
  answer: new RegExp(`^HTTP/1\\.1 ${status} `),
});

const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const ESC = "\u001b";
const stripeEvent = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: "evt_hostile", object: "event", type: "customer.created", data: { object: {} }, ...fields });

export function hostileCorpus(maxBody: number): HostileCase[] {
  const cases: HostileCase[] = [];

  // Methods and paths a receiver may see.
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "GET", "OPTIONS", "HEAD", "M-SEARCH", "PROPFIND", "PURGE"]) {
    cases.push(ok(`method ${method}`, raw(method, "/webhook", [], method === "GET" || method === "HEAD" ? "" : "{}")));
  }
  for (const path of [
    "/",
    "/a?b=c&d",
    `/${"x".repeat(4000)}`,
    "/%00%1b%ff",
    "/@evil.example:80/x",
    "//evil.example/x",
    "/a/../../etc/passwd",
    "/?" + "q=".repeat(500),
    "*",
    "http://other.example/abs",
  ]) {
    cases.push(ok(`path ${path.slice(0, 40)}`, raw("POST", path, [], "{}")));
  }

  // Bodies.
  const bodies: [string, string | Buffer][] = [
    ["empty", ""],
    ["json", '{"a":1}'],
    ["not json", "{not json"],
    ["binary", Buffer.from([0, 1, 2, 255, 254, 253])],
    ["invalid utf-8", Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
    ["deep json 100k", deep(100_000)],
    ["deep object 20k", `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`],
    ["escape sequences in text", `${ESC}[2J${ESC}[H✔ valid forged`],
    ["escape sequences in json", JSON.stringify({ type: `${ESC}[2J`, id: `${ESC}]0;title${"\u0007"}` })],
    ["bidi override", `{"type":"\u202eevil"}`],
    ["nul bytes", "a\u0000b\u0000c"],
    ["lone surrogate", '{"a":"\\ud800"}'],
    ["huge number", `{"a":${"9".repeat(5000)}}`],
    ["many keys", JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])))],
    ["__proto__ keys", '{"__proto__":{"insecure":true},"constructor":{"prototype":{"x":1}}}'],
    ["bom", "\ufeff{}"],
    ["at the limit", "x".repeat(maxBody)],
    ["whitespace only", " \n\t "],
    ["form encoded", "a=1&b=2"],
    ["xml", "<?xml version='1.0'?><a/>"],
  ];
  for (const [name, body] of bodies) cases.push(ok(`body ${name}`, raw("POST", "/webhook", [["Content-Type", "application/json"]], body)));

  // Signature headers of every provider, wrong in every way.
  const garbage = [
    "",
    "x",
    "=",
    ",,,,",
    "t=",
    "v1=",
    "t=abc,v1=zz",
    `t=1,${"v1=00,".repeat(2000)}`,
    "y".repeat(8000),
    "\u00e9t\u00e9",
    "t=99999999999999999999,v1=0",
    "eyJ.eyJ.",
    "a.b.c",
    "v1,",
    `${"v1,AAAA ".repeat(1500)}`,
  ];
  const signatureHeaders = ["Stripe-Signature", "Plaid-Verification", "X-WEBHOOK-SIGN", "BridgeApi-Signature", "webhook-signature", "svix-signature"];
  for (const header of signatureHeaders) {
    for (const value of garbage) {
      const extra: [string, string][] =
        header.endsWith("-signature") && header.toLowerCase() !== "stripe-signature" && header !== "BridgeApi-Signature"
          ? [
              [header.replace("signature", "id"), "msg_1"],
              [header.replace("signature", "timestamp"), "1"],
            ]
          : [];
      cases.push(ok(`${header}: ${JSON.stringify(value.slice(0, 20))}`, raw("POST", "/webhook", [[header, value], ...extra], stripeEvent({}))));
    }
  }
  const jwt = (header: object, claims: object) =>
    `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.AAAA`;
  for (const [name, token] of [
    ["alg none", jwt({ alg: "none", kid: "x" }, { iat: 1 })],
    ["kid with escapes", jwt({ alg: "ES256", kid: `${ESC}[2Jforged` }, { iat: 1 })],
    ["kid object", jwt({ alg: "ES256", kid: { a: 1 } }, { iat: 1 })],
    ["claims array", `${Buffer.from('{"alg":"ES256"}').toString("base64url")}.${Buffer.from("[1]").toString("base64url")}.x`],
    ["kid __proto__", jwt({ alg: "ES256", kid: "__proto__" }, { iat: 1 })],
  ] as const) {
    cases.push(ok(`Plaid-Verification ${name}`, raw("POST", "/webhook", [["Plaid-Verification", token]], '{"webhook_type":"ITEM","webhook_code":"ERROR"}')));
  }

  // Headers.
  cases.push(
    ok(
      "duplicate signature headers",
      raw(
        "POST",
        "/webhook",
        [
          ["Stripe-Signature", "t=1,v1=0"],
          ["Stripe-Signature", "t=2,v1=1"],
        ],
        "{}",
      ),
    ),
  );
  cases.push(
    ok(
      "100 headers",
      raw(
        "POST",
        "/webhook",
        Array.from({ length: 100 }, (_, i) => [`X-H${i}`, String(i)] as [string, string]),
        "{}",
      ),
    ),
  );
  cases.push(
    ok(
      "header named __proto__",
      raw(
        "POST",
        "/webhook",
        [
          ["__proto__", "x"],
          ["constructor", "y"],
        ],
        "{}",
      ),
    ),
  );
  cases.push(ok("empty header value", raw("POST", "/webhook", [["X-Empty", ""]], "{}")));
  cases.push(ok("8 kB header value", raw("POST", "/webhook", [["X-Big", "v".repeat(8000)]], "{}")));
  cases.push(ok("latin-1 header value", raw("POST", "/webhook", [["X-Latin", "caf\u00e9"]], "{}")));
  cases.push(ok("Expect: 100-continue", raw("POST", "/webhook", [["Expect", "100-continue"]], "{}")));
  cases.push(ok("HTTP/1.0", raw("POST", "/webhook", [], "{}", "HTTP/1.0")));
  cases.push(ok("Connection: close", raw("POST", "/webhook", [["Connection", "close"]], "{}")));
  cases.push(ok("Connection: keep-alive", raw("POST", "/webhook", [["Connection", "keep-alive"]], "{}")));
  cases.push(
    ok(
      "Upgrade: websocket",
      raw("GET", "/webhook", [
        ["Connection", "Upgrade"],
        ["Upgrade", "websocket"],
      ]),
    ),
  );
  cases.push(
    ok(
      "Upgrade: h2c",
      raw("GET", "/webhook", [
        ["Connection", "Upgrade, HTTP2-Settings"],
        ["Upgrade", "h2c"],
        ["HTTP2-Settings", "AAMAAABkAAQCAAAAAAIAAAAA"],
      ]),
    ),
  );
  // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host; it is still shown and recorded.
  cases.push(refused("no Host", Buffer.from(`POST /webhook HTTP/1.1${CRLF}Content-Length: 2${CRLF}${CRLF}{}`)));
  cases.push(ok("no Host, HTTP/1.0", Buffer.from(`POST /webhook HTTP/1.0${CRLF}Content-Length: 2${CRLF}${CRLF}{}`)));
  cases.push(refused("LF line endings", Buffer.from("POST /webhook HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}")));
  cases.push(refused("unknown method", raw("FOO", "/webhook", [], "{}")));
  cases.push(refused("escape sequence in a header value", raw("POST", "/webhook", [["Stripe-Signature", `${ESC}[31mred`]], "{}")));
  cases.push(refused("header with a NUL", raw("POST", "/webhook", [["X-Bad", "a\u0000b"]], "{}")));
  cases.push(refused("header with a space in its name", raw("POST", "/webhook", [["X Bad", "a"]], "{}")));
  cases.push(
    refused("obsolete line folding", Buffer.from(`POST /webhook HTTP/1.1${CRLF}Host: x${CRLF}X-Fold: a${CRLF} b${CRLF}Content-Length: 2${CRLF}${CRLF}{}`)),
  );
  cases.push(refused("headers over 16 kB", raw("POST", "/webhook", [["X-Huge", "h".repeat(40_000)]], "{}"), 431));
  cases.push(refused("URL over 16 kB", raw("GET", `/${"u".repeat(20_000)}`), 431));
  cases.push(
    refused(
      "4000 headers",
      raw(
        "POST",
        "/webhook",
        Array.from({ length: 4000 }, (_, i) => [`X-${i}`, "v"] as [string, string]),
        "{}",
      ),
      431,
    ),
  );

  // Framing.
  const chunked: [string, string][] = [["Transfer-Encoding", "chunked"]];
  cases.push(ok("chunked", raw("POST", "/webhook", chunked, `2${CRLF}{}${CRLF}0${CRLF}${CRLF}`)));
  cases.push(ok("chunked in one-byte chunks", raw("POST", "/webhook", chunked, `1${CRLF}{${CRLF}1${CRLF}}${CRLF}0${CRLF}${CRLF}`)));
  cases.push(ok("chunk extensions", raw("POST", "/webhook", chunked, `2;name=value${CRLF}{}${CRLF}0${CRLF}${CRLF}`)));
  cases.push(ok("chunked with trailers", raw("POST", "/webhook", chunked, `2${CRLF}{}${CRLF}0${CRLF}X-Trailer: t${CRLF}${CRLF}`)));
  cases.push(ok("chunked, upper-case hex sizes", raw("POST", "/webhook", chunked, `A${CRLF}0123456789${CRLF}0${CRLF}${CRLF}`)));
  cases.push(refused("bad chunk size", raw("POST", "/webhook", chunked, `zz${CRLF}{}${CRLF}0${CRLF}${CRLF}`)));
  cases.push(refused("chunk size overflow", raw("POST", "/webhook", chunked, `FFFFFFFFFFFFFFFFFF${CRLF}{}${CRLF}`)));
  cases.push(refused("chunk without CRLF", raw("POST", "/webhook", chunked, `2${CRLF}{}X0${CRLF}${CRLF}`)));
  cases.push(
    refused(
      "Content-Length and Transfer-Encoding",
      raw(
        "POST",
        "/webhook",
        [
          ["Content-Length", "2"],
          ["Transfer-Encoding", "chunked"],
        ],
        `2${CRLF}{}${CRLF}0${CRLF}${CRLF}`,
      ),
    ),
  );
  cases.push(
    refused(
      "two different Content-Lengths",
      raw(
        "POST",
        "/webhook",
        [
          ["Content-Length", "2"],
          ["Content-Length", "3"],
        ],
        "{}",
      ),
    ),
  );
  cases.push(refused("negative Content-Length", raw("POST", "/webhook", [["Content-Length", "-1"]], "{}")));
  cases.push(refused("non-numeric Content-Length", raw("POST", "/webhook", [["Content-Length", "abc"]], "{}")));
  cases.push(refused("Transfer-Encoding gzip", raw("POST", "/webhook", [["Transfer-Encoding", "gzip"]], "{}")));
  cases.push(refused("Transfer-Encoding chunked, gzip", raw("POST", "/webhook", [["Transfer-Encoding", "chunked, gzip"]], "{}")));
  cases.push(
    refused(
      "Transfer-Encoding with a space before the colon",
      Buffer.from(`POST /webhook HTTP/1.1${CRLF}Host: x${CRLF}Transfer-Encoding : chunked${CRLF}${CRLF}0${CRLF}${CRLF}`),
    ),
  );
  cases.push({ name: "truncated body, then FIN", chunks: [raw("POST", "/webhook", [["Content-Length", "100"]], "{")], end: "fin", lines: 1, statuses: [400] });
  cases.push({ name: "truncated chunked body, then FIN", chunks: [raw("POST", "/webhook", chunked, `10${CRLF}{`)], end: "fin", lines: 1, statuses: [400] });
  cases.push({
    name: "truncated body, then reset",
    chunks: [raw("POST", "/webhook", [["Content-Length", "100"]], "{")],
    end: "reset",
    lines: 1,
    statuses: [null],
  });
  cases.push({
    name: "declared body over --max-body",
    chunks: [raw("POST", "/webhook", [["Content-Length", String(maxBody + 1)]])],
    end: "fin",
    lines: 1,
    statuses: [413],
    answer: /^HTTP\/1\.1 413 /,
  });
  cases.push({
    name: "chunked body over --max-body",
    chunks: [raw("POST", "/webhook", chunked, `${(maxBody + 10).toString(16)}${CRLF}${"z".repeat(maxBody + 10)}${CRLF}0${CRLF}${CRLF}`)],
    end: "fin",
    lines: 1,
    statuses: [413],
  });
  cases.push({
    name: "body over --max-body, Content-Length",
    chunks: [raw("POST", "/webhook", [], "y".repeat(maxBody + 1))],
    end: "fin",
    lines: 1,
    statuses: [413],
  });

  // Request lines that are not HTTP/1.x.
  for (const [name, bytes] of [
    ["not HTTP at all", `NOT HTTP AT ALL${CRLF}${CRLF}`],
    ["HTTP/2 preface", `PRI * HTTP/2.0${CRLF}${CRLF}SM${CRLF}${CRLF}`],
    ["HTTP/0.9", `GET /${CRLF}`],
    ["HTTP/3.0", `GET / HTTP/3.0${CRLF}Host: x${CRLF}${CRLF}`],
    ["lower-case method", `post /webhook HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`],
    ["TLS ClientHello", Buffer.from("16030100a5010000a10303", "hex")],
    ["NUL bytes", Buffer.alloc(64)],
    ["space in the path", `POST /a b HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`],
    ["control byte in the path", `POST /a${ESC}b HTTP/1.1${CRLF}Host: x${CRLF}${CRLF}`],
  ] as const) {
    cases.push({ name, chunks: [bytes], end: "fin", lines: 1, statuses: [400] });
  }

  // Connections that carry no request: nothing to report.
  cases.push({ name: "connect and close", chunks: [], end: "fin", lines: 0 });
  cases.push({ name: "connect and reset", chunks: [], end: "reset", lines: 0 });
  cases.push({ name: "blank lines only", chunks: [`${CRLF}${CRLF}`], end: "fin", lines: 0 });

  // A request cut short before its headers end.
  cases.push({ name: "half a request line, then FIN", chunks: ["POST /webh"], end: "fin", lines: 1, statuses: [400] });
  cases.push({ name: "headers without their end, then FIN", chunks: [`POST /webhook HTTP/1.1${CRLF}Host: x${CRLF}`], end: "fin", lines: 1, statuses: [400] });
  // Whether the 400 reaches a sender that resets at once is a race: one line, either way.
  cases.push({ name: "headers without their end, then reset", chunks: [`POST /webhook HTTP/1.1${CRLF}Host: x${CRLF}`], end: "reset", lines: 1 });
  cases.push({ name: "request line without a version (HTTP/0.9 style)", chunks: [`POST /webhook${CRLF}Host: x${CRLF}${CRLF}`], end: "fin", lines: 1 });

  // Slow senders: one byte at a time, and the pieces of a request in odd places.
  const whole = raw("POST", "/webhook", [["Content-Type", "application/json"]], '{"a":1}');
  cases.push({ name: "one byte per write", chunks: [...whole].map((b) => Buffer.from([b])), end: "fin", lines: 1, statuses: [200] });
  cases.push({ name: "split inside CRLF", chunks: [whole.subarray(0, 20), whole.subarray(20, 21), whole.subarray(21)], end: "fin", lines: 1, statuses: [200] });
  cases.push({
    name: "split between headers and body",
    chunks: [whole.subarray(0, whole.length - 7), whole.subarray(whole.length - 7)],
    end: "fin",
    lines: 1,
    statuses: [200],
  });

  // Pipelining: answered in order, each request once.
  const valid = raw("POST", "/webhook", [], "{}");
  cases.push({
    name: "two pipelined",
    chunks: [Buffer.concat([valid, valid])],
    end: "fin",
    lines: 2,
    statuses: [200, 200],
    answer: /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 200 /,
  });
  cases.push({
    name: "fifty pipelined",
    chunks: [Buffer.concat(Array.from({ length: 50 }, () => valid))],
    end: "fin",
    lines: 50,
    statuses: Array.from({ length: 50 }, () => 200),
  });
  cases.push({
    name: "valid, then garbage",
    chunks: [Buffer.concat([valid, Buffer.from(`GARBAGE${CRLF}${CRLF}`)])],
    end: "fin",
    lines: 2,
    statuses: [200, 400],
    answer: /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 400 /,
  });
  cases.push({
    name: "valid, then a bad chunk size",
    chunks: [Buffer.concat([valid, raw("POST", "/second", chunked, `zz${CRLF}`)])],
    end: "fin",
    lines: 2,
    statuses: [200, 400],
    answer: /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 400 /,
  });
  cases.push({
    name: "valid, then headers too large",
    chunks: [Buffer.concat([valid, raw("POST", "/second", [["X-Huge", "h".repeat(40_000)]])])],
    end: "fin",
    lines: 2,
    statuses: [200, 431],
    answer: /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 431 /,
  });
  cases.push({ name: "valid, then half a request", chunks: [Buffer.concat([valid, Buffer.from("POST /sec")])], end: "fin", lines: 2, statuses: [200, 400] });
  cases.push({
    name: "valid, then a truncated body and reset",
    chunks: [Buffer.concat([valid, raw("POST", "/second", [["Content-Length", "50"]], "{")])],
    end: "reset",
    lines: 2,
  });
  cases.push({
    name: "GET, HEAD and POST pipelined",
    chunks: [Buffer.concat([raw("GET", "/a"), raw("HEAD", "/b"), valid])],
    end: "fin",
    lines: 3,
    statuses: [200, 200, 200],
  });

  // The Plaid key endpoint with hostile bodies: answered as Plaid answers, never 500.
  for (const body of [
    "null",
    "[]",
    '"x"',
    "1",
    "{",
    '{"key_id":{}}',
    '{"client_id":"c","secret":"s","key_id":"__proto__"}',
    '{"client_id":"c","secret":"s","key_id":"constructor"}',
    "",
  ]) {
    cases.push(
      ok(`Plaid key endpoint body ${body || "(empty)"}`, raw("POST", "/webhook_verification_key/get", [["Content-Type", "application/json"]], body), 400),
    );
  }

  return cases;
}
