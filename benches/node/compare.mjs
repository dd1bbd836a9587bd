// ValuePM's Node binding vs @formulajs/formulajs, financial and xirr (npm), side by side
// in one process, on the same inputs.
//
// 1. Speed: NPV of 10 / 1,000 / 1,000,000 flows, IRR of 10 and 120 flows, XIRR of 100
//    and 10,000 flows. Every library's result is checked against ValuePM's before
//    anything is timed; a library that gives a different answer (or none) is reported
//    as such and not timed. Times are medians of 9 timed batches, each batch looping a
//    call for at least 200 ms (--quick: 3 batches of 20 ms).
// 2. Accuracy: each library on the 147 cases of conformance/spreadsheet_financial.json
//    (LibreOffice's results): a case matches when the result is within the case's
//    tolerance of the expected value, or, where the spreadsheet gives an error, when the
//    library throws or returns an Error or NaN.
//
// Conventions differ: formulajs follows the spreadsheet (NPV discounts the first flow one
// period), `financial` follows numpy-financial (NPV's first flow at t = 0), so ValuePM is
// compared with `npv` or `npvT0` accordingly. ValuePM is timed twice where flows are
// long: flows from a plain Array (copied element by element through N-API) and from a
// Float64Array (read in place).
//
// 3. WASM: the same speed cases on ValuePM's WASM package in Node (bindings/wasm/pkg-node,
//    when built), against the native addon and formulajs in the same run.
//
// Run: bash bindings/node/test.sh (builds the release addon), bash bindings/wasm/build.sh
//      (the WASM package; optional), then
//      cd benches/node && npm ci && node compare.mjs [--quick]
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'

const require = createRequire(import.meta.url)
const valuepm = require('@valuepm/core')
const formulajs = require('@formulajs/formulajs')
const financial = require('financial')
const xirrLib = require('xirr')
const version = (name) => require(`${name}/package.json`).version
let wasm = null
try {
  wasm = require('../../bindings/wasm/pkg-node/valuepm_wasm.js')
} catch {
  console.log('(the WASM package is not built, so it is not compared: bash bindings/wasm/build.sh)')
}

const quick = process.argv.includes('--quick')
const SAMPLES = quick ? 3 : 9
const MIN_BATCH_MS = quick ? 20 : 200

// -- timing ----------------------------------------------------------------------------

let sink = 0 // results feed this so no call is optimised away

