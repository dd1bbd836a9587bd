// The conformance runner shared by every JS package with the Node package's API (the Node
// package and the WASM package): the op table, given the package, and the loop over every
// case of every suite (conformance/*.json, and the pending suites rules.mjs names), with the
// comparison rules of rules.mjs.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { suites, lookup, compare, compareRowErrors, parseCsv, fixture } from './rules.mjs'

export const SPREADSHEET_CASES = 147

// The ops of the conformance cases, run against the package `v`: `{ FINANCE, MODEL, runOp }`.
export function makeOps(v) {
  // The spreadsheet functions in the spreadsheet's argument order (the cases name them).
  const FINANCE = {
    npv: (a) => v.npv(a.rate, a.values),
    xnpv: (a) => v.xnpv(a.rate, a.values, a.dates),
    irr: (a) => v.irr(a.values, a.guess),
    xirr: (a) => v.xirr(a.values, a.dates, a.guess),
    mirr: (a) => v.mirr(a.values, a.finance_rate, a.reinvest_rate),
    pmt: (a) => v.pmt(a.rate, a.nper, a.pv, a.fv, a.type),
    pv: (a) => v.pv(a.rate, a.nper, a.pmt, a.fv, a.type),
    fv: (a) => v.fv(a.rate, a.nper, a.pmt, a.pv, a.type),
    nper: (a) => v.nper(a.rate, a.pmt, a.pv, a.fv, a.type),
    rate: (a) => v.rate(a.nper, a.pmt, a.pv, a.fv, a.type, a.guess),
    ipmt: (a) => v.ipmt(a.rate, a.per, a.nper, a.pv, a.fv, a.type),
    ppmt: (a) => v.ppmt(a.rate, a.per, a.nper, a.pv, a.fv, a.type),
    cumipmt: (a) => v.cumipmt(a.rate, a.nper, a.pv, a.start_period, a.end_period, a.type),
    cumprinc: (a) => v.cumprinc(a.rate, a.nper, a.pv, a.start_period, a.end_period, a.type),
    effect: (a) => v.effect(a.nominal_rate, a.npery),
    nominal: (a) => v.nominal(a.effect_rate, a.npery),
    sln: (a) => v.sln(a.cost, a.salvage, a.life),
    db: (a) => v.db(a.cost, a.salvage, a.life, a.period, a.month),
    ddb: (a) => v.ddb(a.cost, a.salvage, a.life, a.period, a.factor),
    syd: (a) => v.syd(a.cost, a.salvage, a.life, a.period),
  }

  /** Reads argument `name` as the Rust runner's `arg()`: its errors are at `name.<path>`. */
  function arg(args, name, read) {
    try {
      return read(args[name])
    } catch (e) {
      if ((e.code === 'validation' || e.code === 'currency_mismatch') && !String(e.path ?? '').startsWith(name)) {
        e.path = e.path ? (e.path.startsWith('[') ? `${name}${e.path}` : `${name}.${e.path}`) : name
      }
      throw e
    }
  }

  const project = (a) => (typeof a.project === 'string' ? v.Project.fromJson(a.project) : v.Project.fromJson(JSON.stringify(a.project)))
  const template = (a) => ('template' in a ? v.Template.fromJson(JSON.stringify(a.template)) : v.builtinTemplate(a.template_id))
  const instantiate = (a) => template(a).instantiate(a.options)

  // One step of `audit.replay`: the change context, then the action.
  function auditStep(p, step) {
    const meta = step.meta
    p.setChangeMeta(meta)
    switch (step.action) {
      case 'update': return p.update(step.changes)
      case 'add_line_item': return p.addLineItem(step.item)
      case 'record_actual': return p.recordActual(step.line_item_id, step.actual)
      case 'add_metric': return p.addMetric(step.metric)
      case 'record_measurement': return p.recordMeasurement(step.metric_id, step.measurement)
      case 'add_risk': return p.addRisk(step.risk)
      case 'transition': return p.transition(step.to, { at: meta.at, by: meta.actor, reason: meta.reason ?? '' })
      default: throw new Error(`unknown audit action ${step.action}`)
    }
  }

  // Loads the project, applies each step with its change context (a step with
  // `expect_error` must fail with that kind, and the replay goes on), and reports the
  // trail, its last hash, the revision, the CSV and the seqs the query selects.
  function auditReplay(a) {
    const p = project(a)
    a.steps.forEach((step, i) => {
      if (!('expect_error' in step)) return auditStep(p, step)
      let failed = null
      try { auditStep(p, step) } catch (e) { failed = e }
      assert.ok(failed, `step ${i}: expected error ${step.expect_error}, got none`)
      assert.equal(failed.code, step.expect_error, `step ${i}: expected error ${step.expect_error}, got ${failed.code}: ${failed.message}`)
    })
    const trail = p.auditTrail()
    const out = { entries: trail.entries(), last_hash: trail.lastHash, revision: p.revision, csv: trail.toCsv() }
    if ('query' in a) out.query = trail.query(a.query).map((e) => e.seq)
    return out
  }

  // The import and export ops (conformance/io.json). Files are read as bytes by
  // their path relative to conformance/; the projects are loaded from their documents.
  const projectsOf = (a) => (a.projects ?? []).map((d) => v.Project.fromData(d))
  const DATA_TABLES = ['projects', 'line_items', 'actuals', 'metrics', 'measurements', 'risks']

  // Imports the file or CSV text into the projects; the result is the report (in the
  // core's JSON form: without the report's `projects` and `portfolio`), the projects'
  // documents and their audit trails' lengths.
  function ioImport(a) {
    const projects = projectsOf(a)
    const source = 'text' in a ? a.text : fixture(a.file)
    const options = a.options ?? undefined
    const { projects: into, portfolio, ...report } = a.format === 'csv'
      ? v.importCsv(source, a.table, projects, options)
      : v.importWorkbook(source, a.table ?? null, projects, options)
    assert.equal(into, projects, 'the report\'s projects are the array imported into')
    assert.equal(portfolio, null)
    return { report, projects: projects.map((p) => p.data()), audit_entries: projects.map((p) => p.auditTrail().length) }
  }

  function ioExport(a) {
    assert.equal(a.format, 'csv', `io.export of ${a.format}`)
    const csv = v.exportCsv(projectsOf(a), a.table, a.options ?? undefined)
    return { csv, rows: parseCsv(csv) }
  }

  // Exports every data table and imports them into no projects; the documents without
  // their `revision` (the import's changes count anew).
  function ioRoundTrip(a) {
    const projects = projectsOf(a)
    const back = []
    if (a.format === 'csv') {
      for (const table of DATA_TABLES) v.importCsv(v.exportCsv(projects, table), table, back)
    } else {
      v.importWorkbook(v.exportXlsx(projects), null, back)
    }
    return {
      projects: back.map((p) => {
        const { revision, ...document } = p.data()
        return document
      }),
    }
  }

  const MODEL = {
    'io.import': ioImport,
    'io.export': ioExport,
    'io.round_trip': ioRoundTrip,
    'audit.replay': auditReplay,
    'audit.load': (a) => {
      const trail = v.AuditTrail.fromJson(JSON.stringify(a.trail))
      return { entries: trail.length, last_hash: trail.lastHash }
    },
    'document.migrate': (a) => v.migrateDocument(a.kind, a.document),
    'project.load': (a) => project(a).data(),
    'project.evaluate': (a) => project(a).evaluate(a.as_of).toJSON(),
    'project.cash_flow_series': (a) => project(a).cashFlowSeries(a.period),
    'project.transition': (a) => {
      const p = project(a)
      for (const t of a.transitions) p.transition(t.to, { at: t.at, by: t.by, reason: t.reason })
      return p.data()
    },
    'project.earned_value': (a) => project(a).earnedValue(a.status_date, a.progress).toJSON(),
    'analytics.ols_trend': (a) => v.olsTrend(a.dates, a.values, a.confidence),
    'analytics.theil_sen_trend': (a) => v.theilSenTrend(a.dates, a.values, a.confidence),
    'analytics.robust_z_scores': (a) => v.robustZScores(a.values),
    'analytics.robust_z_anomalies': (a) => v.robustZAnomalies(a.dates, a.values, a.threshold),
    'analytics.level_shifts': (a) => v.levelShifts(a.dates, a.values, a.penalty, a.min_size),
    'project.risk_adjusted': (a) => project(a).riskAdjusted(a.as_of, a.premium, a.scenarios).toJSON(),
    'project.simulate': (a) => project(a).simulate(a.spec).toJSON(),
    'analytics.holt_forecast': (a) => v.holtForecast(a.dates, a.values, a.spec),
    'analytics.holt_with_parameters': (a) => {
      const m = v.HoltModel.withParameters(a.values, a.alpha, a.beta, a.phi, a.initial_level, a.initial_trend)
      const out = { sse: m.sse, fitted: m.fitted }
      for (const c of a.confidences) out[`forecast_${Math.round(c * 100)}`] = m.forecast(a.horizon, c)
      return out
    },
    'metric.evaluate': (a) => {
      const m = arg(a, 'metric', (x) => new v.ValueMetric(x))
      m.validate(a.currency)
      return m.evaluate(a.as_of)
    },
    'template.list': () => v.builtinTemplates().map((t) => t.id),
    'template.load': (a) => template(a).toJSON(),
    'template.instantiate': (a) => instantiate(a).data(),
    'template.evaluate': (a) => instantiate(a).evaluate(a.as_of).toJSON(),
    'portfolio.roll_up': (a) => v.Portfolio.fromData(a.portfolio).rollUp(a.period),
    'portfolio.select': (a) => v.Portfolio.fromData(a.portfolio).select(a.spec),
    'portfolio.earned_value': (a) => v.Portfolio.fromData(a.portfolio).earnedValue(a.progress),
    'portfolio.simulate': (a) => v.Portfolio.fromData(a.portfolio).simulate(a.spec),
    'portfolio.risk_return': (a) => v.Portfolio.fromData(a.portfolio).riskReturn(a.spec, a.scales, a.simulation),
    'portfolio.ahp_weights': (a) => v.ahpWeights(a.matrix),
    'portfolio.weighted_scores': (a) => v.weightedScores(a.criteria),
    'selection.solve': (a) => arg(a, 'problem', (x) => new v.SelectionProblem(x)).solve(),
    'money.sum': (a) => v.Money.sum(a.currency, a.amounts).toJSON(),
    'money.round': (a) => arg(a, 'money', v.Money.fromJSON).round().toJSON(),
    'money.convert': (a) => arg(a, 'rates', v.ExchangeRates.fromJSON).convert(a.money, a.to).toJSON(),
  }

  function runOp(op, args) {
    if (op in FINANCE) return FINANCE[op](args)
    if (op in MODEL) return MODEL[op](args)
    throw new Error(`unknown op ${op}`)
  }
  return { FINANCE, MODEL, runOp }
}

