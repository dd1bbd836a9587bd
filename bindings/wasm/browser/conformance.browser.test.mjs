// Every conformance case against the WASM package (pkg-web, the ES module a page loads) in
// real headless Chromium: serves the repository root on 127.0.0.1, opens
// conformance.html (the shared op table and case loop of bindings/node/__test__/runner.mjs,
// with node:test and node:assert replaced by small browser shims), and requires every case
// of every suite to pass, the pending suites the runner names (rules.mjs PENDING) included:
// their binary fixtures are fetched as bytes. Run by bindings/wasm/browser-test.sh.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from './serve.mjs'
import { launch } from './chromium.mjs'
import { PENDING } from '../../node/__test__/rules.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const files = [
  ...readdirSync(join(root, 'conformance')).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort(),
  ...PENDING.map((f) => `pending/${f}`),
]

test('every conformance case passes in headless Chromium', { timeout: 300_000 }, async () => {
  const server = await serve(root)
  const browser = await launch()
  try {
    const url = `${server.url}bindings/wasm/browser/conformance.html?files=${files.join(',')}`
    await browser.page.goto(url)
    const outcome = await browser.page.evaluate(() => window.conformance)
    assert.equal(outcome.error, undefined, outcome.error)
    const { summary, results } = outcome
    const expected = files.map((f) => (JSON.parse(readFileSync(join(root, 'conformance', f), 'utf8')).cases.length)).reduce((a, b) => a + b, 0)
    console.log(`Chromium: ${summary.userAgent}`)
    console.log(`conformance in Chromium: ${summary.passed} of ${summary.total} cases passed, ${summary.failed} failed`)
    const failed = results.filter((r) => r.status !== 'passed')
    assert.deepEqual(failed.map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`), [])
    assert.equal(summary.total, expected, 'every case of every suite ran')
    assert.deepEqual(browser.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
    await server.close()
  }
})
