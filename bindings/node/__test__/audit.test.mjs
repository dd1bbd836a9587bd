// The audit trail, change metadata and document migration (the tests shared with the
// WASM package, audit.mjs).
import { valuepm as v } from './helpers.mjs'
import { auditTests } from './audit.mjs'

auditTests(v)
