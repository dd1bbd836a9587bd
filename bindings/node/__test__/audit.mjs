// The audit trail, change metadata and document migration, shared by the JS packages'
// tests (the Node and the WASM package have one API): `auditTests(v)` registers them.
import { test } from 'node:test'
import assert from 'node:assert/strict'

const AT = '2026-03-01T09:30:00Z'
const GENESIS = '0'.repeat(64)

export function auditTests(v) {
  const project = (id = 'P-1') => new v.Project(id, 'Pilot', 'EUR', '2026-01-01', '2026-12-31', 0.08)

  test('audit: a new project has an empty trail and revision 0', () => {
    const p = project()
    assert.equal(p.revision, 0)
    const trail = p.auditTrail()
    assert.ok(trail instanceof v.AuditTrail)
    assert.equal(trail.length, 0)
    assert.deepEqual(trail.entries(), [])
    assert.equal(trail.lastHash, GENESIS)
    assert.deepEqual(p.changeMeta(), { actor: '' })
    assert.equal(new v.AuditTrail().length, 0)
  })

  test('audit: update is recorded with the change context, one revision per change', () => {
    const p = project()
    assert.deepEqual(p.setChangeMeta({ actor: 'alice', reason: 'budget review', at: AT }), { actor: '' })
    assert.deepEqual(p.changeMeta(), { actor: 'alice', reason: 'budget review', at: AT })
    p.update({ name: 'Pilot 2', discount_rate: 0.1 })
    assert.equal(p.revision, 1)
    const entries = p.auditTrail().entries()
    assert.deepEqual(entries.map((e) => [e.path, e.op, e.old, e.new]), [
      ['discount_rate', 'changed', 0.08, 0.1],
      ['name', 'changed', 'Pilot', 'Pilot 2'],
    ])
    for (const e of entries) assert.deepEqual([e.actor, e.reason, e.at, e.project_id], ['alice', 'budget review', AT, 'P-1'])
    assert.equal(entries[0].prev_hash, GENESIS)
    assert.equal(entries[1].prev_hash, entries[0].hash)
    p.update({ name: 'Pilot 2' }) // no difference: nothing recorded
    assert.equal(p.revision, 1)
    assert.equal(p.auditTrail().length, 2)
    // A Date is read as its time; an unknown field of the context is refused.
    p.setChangeMeta({ actor: 'bob', at: new Date('2026-04-01T00:00:00Z') })
    assert.equal(p.changeMeta().at, '2026-04-01T00:00:00Z')
    assert.throws(() => p.setChangeMeta({ actor: 'x', why: 'y' }), { code: 'validation', path: 'meta.why' })
  })

  test('audit: library fields may not change, and a refused change records nothing', () => {
    const p = project()
    for (const [field, value] of [['revision', 5], ['schema_version', 1], ['id', 'P-2']]) {
      assert.throws(() => p.update({ [field]: value }), { code: 'validation', path: field })
    }
    assert.throws(() => p.update({ end_date: '2025-01-01' }), { code: 'validation' })
    assert.equal(p.revision, 0)
    assert.equal(p.auditTrail().length, 0)
  })

  test('audit: every mutator is recorded; a transition records its own actor and time', () => {
    const p = project()
    p.setChangeMeta({ actor: 'importer', at: '2026-02-01T00:00:00Z' })
    p.addLineItem(v.LineItem.oneOff('capex', 'Servers', 'capex', '2026-02-01', { amount: '1000', currency: 'EUR' }))
    p.recordActual('capex', { date: '2026-02-03', amount: { amount: '990', currency: 'EUR' } })
    p.transition('approved', { by: 'cfo', at: AT, reason: 'business case' })
    assert.deepEqual(p.auditTrail().entries().map((e) => [e.path, e.actor, e.at]), [
      ['line_items[capex]', 'importer', '2026-02-01T00:00:00Z'],
      ['line_items[capex].actuals[0]', 'importer', '2026-02-01T00:00:00Z'],
      ['history[0]', 'cfo', AT],
      ['state', 'cfo', AT],
    ])
    assert.equal(p.revision, 3)
  })

  test('audit: withChange groups changes, restores the context, and undoes them when the callback throws', () => {
    const p = project()
    p.setChangeMeta({ actor: 'alice', at: AT })
    const result = p.withChange({ actor: 'bob', reason: 'tags', at: AT }, (q) => {
      assert.equal(q.changeMeta().actor, 'bob')
      q.update({ tags: ['pilot'] })
      return 42
    })
    assert.equal(result, 42)
    assert.deepEqual(p.changeMeta(), { actor: 'alice', at: AT })
    assert.equal(p.auditTrail().entries()[0].actor, 'bob')
    assert.throws(() => p.withChange({ actor: 'carol', at: AT }, (q) => {
      q.update({ tags: ['pilot', 'north'] })
      p.update({ name: 'Renamed' })
      throw new Error('abandon')
    }), /abandon/)
    assert.deepEqual(p.data().tags, ['pilot'])
    assert.equal(p.name, 'Pilot')
    assert.equal(p.revision, 1)
    assert.equal(p.auditTrail().length, 1)
    assert.deepEqual(p.changeMeta(), { actor: 'alice', at: AT })
    // A refused change inside throws out of withChange too.
    assert.throws(() => p.withChange({ actor: 'dave' }, (q) => q.update({ discount_rate: -2 })), { code: 'validation' })
    assert.equal(p.revision, 1)
  })

  test('audit: queries, CSV and queryTrails', () => {
    const a = project('P-1')
    const b = project('P-2')
    a.setChangeMeta({ actor: 'alice', at: '2026-03-01T00:00:00Z' })
    a.update({ name: 'A', tags: ['x'] })
    b.setChangeMeta({ actor: 'bob', at: '2026-02-01T00:00:00Z' })
    b.update({ name: 'B' })
    const trail = a.auditTrail()
    assert.deepEqual(trail.query({ path_prefix: 'tags' }).map((e) => e.path), ['tags[0]'])
    assert.deepEqual(trail.query({ pathPrefix: 'name', actor: 'alice' }).map((e) => e.seq), [0])
    assert.deepEqual(trail.query({ actor: 'bob' }), [])
    assert.deepEqual(trail.query({ from: new Date('2026-03-02T00:00:00Z') }), [])
    assert.equal(trail.query({ to: '2026-03-01T00:00:00Z' }).length, 2)
    assert.equal(trail.query().length, 2)
    assert.throws(() => trail.query({ colour: 'red' }), (e) => e.code === 'validation' && e.path.startsWith('query'))
    const rows = trail.toCsv().trimEnd().split('\n')
    assert.equal(rows[0], 'seq,at,actor,project_id,path,op,old,new,reason,prev_hash,hash')
    assert.ok(rows[1].startsWith('0,2026-03-01T00:00:00Z,alice,P-1,name,changed,'), rows[1])
    const both = v.queryTrails([a.auditTrail(), b.auditTrail()])
    assert.deepEqual(both.map((e) => [e.project_id, e.path]), [['P-2', 'name'], ['P-1', 'name'], ['P-1', 'tags[0]']])
    assert.deepEqual(v.queryTrails([a.auditTrail(), b.auditTrail()], { actor: 'bob' }).map((e) => e.project_id), ['P-2'])
  })

  test('audit: saved trails load verified; tampering is an error of code "tampered"', () => {
    const p = project()
    p.setChangeMeta({ actor: 'alice', at: AT })
    p.update({ name: 'A' })
    p.update({ discount_rate: 0.09 })
    const trail = p.auditTrail()
    assert.deepEqual(v.AuditTrail.fromJson(trail.toJson()).entries(), trail.entries())
    assert.deepEqual(v.AuditTrail.fromData(trail.toJSON()).toJSON(), trail.toJSON())
    assert.deepEqual(JSON.parse(JSON.stringify(trail)), trail.toJSON())
    trail.verify()
    const edited = trail.toJSON()
    edited.entries[1].new = 0.5
    assert.throws(() => v.AuditTrail.fromData(edited), (e) => e instanceof Error && e.code === 'tampered' && e.kind === 'tampered' &&
      e.name === 'TamperedError' && e.path === 'entries[1].hash' && e.index === 1)
    const removed = trail.toJSON()
    removed.entries.shift()
    assert.throws(() => v.AuditTrail.fromJson(JSON.stringify(removed)), { code: 'tampered', path: 'entries[0].seq' })
    assert.throws(() => v.AuditTrail.fromJson('{'), { code: 'parse' })
  })

  test('audit: a project loads with its trail and extends it; a trail of another project is refused', () => {
    const p = project()
    p.setChangeMeta({ actor: 'alice', at: AT })
    p.update({ name: 'A' })
    const q = v.Project.fromJsonWithTrail(p.toJson(), p.auditTrail().toJson())
    assert.deepEqual(q.auditTrail().entries(), p.auditTrail().entries())
    assert.equal(q.revision, 1)
    q.setChangeMeta({ actor: 'bob', at: AT })
    q.update({ name: 'B' })
    const entries = q.auditTrail().entries()
    assert.equal(entries.length, 2)
    assert.equal(entries[1].prev_hash, entries[0].hash)
    assert.throws(() => v.Project.fromJsonWithTrail(project('P-9').toJson(), p.auditTrail().toJson()),
      { code: 'tampered', path: 'entries[0].project_id' })
  })

  test('documents: version 1 is migrated on load; migrateDocument', () => {
    const v1 = project().data()
    v1.schema_version = 1
    delete v1.revision
    assert.equal(v.Project.fromData(v1).revision, 0)
    assert.equal(v.Project.fromJson(JSON.stringify(v1)).data().schema_version, 2)
    const migrated = v.migrateDocument('project', v1)
    assert.equal(migrated.schema_version, 2)
    assert.equal(migrated.revision, 0)
    const text = v.migrateDocument('project', JSON.stringify(v1))
    assert.equal(typeof text, 'string')
    assert.deepEqual(JSON.parse(text), migrated)
    assert.deepEqual(v.migrateDocument('template', { schema_version: 1, id: 't' }), { schema_version: 1, id: 't' })
    const portfolio = v.migrateDocument('portfolio', { schema_version: 1, projects: [{ project: v1 }] })
    assert.equal(portfolio.schema_version, 2)
    assert.equal(portfolio.projects[0].project.revision, 0)
    assert.throws(() => v.migrateDocument('project', { schema_version: 3 }), { code: 'unsupported_schema_version' })
    assert.throws(() => v.migrateDocument('project', { id: 'x' }), { code: 'validation', path: 'schema_version' })
    assert.throws(() => v.migrateDocument('project', '{'), { code: 'parse' })
    assert.throws(() => v.migrateDocument('spreadsheet', {}), (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.path === 'kind')
  })
}
