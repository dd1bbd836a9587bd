// The WASM package's exports beyond the conformance ops: the batch functions, the
// `…Async` variants (already-settled Promises on wasm), LineItem, evaluateMany, and the
// simulation's progress callback and AbortSignal. Expected values come from closed forms
// or from the Node package (when built), never from the WASM package itself.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { valuepm as v, node, nodeSkip, suites, CONFORMANCE } from './helpers.mjs'

const FLOWS = [-1000, 300, 400, 500]
const DATES = ['2026-01-01', '2026-07-01', '2027-01-01', '2027-07-01']
// IRR of [-100, 60, 60]: 60x² + 60x − 100 = 0 with x = 1 / (1 + r).
const IRR_100_60_60 = 120 / (-60 + Math.sqrt(60 * 60 + 4 * 60 * 100)) - 1
const npvOf = (rate, flows, t0 = false) => flows.reduce((s, f, i) => s + f / (1 + rate) ** (t0 ? i : i + 1), 0)
const close = (actual, expected, rel = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${actual} is not ${expected}`)
// An error as the tests compare it: class, name, code, path, row and message.
const shape = (e) => ({ class: e.constructor.name, name: e.name, code: e.code, kind: e.kind, path: e.path, row: e.row, message: e.message })
const thrown = (f) => { try { f() } catch (e) { return e } assert.fail('did not throw') }
const rejection = async (p) => { try { await p } catch (e) { return e } assert.fail('did not reject') }

/** Whether `p` settled before a zero-delay timer fires (it was settled when returned). */
async function settledAtOnce(p) {
  const pending = Symbol('pending')
  const first = await Promise.race([p.then(() => 'resolved', () => 'rejected'), new Promise((r) => setTimeout(() => r(pending), 0))])
  return first !== pending
}

// A project whose evaluation fails: two revenues near the decimal maximum overflow the totals.
const BIG = '79000000000000000000000000000'
const OVERFLOWING = {
  schema_version: 1, id: 'B', name: 'big', currency: 'EUR', start_date: '2026-01-01', end_date: '2026-12-31', discount_rate: 0.05,
  line_items: ['2026-02-01', '2026-03-01'].map((date, i) => ({ id: `r${i}`, name: `R${i}`, kind: 'revenue', plan: { type: 'one_off', date, amount: { amount: BIG, currency: 'EUR' } } })),
}

// ---------------------------------------------------------------------------------
// Batch functions

test('npvBatch: one rate or one per row, t0, Float64Array rows, a Float64Array out', () => {
  const rows = [FLOWS, new Float64Array([-100, 60, 60])]
  const out = v.npvBatch(0.1, rows)
  assert.ok(out instanceof Float64Array)
  close(out[0], npvOf(0.1, FLOWS))
  close(out[1], npvOf(0.1, [-100, 60, 60]))
  const perRow = v.npvBatch([0.1, 0.2], rows, { t0: true })
  close(perRow[0], npvOf(0.1, FLOWS, true))
  close(perRow[1], npvOf(0.2, [-100, 60, 60], true))
  assert.deepEqual(v.npvBatch(new Float64Array([0.1, 0.2]), rows, { t0: true, errors: 'throw' }), perRow)
  assert.equal(v.npvBatch(0.1, []).length, 0)
  assert.throws(() => v.npvBatch([0.1, 0.2, 0.3], rows), { code: 'invalid_argument', path: 'rate' })
  assert.throws(() => v.npvBatch(0.1, rows, { errors: 'ignore' }), { code: 'invalid_argument', path: 'errors' })
  assert.throws(() => v.npvBatch(0.1, 'rows'), { code: 'invalid_argument', path: 'values' })
  assert.throws(() => v.npvBatch(0.1, [FLOWS, ['x']]), (e) => e instanceof RangeError && e.code === 'invalid_argument')
})

test('irrBatch: one IRR per row; a failing row throws its error with `row`, or is NaN', () => {
  const out = v.irrBatch([[-100, 110], [-100, 60, 60]])
  assert.ok(out instanceof Float64Array)
  close(out[0], 0.1)
  close(out[1], IRR_100_60_60, 1e-10)
  const nan = v.irrBatch([[-100, 110], [1, 2], [-100, 60, 60]], null, { errors: 'nan' })
  assert.equal(nan.length, 3)
  assert.ok(Number.isNaN(nan[1]))
  close(nan[2], IRR_100_60_60, 1e-10)
  // Flows of one sign have no IRR: `no_convergence`, as `irr` throws, with the row.
  const e = thrown(() => v.irrBatch([[-100, 110], [1, 2]]))
  assert.ok(e instanceof Error)
  assert.equal(e.code, 'no_convergence')
  assert.equal(e.name, 'ConvergenceError')
  assert.equal(e.row, 1)
  assert.match(e.message, /^row 1: /)
  assert.equal(thrown(() => v.irr([1, 2])).row, undefined, 'a single call has no row')
})

test('xirrBatch: dates shared by every row or one list per row', () => {
  const year = ['2026-01-01', '2027-01-01'] // 365 days: XIRR of [-100, 110] is 10 %
  const shared = v.xirrBatch([[-100, 110], [-100, 121]], year)
  close(shared[0], 0.1, 1e-10)
  close(shared[1], 0.21, 1e-10)
  assert.deepEqual(v.xirrBatch([[-100, 110]], new Float64Array(year.map(Date.parse))), shared.subarray(0, 1))
  const perRow = v.xirrBatch([[-100, 110], [-100, 110]], [year, ['2026-01-01', new Date('2028-01-01')]])
  close(perRow[0], 0.1, 1e-10)
  close(perRow[1], Math.sqrt(1.1) - 1, 1e-10) // 730 days: two years of 365
  assert.throws(() => v.xirrBatch([[-100, 110]], [year, '2026-01-01']), { code: 'invalid_argument', path: 'dates' })
  assert.throws(() => v.xirrBatch([[-100, 110], [-100, 110], [-100, 110]], [year, year]), { code: 'invalid_argument', path: 'dates' })
  const nan = v.xirrBatch([[-100, 110], [1, 2]], year, undefined, { errors: 'nan' })
  assert.ok(Number.isNaN(nan[1]))
  assert.equal(thrown(() => v.xirrBatch([[1, 2], [-100, 110]], year)).row, 0)
})

test('batch functions give the Node package\'s numbers and errors', { skip: nodeSkip }, () => {
  const rows = [FLOWS, [-100, 60, 60], [1, 2], [-50, 10, 10, 10, 30]]
  for (const [name, args] of [
    ['npvBatch', [0.07, rows]], ['npvBatch', [[0.1, 0.2, 0.3, 0.4], rows, { t0: true }]],
    ['irrBatch', [rows, 0.05, { errors: 'nan' }]], ['irrBatch', [rows]], ['irrBatch', [[rows[1]], null, { errors: 'sometimes' }]],
    ['xirrBatch', [rows.map((r) => r.slice(0, 2)), DATES.slice(0, 2), null, { errors: 'nan' }]], ['xirrBatch', [rows, DATES]],
  ]) {
    let expected
    try {
      expected = node[name](...args)
    } catch (e) {
      assert.deepEqual(shape(thrown(() => v[name](...args))), shape(e), `${name} error`)
      continue
    }
    assert.deepEqual(v[name](...args), expected, name)
  }
})

// ---------------------------------------------------------------------------------
// Async variants

test('async finance functions: settled Promises, resolving like the sync functions', async () => {
  const cases = [
    [v.npvAsync(0.1, FLOWS), npvOf(0.1, FLOWS)],
    [v.irrAsync([-100, 60, 60]), IRR_100_60_60],
    [v.irrAsync([-100, 110], 0.5), 0.1],
    [v.xirrAsync([-100, 110], ['2026-01-01', '2027-01-01']), 0.1],
    [v.xnpvAsync(0.1, [-100, 110], ['2026-01-01', '2027-01-01']), 0],
    [v.xnpvAsync(0.1, [-100, 110], ['2026-01-01', '2027-01-01'], 'actual_360'), -100 + 110 / 1.1 ** (365 / 360)],
  ]
  for (const [p, expected] of cases) {
    assert.ok(p instanceof Promise)
    assert.ok(await settledAtOnce(p))
    close(await p, expected, 1e-10)
  }
  const batch = v.irrBatchAsync([[-100, 110], [1, 2]], null, { errors: 'nan' })
  assert.ok(await settledAtOnce(batch))
  const out = await batch
  assert.ok(out instanceof Float64Array)
  close(out[0], 0.1)
  assert.ok(Number.isNaN(out[1]))
  assert.deepEqual(await v.npvBatchAsync(0.1, [FLOWS]), v.npvBatch(0.1, [FLOWS]))
  assert.deepEqual(await v.xirrBatchAsync([[-100, 110]], ['2026-01-01', '2027-01-01']), v.xirrBatch([[-100, 110]], ['2026-01-01', '2027-01-01']))
})

test('async finance functions reject (never throw) with the sync function\'s error', async () => {
  const pairs = [
    [() => v.npvAsync(0.1, 'flows'), () => v.npv(0.1, 'flows')],
    [() => v.irrAsync([]), () => v.irr([])],
    [() => v.irrAsync([1, 2]), () => v.irr([1, 2])],
    [() => v.xirrAsync(FLOWS, DATES.slice(1)), () => v.xirr(FLOWS, DATES.slice(1))],
    [() => v.xnpvAsync(0.1, FLOWS, DATES, 'actual_999'), () => v.xnpv(0.1, FLOWS, DATES, 'actual_999')],
    [() => v.irrBatchAsync([[-100, 110], [1, 2]]), () => v.irrBatch([[-100, 110], [1, 2]])],
    [() => v.npvBatchAsync(0.1, [FLOWS], { errors: 'x' }), () => v.npvBatch(0.1, [FLOWS], { errors: 'x' })],
    [() => v.xirrBatchAsync([[1, 2]], ['2026-01-01', '2027-01-01']), () => v.xirrBatch([[1, 2]], ['2026-01-01', '2027-01-01'])],
  ]
  for (const [async, sync] of pairs) {
    let p
    assert.doesNotThrow(() => { p = async() })
    assert.ok(await settledAtOnce(p))
    const e = await rejection(p)
    assert.ok(e instanceof Error && typeof e.code === 'string')
    assert.deepEqual(shape(e), shape(thrown(sync)))
  }
  const row = await rejection(v.irrBatchAsync([[-100, 110], [1, 2]]))
  assert.equal(row.code, 'no_convergence')
  assert.equal(row.row, 1)
})

test('async finance functions resolve and reject as the Node package\'s do', { skip: nodeSkip }, async () => {
  for (const [name, args] of [
    ['npvAsync', [0.1, FLOWS]], ['irrAsync', [FLOWS]], ['irrAsync', [[1, 2]]], ['xirrAsync', [FLOWS, DATES]],
    ['xnpvAsync', [0.1, FLOWS, DATES, 'thirty_360_us']], ['npvBatchAsync', [[0.1, 0.2], [FLOWS, [1, 2]]]],
    ['irrBatchAsync', [[FLOWS, [1, 2]]]], ['irrBatchAsync', [[FLOWS, [1, 2]], null, { errors: 'nan' }]],
    ['xirrBatchAsync', [[FLOWS, FLOWS], [DATES, DATES.slice(1)]]],
  ]) {
    const [expected, actual] = await Promise.allSettled([node[name](...args), v[name](...args)])
    assert.equal(actual.status, expected.status, name)
    if (expected.status === 'fulfilled') assert.deepEqual(actual.value, expected.value, name)
    else assert.deepEqual(shape(actual.reason), shape(expected.reason), name)
  }
})

// ---------------------------------------------------------------------------------
// LineItem and evaluateMany

test('LineItem: oneOff and recurring, getters, plannedOccurrences, a JSON round trip', () => {
  const once = v.LineItem.oneOff('build', 'Build', 'capex', new Date('2026-03-15'), { amount: 1200.5, currency: 'EUR' })
  assert.ok(once instanceof v.LineItem)
  assert.equal(once.id, 'build')
  assert.equal(once.name, 'Build')
  assert.equal(once.kind, 'capex')
  assert.deepEqual(once.plannedOccurrences(), [{ date: '2026-03-15', amount: { amount: '1200.5', currency: 'EUR' } }])
  assert.deepEqual(once.toJSON(), {
    id: 'build', name: 'Build', kind: 'capex', actuals: [],
    plan: { type: 'one_off', date: '2026-03-15', amount: { amount: '1200.5', currency: 'EUR' } },
  })
  const monthly = v.LineItem.recurring('run', 'Run', 'opex', 'monthly', '2026-01-01', '2026-12-31', new v.Money('100', 'EUR'))
  const dates = monthly.plannedOccurrences().map((o) => o.date)
  assert.equal(dates.length, 12)
  assert.deepEqual(dates.slice(0, 2), ['2026-01-01', '2026-02-01'])
  for (const item of [once, monthly]) {
    const again = v.LineItem.fromJSON(JSON.parse(JSON.stringify(item)))
    assert.deepEqual(again.toJSON(), item.toJSON())
    assert.deepEqual(again.plannedOccurrences(), item.plannedOccurrences())
  }
  assert.throws(() => v.LineItem.oneOff('x', 'X', 'gift', '2026-01-01', { amount: '1', currency: 'EUR' }), { code: 'invalid_argument', path: 'kind' })
  assert.throws(() => v.LineItem.oneOff('x', 'X', 'capex', '2026-01-01', { amount: 'lots', currency: 'EUR' }), (e) => e.code === 'validation' && e.path.startsWith('amount'))
  assert.throws(() => v.LineItem.fromJSON({ id: 'x' }), { code: 'validation' })
  // A LineItem is added as it is, and stays usable.
  const p = new v.Project('P', 'p', 'EUR', '2026-01-01', '2026-12-31', 0.05)
  p.addLineItem(once)
  p.addLineItem(monthly.toJSON())
  assert.equal(once.id, 'build')
  assert.deepEqual(p.data().line_items.map((i) => i.id), ['build', 'run'])
})

test('LineItem: the Node package\'s JSON form and occurrences', { skip: nodeSkip }, () => {
  for (const make of [
    (m) => m.LineItem.oneOff('a', 'A', 'revenue', '2026-05-31', { amount: '0.1', currency: 'USD' }),
    (m) => m.LineItem.recurring('b', 'B', 'cost_saving', 'quarterly', '2026-01-31', '2028-01-01', { amount: 99.99, currency: 'JPY' }),
  ]) {
    assert.deepEqual(make(v).toJSON(), make(node).toJSON())
    assert.deepEqual(make(v).plannedOccurrences(), make(node).plannedOccurrences())
  }
})

test('evaluateMany: each project\'s own evaluation; the failing project\'s error has its row', async () => {
  const projects = v.builtinTemplates().map((t, i) => t.instantiate({ id: `P${i}`, name: t.name, start_date: '2026-01-01' }))
  const many = v.evaluateMany(projects, '2027-01-01')
  assert.equal(many.length, projects.length)
  for (const [i, e] of many.entries()) {
    assert.ok(e instanceof v.Evaluation)
    assert.deepEqual(e.toJSON(), projects[i].evaluate('2027-01-01').toJSON())
  }
  assert.equal(projects[0].id, 'P0', 'the projects stay usable')
  const viaDate = await v.evaluateManyAsync(projects, new Date('2027-01-01'))
  assert.deepEqual(viaDate.map((e) => e.toJSON()), many.map((e) => e.toJSON()))
  assert.deepEqual(v.evaluateMany([], '2027-01-01'), [])
  const failing = [...projects, v.Project.fromData(OVERFLOWING)]
  const e = thrown(() => v.evaluateMany(failing, '2026-06-01'))
  assert.equal(e.code, 'overflow')
  assert.equal(e.name, 'DecimalOverflowError')
  assert.equal(e.row, projects.length)
  assert.match(e.message, new RegExp(`^row ${projects.length}: `))
  assert.deepEqual(shape(await rejection(v.evaluateManyAsync(failing, '2026-06-01'))), shape(e))
  assert.throws(() => v.evaluateMany([projects[0], { evaluate: () => 1 }], '2027-01-01'), { code: 'invalid_argument', path: 'projects' })
  const metric = new v.ValueMetric(projects[0].data().metrics[0]) // it has an evaluate(asOf) too
  assert.throws(() => v.evaluateMany([metric], '2027-01-01'), { code: 'invalid_argument', path: 'projects' })
  class Mine extends v.Project {}
  assert.equal(v.evaluateMany([Object.setPrototypeOf(v.Project.fromJson(projects[1].toJson()), Mine.prototype)], '2027-01-01').length, 1)
  const freed = v.Project.fromJson(projects[1].toJson())
  freed.free()
  assert.throws(() => v.evaluateMany([freed], '2027-01-01'), { code: 'invalid_argument', path: 'projects' })
  assert.throws(() => v.evaluateMany(projects, 'soon'), (e) => e.code === 'invalid_argument' && e.row === undefined)
  await assert.rejects(v.evaluateManyAsync('P0', '2027-01-01'), { code: 'invalid_argument', path: 'projects' })
})

test('evaluateMany: the Node package\'s evaluations and errors', { skip: nodeSkip }, () => {
  const make = (m) => [...m.builtinTemplates().map((t, i) => t.instantiate({ id: `P${i}`, name: t.name, startDate: '2026-01-01' })), m.Project.fromData(OVERFLOWING)]
  assert.deepEqual(v.evaluateMany(make(v).slice(0, -1), '2028-06-30').map((e) => e.toJSON()), node.evaluateMany(make(node).slice(0, -1), '2028-06-30').map((e) => e.toJSON()))
  assert.deepEqual(shape(thrown(() => v.evaluateMany(make(v), '2026-06-01'))), shape(thrown(() => node.evaluateMany(make(node), '2026-06-01'))))
})

// ---------------------------------------------------------------------------------
// Simulation: progress callback and simulateAsync

const reference = JSON.parse(readFileSync(join(CONFORMANCE, 'monte_carlo.json'), 'utf8')).cases[0].args
const project = () => v.Project.fromJson(JSON.stringify(reference.project))
const spec = (changes = {}) => ({ ...structuredClone(reference.spec), ...changes })

test('simulate: progress fractions increase to 1; false cancels; a thrown exception propagates', () => {
  const fractions = []
  const r = project().simulate(spec({ iterations: 50_000 }), (f) => { fractions.push(f) })
  assert.equal(r.iterations, 50_000)
  assert.deepEqual(fractions, [0.2, 0.4, 0.6, 0.8, 1, 1].slice(0, fractions.length))
  assert.equal(fractions.at(-1), 1)
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1])
  assert.deepEqual(project().simulate(spec({ iterations: 30_000 }), () => true).toJSON(), project().simulate(spec({ iterations: 30_000 })).toJSON())
  let calls = 0
  assert.throws(() => project().simulate(spec({ iterations: 1_000_000 }), () => { calls++; return false }),
    (e) => e instanceof Error && e.code === 'cancelled' && e.name === 'CancelledError' && e.completed === 10_000)
  assert.equal(calls, 1)
  const boom = new TypeError('boom')
  assert.throws(() => project().simulate(spec({ iterations: 1_000_000 }), () => { throw boom }), (e) => e === boom)
  assert.throws(() => project().simulate(spec(), 'often'), { code: 'invalid_argument', path: 'onProgress' })
  assert.equal(project().simulate(spec({ iterations: 1000 }), null).iterations, 1000)
})

test('simulateAsync: a settled Promise of simulate\'s result; an aborted signal rejects with "cancelled"', async () => {
  const p = project()
  const pending = p.simulateAsync(spec({ seed: 99 }))
  assert.ok(pending instanceof Promise)
  assert.ok(await settledAtOnce(pending))
  const r = await pending
  assert.ok(r instanceof v.SimulationResult)
  assert.deepEqual(r.toJSON(), p.simulate(spec({ seed: 99 })).toJSON())
  const controller = new AbortController()
  assert.deepEqual((await p.simulateAsync(spec({ seed: 99 }), controller.signal)).toJSON(), r.toJSON())
  await assert.rejects(p.simulateAsync(spec(), AbortSignal.abort()), (e) => e instanceof Error && e.code === 'cancelled' && e.completed === 0)
  controller.abort()
  await assert.rejects(p.simulateAsync(spec(), controller.signal), { code: 'cancelled', completed: 0 })
  await assert.rejects(p.simulateAsync(spec({ iterations: 1 })), { code: 'validation', path: 'iterations' })
  await assert.rejects(p.simulateAsync(spec({ iterations: 'many' }), controller.signal), { code: 'validation', path: 'iterations' })
})

test('simulate and simulateAsync: the Node package\'s numbers', { skip: nodeSkip }, async () => {
  const s = spec({ iterations: 20_000, seed: 5, irrAndPayback: true, sensitivity: true })
  const expected = node.Project.fromJson(JSON.stringify(reference.project)).simulate(s).toJSON()
  assert.deepEqual(project().simulate(s, () => {}).toJSON(), expected)
  assert.deepEqual((await project().simulateAsync(s, new AbortController().signal)).toJSON(), expected)
})

// ---------------------------------------------------------------------------------
// Portfolio

const PORTFOLIO = suites().find(([, s]) => s.suite === 'portfolio')[1].cases.find((c) => c.id === 'select_portfolio_mandatory').args
const SPEC = PORTFOLIO.spec

test('portfolio async variants: settled Promises of the sync results and errors', async () => {
  const p = v.Portfolio.fromData(PORTFOLIO.portfolio)
  const sim = { iterations: 1000, seed: 3 }
  const open = { ...SPEC, mandatory: [] }
  const problem = p.selectionProblem(SPEC)
  const pairs = [
    [() => p.rollUpAsync('month'), () => p.rollUp('month')],
    [() => p.rollUpAsync(), () => p.rollUp()],
    [() => p.rollUpAsync('year', 2), () => p.rollUp('year', 2)],
    [() => p.selectAsync(SPEC), () => p.select(SPEC)],
    [() => p.simulateAsync(sim), () => p.simulate(sim)],
    [() => p.riskReturnAsync(open, [0, 1], sim), () => p.riskReturn(open, [0, 1], sim)],
    [() => problem.solveAsync(), () => problem.solve()],
  ]
  for (const [async, sync] of pairs) {
    const pending = async()
    assert.ok(await settledAtOnce(pending))
    assert.deepEqual(await pending, sync())
  }
  const failures = [
    [() => p.rollUpAsync('week'), () => p.rollUp('week'), { code: 'invalid_argument', path: 'period' }],
    [() => p.rollUpAsync('year', 0), () => p.rollUp('year', 0), { code: 'invalid_argument', path: 'threads' }],
    [() => p.selectAsync({ limits: { node_limit: 'many' } }), () => p.select({ limits: { node_limit: 'many' } }), { code: 'validation', path: 'limits.node_limit' }],
    [() => p.simulateAsync({ iterations: 'many', seed: 3 }), () => p.simulate({ iterations: 'many', seed: 3 }), { code: 'validation', path: 'iterations' }],
    [() => p.riskReturnAsync(SPEC, [-1], sim), () => p.riskReturn(SPEC, [-1], sim), { code: 'validation', path: 'scales[0]' }],
  ]
  for (const [async, sync, expected] of failures) {
    let pending
    assert.doesNotThrow(() => { pending = async() })
    const e = await rejection(pending)
    assert.equal(e.code, expected.code)
    assert.equal(e.path, expected.path)
    assert.deepEqual(shape(e), shape(thrown(sync)))
  }
})

// Compared as JSON: a zero shadow price of the LP relaxation comes out as -0 on wasm32 and
// as +0 natively (the core's sign of a zero, not the binding's); JSON has one zero.
const json = (x) => JSON.parse(JSON.stringify(x))

test('portfolio async variants: the Node package\'s results', { skip: nodeSkip }, async () => {
  const [w, n] = [v, node].map((m) => m.Portfolio.fromData(PORTFOLIO.portfolio))
  assert.deepEqual(await w.rollUpAsync('quarter'), await n.rollUpAsync('quarter'))
  assert.deepEqual(json(await w.selectAsync(SPEC)), json(await n.selectAsync(SPEC)))
  assert.deepEqual(await w.simulateAsync({ iterations: 2000, seed: 11 }), await n.simulateAsync({ iterations: 2000, seed: 11 }))
  assert.deepEqual(json(await w.selectionProblem(SPEC).solveAsync()), json(await n.selectionProblem(SPEC).solveAsync()))
  const sim = { iterations: 1000, seed: 3 }
  const open = { ...SPEC, mandatory: [] }
  assert.deepEqual(json(await w.riskReturnAsync(open, [0, 1], sim)), json(await n.riskReturnAsync(open, [0, 1], sim)))
})
