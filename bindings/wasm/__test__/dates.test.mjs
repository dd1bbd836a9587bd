// Dates from JavaScript time values: a `Date` or epoch milliseconds is its UTC calendar
// day, rounded down (times before 1970 included), the same day an ISO string names.
// Expected days are written out by hand.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { valuepm as v } from './helpers.mjs'

const DAY = 86_400_000

test('a time value is its UTC calendar day, before and after 1970', () => {
  const cases = [
    [Date.UTC(1970, 0, 1), '1970-01-01'],
    [Date.UTC(1970, 0, 1) - 1, '1969-12-31'],
    [Date.UTC(1969, 11, 31, 23, 59, 59, 999), '1969-12-31'],
    [Date.UTC(1900, 1, 28, 12), '1900-02-28'],
    [Date.UTC(2000, 1, 29, 23, 59), '2000-02-29'],
    [Date.UTC(2024, 11, 31, 0, 0, 0, 1), '2024-12-31'],
    [Date.parse('0001-01-01T00:00:00Z'), '0001-01-01'],
    [Date.parse('0001-01-01T00:00:00Z') - 1, '0000-12-31'],
  ]
  for (const [ms, iso] of cases) {
    assert.equal(v.yearFraction(iso, new Date(ms), 'actual_365_fixed'), 0, `${new Date(ms).toISOString()} is ${iso}`)
    assert.equal(v.xnpv(0.1, new Float64Array([-100, 110]), new Float64Array([ms, ms + 365 * DAY])), v.xnpv(0.1, [-100, 110], [iso, new Date(ms + 365 * DAY)]))
  }
})

test('time values out of range or not finite are invalid_argument errors naming the argument', () => {
  for (const ms of [NaN, Infinity, 8.64e15 + 1]) {
    assert.throws(() => v.xnpv(0.1, [-100, 110], new Float64Array([0, ms])), (e) => e.code === 'invalid_argument' && e.path === 'dates' && /time value/.test(e.message))
  }
  assert.throws(() => v.yearFraction(new Date(NaN), '2020-01-01'), (e) => e.code === 'invalid_argument')
})
