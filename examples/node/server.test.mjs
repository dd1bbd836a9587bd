// Starts the example backend on 127.0.0.1 (a free port), sends it good and bad requests
// over HTTP, checks the statuses and bodies, and closes it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import * as valuepm from '@valuepm/core'
import { buildServer, errorReply } from './server.mjs'

let app
let base

before(async () => {
  app = buildServer()
  await app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${app.server.address().port}`
})

after(() => app.close())

async function post(path, body) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

const OPTIONS = { id: 'DC-1', name: 'Data centre refresh', start_date: '2026-01-01' }

test('GET /templates lists the built-in templates', async () => {
  const response = await fetch(`${base}/templates`)
  assert.equal(response.status, 200)
  const { templates } = await response.json()
  assert.deepEqual(templates.map((t) => t.id), ['infrastructure', 'software_development', 'digital_transformation'])
  for (const t of templates) assert.ok(t.name && t.description, t.id)
})

test('POST /projects/evaluate from a template id and options', async () => {
  // START evaluate-request
  const { status, body } = await post('/projects/evaluate', {
    template_id: 'infrastructure',
    options: { id: 'DC-1', name: 'Data centre refresh', start_date: '2026-01-01' },
    as_of: '2027-01-01',
  })
  // status 200; body.evaluation is the core's JSON form, money as decimal strings:
  // body.evaluation.npv = {amount: '…', currency: 'EUR'}
  // END evaluate-request
  assert.equal(status, 200)
  const expected = valuepm.builtinTemplate('infrastructure').instantiate(OPTIONS).evaluate('2027-01-01').toJSON()
  assert.deepEqual(body.evaluation, expected)
  assert.equal(body.evaluation.project_id, 'DC-1')
  assert.equal(typeof body.evaluation.npv.amount, 'string')
})

test('POST /projects/evaluate from a project document', async () => {
  const project = valuepm.builtinTemplate('software_development').instantiate(OPTIONS)
  const { status, body } = await post('/projects/evaluate', { project: project.data(), as_of: '2026-06-30' })
  assert.equal(status, 200)
  assert.deepEqual(body.evaluation, project.evaluate('2026-06-30').toJSON())
})

test('POST /projects/evaluate refuses bad requests with 400 and the error code and path', async () => {
  const document = valuepm.builtinTemplate('infrastructure').instantiate(OPTIONS).data()
  const cases = [
    // JSON schema checks, before ValuePM sees the request.
    [{ template_id: 'infrastructure', options: OPTIONS }, 'invalid_request', 'as_of'],
    [{ template_id: 'infrastructure', options: OPTIONS, as_of: '1 Jan 2027' }, 'invalid_request', 'as_of'],
    [{ template_id: 'infrastructure', options: { id: 'X', name: 'x' }, as_of: '2027-01-01' }, 'invalid_request', 'options.start_date'],
    [{ project: document, as_of: '2027-01-01', extra: 1 }, 'invalid_request', null],
    [{ as_of: '2027-01-01' }, 'invalid_request', null],
    // ValuePM's own validation, with the field path inside the body.
    [{ project: { ...document, end_date: '2020-01-01' }, as_of: '2027-01-01' }, 'validation', 'project.end_date'],
    [{ project: { ...document, currency: 'XXY' }, as_of: '2027-01-01' }, 'validation', 'project.currency'],
    [{ template_id: 'infrastructure', options: { ...OPTIONS, discount_rate: -2 }, as_of: '2027-01-01' }, 'validation', 'options.discount_rate'],
    [{ project: { ...document, schema_version: 99 }, as_of: '2027-01-01' }, 'unsupported_schema_version', 'project'],
  ]
  for (const [request, code, path] of cases) {
    const { status, body } = await post('/projects/evaluate', request)
    assert.equal(status, 400, JSON.stringify(request).slice(0, 120))
    assert.equal(body.error.code, code, body.error.message)
    if (path !== null) assert.equal(body.error.path, path, body.error.message)
    assert.equal(typeof body.error.message, 'string')
  }
})

test('an unknown template is 404 not_found; a malformed body is 400', async () => {
  const missing = await post('/projects/evaluate', { template_id: 'nope', options: OPTIONS, as_of: '2027-01-01' })
  assert.equal(missing.status, 404)
  assert.equal(missing.body.error.code, 'not_found')
  const malformed = await post('/projects/evaluate', '{"as_of": ')
  assert.equal(malformed.status, 400)
  assert.equal(malformed.body.error.code, 'invalid_request')
})

test('POST /projects/transition applies the transitions in order', async () => {
  const project = valuepm.builtinTemplate('infrastructure').instantiate(OPTIONS).data()
  const { status, body } = await post('/projects/transition', {
    project,
    transitions: [
      { to: 'approved', at: '2026-01-15T09:00:00Z', by: 'board', reason: 'business case accepted' },
      { to: 'active', at: '2026-02-01T09:00:00Z', by: 'pmo' },
    ],
  })
  assert.equal(status, 200)
  assert.equal(body.state, 'active')
  assert.equal(body.project.state, 'active')
  assert.deepEqual(body.project.history.map((h) => [h.from, h.to, h.by]), [['proposed', 'approved', 'board'], ['approved', 'active', 'pmo']])
})

test('POST /projects/transition refuses a transition the lifecycle does not allow', async () => {
  const project = valuepm.builtinTemplate('infrastructure').instantiate(OPTIONS).data()
  const refused = await post('/projects/transition', {
    project,
    transitions: [{ to: 'approved', at: '2026-01-15T09:00:00Z', by: 'board' }, { to: 'completed', at: '2026-02-01T09:00:00Z', by: 'pmo' }],
  })
  assert.equal(refused.status, 400)
  assert.equal(refused.body.error.code, 'invalid_transition')
  assert.equal(refused.body.error.path, 'transitions[1]')
  assert.ok(refused.body.error.allowed.includes('active'))

  const unknownState = await post('/projects/transition', { project, transitions: [{ to: 'done', by: 'pmo' }] })
  assert.equal(unknownState.status, 400)
  assert.equal(unknownState.body.error.code, 'invalid_request')
  assert.equal(unknownState.body.error.path, 'transitions[0].to')

  const anonymous = await post('/projects/transition', { project, transitions: [{ to: 'approved' }] })
  assert.equal(anonymous.status, 400)
  assert.equal(anonymous.body.error.code, 'invalid_request')
  assert.equal(anonymous.body.error.path, 'transitions[0].by')

  const badTime = await post('/projects/transition', { project, transitions: [{ to: 'approved', at: 'yesterday!', by: 'pmo' }] })
  assert.equal(badTime.status, 400)
  assert.equal(badTime.body.error.code, 'invalid_argument')
  assert.equal(badTime.body.error.path, 'transitions[0].at')
})

test('errorReply: a tampered audit trail is a 400 with code tampered and the failing entry\'s path', () => {
  const p = new valuepm.Project('P-1', 'Pilot', 'EUR', '2026-01-01', '2026-12-31', 0.08)
  p.setChangeMeta({ actor: 'alice', at: '2026-03-01T09:30:00Z' })
  p.update({ name: 'Renamed' })
  const saved = p.auditTrail().toJSON()
  saved.entries[0].actor = 'mallory'
  let error
  try { valuepm.AuditTrail.fromData(saved) } catch (e) { error = e }
  const { status, body } = errorReply(error)
  assert.equal(status, 400)
  assert.deepEqual([body.error.code, body.error.path], ['tampered', 'entries[0].hash'])
})
