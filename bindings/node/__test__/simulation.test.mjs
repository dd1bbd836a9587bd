// JS-specific behaviour of Monte Carlo simulation (progress callbacks, cancellation,
// the async variant and its AbortSignal, spec errors) and of Holt smoothing.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { valuepm as v, CONFORMANCE } from './helpers.mjs'

// The project and spec of the first bit-identity conformance case: two line items with
// uncertain amounts and an uncertain discount rate.
const reference = JSON.parse(readFileSync(join(CONFORMANCE, 'monte_carlo.json'), 'utf8')).cases[0].args
const project = () => v.Project.fromJson(JSON.stringify(reference.project))
const spec = (changes = {}) => ({ ...structuredClone(reference.spec), ...changes })

test('simulate: a SimulationResult with getters, toJSON in the core form, deterministic per seed', () => {
  const p = project()
  const r = p.simulate(spec({ iterations: 20_000, seed: 7 }))
  assert.ok(r instanceof v.SimulationResult)
  assert.equal(r.iterations, 20_000)
  assert.equal(r.seed, 7)
  assert.equal(r.npv.count, 20_000)
  assert.ok(r.npv.p5 <= r.npv.p50 && r.npv.p50 <= r.npv.p95)
  assert.equal(r.npv.histogram_counts.reduce((a, b) => a + b, 0), 20_000)
  assert.equal(typeof r.probabilityRoiAtLeastTarget, 'number')
  assert.equal(r.irr, null)
  assert.equal(r.paybackYears, null)
  assert.equal(r.probabilityIrrUndefined, null)
  assert.deepEqual(r.sensitivity, [])
  assert.deepEqual(r.toJSON().npv, r.npv)
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r.toJSON())
  // Same seed, any thread count: the same numbers; another seed: others.
  assert.deepEqual(p.simulate(spec({ iterations: 20_000, seed: 7, threads: 1 })).toJSON(), r.toJSON())
  assert.notEqual(p.simulate(spec({ iterations: 20_000, seed: 8 })).npv.mean, r.npv.mean)
  // camelCase keys are accepted as well as the core's snake_case.
  const both = p.simulate(spec({ iterations: 20_000, seed: 7, irrAndPayback: true, sensitivity: true, roiTarget: 0.1 }))
  assert.ok(both.irr.count > 0 && both.paybackYears.count > 0)
  assert.equal(both.sensitivity.length, reference.spec.inputs.length)
  assert.deepEqual(both.toJSON(), p.simulate(spec({ iterations: 20_000, seed: 7, irr_and_payback: true, sensitivity: true, roi_target: 0.1 })).toJSON())
})

test('simulate: progress fractions increase and end at 1', () => {
  const fractions = []
  const r = project().simulate(spec({ iterations: 200_000, threads: 1 }), (f) => {
    fractions.push(f)
  })
  assert.equal(r.iterations, 200_000)
  assert.ok(fractions.length >= 20, `${fractions.length} calls`)
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1], `${fractions}`)
  assert.ok(fractions[0] > 0 && fractions[0] < 1)
  assert.equal(fractions.at(-1), 1)
  // Returning true (or anything but false) goes on.
  assert.equal(project().simulate(spec({ iterations: 30_000 }), () => true).npv.count, 30_000)
  assert.equal(project().simulate(spec({ iterations: 30_000 }), () => 0).npv.count, 30_000)
})

test('simulate: returning false cancels promptly with code "cancelled"', () => {
  let calls = 0
  const started = Date.now()
  assert.throws(
    () => project().simulate(spec({ iterations: 10_000_000 }), () => { calls++; return false }),
    (e) => e instanceof Error && e.code === 'cancelled' && e.kind === 'cancelled' && e.name === 'CancelledError' && e.completed < 10_000_000,
  )
  assert.equal(calls, 1)
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
})

test('simulate: an exception thrown by the callback stops the run and propagates', () => {
  const boom = new TypeError('boom')
  let calls = 0
  assert.throws(() => project().simulate(spec({ iterations: 10_000_000 }), () => { calls++; throw boom }), (e) => e === boom)
  assert.equal(calls, 1)
  // The binding is still usable afterwards.
  assert.equal(project().simulate(spec({ iterations: 1000 })).iterations, 1000)
})

test('simulateAsync resolves with the same numbers as simulate', async () => {
  const p = project()
  const pending = p.simulateAsync(spec({ seed: 99 }))
  assert.ok(pending instanceof Promise)
  const r = await pending
  assert.ok(r instanceof v.SimulationResult)
  assert.deepEqual(r.toJSON(), p.simulate(spec({ seed: 99 })).toJSON())
  const controller = new AbortController()
  assert.deepEqual((await p.simulateAsync(spec({ seed: 99 }), controller.signal)).toJSON(), r.toJSON())
  controller.abort() // after completion: nothing happens
  await assert.rejects(p.simulateAsync(spec({ iterations: 1 })), { code: 'validation', path: 'iterations' })
  await assert.rejects(p.simulateAsync(spec({ iterations: 'many' })), { code: 'validation', path: 'iterations' })
})

