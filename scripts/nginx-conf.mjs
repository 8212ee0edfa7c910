// The nginx configuration Kalkyl is deployed with (docs/hosting.md), as one `location` block for
// the intranet's `server`: the page's Content-Security-Policy as a response header (with
// `frame-ancestors`, which a meta tag cannot carry), `application/wasm`, gzip, long-lived
// caching for Trunk's hashed files and revalidation for everything else (index.html, and the
// XLSX module, whose file names carry no hash). tests/e2e/nginx.mjs serves the journeys with
// exactly this block.
//
//   node scripts/nginx-conf.mjs [dist-dir] [base-path] [frame-ancestors]
//   e.g. node scripts/nginx-conf.mjs dist /intranet/ekonomi/kalkyl/ "'self' https://intranet.example.se"
//
// The policy is read from the build's own meta tag (scripts/csp.mjs): it holds the hash of
// Trunk's inline loader, which changes with every build, so the block is generated per deploy.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy in `dist/index.html`'s CSP meta tag. */
export async function builtPolicy(dist) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  if (!meta) throw new Error(`no Content-Security-Policy meta tag in ${dist}/index.html (scripts/csp.mjs)`);
  return meta[1];
}

/**
 * The `location` block serving the app under `basePath`, its files at `<root><basePath>`
 * (nginx `root`, inherited by the nested location; `alias` would not be).
 */
export function locationBlock({ basePath, policy, frameAncestors = "'self'" }) {
  if (!basePath.startsWith('/') || !basePath.endsWith('/')) throw new Error(`base path must start and end with /: ${basePath}`);
  if (/["\\]/.test(policy + frameAncestors)) throw new Error('the policy may not contain " or \\');
  // A nested location's add_header replaces all the outer ones, so each carries the full set.
  const headers = (indent, cache) =>
    [
      `add_header Content-Security-Policy "${policy}; frame-ancestors ${frameAncestors}" always;`,
      'add_header X-Content-Type-Options "nosniff" always;',
      'add_header Referrer-Policy "no-referrer" always;',
      `add_header Cache-Control "${cache}" always;`,
    ].map((line) => `${indent}${line}`);
  return [
    `    # Kalkyl under ${basePath}: the files of dist/ at $document_root${basePath}.`,
    `    location = ${basePath.slice(0, -1)} { return 301 ${basePath}; }`,
    `    location ${basePath} {`,
    '        index index.html;',
    '        # mime.types maps .wasm to application/wasm, which streaming compilation requires.',
    '        gzip on;',
    '        gzip_vary on;',
    '        gzip_comp_level 6;',
    '        gzip_types application/wasm application/javascript text/css application/json image/svg+xml;',
    '        # Everything without a content hash in its name revalidates: a new deploy is seen at once.',
    ...headers('        ', 'no-cache'),
    '        # Trunk names its outputs name-<hash>, up to 16 hex digits (leading zeros dropped): a new build is a new name, so cache for a year.',
    '        location ~ "-[0-9a-f]{8,16}(_bg)?\\.(js|wasm|css|svg)$" {',
    ...headers('            ', 'public, max-age=31536000, immutable'),
    '        }',
    '    }',
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dist = 'dist', basePath = '/intranet/ekonomi/kalkyl/', frameAncestors] = process.argv.slice(2);
  process.stdout.write(locationBlock({ basePath, policy: await builtPolicy(dist), frameAncestors }));
}
