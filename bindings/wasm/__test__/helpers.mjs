// Shared by the WASM package's tests: the package built for Node (pkg-node, CommonJS,
// through createRequire), the Node package it mirrors (when built), and the Node
// package's conformance suites and comparison rules.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

export * from '../../node/__test__/rules.mjs'
export const require = createRequire(import.meta.url)
export const valuepm = require('../pkg-node/valuepm_wasm.js')

// The Node package (`bindings/node`, built by bindings/node/test.sh): the reference for
// names and expected values. `nodeSkip` is false when it loads, else the reason to skip.
const nodeIndex = new URL('../../node/index.js', import.meta.url)
export let node = null
export let nodeSkip = false
try {
  node = require(nodeIndex.pathname)
} catch (e) {
  // Its index.js is committed; the native binding is what a fresh clone lacks.
  nodeSkip = `the Node package is not built (${existsSync(nodeIndex) ? e.message.split(/\.\s|\n/)[0] : 'no index.js'}): run bash bindings/node/test.sh`
}
