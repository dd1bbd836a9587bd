// JS-specific behaviour: input types, errors, async variants, ESM and CommonJS loading,
// and export parity with conformance/manifest.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as esm from '@valuepm/core'
import { valuepm as v, require, missingFromManifest, suites } from './helpers.mjs'

const FLOWS = [-1000, 300, 400, 500]

test('ESM and CommonJS load the same binding', () => {
  const cjs = require('@valuepm/core')
  assert.equal(esm.npv, cjs.npv)
  assert.equal(esm.default.Project, cjs.Project)
  assert.equal(typeof esm.irr, 'function')
})

test('flows as arrays or Float64Array, dates as Date or ISO strings', () => {
  assert.equal(v.npv(0.1, FLOWS), v.npv(0.1, new Float64Array(FLOWS)))
  const dates = ['2026-01-01', '2026-07-01', '2027-01-01', '2027-07-01']
  assert.equal(v.xirr(FLOWS, dates), v.xirr(new Float64Array(FLOWS), dates.map((d) => new Date(d))))
  assert.equal(v.pmt(0.05, 10, 1000, 0, 1), v.pmt(0.05, 10, 1000, 0, 'begin'))
  // Long date lists as a Float64Array of epoch milliseconds, read in place.
  const millis = new Float64Array(dates.map((d) => Date.parse(d) + 3_600_000)) // any time of the UTC day
  assert.equal(v.xirr(FLOWS, millis), v.xirr(FLOWS, dates))
  assert.equal(v.xnpv(0.1, FLOWS, millis), v.xnpv(0.1, FLOWS, dates))
  assert.throws(() => v.xirr(FLOWS, new Float64Array([NaN, 0, 1, 2])), { code: 'invalid_argument', path: 'dates' })
})

test('money: decimal strings out, strings or numbers in', () => {
  const a = new v.Money('0.1', 'EUR')
  const b = new v.Money(0.2, 'EUR')
  assert.equal(a.checkedAdd(b).amount, '0.3')
  assert.deepEqual(v.Money.sum('EUR', [a, { amount: 0.2, currency: 'EUR' }]).toJSON(), { amount: '0.3', currency: 'EUR' })
  assert.equal(JSON.stringify(new v.Money('12.345', 'EUR').round()), '{"amount":"12.34","currency":"EUR"}')
})

