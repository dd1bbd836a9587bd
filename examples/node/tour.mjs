// The Node guide's examples (docs/node.md pulls the marked parts; guide.test.mjs runs
// this file and checks the guide against it).
import assert from 'node:assert/strict'
import * as valuepm from '@valuepm/core'

// START dates
// A date is a Date (its UTC calendar date) or an ISO string; flows are arrays or
// Float64Arrays; long date lists can be a Float64Array of epoch milliseconds.
const flows = [-1000, 300, 400, 500]
const isoDates = ['2026-01-01', '2026-07-01', '2027-01-01', '2027-07-01']
const rate = valuepm.xirr(flows, isoDates)
assert.equal(valuepm.xirr(new Float64Array(flows), isoDates.map((d) => new Date(d))), rate)
assert.equal(valuepm.xirr(new Float64Array(flows), new Float64Array(isoDates.map(Date.parse))), rate)
// END dates

// START money
// Money is exact: amounts come out as decimal strings; they go in as strings or numbers
// (a number is read through its shortest form, so 0.1 is exactly 0.1).
const price = new valuepm.Money('0.10', 'EUR')
const total = price.checkedAdd(new valuepm.Money(0.2, 'EUR'))
assert.equal(total.amount, '0.30')
assert.deepEqual(total.toJSON(), { amount: '0.30', currency: 'EUR' })
assert.equal(new valuepm.Money('12.345', 'EUR').round().toString(), '12.34 EUR') // half to even
// END money

