// Opens N server-sent event streams and measures, for every result event, the time from the
// refresh that stored it (asOf + durationMs in the document) to its arrival here.
// Usage: node sse-fanout.js URLS CLIENTS SECONDS [HOLD_SECONDS]; URLS is one or more stream URLs
// separated by commas (clients are spread over them in turn). Prints JSON {connected, refused,
// failed, connectMs, events, p50, p95, p99, max, reasons} after SECONDS (reasons: the non-200
// statuses with their problem codes and the socket errors, counted), then keeps the streams open
// HOLD_SECONDS more (for a memory reading) before exiting.
"use strict";
const http = require("http");
const [urls, clients, seconds, hold] = [process.argv[2].split(","), +process.argv[3], +process.argv[4], +(process.argv[5] || 0)];
// No pooling limit: each stream is a connection of its own for as long as the run lasts.
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const latencies = [];
const started = Date.now();
let connected = 0, refused = 0, failed = 0, connectMs = null;
// Why the others did not connect: HTTP status (with the problem's code when there is one) or socket error.
const reasons = {};
const count = (reason) => { reasons[reason] = (reasons[reason] || 0) + 1; };

function open(i) {
  const req = http.get(urls[i % urls.length], { agent, headers: { Accept: "text/event-stream" } }, (res) => {
    if (res.statusCode !== 200) {
      refused++;
      let body = "";
      res.on("data", (chunk) => { body += chunk; });
      res.on("end", () => { let code = ""; try { code = " " + JSON.parse(body).code; } catch (e) { /* not a problem document */ } count(res.statusCode + code); });
      return;
    }
    if (++connected === clients) connectMs = Date.now() - started;
    let buffer = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end); buffer = buffer.slice(end + 2);
        if (!event.includes("event: result")) continue;
        const data = event.split("\n").find((l) => l.startsWith("data: "));
        const doc = JSON.parse(data.slice(6));
        // Only live pushes: the first state sent on connect is as old as the last refresh.
        if (res.live) latencies.push(Date.now() - (Date.parse(doc.asOf) + doc.durationMs));
      }
      res.live = res.live || Date.now() > res.openedAt + 1000;
    });
    res.openedAt = Date.now();
  });
  req.on("error", (e) => { failed++; count(e.code || e.message); });
}

// 200 connections every 20 ms: fast, without overrunning the server's accept queue.
let i = 0;
const opener = setInterval(() => {
  for (let k = 0; k < 200 && i < clients; k++) open(i++);
  if (i >= clients) clearInterval(opener);
}, 20);

setTimeout(() => {
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : null;
  console.log(JSON.stringify({ connected, refused, failed, connectMs, events: latencies.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: latencies[latencies.length - 1] ?? null, reasons }));
  setTimeout(() => process.exit(0), hold * 1000);
}, seconds * 1000);
