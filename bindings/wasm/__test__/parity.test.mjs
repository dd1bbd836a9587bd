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
// wasm-bindgen's internals (object lifetime, the start function) and the web package's
// init functions (not in pkg-node, listed for completeness).
const wasmInternal = (name) => /[.#](free|__wrap|__destroy_into_raw)$/.test(name) ||
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
