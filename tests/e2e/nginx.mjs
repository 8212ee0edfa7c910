// Debian's nginx for the journeys (KALKYL_SERVER=nginx, and tests/e2e/hosting.test.mjs): a
// private instance on 127.0.0.1 with the location block the deployment uses
// (scripts/nginx-conf.mjs), its files, logs and temporary paths in a temporary directory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { builtPolicy, locationBlock } from '../../scripts/nginx-conf.mjs';

/** nginx: on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync) ?? 'nginx';

/** A port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts nginx serving `root` under `basePath`.
 * @returns {Promise<{url: string, origin: string, requests: string[], close: () => Promise<void>}>}
 *   `requests` is read from the access log each time it is used.
 */
export async function startNginx({ root, basePath, frameAncestors = "'self'" }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kalkyl-nginx-'));
  const www = path.join(dir, 'www');
  const site = path.join(www, basePath);
  await mkdir(path.dirname(site.replace(/\/$/, '')), { recursive: true });
  await symlink(path.resolve(root), site.replace(/\/$/, ''));
  const port = await freePort();
  const log = path.join(dir, 'access.log');
  const conf = [
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    // As root the workers would run as nobody, who may not read a checkout under /root.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'events { worker_connections 64; }',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    `    access_log ${log};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/${t};`),
    '    server {',
    `        listen 127.0.0.1:${port};`,
    `        root ${www};`,
    '        location / { return 404; }',
    locationBlock({ basePath, policy: await builtPolicy(root), frameAncestors }).replace(/^/gm, '    '),
    '    }',
    '}',
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx (${NGINX}) exited: ${stderr}`);
    try {
      await fetch(`${origin}/`);
      break;
    } catch {
      if (i > 100) throw new Error(`nginx did not answer on ${origin}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `${origin}${basePath}`,
    origin,
    get requests() {
      const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
      return lines.map((l) => l.match(/"[A-Z]+ (\S+) HTTP/)?.[1]).filter(Boolean).map((p) => p.split('?')[0]);
    },
    async close() {
      child.kill('SIGQUIT');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
