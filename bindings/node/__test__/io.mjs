// Table import and export, shared by the JS packages' tests (the Node and the WASM package
// have one API): `ioTests(v)` registers them. The conformance cases
// (conformance/io.json) hold the file formats; these hold the JS shapes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixture } from './rules.mjs'

const CHANGE = { actor: 'import-job', reason: 'upload', at: '2026-08-01T09:00:00Z' }
const PROJECTS = 'id,name,currency,start_date,end_date,discount_rate\nP-1,Pilot,EUR,2026-01-01,2026-12-31,0.08\n'
const ITEMS = 'project_id,id,name,kind,date,amount\n' +
  'P-1,capex,Robots,capex,2026-02-01,1000\n' +
  'P-1,bad,Bad,capex,2026-13-01,10\n' +
  'P-1,tax,Tax,capex,2026-03-01,lots\n'

export function ioTests(v) {
  const pilot = () => new v.Project('P-1', 'Pilot', 'EUR', '2026-01-01', '2026-12-31', 0.08)

  test('io: importCsv changes the projects in place and appends the created ones', () => {
    const p = pilot()
    const projects = [p]
    const csv = `${PROJECTS}P-2,Second,EUR,2026-01-01,2027-12-31,0.1\n`
    const report = v.importCsv(csv, 'projects', projects, { change: CHANGE })
    assert.equal(report.projects, projects)
    assert.equal(report.portfolio, null)
    assert.deepEqual(report.projects_created, ['P-2'])
    assert.equal(projects.length, 2)
    assert.equal(projects[0], p, 'the same Project object')
    assert.ok(projects[1] instanceof v.Project)
    assert.equal(projects[1].name, 'Second')
    assert.deepEqual(report.tables.map((t) => [t.table, t.rows, t.applied, t.rejected]), [['projects', 2, 2, 0]])
    assert.deepEqual(report.errors, [])
  })

  test('io: a new array when none is given; bytes as the source', () => {
    const report = v.importCsv(new TextEncoder().encode(PROJECTS), 'projects')
    assert.ok(Array.isArray(report.projects))
    assert.deepEqual(report.projects.map((p) => p.id), ['P-1'])
  })

  test('io: bad rows throw a TableImportError with every row error, and nothing changes', () => {
    const p = pilot()
    const projects = [p]
    assert.throws(() => v.importCsv(ITEMS, 'line_items', projects), (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, 'import')
      assert.equal(e.kind, 'import')
      assert.equal(e.name, 'TableImportError')
      assert.deepEqual(e.errors.map((r) => [r.table, r.row, r.column, r.value]), [['line_items', 3, 'date', '2026-13-01'], ['line_items', 4, 'amount', 'lots']])
      assert.equal(typeof e.errors[0].reason, 'string')
      return true
    })
    assert.equal(p.data().line_items.length, 0)
    assert.equal(p.revision, 0)
  })

  test('io: keep_good_rows (camelCase too) applies the good rows and reports the bad ones', () => {
    const p = pilot()
    const report = v.importCsv(ITEMS, 'line_items', [p], { keepGoodRows: true, change: { actor: 'bob', at: new Date('2026-08-01T09:00:00Z') } })
    assert.equal(report.errors.length, 2)
    assert.equal(report.errors_truncated, false)
    assert.deepEqual(report.projects_updated, ['P-1'])
    assert.deepEqual(p.data().line_items.map((i) => i.id), ['capex'])
    const entry = p.auditTrail().entries().at(-1)
    assert.equal(entry.actor, 'bob')
    assert.equal(entry.at, '2026-08-01T09:00:00Z')
  })

  test('io: importing into a Portfolio returns a new one in the report', () => {
    const portfolio = v.Portfolio.fromData({ schema_version: 2, id: 'pf', name: 'Portfolio', currency: 'EUR', status_date: '2026-06-30', discount_rate: 0.08, projects: [{ project: pilot().data() }] })
    const report = v.importCsv(ITEMS.split('\n').slice(0, 2).join('\n'), 'line_items', portfolio, { change: CHANGE })
    assert.equal(report.projects, null)
    assert.ok(report.portfolio instanceof v.Portfolio)
    assert.equal(report.portfolio.data().projects[0].project.line_items.length, 1)
    assert.equal(portfolio.data().projects[0].project.line_items.length, 0, 'the given portfolio is unchanged')
    assert.match(v.exportCsv(report.portfolio, 'portfolio_totals'), /^[a-z_]+,/)
  })

  test('io: exportCsv and exportXlsx; the workbook imports back', () => {
    const p = pilot()
    v.importCsv(ITEMS.split('\n').slice(0, 2).join('\n'), 'line_items', [p], { change: CHANGE })
    const csv = v.exportCsv([p], 'line_items')
    assert.equal(csv.split('\n')[1], 'P-1,capex,Robots,capex,,2026-02-01,,,,,1000,EUR')
    const xlsx = v.exportXlsx([p], { tables: ['projects', 'line_items'] })
    assert.ok(xlsx instanceof Uint8Array)
    assert.deepEqual([...xlsx.slice(0, 2)], [0x50, 0x4b], 'a zip file')
    const back = v.importWorkbook(xlsx).projects
    assert.deepEqual(back.map((q) => q.data().line_items.length), [1])
  })

  test('io: a LibreOffice workbook, one sheet by name', () => {
    const report = v.importWorkbook(fixture('data/io/workbook.xlsx'), null, [], { change: CHANGE })
    assert.ok(report.projects.length > 0)
    assert.ok(report.tables.every((t) => typeof t.sheet === 'string'))
  })

  test('io: bad arguments are invalid_argument RangeErrors naming the argument', () => {
    const is = (argument) => (e) => e instanceof RangeError && e.code === 'invalid_argument' && e.path === argument
    assert.throws(() => v.importCsv(PROJECTS, 'nope'), is('table'))
    assert.throws(() => v.importWorkbook('text'), is('source'))
    assert.throws(() => v.importCsv(PROJECTS, 'projects', [{}]), is('into'))
    assert.throws(() => v.importCsv(PROJECTS, 'projects', 42), is('into'))
    assert.throws(() => v.importCsv(PROJECTS, 'projects', pilot()), is('into'))
    assert.throws(() => v.exportCsv(pilot(), 'projects'), is('projects'))
    assert.throws(() => v.exportXlsx('projects'), is('projects'))
    assert.throws(() => v.exportCsv([pilot(), 1], 'projects'), is('projects'))
    assert.throws(() => v.exportCsv([pilot()], 'evaluations'), (e) => e.code === 'invalid_argument')
    assert.throws(() => v.importCsv(PROJECTS, 'projects', [], { nonsense: 1 }), (e) => e.code === 'validation')
  })
}
