// Shared by the browser test pages: a WebSocket with a message queue, exact-text expectations, and a report to
// the test over HTTP (POST /result?page=NAME). Plain browser APIs only.
'use strict';
const params = new URLSearchParams(location.search);
const log = [];
function note(s) { log.push(s); }
function report(obj) {
  return fetch('/result?page=' + encodeURIComponent(params.get('page')), { method: 'POST', body: JSON.stringify(obj) });
}
function openWs(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.queue = [];
    ws.waiters = [];
    ws.closed = new Promise(r => { ws.onclose = e => r({ code: e.code, reason: e.reason }); });
    ws.onmessage = e => {
      if (ws.waiters.length) ws.waiters.shift()(e.data); else ws.queue.push(e.data);
    };
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error('WebSocket error on ' + url));
  });
}
function next(ws, ms = 8000) {
  return new Promise((resolve, reject) => {
    if (ws.queue.length) { resolve(ws.queue.shift()); return; }
    const t = setTimeout(() => reject(new Error('no message within ' + ms + ' ms on ' + ws.url)), ms);
    ws.waiters.push(d => { clearTimeout(t); resolve(d); });
  });
}
async function expectText(ws, exact) {
  const got = await next(ws);
  if (got !== exact) throw new Error('expected ' + exact + ' but got ' + got);
  note('ok ' + exact.slice(0, 60));
}
async function nextJson(ws) { return JSON.parse(await next(ws)); }
function timeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, rej) => setTimeout(() => rej(new Error(what + ' timed out')), ms))]);
}
// Loopback host candidates need a media permission (granted by --use-fake-ui-for-media-stream).
async function allowHostCandidates() {
  try {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    s.getTracks().forEach(t => t.stop());
  } catch (e) { note('getUserMedia: ' + e); }
}
function channelOpen(dc) {
  return new Promise(r => { if (dc.readyState === 'open') r(); else dc.onopen = () => r(); });
}
function firstMessage(dc) { return new Promise(r => { dc.onmessage = e => r(e.data); }); }
function run(main) {
  main().then(extra => report(Object.assign({ ok: true, log }, extra || {})),
              e => report({ ok: false, error: String(e && e.stack || e), log }));
}
