#!/usr/bin/env node
// A dependency-free static file server for the playground (dist/site), on 127.0.0.1 only. The package's files
// (any path through a convlens/ folder: /convlens/… in the site, node_modules/convlens/…) are sent with
// `Access-Control-Allow-Origin: *`, as npm CDNs (jsDelivr, unpkg) and GitHub Pages send them, so the
// playground's copied <conv-lens> snippet works on a page of another origin (docs/embedding.md, "Hosting").
// Usage: node scripts/serve.mjs [root] [--isolated]   PORT=8080 by default; if busy, the next free port is used.
// --isolated (npm start -- --isolated) sends COOP and COEP, so the page is cross-origin isolated and
// load({ threads }) runs the threaded build.
// Tests reuse it: import { startServer } from '../../scripts/serve.mjs'; await startServer(root, 0).
import http from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Resolves a request path inside `root`; null when it is malformed or escapes the root. */
function resolveInside(root, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + p));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** Whether a request path is one of the package's files: it goes through a `convlens/` folder. */
export const isPackagePath = (pathname) => /(^|\/)convlens\//.test(pathname);

/** What makes a page cross-origin isolated (crossOriginIsolated, SharedArrayBuffer, the threaded build). */
export const ISOLATION_HEADERS = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
});

function handler(root, extraHeaders, cors, isolated) {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = resolveInside(root, url.pathname);
    if (!file) {
      send(res, 403, 'forbidden\n');
      return;
    }
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store', // a rebuild must never be hidden by a cached .wasm
        'x-content-type-options': 'nosniff',
        ...(cors && isPackagePath(url.pathname) ? { 'access-control-allow-origin': '*' } : {}),
        ...(isolated ? ISOLATION_HEADERS : {}),
        ...extraHeaders?.(url.pathname),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(res, 404, `not found: ${url.pathname}\n`);
    }
  };
}

/**
 * Serves `root` on 127.0.0.1:`port` (0 = any free port). If the port is taken, tries the next
 * ones (up to 20). Resolves to { server, url } with url like "http://127.0.0.1:8080/".
 * `headers(pathname)` may return more response headers for a file (tests: a CSP, CORS). `cors: false` leaves
 * out the package files' `Access-Control-Allow-Origin: *` (tests: a host that does not send it). `isolated: true`
 * sends ISOLATION_HEADERS with every file.
 */
export async function startServer(root, port = 8080, { headers, cors = true, isolated = false } = {}) {
  const dir = path.resolve(root);
  const tries = port === 0 ? 1 : 20;
  for (let i = 0; i < tries; i++) {
    const server = http.createServer(handler(dir, headers, cors, isolated));
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port + i, '127.0.0.1', resolve);
      });
      return { server, url: `http://127.0.0.1:${server.address().port}/` };
    } catch (e) {
      server.close();
      if (e.code !== 'EADDRINUSE' || i === tries - 1) throw e;
    }
  }
  throw new Error('unreachable');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const isolated = args.includes('--isolated');
  const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(repo, 'dist', 'site'));
  if (!existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}/index.html not found: run \`npm run build\` first`);
    process.exit(1);
  }
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad PORT ${JSON.stringify(process.env.PORT)}`);
    process.exit(1);
  }
  try {
    const { url } = await startServer(root, port, { isolated });
    console.log(`convlens playground: ${url}${isolated ? ' (cross-origin isolated: load({ threads }) runs threaded)' : ''}`);
    console.log(`serving ${path.relative(process.cwd(), root) || '.'}; press Ctrl+C to stop`);
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(1);
  }
}
