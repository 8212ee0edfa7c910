// Builds the one-file edition of Kalkyl: dist/kalkyl-fristaende.html, a single self-contained
// HTML page (CSS, JS glue and the wasm inlined) that works opened from disk (file://) or from an
// email attachment, where a separate .wasm cannot be fetched. Run after `trunk build --release`:
//
//   node scripts/single-file.mjs [dist-dir] [--limit-kb N]
//
// The wasm is inlined as base64 and instantiated from bytes (asynchronously: Chromium refuses
// synchronous compilation of modules over 4 KB on the main thread). Prints raw and gzip -9 sizes
// and fails when the gzipped page exceeds the limit. Dependency-free.
//
// The limit (default SINGLE_FILE_LIMIT_KB, what scripts/test.sh checks) is in proportion to the
// two wasm budgets: measured 601.1 KB with the 449.3 KB app before XLSX moved out (a factor of
// 1.34, base64 gzips worse than the binary), so (450 + 700) KB × 1.34 ≈ 1 540 KB.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { singleFilePolicy, withPolicy } from './csp.mjs';

export const OUTPUT_NAME = 'kalkyl-fristaende.html';
export const SINGLE_FILE_LIMIT_KB = 1540;

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit-kb');
const limitKb = limitAt >= 0 ? Number(args[limitAt + 1]) : SINGLE_FILE_LIMIT_KB;
const distDir = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== limitAt + 1) ?? 'dist');

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

/** The one match of `re` in `text`, or a failure naming what was expected. */
function only(text, re, what) {
  const matches = [...text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))];
  if (matches.length !== 1) fail(`expected exactly one ${what} in index.html, found ${matches.length}`);
  return matches[0];
}

const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
const files = await readdir(distDir);

// Trunk's output: one stylesheet link, one module script importing the glue and naming the wasm,
// and preload links for both (useless once inlined, and they would fail under file://).
const cssLink = only(html, /<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>/, 'stylesheet link');
const script = only(html, /<script type="module">([\s\S]*?)<\/script>/, 'module script');
const glueName = only(script[1], /from '\.\/([^']+\.js)'/, 'glue import')[1];
const wasmName = only(script[1], /module_or_path: '\.\/([^']+\.wasm)'/, 'wasm path')[1];
for (const name of [cssLink[1], glueName, wasmName]) {
  if (!files.includes(name)) fail(`${name} named by index.html is not in ${distDir}`);
}

// The XLSX module's loader (index.html) imports xlsx/kalkyl_xlsx.js, which file:// cannot do:
// here the module's glue and wasm are inlined too, and instantiated from bytes on first use.
const xlsxLoader = only(html, /<script id="kalkyl-xlsx-loader">[\s\S]*?<\/script>/, 'XLSX loader script');
const xlsxWasm = await readFile(path.join(distDir, 'xlsx', 'kalkyl_xlsx_bg.wasm')).catch(() =>
  fail(`${distDir}/xlsx/kalkyl_xlsx_bg.wasm is missing (scripts/xlsx-module.sh builds it)`),
);
let xlsxGlue = await readFile(path.join(distDir, 'xlsx', 'kalkyl_xlsx.js'), 'utf8');
const xlsxExportLine = /^export \{ initSync, __wbg_init as default \};$/m;
if (!xlsxExportLine.test(xlsxGlue)) fail('xlsx/kalkyl_xlsx.js: unexpected export line (wasm-bindgen version changed?)');
const xlsxExports = [...xlsxGlue.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
xlsxGlue = xlsxGlue
  .replace(/^export function /gm, 'function ')
  .replace(xlsxExportLine, `return { initSync, default: __wbg_init, ${xlsxExports.join(', ')} };`);
if (/^\s*(import|export)\b/m.test(xlsxGlue)) fail('xlsx/kalkyl_xlsx.js has other imports/exports; cannot inline');

const css = await readFile(path.join(distDir, cssLink[1]), 'utf8');
const wasm = await readFile(path.join(distDir, wasmName));
let glue = await readFile(path.join(distDir, glueName), 'utf8');

// The glue is an ES module whose only export statement is its last line; inside an inline module
// script the functions are used directly instead.
const exportLine = /^export \{ initSync, __wbg_init as default \};$/m;
if (!exportLine.test(glue)) fail(`${glueName}: unexpected export line (wasm-bindgen version changed?)`);
glue = glue.replace(exportLine, '');
if (/^\s*(import|export)\b/m.test(glue)) fail(`${glueName} has other imports/exports; cannot inline`);
// Text that would end the inline element early.
const safeJs = (s) => s.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
const safeCss = (s) => s.replace(/<\/style/gi, '<\\/style');

const boot = `
${glue}
// The XLSX module, inlined: each call makes a fresh instance from the bytes (src/platform/xlsx_module.rs).
const xlsxBase64 = "${xlsxWasm.toString('base64')}";
globalThis.kalkylXlsx = async () => {
  const m = (() => {
${xlsxGlue}
  })();
  await m.default({ module_or_path: Uint8Array.from(atob(xlsxBase64), (c) => c.charCodeAt(0)) });
  return m;
};
// Kalkyl one-file edition: the wasm is inlined below and instantiated from bytes.
const wasmBase64 = "${wasm.toString('base64')}";
const wasmBytes = Uint8Array.from(atob(wasmBase64), (c) => c.charCodeAt(0));
await __wbg_init({ module_or_path: wasmBytes });
`;

// The favicon, as a data: URL (the policy's `img-src data:` allows only that).
const iconLink = html.match(/<link rel="icon"[^>]*href="\.\/([^"]+\.svg)"[^>]*>/);
const icon = iconLink && `data:image/svg+xml;base64,${(await readFile(path.join(distDir, iconLink[1]))).toString('base64')}`;

const styleText = `\n${safeCss(css)}\n`;
const scriptText = safeJs(boot);
// Its own Content-Security-Policy (scripts/csp.mjs, singleFilePolicy): no origin is allowed at
// all, only this inline script and stylesheet by hash, and compiling the inlined wasm.
const out = withPolicy(html, singleFilePolicy(scriptText, styleText))
  .replace(cssLink[0], () => `<style>${styleText}</style>`)
  .replace(script[0], () => `<script type="module">${scriptText}</script>`)
  .replace(xlsxLoader[0], '')
  .replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '')
  .replace(iconLink?.[0] ?? '\0', () => `<link rel="icon" href="${icon}">`);
if (/(href|src)="\.\//.test(out)) fail('a relative asset reference is left in the page');

const outFile = path.join(distDir, OUTPUT_NAME);
await writeFile(outFile, out);
const raw = Buffer.byteLength(out);
const gz = gzipSync(out, { level: 9 }).length;
const kb = (b) => (b / 1024).toFixed(1);
console.log(`    ${path.relative(process.cwd(), outFile)}: ${raw} bytes raw, ${gz} bytes gzip -9 = ${kb(gz)} KB (limit ${limitKb} KB)`);
if (gz > limitKb * 1024) fail(`gzipped one-file edition exceeds ${limitKb} KB`);
console.log('    OK: within budget');
