// `node:fs`, `node:path` and `node:url` for the browser, as far as the shared conformance
// rules (bindings/node/__test__/rules.mjs) use them: a read-only in-memory file system
// that `loadFiles` fills by fetching from the page's server before the rules are imported.
const files = new Map()

/** Fetches `names` from the folder `dir` (a server path such as `/conformance`). */
export async function loadFiles(dir, names) {
  await Promise.all(names.map(async (name) => {
    const response = await fetch(`${dir}/${name}`)
    if (!response.ok) throw new Error(`GET ${dir}/${name}: ${response.status}`)
    files.set(join(dir, name), await response.text())
  }))
}

export function readdirSync(dir) {
  const prefix = `${join(dir)}/`
  return [...files.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length))
}

export function readFileSync(path) {
  const key = join(path)
  if (!files.has(key)) throw Object.assign(new Error(`ENOENT: ${key} was not loaded`), { code: 'ENOENT' })
  return files.get(key)
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
