// The Node guide shows code that runs: the README example and the guide's tour run here,
// and every snippet of docs/node.md equals the marked part of the file it names.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const GUIDE = `${root}docs/node.md`
const SNIPPET = /<!-- snippet: (?<file>[^#]+)#(?<name>\w+) -->\n```js\n(?<code>.*?)\n```/gs

function marked(path, name) {
  const text = readFileSync(root + path, 'utf8')
  const found = new RegExp(`// START ${name}\\n(.*?)// END ${name}`, 's').exec(text)
  assert.ok(found, `${path} has no START/END ${name} markers`)
  return found[1].replace(/\n+$/, '')
}

test('the README example and the guide tour run', async () => {
  await import('./quickstart.mjs')
  await import('./tour.mjs')
})

test('docs/node.md snippets equal the tested examples', { skip: !existsSync(GUIDE) && 'docs/node.md is not in this checkout' }, () => {
  const snippets = [...readFileSync(GUIDE, 'utf8').matchAll(SNIPPET)]
  assert.ok(snippets.length > 0, 'the guide pulls no snippet')
  for (const s of snippets) {
    assert.equal(s.groups.code, marked(s.groups.file, s.groups.name), `${s.groups.file}#${s.groups.name} is stale`)
  }
})