// START errors
// Errors are Error objects (RangeError for invalid arguments) with a stable `code`,
// the field `path`, and a `name` per kind.
try {
  valuepm.Project.fromData({ ...valuepm.builtinTemplate('infrastructure').instantiate({ id: 'P', name: 'p', startDate: '2026-01-01' }).data(), end_date: '2020-01-01' })
  assert.fail('expected a validation error')
} catch (e) {
  assert.ok(e instanceof Error)
  assert.equal(e.code, 'validation')
  assert.equal(e.path, 'end_date')
  assert.equal(e.name, 'ValidationError')
}
assert.throws(() => valuepm.irr([]), (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.path === 'values')
assert.throws(() => valuepm.builtinTemplate('nope'), { code: 'not_found', name: 'NotFoundError' })
// END errors

// START lifecycle
const project = valuepm.builtinTemplate('software_development').instantiate({ id: 'APP-1', name: 'Customer app', startDate: '2026-03-01' })
project.transition('approved', { at: '2026-02-15T10:00:00Z', by: 'investment board', reason: 'business case' })
assert.equal(project.state, 'approved')
assert.throws(() => project.transition('completed', { by: 'pmo' }), (e) => e.code === 'invalid_transition' && e.allowed.includes('active'))
// END lifecycle

// START async
// Long work has an async variant on the libuv thread pool: the event loop stays free.
const rows = [new Float64Array([-1000, 300, 400, 500]), [-500, 200, 200, 200]]
const irrs = await valuepm.irrBatchAsync(rows) // Float64Array, one IRR per row
assert.deepEqual(irrs, valuepm.irrBatch(rows))
const withGaps = await valuepm.irrBatchAsync([...rows, [1, 2]], null, { errors: 'nan' })
assert.ok(Number.isNaN(withGaps[2])) // {errors: 'nan'}: NaN where a row has no IRR
await assert.rejects(valuepm.irrBatchAsync([...rows, [1, 2]]), { code: 'no_convergence', row: 2 })
const evaluations = await valuepm.evaluateManyAsync([project], '2027-01-01')
assert.equal(evaluations[0].projectId, 'APP-1')
// END async

// START audit
// Every change is recorded in the project's audit trail with who, when and why; each
// change that alters the data is one more revision.
const audited = valuepm.builtinTemplate('infrastructure').instantiate({ id: 'DC-2', name: 'Depot', startDate: '2026-01-01' })
audited.withChange({ actor: 'alice', reason: 'budget review', at: '2026-02-01T09:00:00Z' }, (p) => {
  p.update({ discount_rate: 0.09, owner: 'Infrastructure office' })
})
audited.transition('approved', { at: '2026-02-03T10:00:00Z', by: 'cfo', reason: 'business case accepted' })
const trail = audited.auditTrail()
assert.deepEqual(trail.query({ actor: 'alice' }).map((e) => [e.path, e.old, e.new]), [
  ['discount_rate', 0.07, 0.09],
  ['owner', '', 'Infrastructure office'],
])
assert.equal(audited.revision, 2)
assert.equal(trail.length, 4) // two fields, then the transition's history entry and state
// Saved side by side and reloaded with the chain verified (code `tampered` if an entry was edited).
const reloaded = valuepm.Project.fromJsonWithTrail(audited.toJson(), trail.toJson())
assert.equal(reloaded.auditTrail().lastHash, trail.lastHash)
// END audit

// START analytics
const plan = valuepm.Project.fromData({
  schema_version: 2, id: 'FENCE', name: 'Fence', currency: 'EUR',
  start_date: '2026-03-01', end_date: '2026-03-31', discount_rate: 0.05,
  line_items: [
    { id: 'posts', name: 'Posts', kind: 'capex', plan: { type: 'one_off', date: '2026-03-02', amount: { amount: '400', currency: 'EUR' } } },
    { id: 'boards', name: 'Boards', kind: 'capex', plan: { type: 'one_off', date: '2026-03-09', amount: { amount: '600', currency: 'EUR' } } },
  ],
})
const ev = plan.earnedValue('2026-03-05', { posts: 1, boards: 0.1 }) // {lineItemId: fraction}
assert.equal(ev.pv.amount, '400')
assert.equal(ev.ev.amount, '460.00')
assert.equal(ev.spi, 1.15)
const risk = plan.riskAdjusted('2026-03-01', 0.03, [
  { name: 'good', probability: 0.5, benefitFactor: 1.1 },
  { name: 'bad', probability: 0.5, costFactor: 1.2 },
])
assert.equal(risk.riskAdjustedRate, 0.08)
assert.equal(risk.scenarios.length, 2)
assert.ok(risk.expectedNpv instanceof valuepm.Money)
// END analytics

// START montecarlo
// A seeded Monte Carlo simulation: each input changes one part of the model; the same
// seed gives bit-identical results on every platform and thread count.
const simulationSpec = {
  iterations: 50_000,
  seed: 42,
  inputs: [
    { name: 'posts cost', target: 'line_item', line_item_id: 'posts', distribution: { type: 'triangular', min: 0.9, mode: 1, max: 1.4 } },
    { name: 'boards start', target: 'start_delay_months', line_item_id: 'boards', distribution: { type: 'uniform', min: 0, max: 2 } },
    { name: 'rate', target: 'discount_rate', distribution: { type: 'normal', mean: 0.05, sd: 0.01 } },
  ],
  sensitivity: true,
}
const fractions = []
const simulation = plan.simulate(simulationSpec, (fraction) => { fractions.push(fraction) }) // return false to stop
assert.equal(fractions.at(-1), 1)
assert.ok(simulation.npv.p5 < simulation.npv.p95) // a Summary: mean, sd, p5…p95, value_at_risk, histogram…
assert.equal(simulation.sensitivity[0].name, 'posts cost') // tornado, largest swing first
// On the libuv pool, stoppable with an AbortSignal; the same seed gives the same numbers.
const again = await plan.simulateAsync(simulationSpec, AbortSignal.timeout(60_000))
assert.deepEqual(again.toJSON(), simulation.toJSON())
const controller = new AbortController()
const stopped = plan.simulateAsync({ ...simulationSpec, iterations: 10_000_000 }, controller.signal)
controller.abort()
await assert.rejects(stopped, { code: 'cancelled' })
// END montecarlo

// START holt
// Holt linear or damped-trend smoothing: fit a KPI series, forecast with intervals, and
// date when it reaches a target.
const kpiDates = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']
const kpi = [52, 55, 57.5, 61, 63, 66.5]
const outlook = valuepm.holtForecast(kpiDates, kpi, { damped: false, horizon: 6, confidence: 0.9, target: 75 })
assert.equal(outlook.forecast.length, 6) // [{step, date, value, lower, upper}]
assert.match(outlook.target_reached, /^2026-/)
const model = valuepm.holtFit(kpi, true) // damped: alpha, beta, phi, sse, fitted
const steps = model.forecast(3, 0.8) // [{step, value, lower, upper}]
assert.ok(steps[0].lower < steps[0].value && steps[0].value < steps[0].upper)
const fixed = valuepm.HoltModel.withParameters(kpi, 0.5, 0.2, null, 50, 2.5) // no fitting; phi null: linear
assert.equal(fixed.fitted.length, kpi.length)
// END holt

// START portfolio
// A portfolio document: projects (each validated) with a category, criterion scores and
// resource demands, one reporting currency and explicit exchange rates.
const make = (template, id, currency) => valuepm.builtinTemplate(template).instantiate({ id, name: id, startDate: '2026-01-01', currency }).data()
const portfolio = valuepm.Portfolio.fromData({
  schema_version: 2, id: 'PF', name: 'IT portfolio', currency: 'EUR', status_date: '2026-06-30', discount_rate: 0.08,
  exchange_rates: { rates: [{ from: 'USD', to: 'EUR', rate: '0.9' }] },
  projects: [
    { project: make('infrastructure', 'DC', 'EUR'), category: 'run', scores: { fit: 2 }, resources: { engineers: 4 } },
    { project: make('software_development', 'APP', 'USD'), category: 'growth', scores: { fit: 5 }, resources: { engineers: 6 } },
    { project: make('digital_transformation', 'DX', 'EUR'), category: 'growth', scores: { fit: 4 }, resources: { engineers: 5 } },
  ],
})
const rollUp = portfolio.rollUp('year') // exact money by state, template, category, owner and year
assert.equal(rollUp.by_category.growth.projects, 2)
assert.equal(typeof rollUp.total.planned_cost.amount, 'string') // money is {amount, currency}
// Selection: maximise the objective within budgets and resource limits, exactly.
const spec = { objective: { type: 'npv' }, resources: [{ resource: 'engineers', limit: 10 }], mandatory: ['DC'] }
const choice = portfolio.select(spec) // {selected, objective, bound, gap, status, capacities, explanations}
assert.equal(choice.status, 'optimal')
assert.ok(choice.selected.includes('DC'))
assert.deepEqual(await portfolio.selectAsync(spec), choice) // on the libuv pool
const frontier = portfolio.frontier({ ...spec, budgets: [{ limit: { amount: '8000000', currency: 'EUR' } }] }, [0.5, 1, 1.5])
assert.ok(frontier[0].objective <= frontier[2].objective) // value against budget
// Criterion weights from pairwise judgements (AHP), then weighted scores.
const ahp = valuepm.ahpWeights([[1, 3], [1 / 3, 1]]) // {weights, lambda_max, consistency_ratio, inconsistent…}
const ranking = valuepm.weightedScores([
  { name: 'fit', weight: ahp.weights[0], values: [2, 5, 4] },
  { name: 'engineers', weight: ahp.weights[1], lowerIsBetter: true, values: [4, 6, 5] },
]) // one {total, contributions, rank} per project
assert.equal(ranking.length, 3)
// END portfolio

// START io
// Tables in and out: CSV text or bytes, workbooks as bytes (read the file first). An
// import changes the projects of the array in place and pushes the ones it creates.
const team = []
const upload = { actor: 'import-job', reason: 'Q3 upload', at: '2026-08-01T09:00:00Z' }
valuepm.importCsv('id;name;currency;start_date;end_date;discount_rate\n' +
  'P-1;Warehouse robots;EUR;2026-01-01;2028-12-31;8%\n', 'projects', team,
{ delimiter: ';', change: upload })
const items = 'project_id;id;name;kind;date;amount\n' +
  'P-1;robots;Robots;capex;2026-02-01;€ 250.000,50\n' +
  'P-1;spares;Spares;capex;2026-13-01;1.000\n'
const german = { delimiter: ';', number_format: { decimal: ',', thousands: '.' }, change: upload }
try {
  valuepm.importCsv(items, 'line_items', team, german) // every bad row at once, nothing applied
  assert.fail('expected an import error')
} catch (e) {
  assert.equal(e.name, 'TableImportError')
  assert.deepEqual(e.errors.map((r) => [r.row, r.column]), [[3, 'date']])
}
const report = valuepm.importCsv(items, 'line_items', team, { ...german, keepGoodRows: true })
assert.deepEqual([report.tables[0].applied, report.errors.length], [1, 1])
assert.match(valuepm.exportCsv(team, 'line_items'), /^project_id,id,name,kind,/)
const workbook = valuepm.exportXlsx(team) // a Buffer: fs.writeFileSync('team.xlsx', workbook)
assert.equal(valuepm.importWorkbook(workbook).projects[0].data().line_items.length, 1)
// END io