// Runs every case with `runOp`; `skip(c)` and `todo(c)` give a reason (or false) per case.
export function runSuites(runOp, { skip = () => false, todo = () => false } = {}) {
  for (const [file, suite] of suites()) {
    describe(`${suite.suite ?? file}`, () => {
      for (const c of suite.cases) {
        test(c.id, { skip: skip(c), todo: todo(c) }, () => {
          if (!('known_failure' in c)) return check(runOp, c)
          // A promise the code does not keep yet: the case must fail, and fails the run
          // once it passes, so that the mark goes with the fix.
          let failure = null
          try { check(runOp, c) } catch (e) { failure = e }
          assert.ok(failure, `known failure passed (remove its known_failure): ${c.known_failure}`)
        })
      }
    })
  }
}

// One case: `expect.value`, `expect.fields`, `expect.error` (with `path`) and
// `expect.row_errors` (the import error's `errors`, or the result's `report.errors`).
function check(runOp, c) {
  const { op, args = {}, expect } = c
  const rel = c.tolerance?.rel ?? 0
  const abs = c.tolerance?.abs ?? 0
  assert.ok(['value', 'fields', 'error', 'row_errors'].some((k) => k in expect), '`expect` holds none of value, fields, error, row_errors')
  if ('error' in expect) {
    let result
    try {
      result = runOp(op, args)
    } catch (e) {
      assert.ok(e instanceof Error, `thrown value is not an Error: ${e}`)
      assert.equal(e.code, expect.error, `expected error ${expect.error}, got ${e.code}: ${e.message}`)
      if ('path' in expect) assert.equal(e.path, expect.path, `expected path ${expect.path}, got ${e.path}: ${e.message}`)
      if ('row_errors' in expect) {
        assert.equal(e.name, 'TableImportError', `not an import error: ${e.name}: ${e.message}`)
        compareRowErrors(expect.row_errors, e.errors)
      }
      return
    }
    assert.fail(`expected error ${expect.error}, got ${JSON.stringify(result)}`)
  }
  const actual = runOp(op, args)
  if ('value' in expect) compare(expect.value, actual, rel, abs, 'value')
  for (const [path, expected] of Object.entries(expect.fields ?? {})) {
    compare(expected, lookup(actual, path), rel, abs, path)
  }
  if ('row_errors' in expect) compareRowErrors(expect.row_errors, lookup(actual, 'report.errors'))
}
