// A small JSON API over @valuepm/core on Fastify: list the built-in templates, evaluate
// a project (a document, or a template instantiated with options) on a date, and apply
// lifecycle transitions to a project document.
//
//   GET  /templates            -> {templates: [{id, name, category, description}]}
//   POST /projects/evaluate    {project | template_id + options, as_of} -> {evaluation}
//   POST /projects/transition  {project, transitions: [{to, by, at?, reason?}]} -> {state, project}
//
// Requests are checked against JSON schemas first; a failing check is HTTP 400 with
// code "invalid_request". A ValuePM error is HTTP 400 (404 for not_found) with the
// error's stable code and its field path, relative to the request body:
//   {"error": {"code": "validation", "path": "project.end_date", "message": "…"}}
//
// Run: npm ci && node server.mjs   (PORT and HOST from the environment; 127.0.0.1:3000)
import Fastify from 'fastify'
import { pathToFileURL } from 'node:url'
import * as valuepm from '@valuepm/core'

const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$'

const projectDocument = { type: 'object', description: 'a project document, the core JSON form' }

const evaluateBody = {
  type: 'object',
  required: ['as_of'],
  properties: {
    as_of: { type: 'string', pattern: ISO_DATE },
    project: projectDocument,
    template_id: { type: 'string', minLength: 1 },
    options: {
      type: 'object',
      required: ['id', 'name', 'start_date'],
      properties: {
        id: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
        start_date: { type: 'string', pattern: ISO_DATE },
      },
    },
  },
  oneOf: [{ required: ['project'] }, { required: ['template_id', 'options'] }],
  additionalProperties: false,
}

const transitionBody = {
  type: 'object',
  required: ['project', 'transitions'],
  properties: {
    project: projectDocument,
    transitions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['to', 'by'],
        properties: {
          to: { type: 'string', enum: valuepm.LifecycleState.all() },
          at: { type: 'string', minLength: 10 },
          by: { type: 'string', minLength: 1 },
          reason: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
}

/**
 * Runs `read`, and points a ValuePM error's field path at where its input sits in the
 * request body (`end_date` → `project.end_date`). With `only`, just paths whose first
 * field is one of those keys are moved (an instantiated project's `discount_rate` came
 * from the options; its `line_items` did not).
 */
function at(prefix, read, only = null) {
  try {
    return read()
  } catch (e) {
    const path = e?.path ?? ''
    const first = path.split(/[.[]/)[0]
    const moved = only ? only.includes(first) : !path.startsWith(prefix)
    if (typeof e?.code === 'string' && e.code !== 'not_found' && moved) {
      e.path = path ? (path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`) : prefix
    }
    throw e
  }
}

const CORE_CODES = new Set([
  'invalid_argument', 'no_solution', 'no_convergence', 'validation', 'parse', 'unsupported_schema_version',
  'invalid_transition', 'currency_mismatch', 'missing_exchange_rate', 'overflow', 'not_found', 'tampered',
])

/** The HTTP answer for an error: {status, body: {error: {code, path, message}}}. */
export function errorReply(error) {
  if (error.validation) {
    // Fastify's JSON schema check: the first failure, at its path in the body.
    const first = error.validation[0] ?? {}
    const missing = first.params?.missingProperty
    const path = [first.instancePath?.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replaceAll('/', '.'), missing]
      .filter(Boolean)
      .join('.')
    return { status: 400, body: { error: { code: 'invalid_request', path: path || null, message: error.message } } }
  }
  if (CORE_CODES.has(error.code)) {
    const status = error.code === 'not_found' ? 404 : 400
    const body = { error: { code: error.code, path: error.path ?? null, message: error.message } }
    if (error.code === 'invalid_transition') body.error.allowed = error.allowed
    return { status, body }
  }
  if (error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own client errors: a malformed JSON body, a wrong content type, …
    return { status: error.statusCode, body: { error: { code: 'invalid_request', path: null, message: error.message } } }
  }
  return { status: 500, body: { error: { code: 'internal', path: null, message: 'internal error' } } }
}

// START build-server
/** The Fastify app (not yet listening). */
export function buildServer(options = {}) {
  // Refuse unknown fields and wrong types instead of Fastify's default of dropping and
  // coercing them.
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  })

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorReply(error)
    if (status >= 500) request.log.error(error)
    reply.code(status).send(body)
  })

  app.get('/templates', async () => ({
    templates: valuepm.builtinTemplates().map((t) => {
      const { id, name, category, description } = t.toJSON()
      return { id, name, category, description }
    }),
  }))

  app.post('/projects/evaluate', { schema: { body: evaluateBody } }, async (request) => {
    const body = request.body
    const project = body.project
      ? at('project', () => valuepm.Project.fromData(body.project))
      : at('options', () => valuepm.builtinTemplate(body.template_id).instantiate(body.options), Object.keys(body.options))
    return { evaluation: project.evaluate(body.as_of).toJSON() }
  })

  app.post('/projects/transition', { schema: { body: transitionBody } }, async (request) => {
    const project = at('project', () => valuepm.Project.fromData(request.body.project))
    request.body.transitions.forEach(({ to, at: when, by, reason }, i) =>
      at(`transitions[${i}]`, () => project.transition(to, { at: when, by, reason })),
    )
    return { state: project.state, project: project.data() }
  })

  return app
}
// END build-server

// Started directly (`node server.mjs`): listen until stopped.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = buildServer({ logger: true })
  await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) })
}