function medianSeconds(call) {
  call()
  let loops = 1
  for (;;) {
    const began = performance.now()
    for (let i = 0; i < loops; i++) sink += +call() || 0
    const took = performance.now() - began
    if (took >= MIN_BATCH_MS || loops >= 1 << 22) break
    loops *= took <= 0 ? 2 : Math.max(2, Math.min(100, Math.ceil(MIN_BATCH_MS / took) + 1))
  }
  const times = []
  for (let s = 0; s < SAMPLES; s++) {
    const began = performance.now()
    for (let i = 0; i < loops; i++) sink += +call() || 0
    times.push((performance.now() - began) / 1e3 / loops)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

function fmt(seconds) {
  if (seconds === undefined) return '—'
  if (typeof seconds === 'string') return seconds
  for (const [unit, scale] of [['s', 1], ['ms', 1e-3], ['µs', 1e-6], ['ns', 1e-9]]) {
    if (seconds >= scale) return `${(seconds / scale).toPrecision(3)} ${unit}`
  }
  return `${(seconds * 1e9).toPrecision(3)} ns`
}

// -- inputs (shaped as the core's criterion inputs, benches/benches/finance.rs) ---------

/** A small seeded generator (mulberry32), so every run times the same flows. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An investment then n − 1 inflows of 500 to 1500, the investment set so the IRR is `irr`. */
function periodic(n, irr, seed) {
  const next = random(seed)
  const values = Array.from({ length: n }, () => 500 + 1000 * next())
  values[0] = 0
  values[0] = -valuepm.npvT0(irr, values)
  return values
}

/** n flows over `years` years from 2020-01-01, the first an investment set so the XIRR is `irr`. */
function dated(n, years, irr, seed) {
  const next = random(seed)
  const start = Date.UTC(2020, 0, 1)
  const span = years * 365
  const dates = Array.from({ length: n }, (_, i) => new Date(start + Math.floor((i * span) / n) * 86_400_000))
  const values = Array.from({ length: n }, () => 50 + 100 * next())
  values[0] = 0
  values[0] = -valuepm.xnpv(irr, values, dates)
  return { values, dates }
}

// -- speed cases -----------------------------------------------------------------------

const LIBRARIES = ['formulajs', 'financial', 'xirr']

function speedCases() {
  const cases = []
  for (const [n, rate] of [[10, 0.05], [1_000, 0.001], [1_000_000, 0.0008]]) {
    const values = periodic(n, rate * 1.25, n)
    const typed = new Float64Array(values)
    cases.push({
      name: `NPV, ${n.toLocaleString('en')} flows`,
      flows: n,
      valuepm: [['Array', () => valuepm.npv(rate, values)], ['Float64Array', () => valuepm.npv(rate, typed)]],
      wasm: wasm && [() => wasm.npv(rate, values), () => wasm.npv(rate, typed)],
      reference: { formulajs: () => valuepm.npv(rate, typed), financial: () => valuepm.npvT0(rate, typed) },
      others: {
        formulajs: () => formulajs.NPV(rate, values),
        financial: () => financial.npv(rate, values),
      },
      tolerance: 1e-9,
    })
  }
  for (const [n, irr] of [[10, 0.18], [120, 0.012]]) {
    const values = periodic(n, irr, 3 + n)
    const typed = new Float64Array(values)
    cases.push({
      name: `IRR, ${n} flows`,
      flows: n,
      valuepm: [['Array', () => valuepm.irr(values)], ['Float64Array', () => valuepm.irr(typed)]],
      wasm: wasm && [() => wasm.irr(values), () => wasm.irr(typed)],
      others: {
        formulajs: () => formulajs.IRR(values),
        financial: () => financial.irr(values),
      },
      tolerance: 1e-7,
    })
  }
  for (const [n, years] of [[100, 8], [10_000, 10]]) {
    const { values, dates } = dated(n, years, 0.25, 2)
    const typed = new Float64Array(values)
    const millis = new Float64Array(dates.map((d) => d.getTime()))
    const transactions = values.map((amount, i) => ({ amount, when: dates[i] }))
    cases.push({
      name: `XIRR, ${n.toLocaleString('en')} flows`,
      flows: n,
      valuepm: [
        ['Array, Date[]', () => valuepm.xirr(values, dates)],
        ['Float64Array, epoch ms', () => valuepm.xirr(typed, millis)],
      ],
      wasm: wasm && [() => wasm.xirr(values, dates), () => wasm.xirr(typed, millis)],
      others: {
        formulajs: () => formulajs.XIRR(values, dates),
        xirr: () => xirrLib(transactions),
      },
      tolerance: 1e-7,
    })
  }
  return cases
}

function agrees(result, expected, tolerance) {
  return typeof result === 'number' && Number.isFinite(result) && Math.abs(result - expected) <= tolerance * Math.max(1, Math.abs(expected))
}

function describe(result) {
  if (result instanceof Error) return result.message.split('\n')[0]
  return typeof result === 'number' ? String(result) : JSON.stringify(result)
}

// -- accuracy on the spreadsheet cases ---------------------------------------------------

const T = (a) => a.type ?? 0
const WHEN = (a) => (T(a) === 1 ? 'begin' : 'end')

/** Each library's call for a case's op, arguments mapped to its names (undefined: no such function). */
const ACCURACY = {
  valuepm: {
    npv: (a) => valuepm.npv(a.rate, a.values),
    xnpv: (a) => valuepm.xnpv(a.rate, a.values, a.dates),
    irr: (a) => valuepm.irr(a.values, a.guess),
    xirr: (a) => valuepm.xirr(a.values, a.dates, a.guess),
    mirr: (a) => valuepm.mirr(a.values, a.finance_rate, a.reinvest_rate),
    pmt: (a) => valuepm.pmt(a.rate, a.nper, a.pv, a.fv, a.type),
    pv: (a) => valuepm.pv(a.rate, a.nper, a.pmt, a.fv, a.type),
    fv: (a) => valuepm.fv(a.rate, a.nper, a.pmt, a.pv, a.type),
    nper: (a) => valuepm.nper(a.rate, a.pmt, a.pv, a.fv, a.type),
    rate: (a) => valuepm.rate(a.nper, a.pmt, a.pv, a.fv, a.type, a.guess),
    ipmt: (a) => valuepm.ipmt(a.rate, a.per, a.nper, a.pv, a.fv, a.type),
    ppmt: (a) => valuepm.ppmt(a.rate, a.per, a.nper, a.pv, a.fv, a.type),
    cumipmt: (a) => valuepm.cumipmt(a.rate, a.nper, a.pv, a.start_period, a.end_period, a.type),
    cumprinc: (a) => valuepm.cumprinc(a.rate, a.nper, a.pv, a.start_period, a.end_period, a.type),
    effect: (a) => valuepm.effect(a.nominal_rate, a.npery),
    nominal: (a) => valuepm.nominal(a.effect_rate, a.npery),
    sln: (a) => valuepm.sln(a.cost, a.salvage, a.life),
    db: (a) => valuepm.db(a.cost, a.salvage, a.life, a.period, a.month),
    ddb: (a) => valuepm.ddb(a.cost, a.salvage, a.life, a.period, a.factor),
    syd: (a) => valuepm.syd(a.cost, a.salvage, a.life, a.period),
  },
  formulajs: {
    npv: (a) => formulajs.NPV(a.rate, a.values),
    xnpv: (a) => formulajs.XNPV(a.rate, a.values, a.dates),
    irr: (a) => formulajs.IRR(a.values, a.guess),
    xirr: (a) => formulajs.XIRR(a.values, a.dates, a.guess),
    mirr: (a) => formulajs.MIRR(a.values, a.finance_rate, a.reinvest_rate),
    pmt: (a) => formulajs.PMT(a.rate, a.nper, a.pv, a.fv ?? 0, T(a)),
    pv: (a) => formulajs.PV(a.rate, a.nper, a.pmt, a.fv ?? 0, T(a)),
    fv: (a) => formulajs.FV(a.rate, a.nper, a.pmt, a.pv ?? 0, T(a)),
    nper: (a) => formulajs.NPER(a.rate, a.pmt, a.pv, a.fv ?? 0, T(a)),
    rate: (a) => formulajs.RATE(a.nper, a.pmt, a.pv, a.fv ?? 0, T(a), a.guess ?? 0.1),
    ipmt: (a) => formulajs.IPMT(a.rate, a.per, a.nper, a.pv, a.fv ?? 0, T(a)),
    ppmt: (a) => formulajs.PPMT(a.rate, a.per, a.nper, a.pv, a.fv ?? 0, T(a)),
    cumipmt: (a) => formulajs.CUMIPMT(a.rate, a.nper, a.pv, a.start_period, a.end_period, T(a)),
    cumprinc: (a) => formulajs.CUMPRINC(a.rate, a.nper, a.pv, a.start_period, a.end_period, T(a)),
    effect: (a) => formulajs.EFFECT(a.nominal_rate, a.npery),
    nominal: (a) => formulajs.NOMINAL(a.effect_rate, a.npery),
    sln: (a) => formulajs.SLN(a.cost, a.salvage, a.life),
    db: (a) => formulajs.DB(a.cost, a.salvage, a.life, a.period, a.month ?? 12),
    ddb: (a) => formulajs.DDB(a.cost, a.salvage, a.life, a.period, a.factor ?? 2),
    syd: (a) => formulajs.SYD(a.cost, a.salvage, a.life, a.period),
  },
  financial: {
    // numpy-financial's NPV puts the first flow at t = 0: the spreadsheet's NPV is its
    // NPV of the flows one period later, i.e. divided by (1 + rate).
    npv: (a) => financial.npv(a.rate, a.values) / (1 + a.rate),
    irr: (a) => financial.irr(a.values, a.guess ?? 0.1),
    mirr: (a) => financial.mirr(a.values, a.finance_rate, a.reinvest_rate),
    pmt: (a) => financial.pmt(a.rate, a.nper, a.pv, a.fv ?? 0, WHEN(a)),
    pv: (a) => financial.pv(a.rate, a.nper, a.pmt, a.fv ?? 0, WHEN(a)),
    fv: (a) => financial.fv(a.rate, a.nper, a.pmt, a.pv ?? 0, WHEN(a)),
    nper: (a) => financial.nper(a.rate, a.pmt, a.pv, a.fv ?? 0, WHEN(a)),
    rate: (a) => financial.rate(a.nper, a.pmt, a.pv, a.fv ?? 0, WHEN(a), a.guess ?? 0.1),
    ipmt: (a) => financial.ipmt(a.rate, a.per, a.nper, a.pv, a.fv ?? 0, WHEN(a)),
    ppmt: (a) => financial.ppmt(a.rate, a.per, a.nper, a.pv, a.fv ?? 0, WHEN(a)),
  },
  xirr: {
    xirr: (a) => xirrLib(a.values.map((amount, i) => ({ amount, when: new Date(`${a.dates[i]}T00:00:00Z`) })), a.guess === undefined ? undefined : { guess: a.guess }),
  },
}

function accuracy() {
  const suite = JSON.parse(readFileSync(new URL('../../conformance/spreadsheet_financial.json', import.meta.url), 'utf8'))
  const out = {}
  for (const [library, ops] of Object.entries(ACCURACY)) {
    let matched = 0
    let supported = 0
    const misses = {}
    for (const c of suite.cases) {
      const call = ops[c.op]
      if (!call) continue
      supported++
      let result
      let threw = false
      try {
        result = call(c.args)
      } catch {
        threw = true
      }
      const failed = threw || result instanceof Error || (typeof result === 'number' && Number.isNaN(result))
      let ok
      if ('error' in c.expect) {
        ok = failed
      } else {
        const expected = c.expect.value
        const allowed = Math.max(c.tolerance?.abs ?? 0, (c.tolerance?.rel ?? 0) * Math.abs(expected))
        ok = !failed && typeof result === 'number' && Math.abs(result - expected) <= allowed
      }
      if (ok) matched++
      else misses[c.op] = (misses[c.op] ?? 0) + 1
    }
    out[library] = { matched, supported, total: suite.cases.length, misses }
  }
  return out
}

// -- main ------------------------------------------------------------------------------

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

const problems = []
console.log(
  `@valuepm/core ${version('@valuepm/core')}, @formulajs/formulajs ${version('@formulajs/formulajs')}, ` +
    `financial ${version('financial')}, xirr ${version('xirr')}, Node ${process.version} on ${os.arch()}, ${os.cpus().length} cores`,
)
console.log(`median of ${SAMPLES} batches, each >= ${MIN_BATCH_MS} ms of calls\n`)

const rows = []
const wasmRows = []
const labels = new Set()
for (const c of speedCases()) {
  const expected = c.valuepm[1][1]()
  const ours = c.valuepm.map(([label, call]) => [label, medianSeconds(call)])
  if (c.wasm) {
    const results = c.wasm.map((call) => call())
    if (results.every((r) => agrees(r, expected, 1e-12))) {
      const [wasmArray, wasmTyped] = c.wasm.map(medianSeconds)
      const formulajsTime = (() => {
        try {
          return agrees(c.others.formulajs(), c.reference?.formulajs ? c.reference.formulajs() : expected, c.tolerance) ? medianSeconds(c.others.formulajs) : undefined
        } catch {
          return undefined
        }
      })()
      const slower = (w, n) => `${(w / n).toFixed(2)}x`
      const faster = (w) => (formulajsTime === undefined ? '—' : `${(formulajsTime / w).toFixed(1)}x`)
      const met = [slower(wasmArray, ours[0][1]), slower(wasmTyped, ours[1][1])].map((r) => parseFloat(r) <= 2)
      const beats = c.flows >= 1_000 && formulajsTime !== undefined ? [formulajsTime / wasmArray > 1, formulajsTime / wasmTyped > 1] : null
      wasmRows.push([
        c.name, fmt(ours[0][1]), fmt(wasmArray), slower(wasmArray, ours[0][1]), fmt(ours[1][1]), fmt(wasmTyped), slower(wasmTyped, ours[1][1]),
        fmt(formulajsTime), faster(wasmArray), faster(wasmTyped),
        `${met.every(Boolean) ? 'met' : 'MISSED'}${beats ? ` / ${beats.every(Boolean) ? 'met' : 'MISSED'}` : ''}`,
      ])
    } else {
      problems.push(`${c.name}: the WASM package gives ${results.map(describe).join(', ')}, the native addon ${expected}`)
    }
  }
  const theirs = {}
  for (const library of LIBRARIES) {
    const call = c.others[library]
    if (!call) continue
    const want = c.reference?.[library] ? c.reference[library]() : expected
    let result
    try {
      result = call()
    } catch (e) {
      result = e
    }
    theirs[library] = agrees(result, want, c.tolerance) ? medianSeconds(call) : `no match (${describe(result).slice(0, 40)})`
    if (typeof theirs[library] === 'string') problems.push(`${c.name}: ${library} gives ${describe(result)}, ValuePM ${want}`)
  }
  const timed = Object.values(theirs).filter((t) => typeof t === 'number')
  const fastest = timed.length ? Math.min(...timed) : undefined
  const ratio = (t) => (fastest === undefined ? '—' : `${(fastest / t).toFixed(1)}x`)
  const verdict = (t) => {
    if (fastest === undefined) return ''
    if (c.flows >= 1_000) return fastest / t >= 5 ? 'met' : 'MISSED'
    if (c.flows <= 10) return fastest / t >= 0.5 ? 'met' : 'MISSED'
    return ''
  }
  const [[arrayLabel, arrayTime], [typedLabel, typedTime]] = ours
  rows.push([
    c.name,
    fmt(arrayTime),
    fmt(typedTime),
    ...LIBRARIES.map((l) => fmt(theirs[l])),
    ratio(arrayTime),
    ratio(typedTime),
    c.flows >= 1_000 ? '>= 5x' : c.flows <= 10 ? '<= 2x slower' : '—',
    [verdict(arrayTime), verdict(typedTime)].filter(Boolean).join(' / ') || '—',
  ])
  labels.add(`${arrayLabel} → ${typedLabel}`)
}
console.log(
  table(
    ['case', 'ValuePM (Array)', 'ValuePM (typed)', 'formulajs', 'financial', 'xirr', 'JS best / ValuePM (Array)', 'JS best / ValuePM (typed)', 'goal', 'met? (Array / typed)'],
    rows,
  ),
)
console.log(
  '\nValuePM (Array): flows as an Array of numbers, XIRR dates as Date objects; ValuePM (typed): flows as a ' +
    'Float64Array, XIRR dates as a Float64Array of epoch milliseconds. The JS libraries take Arrays (and Dates).',
)

if (wasmRows.length) {
  console.log(`\nWASM package (bindings/wasm/pkg-node, wasm-bindgen) in this Node, same inputs; goals: WASM within 2x of native, faster than formulajs at 1,000 flows and above:\n`)
  console.log(
    table(
      ['case', 'native (Array)', 'WASM (Array)', 'WASM / native', 'native (typed)', 'WASM (typed)', 'WASM / native', 'formulajs', 'formulajs / WASM (Array)', 'formulajs / WASM (typed)', 'met? (2x / formulajs)'],
      wasmRows,
    ),
  )
}

console.log('\nAccuracy on conformance/spreadsheet_financial.json (LibreOffice 7.4.7.2):\n')
const acc = accuracy()
console.log(
  table(
    ['library', 'cases matched', 'functions it has', 'misses by function'],
    Object.entries(acc).map(([library, a]) => [
      library,
      `${a.matched} / ${a.total}`,
      `${a.supported} cases`,
      Object.entries(a.misses).map(([op, n]) => `${op} ${n}`).join(', ') || '—',
    ]),
  ),
)
const perfect = Object.entries(acc).filter(([, a]) => a.matched === a.total).map(([l]) => l)
console.log(`\nMatching every case: ${perfect.join(', ') || 'none'}`)
if (problems.length) console.log(`\nNot timed (result differs from ValuePM's):\n- ${problems.join('\n- ')}`)
if (sink === 42) console.log('')
if (acc.valuepm.matched !== acc.valuepm.total) process.exitCode = 1
