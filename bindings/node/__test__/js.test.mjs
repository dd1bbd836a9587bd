// JS-specific behaviour: input types, errors, async variants, ESM and CommonJS loading,
// and export parity with conformance/manifest.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as esm from '@valuepm/core'
import { valuepm as v, require, manifest } from './helpers.mjs'

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

// JS spells a few core operations the JS way; every other name is the core's in camelCase.
const RENAMES = {
  'Currency.new': 'Currency',
  'Money.new': 'Money',
  'ExchangeRates.new': 'ExchangeRates',
  'Project.new': 'Project',
  'Project.from_json': 'Project.fromJson',
  'Project.to_json': 'Project.toJson',
  'Template.from_json': 'Template.fromJson',
  'Template.to_json': 'Template.toJson',
}
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

test('export parity with conformance/manifest.json', () => {
  const missing = []
  for (const { name, kind } of manifest().operations) {
    const js = RENAMES[name] ?? name.split('.').map(camel).join('.')
    const [owner, member] = js.split('.')
    const obj = v[owner]
    if (!obj) { missing.push(name); continue }
    if (!member) continue
    const ok = kind === 'static'
      ? typeof obj[member] === 'function'
      : kind === 'property'
        ? Object.getOwnPropertyDescriptor(obj.prototype, member)?.get !== undefined
        : typeof obj.prototype[member] === 'function'
    if (!ok) missing.push(name)
  }
  assert.deepEqual(missing, [])
})
