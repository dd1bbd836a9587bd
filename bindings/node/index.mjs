// ESM entry: the CommonJS loader's named exports (detected by Node's cjs-module-lexer
// from the generated `module.exports.name = …` lines) and the whole module as default.
export * from './index.js'
export { default } from './index.js'
