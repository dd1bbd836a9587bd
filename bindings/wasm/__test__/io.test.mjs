// Table import and export against the WASM package (the Node package's tests,
// bindings/node/__test__/io.mjs: the two packages share one API).
import { valuepm as v } from './helpers.mjs'
import { ioTests } from '../../node/__test__/io.mjs'

ioTests(v)
