// A static file server on 127.0.0.1 for the browser tests and the dashboard: serves one
// folder with the right content types (`application/wasm` included, so the browser
// compiles the module while it streams), no directory listings, nothing outside the folder.
//
//   node bindings/wasm/browser/serve.mjs [folder] [port]   (defaults: the current folder, 8080)
//
// As a module: `const server = await serve(folder)` gives `{ url, close() }` on a free port.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

export function serve(folder, port = 0) {
  const root = resolve(folder)
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname)
      let file = resolve(join(root, path))
      if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error('outside'), { status: 403 })
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(body)
    } catch (e) {
      const status = e.status ?? (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 404 : 500)
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(`${status}\n`)
    }
  })
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`
      ok({ url, close: () => new Promise((done) => server.close(done)) })
    })
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve(process.argv[2] ?? '.', Number(process.argv[3] ?? 8080))
  console.log(`serving ${resolve(process.argv[2] ?? '.')} at ${url} (Ctrl-C stops)`)
}
