// The audit trail, change metadata and document migration against the WASM package (the
// Node package's tests, bindings/node/__test__/audit.mjs: the two packages share one API).
import { valuepm as v } from './helpers.mjs'
import { auditTests } from '../../node/__test__/audit.mjs'

auditTests(v)
