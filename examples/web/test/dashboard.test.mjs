// The dashboard in real headless Chromium, from a static server on 127.0.0.1: it starts,
// recomputes when an input changes (figures checked against closed forms of the planned
// flows), records a KPI measurement, shows the core's error next to a field on bad input
// without breaking the page, and leaves a screenshot in test-artifacts/dashboard.png
// (or $VALUEPM_ARTIFACTS). Needs examples/web/build.sh first; run by
// bindings/wasm/browser-test.sh.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '../../../bindings/wasm/browser/serve.mjs'
import { launch } from '../../../bindings/wasm/browser/chromium.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const web = join(here, '..')
const artifacts = resolve(process.env.VALUEPM_ARTIFACTS ?? join(web, 'test-artifacts'))
// The same core for Node, only to list the project's planned flows; the figures expected
// on the page are computed from them below, by closed form.
const core = createRequire(import.meta.url)('../../../bindings/wasm/pkg-node/valuepm_wasm.js')

const AS_OF = '2026-11-26'
const START = '2026-01-01'

/** Years from START under 30E/360, exact for flows on the first of a month. */
function years(date) {
  const [y, m, d] = date.split('-').map(Number)
  assert.equal(d, 1, `flow on ${date}: the closed form below assumes the first of a month`)
  return (y - 2026) + (m - 1) / 12
}
const npv = (rate, flows) => flows.reduce((s, f) => s + f.amount / (1 + rate) ** years(f.date), 0)

/** Payback as docs/formulas.md states it: flows at the start are year 0, flows in
 *  (k − 1, k] years are year k, spread evenly over it; the last crossing to a
 *  non-negative cumulative net, interpolated within its year. */
function payback(flows) {
  const nets = []
  for (const f of flows) {
    const k = Math.ceil(years(f.date))
    nets[k] = (nets[k] ?? 0) + f.amount
  }
  let cumulative = 0
  let result = 0
  for (let k = 0; k < nets.length; k++) {
    const net = nets[k] ?? 0
    const before = cumulative
    cumulative += net
    if (cumulative < 0) result = null
    else if (before < 0) result = k - 1 + -before / net
  }
  return result
}

function plannedFlows(template, rate) {
  const p = core.builtinTemplate(template).instantiate({ id: 'check', name: 'check', start_date: START, discount_rate: rate })
  const flows = p.plannedFlows().map((f) => ({ date: f.date, amount: Number(f.amount.amount) }))
  p.free()
  return flows
}

const figure = async (page, id) => page.$eval(`#${id}`, (o) => ({ text: o.textContent, value: o.dataset.value }))

