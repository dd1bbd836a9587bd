// Table import and export (the tests shared with the WASM package, io.mjs).
import { valuepm as v } from './helpers.mjs'
import { ioTests } from './io.mjs'

ioTests(v)