test('errors are Error objects with code, path and name; no panic crosses', () => {
  assert.throws(() => v.irr([]), (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.path === 'values')
  assert.throws(() => v.builtinTemplate('nope'), (e) => e instanceof Error && e.code === 'not_found' && e.name === 'NotFoundError')
  assert.throws(() => new v.Money('1', 'EUR').checkedAdd(new v.Money('1', 'USD')), { code: 'currency_mismatch' })
  assert.throws(() => v.Project.fromJson('{'), { code: 'parse' })
  const p = v.builtinTemplate('infrastructure').instantiate({ id: 'X', name: 'x', startDate: '2026-01-01' })
  assert.throws(() => p.transition('completed'), (e) => e.code === 'invalid_transition' && e.allowed.includes('approved'))
  assert.throws(() => v._panicForTest(), (e) => e instanceof Error && e.code === 'internal')
  assert.throws(() => v.pmt(0.1, 10, 100, 0, 'middle'), { code: 'invalid_argument', path: 'type' })
})

test('async variants resolve like the sync functions and reject with coded errors', async () => {
  assert.equal(await v.npvAsync(0.1, FLOWS), v.npv(0.1, FLOWS))
  assert.equal(await v.irrAsync(FLOWS), v.irr(FLOWS))
  const rows = [FLOWS, new Float64Array([-100, 60, 60])]
  assert.deepEqual(await v.irrBatchAsync(rows), v.irrBatch(rows))
  assert.deepEqual(await v.npvBatchAsync(0.1, rows), v.npvBatch(0.1, rows))
  const nan = await v.irrBatchAsync([FLOWS, [1, 2]], null, { errors: 'nan' })
  assert.ok(Number.isNaN(nan[1]))
  await assert.rejects(v.irrBatchAsync([FLOWS, [1, 2]]), (e) => e instanceof Error && e.code === 'no_convergence' && e.row === 1)
  const projects = v.builtinTemplates().map((t, i) => t.instantiate({ id: `P${i}`, name: t.name, start_date: '2026-01-01' }))
  const many = await v.evaluateManyAsync(projects, '2027-01-01')
  assert.deepEqual(many.map((e) => e.toJSON()), v.evaluateMany(projects, '2027-01-01').map((e) => e.toJSON()))
})

test('earned value: progress as an object or records; results as Money and JSON', () => {
  const p = v.Project.fromData({
    schema_version: 1, id: 'EV', name: 'ev', currency: 'EUR', start_date: '2026-01-01', end_date: '2026-12-31',
    discount_rate: 0.05,
    line_items: [
      { id: 'build', name: 'Build', kind: 'capex', plan: { type: 'one_off', date: '2026-01-10', amount: { amount: '1000', currency: 'EUR' } } },
      { id: 'run', name: 'Run', kind: 'opex', plan: { type: 'one_off', date: '2026-03-01', amount: { amount: '500', currency: 'EUR' } } },
    ],
  })
  const byObject = p.earnedValue('2026-02-01', { build: 1, run: 0.2 })
  const byRecords = p.earnedValue(new Date('2026-02-01'), [{ line_item_id: 'build', percent_complete: 1 }, { lineItemId: 'run', percentComplete: 0.2 }])
  assert.deepEqual(byObject.toJSON(), byRecords.toJSON())
  assert.ok(byObject.ev instanceof v.Money)
  assert.equal(byObject.ev.amount, '1100.00') // derived from a ratio: rounded to the minor unit
  assert.equal(byObject.bac.amount, '1500')
  assert.equal(byObject.pv.amount, '1000')
  assert.equal(byObject.spi, 1.1)
  assert.equal(byObject.cpi, null)
  assert.equal(byObject.statusDate, '2026-02-01')
  assert.equal(JSON.parse(JSON.stringify(byObject)).ev.amount, '1100.00')
  assert.equal(Number(p.earnedValue('2026-02-01').ev.amount), 0)
  assert.throws(() => p.earnedValue('2026-02-01', { build: 'all' }), { code: 'validation', path: 'progress.build' })
  assert.throws(() => p.earnedValue('2026-02-01', [{ line_item_id: 'run', percent_complete: 2 }]), { code: 'validation', path: 'progress[0].percent_complete' })
  assert.throws(() => p.earnedValue('2026-02-01', { nope: 0.5 }), (e) => e instanceof Error && e.code === 'not_found')
  assert.throws(() => p.earnedValue('2025-01-01'), { code: 'validation', path: 'status_date' })
})

test('risk adjustment: premium default 0, scenarios with snake_case or camelCase keys', () => {
  const p = v.builtinTemplate('infrastructure').instantiate({ id: 'R', name: 'r', startDate: '2026-01-01' })
  const plain = p.riskAdjusted('2026-01-01')
  assert.equal(plain.riskAdjustedRate, p.data().discount_rate)
  assert.ok(plain.npv.equals(p.evaluate('2026-01-01').npv))
  assert.equal(plain.expectedNpv, null)
  assert.ok(plain.grossEmv instanceof v.Money)
  const snake = p.riskAdjusted('2026-01-01', 0.03, [{ name: 'good', probability: 0.5, benefit_factor: 1.2 }, { name: 'bad', probability: 0.5, cost_factor: 1.3 }])
  const camel = p.riskAdjusted('2026-01-01', 0.03, [{ name: 'good', probability: 0.5, benefitFactor: 1.2 }, { name: 'bad', probability: 0.5, costFactor: 1.3 }])
  assert.deepEqual(snake.toJSON(), camel.toJSON())
  assert.equal(snake.scenarios.length, 2)
  assert.ok(snake.expectedNpv instanceof v.Money)
  assert.throws(() => p.riskAdjusted('2026-01-01', 0, [{ name: 'only', probability: 0.4 }]), { code: 'validation', path: 'scenarios' })
  assert.throws(() => p.riskAdjusted('2026-01-01', 0, [{ name: 'x', probability: '1' }]), { code: 'validation', path: 'scenarios[0].probability' })
})

// The portfolio of the conformance suite's selection case: two projects in EUR and USD.
const PORTFOLIO = suites().find(([, s]) => s.suite === 'portfolio')[1].cases.find((c) => c.id === 'select_portfolio_mandatory').args
const SPEC = PORTFOLIO.spec

test('portfolio: documents in, plain objects in the core JSON shape out', () => {
  const p = v.Portfolio.fromData(PORTFOLIO.portfolio)
  assert.ok(p instanceof v.Portfolio)
  assert.equal(p.currency, 'EUR')
  assert.equal(p.statusDate, '2026-06-30')
  assert.deepEqual(p.projectIds, ['a', 'b'])
  assert.deepEqual(v.Portfolio.fromJson(p.toJson()).toJSON(), p.toJSON())
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p.data())
  const rollUp = p.rollUp()
  assert.equal(Object.getPrototypeOf(rollUp), Object.prototype)
  assert.equal(rollUp.currency, 'EUR')
  assert.equal(typeof rollUp.total.planned_cost.amount, 'string') // exact money
  assert.equal(rollUp.periods[0].start, '2026-01-01')
  assert.deepEqual(p.rollUp('year', 1), rollUp) // independent of the thread count
  assert.equal(p.rollUp('quarter').periods[0].end, '2026-03-31')
  assert.throws(() => p.rollUp('week'), { code: 'invalid_argument', path: 'period' })
  assert.throws(() => p.rollUp('year', 0), { code: 'invalid_argument', path: 'threads' })
  const selection = p.select(SPEC)
  assert.deepEqual(selection.selected, ['a'])
  assert.equal(selection.status, 'optimal')
  assert.equal(selection.explanations[1].reason, 'no_capacity')
  // camelCase keys in specs are read too.
  assert.deepEqual(p.select({ ...SPEC, exclusiveGroups: [{ name: 'g', projects: ['a', 'b'] }] }).selected, ['a'])
  const problem = p.selectionProblem(SPEC)
  assert.ok(problem instanceof v.SelectionProblem)
  assert.deepEqual(problem.projects, ['a', 'b'])
  assert.deepEqual(problem.solve(), selection)
  assert.deepEqual(new v.SelectionProblem(problem.toJSON()).solve(), selection)
  const frontier = p.frontier(SPEC, [1, 2])
  assert.deepEqual(frontier.map((f) => f.scale), [1, 2])
  assert.equal(frontier[1].budget, 240000)
  assert.ok(frontier[1].objective >= frontier[0].objective)
  assert.throws(() => p.frontier(SPEC, [-1]), { code: 'validation', path: 'scales[0]' })
})

