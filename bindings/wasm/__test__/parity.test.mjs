// The WASM package's API against its references: the shared manifest
// (conformance/manifest.json), the Node package's exports (the same names, so switching
// packages is a change of import), and the committed TypeScript declarations (no drift).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { valuepm as v, node, nodeSkip, missingFromManifest, publicNames } from './helpers.mjs'

test('export parity with conformance/manifest.json', () => {
  assert.ok(missingFromManifest({}).length > 0, 'the check sees a missing export')
  assert.deepEqual(missingFromManifest(v), [])
})

// napi's internals: the `Js*` type aliases, the `*Task` classes of async work, and the
// binding target constant.
const napiInternal = (name) => /^Js[A-Z]/.test(name) || /^\w+Task([.#]|$)/.test(name) || name === '__napiBindingTarget'
// wasm-bindgen's internals (object lifetime, the start function), the web package's init
// functions (not in pkg-node, listed for completeness), and `__lend`, by which a Project or
// Portfolio hands its core value to the io functions without being consumed (src/io.rs).
const wasmInternal = (name) => /[.#](free|__wrap|__destroy_into_raw|__lend)$/.test(name) ||
  ['start', 'default', 'initSync', '__wbg_init'].includes(name)

test('every public export of the Node package is in the WASM package, and nothing else', { skip: nodeSkip }, () => {
  const inNode = publicNames(node, napiInternal)
  const inWasm = publicNames(v, wasmInternal)
  assert.ok(inNode.has('Project#simulateAsync') && inNode.has('npvBatch'), 'the Node package lists its members')
  assert.deepEqual({ missingFromWasm: [...inNode].filter((n) => !inWasm.has(n)), notInNode: [...inWasm].filter((n) => !inNode.has(n)) },
    { missingFromWasm: [], notInNode: [] })
})

test('the committed TypeScript declarations match the built ones', () => {
  const built = readFileSync(new URL('../pkg-node/valuepm_wasm.d.ts', import.meta.url), 'utf8')
  const committed = readFileSync(new URL('../valuepm_wasm.d.ts', import.meta.url), 'utf8')
  if (built !== committed) {
    const a = committed.split('\n')
    const b = built.split('\n')
    let i = 0
    while (i < a.length && a[i] === b[i]) i++
    assert.fail(`bindings/wasm/valuepm_wasm.d.ts is stale (first difference at line ${i + 1}: ` +
      `committed ${JSON.stringify(a[i])}, built ${JSON.stringify(b[i])}): run bash bindings/wasm/build.sh and commit bindings/wasm/valuepm_wasm.d.ts`)
  }
})

test('the web package declares the same API, plus its init functions', () => {
  // pkg-web's declarations are pkg-node's followed by `InitInput`, `InitOutput` (the raw
  // wasm exports), `SyncInitInput`, `initSync` and the default export `__wbg_init`.
  const node = readFileSync(new URL('../pkg-node/valuepm_wasm.d.ts', import.meta.url), 'utf8')
  const web = readFileSync(new URL('../pkg-web/valuepm_wasm.d.ts', import.meta.url), 'utf8')
  assert.ok(web.startsWith(node), 'pkg-web/valuepm_wasm.d.ts does not start with pkg-node\'s declarations')
  const extra = [...web.slice(node.length).matchAll(/^export (?:default )?(?:type|interface|function) (\w+)/gm)].map((m) => m[1])
  assert.deepEqual(extra, ['InitInput', 'InitOutput', 'SyncInitInput', 'initSync', '__wbg_init'])
})

// The JS type of a value, deeply: `null` and `undefined` apart, arrays apart from typed
// arrays, plain objects key by key, class instances by their class's name.
function kind(x) {
  if (x === null) return 'null'
  if (Array.isArray(x)) return ['Array', ...x.slice(0, 3).map(kind)]
  if (ArrayBuffer.isView(x)) return x.constructor.name
  if (typeof x !== 'object') return typeof x
  if (Object.getPrototypeOf(x) !== Object.prototype) return `instance of ${x.constructor.name}`
  return Object.fromEntries(Object.keys(x).sort().map((k) => [k, kind(x[k])]))
}

/** Every getter of `object`'s class and the results of `calls` (method name → arguments). */
function observe(object, calls = {}) {
  const out = {}
  const proto = Object.getPrototypeOf(object)
  for (const name of Object.getOwnPropertyNames(proto)) {
    if (Object.getOwnPropertyDescriptor(proto, name).get) out[name] = kind(object[name])
  }
  for (const [name, args] of Object.entries(calls)) out[`${name}()`] = kind(object[name](...args))
  return out
}

test('getters and results have the Node package\'s JS types (null, arrays, classes, plain objects)', { skip: nodeSkip }, () => {
  const monteCarlo = JSON.parse(readFileSync(new URL('../../../conformance/monte_carlo.json', import.meta.url), 'utf8')).cases[0].args
  const portfolioCase = (m) => m.Portfolio.fromData(JSON.parse(readFileSync(new URL('../../../conformance/portfolio.json', import.meta.url), 'utf8'))
    .cases.find((c) => c.id === 'select_portfolio_mandatory').args.portfolio)
  const FLOWS = [-1000, 300, 400, 500]
  const DATES = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']
  const SERIES = [100, 104, 107, 112, 115, 119]
  const objects = (m) => {
    const p = m.builtinTemplate('infrastructure').instantiate({ id: 'R', name: 'r', startDate: '2026-01-01' })
    const scenarios = [{ name: 'a', probability: 0.5, benefit_factor: 1.2 }, { name: 'b', probability: 0.5 }]
    const mc = m.Project.fromJson(JSON.stringify(monteCarlo.project))
    const metric = p.data().metrics[0]
    return {
      project: observe(p, { data: [], toJSON: [], plannedFlows: [], actualFlows: [], cashFlowSeries: ['year'], toJson: [] }),
      evaluation: observe(p.evaluate('2027-01-01'), { toJSON: [] }),
      evaluationBefore: observe(p.evaluate('2026-01-01'), { toJSON: [] }),
      risk: observe(p.riskAdjusted('2026-01-01'), { toJSON: [] }),
      riskWithScenarios: observe(p.riskAdjusted('2026-01-01', 0.02, scenarios), { toJSON: [] }),
      simulation: observe(mc.simulate({ ...monteCarlo.spec, iterations: 1000 }), { toJSON: [] }),
      simulationFull: observe(mc.simulate({ ...monteCarlo.spec, iterations: 1000, irr_and_payback: true, sensitivity: true }), { toJSON: [] }),
      earnedValue: observe(p.earnedValue('2027-01-01', {}), { toJSON: [] }),
      earnedValueDone: observe(p.earnedValue('2027-01-01', Object.fromEntries(p.data().line_items.filter((i) => ['capex', 'opex', 'labour', 'licence', 'other_cost'].includes(i.kind)).map((i) => [i.id, 1]))), { toJSON: [] }),
      lineItem: observe(m.LineItem.oneOff('a', 'A', 'capex', '2026-01-01', { amount: '1', currency: 'EUR' }), { plannedOccurrences: [], toJSON: [] }),
      metric: observe(new m.ValueMetric(metric), { evaluate: ['2027-01-01'], expectedValue: ['2027-01-01'], toJSON: [] }),
      template: observe(m.builtinTemplate('infrastructure'), { toJSON: [], toJson: [] }),
      state: observe(m.LifecycleState.parse('active'), { allowedTransitions: [], isFinal: [], toJSON: [], toString: [] }),
      money: observe(new m.Money('1.5', 'EUR'), { round: [], toJSON: [], toString: [], isZero: [] }),
      currency: observe(new m.Currency('JPY'), { toJSON: [] }),
      rates: observe(m.ExchangeRates.fromJSON({ rates: [{ from: 'USD', to: 'EUR', rate: '0.9' }] }), { rate: ['USD', 'EUR'], toJSON: [] }),
      root: observe(m.irrSolve(FLOWS), { toJSON: [] }),
      holt: observe(m.holtFit(SERIES), { forecast: [2], toJSON: [] }),
      portfolio: observe(portfolioCase(m), { data: [], toJSON: [], rollUp: [], earnedValue: [{}], simulate: [{ iterations: 100, seed: 1 }] }),
      problem: observe(new m.SelectionProblem({ projects: ['a'], values: [1] }), { solve: [], toJSON: [] }),
      functions: {
        irrAllRoots: kind(m.irrAllRoots(FLOWS)),
        robustZScores: kind(m.robustZScores(SERIES)),
        olsTrend: kind(m.olsTrend(DATES, SERIES)),
        theilSenTrend: kind(m.theilSenTrend(DATES, SERIES)),
        robustZAnomalies: kind(m.robustZAnomalies(DATES, SERIES)),
        levelShifts: kind(m.levelShifts(DATES, SERIES)),
        holtForecast: kind(m.holtForecast(DATES, SERIES)),
        builtinTemplates: kind(m.builtinTemplates()),
        states: kind(m.LifecycleState.all()),
        npvBatch: kind(m.npvBatch(0.1, [FLOWS])),
        evaluateMany: kind(m.evaluateMany([p], '2027-01-01')),
        ahpWeights: kind(m.ahpWeights([[1, 2], [0.5, 1]])),
        weightedScores: kind(m.weightedScores([{ name: 'x', weight: 1, values: [1, 2] }])),
        sum: kind(m.Money.sum('EUR', [new m.Money('1', 'EUR'), { amount: 2, currency: 'EUR' }])),
      },
    }
  }
  assert.deepEqual(objects(v), objects(node), 'a record field differing may mean the Node package was built from another core: run bash bindings/node/test.sh')
})
