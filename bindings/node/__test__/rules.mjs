// Shared by the JS packages' tests (the Node and the WASM package): the conformance
// directory, its suites and manifest, and the comparison rules of conformance/README.md.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const CONFORMANCE = join(here, '..', '..', '..', 'conformance')

// Suites staged in conformance/pending/ (not yet in every runtime, see its README) that
// the JS packages run, named explicitly. None now (io.json moved up with its operations).
export const PENDING = []

/** Every suite as `[file, suite]`: conformance/*.json, then `pending/<PENDING>`. */
export function suites() {
  const files = readdirSync(CONFORMANCE)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .sort()
  return [...files, ...PENDING.map((f) => `pending/${f}`)]
    .map((f) => [f, JSON.parse(readFileSync(join(CONFORMANCE, f), 'utf8'))])
}

/** The bytes of a fixture file, by its path relative to conformance/ (`data/io/x.xlsx`). */
export const fixture = (path) => new Uint8Array(readFileSync(join(CONFORMANCE, path)))

export const manifest = () => JSON.parse(readFileSync(join(CONFORMANCE, 'manifest.json'), 'utf8'))

const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)$/

/** An exact decimal string in canonical form (`"-0100.50"` → `"-100.5"`), or null. */
export function canonicalDecimal(text) {
  const m = DECIMAL.exec(text.trim())
  if (!m) return null
  let [int, frac = ''] = m[2].split('.')
  int = int.replace(/^0+/, '') || '0'
  frac = frac.replace(/0+$/, '')
  const digits = frac ? `${int}.${frac}` : int
  const sign = m[1] === '-' && digits !== '0' ? '-' : ''
  return sign + digits
}

/** Follows a dotted path with indices (`a.b[2].c`); throws when it does not exist. */
export function lookup(value, path) {
  let current = value
  for (const segment of path.split('.')) {
    const [key, ...indices] = segment.split('[')
    if (key) {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !(key in current)) {
        throw new Error(`${path}: no such field`)
      }
      current = current[key]
    }
    for (const index of indices) {
      const i = Number(index.replace(']', ''))
      if (!Array.isArray(current) || i < 0 || i >= current.length) throw new Error(`${path}: no such field`)
      current = current[i]
    }
  }
  return current
}

/** Asserts `actual` matches `expected` under the conformance rules. */
export function compare(expected, actual, rel, abs, at) {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const allowed = Math.max(abs, rel * Math.abs(expected))
    const diff = Math.abs(actual - expected)
    if (!(Number.isFinite(actual) && diff <= allowed)) {
      throw new Error(`${at}: expected ${expected}, got ${actual} (difference ${diff.toExponential(3)}, allowed ${allowed.toExponential(3)})`)
    }
    return
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    const e = canonicalDecimal(expected)
    const a = canonicalDecimal(actual)
    if (e !== null && a !== null ? e !== a : expected !== actual) {
      throw new Error(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
    }
    return
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) throw new Error(`${at}: expected ${expected.length} elements, got ${actual.length}`)
    expected.forEach((e, i) => compare(e, actual[i], rel, abs, `${at}[${i}]`))
    return
  }
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && !Array.isArray(expected) && !Array.isArray(actual)) {
    for (const k of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      if (!(k in actual)) throw new Error(`${at}.${k}: missing`)
      if (!(k in expected)) throw new Error(`${at}.${k}: unexpected field`)
      compare(expected[k], actual[k], rel, abs, `${at}.${k}`)
    }
    return
  }
  if (expected !== actual) throw new Error(`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

/**
 * Asserts every row error of an import, in order: each expected field equal, except
 * `reason`, which must be a substring of the actual reason.
 */
export function compareRowErrors(expected, actual) {
  if (!Array.isArray(actual)) throw new Error(`row_errors: expected a list, got ${JSON.stringify(actual)}`)
  if (expected.length !== actual.length) {
    throw new Error(`row_errors: expected ${expected.length}, got ${actual.length}: ${JSON.stringify(actual)}`)
  }
  expected.forEach((e, i) => {
    for (const [key, value] of Object.entries(e)) {
      if (!(key in actual[i])) throw new Error(`row_errors[${i}].${key}: missing in ${JSON.stringify(actual[i])}`)
      const ok = key === 'reason' ? actual[i][key].includes(value) : actual[i][key] === value
      if (!ok) throw new Error(`row_errors[${i}].${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual[i][key])} (${JSON.stringify(actual[i])})`)
    }
  })
}

/** The rows of CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF), as Python's `csv.reader`. */
export function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  let started = false // the field has begun (a quoted empty field too)
  let i = 0
  const endRow = () => { row.push(field); rows.push(row); row = []; field = ''; started = false }
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue }
      if (c === '"') { quoted = false; i++; continue }
      field += c; i++; continue
    }
    if (c === '"') { quoted = true; started = true; i++ } else if (c === ',') { row.push(field); field = ''; started = false; i++ } else if (c === '\r' || c === '\n') {
      if (row.length === 0 && !started) rows.push([])
      else endRow()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else { field += c; started = true; i++ }
  }
  if (started || row.length > 0) endRow()
  return rows
}

// JS spells a few core operations the JS way; every other name is the core's in camelCase.
export const RENAMES = {
  'Currency.new': 'Currency',
  'Money.new': 'Money',
  'ExchangeRates.new': 'ExchangeRates',
  'Project.new': 'Project',
  'Project.from_json': 'Project.fromJson',
  'Project.to_json': 'Project.toJson',
  'Template.from_json': 'Template.fromJson',
  'Template.to_json': 'Template.toJson',
  'Portfolio.from_json': 'Portfolio.fromJson',
  'AuditTrail.len': 'AuditTrail.length',
}
// Where the JS member is of another kind than the manifest's: the trail's entry count is
// the `length` getter, as on arrays.
export const KINDS = { 'AuditTrail.len': 'property' }
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

/** The operations of conformance/manifest.json that the package `v` lacks (by manifest name). */
export function missingFromManifest(v) {
  const missing = []
  for (const { name, kind: manifestKind } of manifest().operations) {
    const kind = KINDS[name] ?? manifestKind
    const js = RENAMES[name] ?? name.split('.').map(camel).join('.')
    const [owner, member] = js.split('.')
    const obj = v[owner]
    if (!obj) { missing.push(name); continue }
    if (!member) continue
    const ok = kind === 'static'
      ? typeof obj[member] === 'function'
      : kind === 'property'
        ? Object.getOwnPropertyDescriptor(obj.prototype, member)?.get !== undefined
        : typeof obj.prototype[member] === 'function'
    if (!ok) missing.push(name)
  }
  return missing
}

/**
 * The public names of a package: each export, each class's static members (`Class.name`)
 * and prototype members (`Class#name`), except those `ignore(name)` accepts.
 */
export function publicNames(v, ignore = () => false) {
  const names = new Set()
  const add = (name) => { if (!ignore(name)) names.add(name) }
  for (const [key, value] of Object.entries(v)) {
    add(key)
    if (typeof value !== 'function' || !value.prototype) continue
    for (const member of Object.getOwnPropertyNames(value)) {
      if (!['length', 'name', 'prototype', 'caller', 'arguments'].includes(member)) add(`${key}.${member}`)
    }
    for (const member of Object.getOwnPropertyNames(value.prototype)) if (member !== 'constructor') add(`${key}#${member}`)
  }
  return names
}