test('portfolio: bad documents and specs throw validation errors at the field path', () => {
  const doc = structuredClone(PORTFOLIO.portfolio)
  doc.projects[1].project.end_date = '2020-01-01'
  assert.throws(() => v.Portfolio.fromData(doc), (e) => e instanceof Error && e.code === 'validation' && e.name === 'ValidationError' &&
    e.path.startsWith('projects[1].project.end_date') && e.message.includes('projects[1].project.end_date'))
  assert.throws(() => v.Portfolio.fromData({ ...PORTFOLIO.portfolio, discount_rate: 'high' }), { code: 'validation', path: 'discount_rate' })
  assert.throws(() => v.Portfolio.fromJson('{'), { code: 'parse' })
  const p = v.Portfolio.fromData(PORTFOLIO.portfolio)
  assert.throws(() => p.select({ budgets: [{ year: 2026, limit: { amount: 'lots', currency: 'EUR' } }] }), { code: 'validation', path: 'budgets[0].limit.amount' })
  assert.throws(() => p.select({ objective: { type: 'score' } }), { code: 'validation', path: 'criteria' })
  assert.throws(() => new v.SelectionProblem({ projects: ['a'], values: ['x'] }), { code: 'validation', path: 'values[0]' })
})

test('portfolio: async variants resolve like the sync methods and reject with coded errors', async () => {
  const p = v.Portfolio.fromData(PORTFOLIO.portfolio)
  assert.deepEqual(await p.rollUpAsync('month'), p.rollUp('month'))
  assert.deepEqual(await p.rollUpAsync(), p.rollUp())
  assert.deepEqual(await p.selectAsync(SPEC), p.select(SPEC))
  const problem = p.selectionProblem(SPEC)
  assert.deepEqual(await problem.solveAsync(), problem.solve())
  await assert.rejects(p.rollUpAsync('week'), { code: 'invalid_argument', path: 'period' })
  await assert.rejects(p.selectAsync({ ...SPEC, mandatory: ['nope'] }), (e) => e instanceof Error && e.code === 'validation')
  await assert.rejects(p.selectAsync({ limits: { node_limit: 'many' } }), { code: 'validation', path: 'limits.node_limit' })
})

