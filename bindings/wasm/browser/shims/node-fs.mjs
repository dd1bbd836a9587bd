// `node:fs`, `node:path` and `node:url` for the browser, as far as the shared conformance
// rules (bindings/node/__test__/rules.mjs) use them: a read-only in-memory file system
// that `loadFiles` fills by fetching from the page's server before the rules are imported.
// It holds bytes, as Node's does: `readFileSync(path, 'utf8')` is the text, and
// `readFileSync(path)` the bytes (a Uint8Array, where Node gives a Buffer), for the binary
// fixtures of the io cases (workbooks).
const files = new Map()

/** Fetches `names` from the folder `dir` (a server path such as `/conformance`). */
export async function loadFiles(dir, names) {
  await Promise.all(names.map(async (name) => {
    const response = await fetch(`${dir}/${name}`)
    if (!response.ok) throw new Error(`GET ${dir}/${name}: ${response.status}`)
    files.set(join(dir, name), new Uint8Array(await response.arrayBuffer()))
  }))
}

export function readdirSync(dir) {
  const prefix = `${join(dir)}/`
  return [...files.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length))
}

export function readFileSync(path, encoding) {
  const key = join(path)
  if (!files.has(key)) throw Object.assign(new Error(`ENOENT: ${key} was not loaded`), { code: 'ENOENT' })
  const bytes = files.get(key)
  return encoding ? new TextDecoder().decode(bytes) : bytes.slice()
}

export function join(...parts) {
  const out = []
  for (const segment of parts.join('/').split('/')) {
    if (segment === '..') out.pop()
    else if (segment !== '' && segment !== '.') out.push(segment)
  }
  return `/${out.join('/')}`
}

export const dirname = (path) => join(path, '..')
export const fileURLToPath = (url) => new URL(url).pathname
export default { readdirSync, readFileSync }
