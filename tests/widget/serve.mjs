// A tiny static file server for the widget tests and the docs page, on 127.0.0.1 only.
// Usage: node tests/widget/serve.mjs ROOT [PORT]   (PORT 0 or absent: any free port)
// Prints "listening on http://127.0.0.1:PORT/" once ready. Every response carries the CSP the
// widget must work under: script-src 'self' 'wasm-unsafe-eval'.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

export function serve(root, port = 0) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const send = (code, type, body) => {
      res.writeHead(code, {
        'Content-Type': type,
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = resolve(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return send(403, 'text/plain', 'forbidden');
      const st = await stat(file).catch(() => null);
      if (!st || !st.isFile()) return send(404, 'text/plain', 'not found');
      send(200, TYPES[extname(file)] ?? 'application/octet-stream', req.method === 'HEAD' ? undefined : await readFile(file));
    } catch {
      send(400, 'text/plain', 'bad request');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve(process.argv[2] ?? '.', Number(process.argv[3] ?? 0));
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
}
