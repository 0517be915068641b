// First-load JavaScript of a page: every script the HTML loads (src and preload), gzip-compressed.
import { gzipSync } from 'node:zlib';

export async function firstLoadJs(pageUrl, { headers = {} } = {}) {
  const res = await fetch(pageUrl, { headers });
  if (!res.ok) throw new Error(`${pageUrl}: HTTP ${res.status}`);
  const html = await res.text();
  const srcs = new Set();
  // noModule scripts are legacy polyfills that modern browsers never download.
  for (const m of html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)) if (!/nomodule/i.test(m[1] + m[3])) srcs.add(m[2]);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|preload)"[^>]*as="script"[^>]*href="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js)"[^>]*rel="(?:modulepreload|preload)"/g)) srcs.add(m[1]);
  let gzip = 0;
  let raw = 0;
  for (const src of srcs) {
    const js = Buffer.from(await (await fetch(new URL(src.replace(/&amp;/g, '&'), pageUrl))).arrayBuffer());
    raw += js.length;
    gzip += gzipSync(js).length;
  }
  return { scripts: srcs.size, raw, gzip };
}
