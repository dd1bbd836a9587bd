// The README's Node example: a template-built project evaluated, and spreadsheet NPV/IRR.
//
// Run: node examples/node/quickstart.mjs   (after `npm ci` here, with bindings/node built)
import assert from 'node:assert/strict'

// START readme
import * as valuepm from '@valuepm/core'

const template = valuepm.builtinTemplate('infrastructure')
const project = template.instantiate({ id: 'DC-01', name: 'Data-centre refresh', startDate: '2026-01-01' })
const evaluation = project.evaluate('2026-01-01')
console.log(evaluation.npv.toString(), evaluation.irr, evaluation.paybackYears) // npv is exact Money: "… EUR"

// Spreadsheet functions, with the spreadsheet's conventions: =NPV(10%; -1000; 300; 400; 500)
console.log(valuepm.npv(0.1, [-1000, 300, 400, 500])) // -19.12437675...
console.log(valuepm.irr([-1000, 500, 500, 500])) // 0.2337519...
// END readme

assert.ok(Math.abs(valuepm.npv(0.1, [-1000, 300, 400, 500]) + 19.124376750222) < 1e-9)
assert.ok(evaluation.paybackYears !== null && Number(evaluation.npv.amount) > 0)
