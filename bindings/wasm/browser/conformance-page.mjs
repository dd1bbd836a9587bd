// In the page: loads the WASM package, fetches the conformance suites, registers every case
// through the shared runner and runs them; the result is `window.conformance` (a promise).
import init, * as v from '../pkg-web/valuepm_wasm.js'
import { loadFiles, readFileSync } from 'node:fs'
import { runRegistered } from 'node:test'

async function run() {
  await init()
  // The suites to run: `?files=a.json,b.json` (and `pending/x.json`) (the driver lists
  // conformance/*.json and the pending suites the runner names).
  const files = (new URLSearchParams(location.search).get('files') ?? '').split(',').filter(Boolean)
  if (files.length === 0) throw new Error('no suites: open the page with ?files=<conformance/*.json names, comma separated>')
  await loadFiles('/conformance', files)
  // The fixture files the cases read (`args.file`, relative to conformance/), as bytes.
  const fixtures = new Set(files.flatMap((f) => JSON.parse(readFileSync(`/conformance/${f}`, 'utf8')).cases.map((c) => c.args?.file).filter(Boolean)))
  await loadFiles('/conformance', [...fixtures])
  const { makeOps, runSuites } = await import('../../node/__test__/runner.mjs')
  const { runOp } = makeOps(v)
  runSuites(runOp)
  const results = await runRegistered()
  const count = (status) => results.filter((r) => r.status === status).length
  const summary = { total: results.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), todo: count('todo'), userAgent: navigator.userAgent }
  document.getElementById('summary').textContent = JSON.stringify(summary, null, 2)
  document.getElementById('failures').textContent = results.filter((r) => r.status === 'failed').map((r) => `${r.name}\n${r.message}`).join('\n\n')
  return { summary, results }
}

window.conformance = run().catch((e) => ({ error: e?.stack ?? String(e) }))
