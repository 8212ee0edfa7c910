// A dependency-free static file server for dist/: what the journeys use by default
// (tests/e2e/harness.mjs) and what `bash scripts/run.sh` serves the release build with. Not a
// production server: docs/hosting.md configures nginx, Apache and IIS.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Starts a static file server for `root` on 127.0.0.1 (`port` 0: a free one). Files are only
 * served under `basePath`; every other path is a 404, so any absolute asset URL in the build
 * fails the journey.
 * @returns {Promise<{url: string, origin: string, requests: string[], close: () => Promise<void>}>}
 *   `url` is the app URL (origin + basePath); `requests` lists every path requested.
 */
export async function startStaticServer({ root, basePath = '/', port = 0 }) {
  const rootDir = path.resolve(root);
  const requests = [];

  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(pathname);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
      }
      if (`${pathname}/` === basePath) {
        return send(res, 301, 'text/plain; charset=utf-8', '', { Location: basePath });
      }
      if (!pathname.startsWith(basePath)) {
        return send(res, 404, 'text/plain; charset=utf-8', `not found (app is served under ${basePath})\n`);
      }
      let relative = decodeURIComponent(pathname.slice(basePath.length));
      if (relative === '' || relative.endsWith('/')) relative += 'index.html';
      const file = path.resolve(rootDir, relative);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
        return send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
      }
      if (!(await isFile(file))) {
        return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      }
      const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      const body = await readFile(file);
      return send(res, 200, type, req.method === 'HEAD' ? '' : body, {
        'Content-Length': String(body.length),
      });
    } catch (err) {
      return send(res, 500, 'text/plain; charset=utf-8', `${err}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

// As a command (scripts/run.sh): node scripts/static-server.mjs <dir> <port>
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const server = await startStaticServer({ root, port: Number(port) });
  console.log(`    Kalkyl is at ${server.url}  (Ctrl-C to stop)`);
}
