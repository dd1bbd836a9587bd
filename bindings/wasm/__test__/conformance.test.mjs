// Runs every case of every conformance suite (conformance/*.json) unchanged against the
// WASM package built for Node (pkg-node), as the Rust, Python and Node runners do. The op
// table and case loop are the Node runner's (bindings/node/__test__/runner.mjs): the two
// packages share one API. An op whose exports the WASM package lacks so far is listed
// in PENDING with its reason: its cases are reported as skipped, never as passing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { valuepm as v, suites, lookup, compare } from './helpers.mjs'
import { SPREADSHEET_CASES, makeOps, runSuites } from '../../node/__test__/runner.mjs'

export const { FINANCE, MODEL, runOp } = makeOps(v)

// Ops not exported yet by the WASM package (the goal is an empty list).
const PENDING = {
}

// Cases that run on the WASM package but do not match yet, by case id, with the reason: a
// divergence of the core on wasm32 to fix there. They run as `todo` tests (reported, not
// failing the run). Empty: every case must pass (the Monte Carlo uses `libm` throughout,
// so its statistics are bit-identical to the native build's).
const DIVERGENT = {}

runSuites(runOp, {
  skip: (c) => (PENDING[c.op] ? `pending in the WASM package: ${PENDING[c.op]}` : false),
  todo: (c) => (DIVERGENT[c.id] ? `diverges on wasm: ${DIVERGENT[c.id]}` : false),
})

test('every suite is run, and every op is known', () => {
  const all = suites()
  assert.ok(all.length > 0)
  const spreadsheet = all.filter(([, s]) => s.suite === 'spreadsheet_financial')
  assert.equal(spreadsheet.length, 1)
  assert.equal(spreadsheet[0][1].cases.length, SPREADSHEET_CASES)
  for (const [, s] of all) for (const c of s.cases) assert.ok(c.op in FINANCE || c.op in MODEL, c.op)
})

test('pending ops: each is a known op, and its export is really missing', () => {
  const missing = { 'project.earned_value': () => v.Project.prototype.earnedValue, 'project.risk_adjusted': () => v.Project.prototype.riskAdjusted,
    'project.simulate': () => v.Project.prototype.simulate, 'analytics.ols_trend': () => v.olsTrend, 'analytics.theil_sen_trend': () => v.theilSenTrend,
    'analytics.robust_z_scores': () => v.robustZScores, 'analytics.robust_z_anomalies': () => v.robustZAnomalies,
    'analytics.level_shifts': () => v.levelShifts, 'analytics.holt_forecast': () => v.holtForecast, 'analytics.holt_with_parameters': () => v.HoltModel,
    'portfolio.roll_up': () => v.Portfolio, 'portfolio.select': () => v.Portfolio, 'portfolio.earned_value': () => v.Portfolio,
    'portfolio.simulate': () => v.Portfolio, 'portfolio.risk_return': () => v.Portfolio, 'portfolio.ahp_weights': () => v.ahpWeights,
    'portfolio.weighted_scores': () => v.weightedScores, 'selection.solve': () => v.SelectionProblem, 'money.sum': () => v.Money,
    'money.round': () => v.Money, 'money.convert': () => v.ExchangeRates }
  for (const op of Object.keys(PENDING)) {
    assert.ok(op in MODEL, `pending op ${op} is not an op of the runner`)
    assert.ok(op in missing, `no export check for pending op ${op}`)
    assert.equal(missing[op](), undefined, `${op} is exported now: remove it from PENDING`)
  }
  let pending = 0
  let total = 0
  let divergent = 0
  for (const [, s] of suites()) for (const c of s.cases) { total += 1; if (PENDING[c.op]) pending += 1; else if (DIVERGENT[c.id]) divergent += 1 }
  const ids = new Set(suites().flatMap(([, s]) => s.cases.map((c) => c.id)))
  for (const id of Object.keys(DIVERGENT)) assert.ok(ids.has(id), `divergent case ${id} is not a conformance case`)
  console.log(`conformance: ${total - pending} of ${total} cases run (${total - pending - divergent} pass, ${divergent} known divergent), ${pending} pending`)
})

test('a panic becomes an Error of code "internal"', () => {
  assert.throws(() => v._panicForTest(), (e) => e instanceof Error && e.code === 'internal' && e.kind === 'internal' && /deliberate test panic/.test(e.message))
  assert.equal(v.npv(0.1, [1, 2]), 1 / 1.1 + 2 / 1.21, 'the module still works after a panic')
})

test('errors are Error objects with the Node package\'s code, name and path', () => {
  assert.throws(() => v.pmt(0.1, 10, 1000, 0, 'sometimes'), (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.name === 'InvalidArgumentError' && e.path === 'type')
  assert.throws(() => v.builtinTemplate('nope'), (e) => e instanceof Error && e.code === 'not_found' && e.name === 'NotFoundError')
  assert.throws(() => v.Project.fromJson('{'), (e) => e instanceof Error && e.code === 'parse')
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
