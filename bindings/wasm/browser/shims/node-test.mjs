// `node:test` for the browser: `describe` and `test` register tests; `runRegistered()`
// runs them in order and reports each one. Only what the shared conformance runner
// (bindings/node/__test__/runner.mjs) uses: describe(name, fn), test(name, options?, fn).
const registered = []
const suites = []

export function describe(name, fn) {
  suites.push(name)
  try {
    fn()
  } finally {
    suites.pop()
  }
}

export function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options]
  registered.push({ name: [...suites, name].join(' › '), options: options ?? {}, fn })
}

export async function runRegistered() {
  const results = []
  for (const { name, options, fn } of registered.splice(0)) {
    if (options.skip) {
      results.push({ name, status: 'skipped', message: String(options.skip) })
      continue
    }
    try {
      await fn()
      results.push({ name, status: options.todo ? 'todo-passed' : 'passed' })
    } catch (e) {
      results.push({ name, status: options.todo ? 'todo' : 'failed', message: e?.stack ?? String(e) })
    }
  }
  return results
}

export default test
