// Shared by the WASM package's tests: the package built for Node (pkg-node, CommonJS,
// through createRequire), and the Node package's conformance suites and comparison rules.
import { createRequire } from 'node:module'

export * from '../../node/__test__/rules.mjs'
export const require = createRequire(import.meta.url)
export const valuepm = require('../pkg-node/valuepm_wasm.js')