test('simulateAsync: aborting rejects promptly with code "cancelled"', async () => {
  const controller = new AbortController()
  const started = Date.now()
  const pending = project().simulateAsync(spec({ iterations: 10_000_000 }), controller.signal)
  setTimeout(() => controller.abort(), 30)
  await assert.rejects(pending, (e) => e instanceof Error && e.code === 'cancelled' && e.completed < 10_000_000)
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
  // Aborted at once (the work may still be queued): the same coded error.
  const now = new AbortController()
  const queued = project().simulateAsync(spec({ iterations: 10_000_000 }), now.signal)
  now.abort()
  await assert.rejects(queued, { code: 'cancelled' })
  // A signal aborted before the call rejects at once.
  await assert.rejects(project().simulateAsync(spec(), AbortSignal.abort()), { code: 'cancelled', completed: 0 })
})

test('a bad spec is a validation error naming the field', () => {
  const p = project()
  assert.throws(() => p.simulate(spec({ iterations: 'many' })), (e) => e.code === 'validation' && e.path === 'iterations' && e.message.includes('iterations'))
  assert.throws(() => p.simulate(spec({ iterations: 1 })), { code: 'validation', path: 'iterations' })
  const badMode = spec()
  badMode.inputs[0].distribution.mode = 99
  assert.throws(() => p.simulate(badMode), { code: 'validation', path: 'inputs[0].distribution.mode' })
  const typo = spec()
  typo.inputs[0].distribution.mod = 1
  assert.throws(() => p.simulate(typo), (e) => e.code === 'validation' && e.message.includes('mod'))
  assert.throws(() => p.simulate({ seed: 1 }), (e) => e.code === 'validation' && e.message.includes('iterations'))
  assert.throws(() => p.simulate(spec({ correlation: [[1]] })), { code: 'validation', path: 'correlation' })
})

test('Holt: holtFit, HoltModel.withParameters and forecast', () => {
  const values = [10, 12, 13.5, 15.2, 16.1, 18, 19.4, 21.3, 22, 24.1]
  const linear = v.holtFit(values)
  assert.ok(linear instanceof v.HoltModel)
  assert.equal(linear.damped, false)
  assert.equal(linear.phi, 1)
  assert.equal(linear.n, values.length)
  assert.equal(linear.fitted.length, values.length)
  assert.deepEqual(v.holtFit(new Float64Array(values)).toJSON(), linear.toJSON())
  const damped = v.holtFit(values, true)
  assert.ok(damped.damped && damped.phi >= 0.8 && damped.phi <= 0.995)
  // The fitted model's parameters reproduce its fit.
  const same = v.HoltModel.withParameters(values, linear.alpha, linear.beta, null, linear.initialLevel, linear.initialTrend)
  assert.equal(same.sse, linear.sse)
  assert.deepEqual(same.fitted, linear.fitted)
  assert.equal(JSON.stringify(same), JSON.stringify(linear))
  const steps = linear.forecast(3)
  assert.deepEqual(steps.map((s) => s.step), [1, 2, 3])
  for (const s of steps) assert.ok(s.lower < s.value && s.value < s.upper)
  const narrow = linear.forecast(3, 0.8)
  assert.ok(narrow[0].upper - narrow[0].lower < steps[0].upper - steps[0].lower)
  assert.throws(() => v.holtFit([1, 2, 3]), (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.path === 'values')
  assert.throws(() => v.HoltModel.withParameters(values, 1.5, 0.1, null, 10, 1), { code: 'invalid_argument', path: 'alpha' })
  assert.throws(() => linear.forecast(0), { code: 'invalid_argument', path: 'horizon' })
})

test('Holt: holtForecast with dates and a spec', () => {
  const dates = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']
  const values = [100, 104, 107, 112, 115, 119]
  const f = v.holtForecast(dates, values)
  assert.equal(f.forecast.length, 12) // default horizon
  assert.equal(f.confidence, 0.95)
  assert.equal(f.target_reached, null)
  assert.equal(f.forecast[0].step, 1)
  assert.ok(f.forecast[0].date > '2026-06-01')
  const withTarget = v.holtForecast(dates.map((d) => new Date(d)), values, { horizon: 6, target: 130, confidence: 0.8 })
  assert.equal(withTarget.forecast.length, 6)
  assert.match(withTarget.target_reached, /^2026-/)
  assert.deepEqual(v.holtForecast(new Float64Array(dates.map(Date.parse)), values, { horizon: 6, target: 130, confidence: 0.8 }), withTarget)
  assert.throws(() => v.holtForecast(dates, values, { horizon: 0 }), { code: 'invalid_argument', path: 'horizon' })
  assert.throws(() => v.holtForecast(dates, values, { horizn: 3 }), (e) => e.code === 'validation' && e.message.includes('horizn'))
  assert.throws(() => v.holtForecast(dates.slice(1), values), { code: 'invalid_argument', path: 'dates' })
})
