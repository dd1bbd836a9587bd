// Runs every case of every conformance suite (conformance/*.json) unchanged, as the
// Rust runner (valuepm-core/tests/conformance) and the Python one do.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { valuepm as v, suites, lookup, compare } from './helpers.mjs'
import { SPREADSHEET_CASES, makeOps, runSuites } from './runner.mjs'

export const { FINANCE, MODEL, runOp } = makeOps(v)

runSuites(runOp)

test('every suite is run, and every op is known', () => {
  const all = suites()
  assert.ok(all.length > 0)
  const spreadsheet = all.filter(([, s]) => s.suite === 'spreadsheet_financial')
  assert.equal(spreadsheet.length, 1)
  assert.equal(spreadsheet[0][1].cases.length, SPREADSHEET_CASES)
  for (const [, s] of all) for (const c of s.cases) assert.ok(c.op in FINANCE || c.op in MODEL, c.op)
})

test('comparison rules', () => {
  compare(100.0, 100.00000005, 1e-9, 1e-12, 'v')
  assert.throws(() => compare(100.0, 100.000001, 1e-9, 1e-12, 'v'))
  compare('100.00', '100', 0, 0, 'v')
  compare('-0.50', '-.5', 0, 0, 'v')
  assert.throws(() => compare('100.01', '100', 0, 0, 'v'))
  assert.throws(() => compare('1', 1, 0, 0, 'v'))
  assert.throws(() => lookup({ a: [1] }, 'a[3]'))
  assert.throws(() => compare({ a: 1 }, { a: 1, b: 2 }, 0, 0, 'v'))
})
