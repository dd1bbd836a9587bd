// Shared by the Node package's tests: the package (CommonJS, through createRequire), and
// the conformance suites and comparison rules (rules.mjs).
import { createRequire } from 'node:module'

export * from './rules.mjs'
export const require = createRequire(import.meta.url)
export const valuepm = require('../index.js')
