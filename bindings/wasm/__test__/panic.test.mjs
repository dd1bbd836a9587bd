// Panics never abort the module. The first panic in an instance is an Error of code
// "internal" (the panic hook); a later one traps as a WebAssembly.RuntimeError, because
// stable Rust on wasm32 cannot unwind and still counts the first panic as in progress
// (README, "Panics"). Either way the call throws and the instance keeps answering calls
// that do not panic. (A file of its own: node --test gives it a fresh instance.)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { valuepm as v } from './helpers.mjs'

test('first panic: internal Error; later panics: RuntimeError; the module keeps working', () => {
  const npv = 1 / 1.1 + 2 / 1.21
  assert.throws(() => v._panicForTest(), (e) => e instanceof Error && e.code === 'internal' && /deliberate test panic/.test(e.message))
  assert.equal(v.npv(0.1, [1, 2]), npv)
  for (let i = 0; i < 3; i++) {
    assert.throws(() => v._panicForTest(), (e) => e instanceof WebAssembly.RuntimeError)
    assert.equal(v.npv(0.1, [1, 2]), npv)
    assert.throws(() => v.builtinTemplate('nope'), (e) => e.code === 'not_found', 'errors are still typed after a trap')
  }
})