test('portfolio: earned value, Monte Carlo and the risk-return frontier as plain objects', async () => {
  const p = v.Portfolio.fromData(PORTFOLIO.portfolio)
  const ev = p.earnedValue({})
  assert.equal(ev.currency, 'EUR')
  assert.equal(ev.status_date, '2026-06-30')
  assert.equal(typeof ev.bac.amount, 'string')
  assert.deepEqual(ev.projects.map((x) => x.project_id), ['a', 'b'])
  assert.throws(() => p.earnedValue({ nope: {} }), { code: 'not_found' })
  assert.throws(() => p.earnedValue({ a: { x: 'half' } }), { code: 'validation', path: 'progress.x' })
  const spec = { iterations: 1000, seed: 3 }
  const sim = p.simulate(spec)
  assert.equal(sim.iterations, 1000)
  assert.deepEqual(sim.projects.map((x) => x.project_id), ['a', 'b'])
  assert.deepEqual(p.simulate({ ...spec, threads: 1, includeRiskEvents: true }), sim) // camelCase, any thread count
  assert.deepEqual(await p.simulateAsync(spec), sim)
  assert.throws(() => p.simulate({ iterations: 1, seed: 3 }), { code: 'validation', path: 'iterations' })
  await assert.rejects(p.simulateAsync({ iterations: 'many', seed: 3 }), { code: 'validation', path: 'iterations' })
  const open = { ...SPEC, mandatory: [] } // nothing fits a zero budget
  const points = p.riskReturn(open, [0, 1], spec)
  assert.deepEqual(points.map((x) => x.scale), [0, 1])
  assert.deepEqual(points[0].selected, [])
  assert.equal(points[0].npv_sd, 0)
  assert.deepEqual(await p.riskReturnAsync(open, [0, 1], spec), points)
  assert.throws(() => p.riskReturn(SPEC, [-1], spec), { code: 'validation', path: 'scales[0]' })
})

test('scoring: AHP weights and weighted scores as plain objects', () => {
  const ahp = v.ahpWeights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
  assert.equal(ahp.weights.length, 3)
  assert.ok(Math.abs(ahp.weights.reduce((a, b) => a + b) - 1) < 1e-12)
  assert.equal(ahp.inconsistent, false)
  assert.equal(ahp.warning, null)
  assert.throws(() => v.ahpWeights([[1, 'x'], [1, 1]]), { code: 'validation', path: 'matrix[0][1]' })
  const scores = v.weightedScores([
    { name: 'fit', weight: 2, values: [3, 1, 2] },
    { name: 'cost', weight: 1, lowerIsBetter: true, normalisation: 'rank', values: [10, 5, 5] },
  ])
  assert.deepEqual(scores.map((s) => Object.keys(s).sort()), Array(3).fill(['contributions', 'rank', 'total']))
  assert.equal(scores[0].rank, 1)
  assert.throws(() => v.weightedScores([]), { code: 'validation', path: 'criteria' })
  assert.throws(() => v.weightedScores([{ name: 'fit', weight: 1, normalisation: 'log', values: [1] }]), { code: 'validation', path: 'criteria[0].normalisation' })
})

test('export parity with conformance/manifest.json', () => {
  assert.deepEqual(missingFromManifest(v), [])
})
