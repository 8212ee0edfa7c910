// Content-Security-Policy for Kalkyl's built pages, delivered as a
// `<meta http-equiv="Content-Security-Policy">` (a static intranet host may not let us set
// headers). Where the host can send headers, send the same policy as a
// `Content-Security-Policy` response header instead: a header also covers what a meta tag cannot
// (`frame-ancestors`, `report-to`, and anything the parser meets before the meta tag).
// Under `trunk serve` the dev autoreload script gets its address filled in after this hook has
// hashed it, so the policy refuses that one script (no live reload; the app works).
//
// Run by Trunk as a post_build hook (Trunk.toml) on the staged index.html, so every
// `trunk build`/`trunk serve` output carries it; scripts/single-file.mjs imports
// `singleFilePolicy` for the one-file edition. Dependency-free.
//
// Served page (dist/index.html), directive by directive:
//   default-src 'none'          nothing that is not listed below (no fonts, frames, media, objects)
//   script-src 'self' 'wasm-unsafe-eval' 'sha256-…'
//                               the glue JS from the page's own origin, compiling the app's wasm,
//                               and Trunk's inline `<script type="module">` loader by its hash
//                               (computed here, at build time, over the exact script text)
//   style-src 'self'            the stylesheet from the page's own origin; no inline <style> and
//                               no `style="…"` attributes (none is needed: the virtualized table
//                               (src/grid/table.rs) sizes its spacer rows with the cell's `height`
//                               attribute and its viewport in app.css, so no 'unsafe-inline')
//   img-src 'self'              the favicon (assets/favicon.svg); the charts are inline SVG
//   connect-src 'self'          fetching the .wasm (and its preload) from the page's own origin
//   base-uri 'none'; form-action 'none'
//                               no <base> rewriting of the relative asset URLs, no form posts
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `'sha256-…'` source expression for an inline element's exact text. */
export function hashSource(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Texts of every inline `<script>` (no src) in `html`. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
}

/** Policy of the served page: own origin only, inline scripts by hash. */
export function servedPolicy(html) {
  const hashes = inlineScripts(html).map(hashSource);
  return [
    "default-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(' '),
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Policy of the one-file edition (opened from file:// or an email attachment, where 'self' means
 * little and nothing is fetched): no origin at all is allowed, only the page's own inline boot
 * script and stylesheet by hash, and compiling the inlined wasm ('wasm-unsafe-eval').
 */
export function singleFilePolicy(scriptText, styleText) {
  return [
    "default-src 'none'",
    `script-src 'wasm-unsafe-eval' ${hashSource(scriptText)}`,
    `style-src ${hashSource(styleText)}`,
    // The favicon, inlined as a data: URL.
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const META_RE = /<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?/;

/** `html` with its CSP meta tag set to `policy` (replaced, or inserted after `<meta charset>`). */
export function withPolicy(html, policy) {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">\n`;
  if (META_RE.test(html)) return html.replace(META_RE, () => tag);
  const charset = /<meta charset="utf-8">\n?/i;
  if (!charset.test(html)) throw new Error('csp: no <meta charset="utf-8"> to put the policy after');
  return html.replace(charset, (m) => `${m.endsWith('\n') ? m : `${m}\n`}  ${tag}`);
}

// As a Trunk hook: rewrite the staged index.html.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
  if (!dir) {
    console.error('csp: set TRUNK_STAGING_DIR (Trunk hook) or pass the dist directory');
    process.exit(1);
  }
  const file = path.join(dir, 'index.html');
  const html = await readFile(file, 'utf8');
  if (inlineScripts(html).length === 0) {
    console.error(`csp: no inline loader script in ${file} (Trunk output changed?)`);
    process.exit(1);
  }
  await writeFile(file, withPolicy(html, servedPolicy(html)));
}
