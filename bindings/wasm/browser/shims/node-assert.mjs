// `node:assert/strict` for the browser: the assertions the shared conformance runner uses.
export class AssertionError extends Error {
  constructor(message) {
    super(message)
    this.name = 'AssertionError'
  }
}

function assert(value, message) {
  if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${value}`)
}
assert.ok = assert
assert.equal = (actual, expected, message) => {
  if (!Object.is(actual, expected)) throw new AssertionError(message ?? `expected ${expected}, got ${actual}`)
}
assert.notEqual = (actual, expected, message) => {
  if (Object.is(actual, expected)) throw new AssertionError(message ?? `expected a value other than ${expected}`)
}
assert.fail = (message) => {
  throw new AssertionError(message ?? 'failed')
}
assert.deepEqual = (actual, expected, message) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new AssertionError(message ?? `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}
assert.throws = (fn, check, message) => {
  try {
    fn()
  } catch (e) {
    if (typeof check === 'function' && !check(e)) throw new AssertionError(message ?? `unexpected error: ${e}`)
    return
  }
  throw new AssertionError(message ?? 'expected a throw')
}

export default assert
export const { ok, equal, notEqual, fail, deepEqual, throws } = assert