test('the dashboard in headless Chromium: inputs, figures, KPI, errors, screenshot', { timeout: 120_000 }, async () => {
  const server = await serve(web)
  const browser = await launch()
  const { page } = browser
  try {
    await page.goto(server.url)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
    assert.equal(await page.$eval('#fatal', (e) => e.hidden), true)
    assert.equal(await page.inputValue('#template'), 'software_development')
    await page.fill('#as-of', AS_OF)
    await page.dispatchEvent('#as-of', 'change')

    // Change an input: the discount rate, 8 % → 10 %.
    await page.fill('#discount-rate', '10')
    await page.dispatchEvent('#discount-rate', 'change')
    const flows = plannedFlows('software_development', 0.1)
    const shownNpv = Number((await figure(page, 'npv')).value)
    assert.ok(Math.abs(shownNpv - npv(0.1, flows)) <= 0.005, `NPV shown ${shownNpv}, closed form ${npv(0.1, flows)}`)
    assert.equal((await figure(page, 'npv')).text, new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(npv(0.1, flows)))
    const benefits = flows.filter((f) => f.amount > 0).reduce((s, f) => s + f.amount, 0)
    const costs = -flows.filter((f) => f.amount < 0).reduce((s, f) => s + f.amount, 0)
    const roi = Number((await figure(page, 'roi')).value)
    assert.ok(Math.abs(roi - (benefits / costs - 1)) < 1e-12, `ROI shown ${roi}, closed form ${benefits / costs - 1}`)
    assert.equal((await figure(page, 'roi')).text, `${((benefits / costs - 1) * 100).toFixed(2)} %`)
    const irr = Number((await figure(page, 'irr')).value)
    assert.ok(irr > 0.1 && Math.abs(npv(irr, flows)) < 1e-6 * costs, `IRR shown ${irr}: NPV there is ${npv(irr, flows)}`)
    const shownPayback = Number((await figure(page, 'payback')).value)
    assert.ok(Math.abs(shownPayback - payback(flows)) < 1e-9, `payback shown ${shownPayback}, by the rule ${payback(flows)}`)

    // Edit a cost: the delivery team's monthly amount 85,000 → 90,000 moves the NPV by the
    // discounted difference of its 18 monthly flows.
    const before = Number((await figure(page, 'npv')).value)
    await page.fill('#line-items input[data-index="0"]', '90000')
    await page.dispatchEvent('#line-items input[data-index="0"]', 'change')
    const team = flows.filter((f) => f.amount === -85000 && f.date <= '2027-06-01')
    assert.equal(team.length, 18)
    const delta = npv(0.1, team.map((f) => ({ ...f, amount: -5000 })))
    const after = Number((await figure(page, 'npv')).value)
    assert.ok(Math.abs(after - (before + delta)) <= 0.01, `NPV after the edit ${after}, expected ${before + delta}`)

    // Record a KPI measurement: lead time 14 → 2 days (lower is better); 10 days is a third
    // of the way.
    await page.selectOption('#metric', 'lead_time')
    await page.fill('#measurement-form input[name="date"]', '2026-09-01')
    await page.fill('#measurement-form input[name="value"]', '10')
    await page.click('#measurement-form button')
    const row = await page.$eval('#kpis tr[data-metric="lead_time"]', (r) => [...r.cells].map((c) => c.textContent))
    assert.equal(row[4], '10 on 2026-09-01')
    assert.match(row[5], /^33 % \(expected 60 %\)$/)
    assert.equal(row[6], 'off track')

    // Bad input: the error appears next to the field, and nothing else changes.
    const npvBefore = await figure(page, 'npv')
    await page.fill('#line-items input[data-index="1"]', '12,5x')
    await page.dispatchEvent('#line-items input[data-index="1"]', 'change')
    const itemError = await page.textContent('[data-error-for="line_items[1]"]')
    assert.match(itemError, /line_items\[1\]\.plan\.amount\.amount/)
    assert.deepEqual(await figure(page, 'npv'), npvBefore, 'a rejected edit changes nothing')
    await page.fill('#discount-rate', 'abc')
    await page.dispatchEvent('#discount-rate', 'change')
    assert.match(await page.textContent('[data-error-for="discount_rate"]'), /discount_rate/)
    assert.equal(await page.$eval('#discount-rate', (i) => i.classList.contains('invalid')), true)
    await page.fill('#item-form input[name="amount"]', 'lots')
    await page.click('#item-form button')
    assert.match(await page.textContent('#item-form [data-error-for="amount"]'), /amount/)
    assert.deepEqual(await figure(page, 'npv'), npvBefore)

    // The cash-flow chart is drawn (its canvas is not blank).
    const painted = await page.$eval('#cash-chart', (c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height)
      let n = 0
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n += 1
      return n / (c.width * c.height)
    })
    assert.ok(painted > 0.02, `cash-flow chart covers ${(painted * 100).toFixed(1)} % of its canvas`)

    mkdirSync(artifacts, { recursive: true })
    const shot = join(artifacts, 'dashboard.png')
    await page.screenshot({ path: shot, fullPage: true })
    assert.ok(statSync(shot).size > 50_000)
    console.log(`screenshot: ${shot}`)
    assert.deepEqual(browser.errors, [], 'no uncaught page errors')
  } finally {
    await browser.close()
    await server.close()
  }
})
