// The dashboard: a project made from a built-in template, edited through the ValuePM core
// in WebAssembly (costs and benefits, KPI measurements, discount rate), and its value:
// NPV, ROI, IRR, payback, the cumulative cash flow and each KPI against its glide path.
// Every edit goes through the core, which validates it whole: a bad value leaves the
// project as it was and its message is shown next to the field it names.
import init, * as v from './pkg/valuepm_wasm.js'

const $ = (selector, root = document) => root.querySelector(selector)
const today = () => new Date().toISOString().slice(0, 10)

let project = null
let cashChart = null
let kpiChart = null

// ---- errors next to their fields ------------------------------------------------------

const message = (e) => (e instanceof Error ? e.message : String(e))

function clearErrors(root) {
  for (const slot of root.querySelectorAll('.error[data-error-for]')) slot.textContent = ''
  for (const input of root.querySelectorAll('.invalid')) input.classList.remove('invalid')
}

/** Shows `error` in `root` next to the field its `path` names (the last path segment that
 *  is a field of the form, or `aliases[segment]`), else in the slot `fallback`. */
function showError(root, error, fallback, aliases = {}) {
  const segments = String(error?.path ?? '').split(/[.[\]]+/).filter(Boolean).reverse()
  let slot = null
  for (const segment of segments) {
    const field = aliases[segment] ?? segment
    slot = root.querySelector(`.error[data-error-for="${CSS.escape(field)}"]`)
    if (slot) break
  }
  slot ??= root.querySelector(`.error[data-error-for="${CSS.escape(fallback)}"]`)
  slot.textContent = message(error)
  slot.closest('label')?.querySelector('input, select')?.classList.add('invalid')
}

/** A number typed by the user, or the text itself when it is not one, so that the core
 *  reports it with the field's name. */
function numberOrText(text) {
  const trimmed = text.trim()
  const n = Number(trimmed)
  return trimmed !== '' && Number.isFinite(n) ? n : text
}

// ---- formatting -----------------------------------------------------------------------

const money = (m, digits = 0) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(m.amount))
const percent = (x) => (x === null || x === undefined ? 'none' : `${(x * 100).toFixed(2)} %`)
const years = (x) => (x === null || x === undefined ? 'never' : `${x.toFixed(2)} years`)

function setOutput(id, text, raw) {
  const out = $(`#${id}`)
  out.textContent = text
  out.dataset.value = raw === null || raw === undefined ? '' : String(raw)
}

// ---- rendering ------------------------------------------------------------------------

function asOf() {
  return $('#as-of').value || today()
}

function render() {
  const data = project.data()
  const evaluation = project.evaluate(asOf()).toJSON()
  setOutput('npv', money(evaluation.npv), evaluation.npv.amount)
  setOutput('roi', percent(evaluation.roi), evaluation.roi)
  setOutput('irr', percent(evaluation.irr), evaluation.irr)
  setOutput('payback', years(evaluation.payback_years), evaluation.payback_years)
  setOutput('discounted-payback', years(evaluation.discounted_payback_years), evaluation.discounted_payback_years)
  setOutput('bcr', evaluation.benefit_cost_ratio?.toFixed(3) ?? 'none', evaluation.benefit_cost_ratio)
  setOutput('pv-benefits', money(evaluation.present_value_benefits), evaluation.present_value_benefits.amount)
  setOutput('pv-costs', money(evaluation.present_value_costs), evaluation.present_value_costs.amount)
  const measured = evaluation.metrics.filter((m) => m.status !== 'no_data')
  const onTrack = measured.filter((m) => m.status === 'on_track').length
  setOutput('kpis-on-track', `${onTrack} of ${measured.length} measured`, onTrack)
  renderLineItems(data)
  renderCashFlow()
  renderKpis(data, evaluation)
}

function timing(plan) {
  if (plan.type === 'one_off') return `one-off ${plan.date}`
  const escalation = plan.escalation && Number(plan.escalation) !== 0 ? `, +${(Number(plan.escalation) * 100).toFixed(1)} % a year` : ''
  return `${plan.frequency} ${plan.start} → ${plan.end}${escalation}`
}

function renderLineItems(data) {
  const body = $('#line-items tbody')
  // Same items as shown: update the cells in place, so the input being edited keeps its
  // focus and text (a re-render must not pull a field away from the user).
  if (body.rows.length === data.line_items.length && data.line_items.every((item, i) => body.rows[i].dataset.id === item.id)) {
    data.line_items.forEach((item, i) => {
      const row = body.rows[i]
      row.cells[2].textContent = timing(item.plan)
      const input = row.querySelector('input')
      if (input !== document.activeElement) input.value = item.plan.amount.amount
    })
    return
  }
  body.replaceChildren(...data.line_items.map((item, i) => {
    const row = document.createElement('tr')
    row.innerHTML = `<td></td><td></td><td></td><td class="num"><label><input data-index="${i}" inputmode="decimal"><span class="error" data-error-for="line_items[${i}]"></span></label></td>`
    row.dataset.id = item.id
    row.cells[0].textContent = item.name
    row.cells[1].textContent = item.kind.replaceAll('_', ' ')
    row.cells[2].textContent = timing(item.plan)
    const input = row.querySelector('input')
    input.value = item.plan.amount.amount
    input.setAttribute('aria-label', `Amount of ${item.name} (${item.plan.amount.currency})`)
    return row
  }))
}

function renderCashFlow() {
  const series = project.cashFlowSeries('month')
  const cutoff = asOf()
  const labels = series.rows.map((r) => r.start.slice(0, 7))
  const planned = series.rows.map((r) => Number(r.cumulative_planned_net.amount))
  const actual = series.rows.map((r) => (r.start <= cutoff ? Number(r.cumulative_actual_net.amount) : null))
  const datasets = [
    { label: `Planned, cumulative net (${series.currency})`, data: planned, borderColor: '#1f6feb', backgroundColor: 'rgba(31,111,235,.08)', fill: 'origin', pointRadius: 0, tension: 0.1 },
    { label: `Actual, cumulative net (${series.currency})`, data: actual, borderColor: '#e36209', pointRadius: 0, spanGaps: false },
  ]
  if (cashChart) {
    cashChart.data.labels = labels
    cashChart.data.datasets = datasets
    cashChart.update('none')
    return
  }
  cashChart = new Chart($('#cash-chart'), {
    type: 'line',
    data: { labels, datasets },
    options: { animation: false, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false }, scales: { y: { ticks: { callback: (x) => new Intl.NumberFormat('en-GB', { notation: 'compact' }).format(x) } } } },
  })
}

function renderKpis(data, evaluation) {
  const byId = new Map(evaluation.metrics.map((m) => [m.id, m]))
  $('#kpis tbody').replaceChildren(...data.metrics.map((metric) => {
    const status = byId.get(metric.id)
    const row = document.createElement('tr')
    const cells = [
      metric.name,
      `${metric.baseline.value} ${metric.unit ?? ''}`,
      `${metric.target.value} by ${metric.target.date}`,
      status.expected_value === null ? '–' : status.expected_value.toFixed(2),
      status.latest ? `${status.latest.value} on ${status.latest.date}` : '–',
      status.progress === null ? '–' : `${(status.progress * 100).toFixed(0)} % (expected ${(status.expected_progress * 100).toFixed(0)} %)`,
      status.status.replaceAll('_', ' '),
    ]
    for (const [i, text] of cells.entries()) {
      const cell = row.insertCell()
      cell.textContent = text
      if (i >= 1 && i <= 5) cell.className = 'num'
    }
    row.cells[6].className = `status-${status.status}`
    row.dataset.metric = metric.id
    return row
  }))
  const select = $('#metric')
  const chosen = select.value
  select.replaceChildren(...data.metrics.map((m) => new Option(m.name, m.id)))
  if (data.metrics.some((m) => m.id === chosen)) select.value = chosen
  renderKpiChart(data)
}

function renderKpiChart(data) {
  const metric = data.metrics.find((m) => m.id === $('#metric').value)
  if (!metric) return
  const t = (date) => Date.parse(`${date}T00:00:00Z`)
  const datasets = [
    { label: `Glide path (${metric.unit ?? metric.name})`, data: [{ x: t(metric.baseline.date), y: metric.baseline.value }, { x: t(metric.target.date), y: metric.target.value }], borderColor: '#8a96a3', borderDash: [6, 4], pointRadius: 3, showLine: true },
    { label: 'Measured', data: metric.measurements.map((m) => ({ x: t(m.date), y: m.value })), borderColor: '#067647', backgroundColor: '#067647', pointRadius: 5, showLine: true },
  ]
  const options = {
    animation: false,
    maintainAspectRatio: false,
    plugins: { title: { display: true, text: metric.name } },
    scales: { x: { type: 'linear', ticks: { callback: (x) => new Date(x).toISOString().slice(0, 10) } } },
  }
  if (kpiChart) {
    kpiChart.data.datasets = datasets
    kpiChart.options = options
    kpiChart.update('none')
    return
  }
  kpiChart = new Chart($('#kpi-chart'), { type: 'scatter', data: { datasets }, options })
}

// ---- edits ----------------------------------------------------------------------------

function newProject() {
  const form = $('#project-form')
  clearErrors(form)
  try {
    const rate = numberOrText($('#discount-rate').value)
    const next = v.builtinTemplate($('#template').value).instantiate({
      id: 'dashboard',
      name: $('#name').value,
      start_date: $('#start-date').value,
      discount_rate: typeof rate === 'number' ? rate / 100 : rate,
    })
    project?.free()
    project = next
    render()
  } catch (e) {
    showError(form, e, 'name', { options: 'name' })
  }
}

function onDiscountRate() {
  const form = $('#project-form')
  clearErrors(form)
  try {
    const rate = numberOrText($('#discount-rate').value)
    project.update({ discount_rate: typeof rate === 'number' ? rate / 100 : rate })
    render()
  } catch (e) {
    showError(form, e, 'discount_rate')
  }
}

function onAsOf() {
  const form = $('#project-form')
  clearErrors(form)
  try {
    project.evaluate(asOf())
    render()
  } catch (e) {
    showError(form, e, 'as_of')
  }
}

function onAmount(input) {
  const table = $('#line-items')
  clearErrors(table)
  const i = Number(input.dataset.index)
  try {
    const items = project.data().line_items
    items[i].plan.amount.amount = input.value.trim()
    project.update({ line_items: items })
    render()
  } catch (e) {
    showError(table, e, `line_items[${i}]`, { line_items: `line_items[${i}]` })
    table.querySelector(`input[data-index="${i}"]`)?.classList.add('invalid')
  }
}

let added = 0
function onAddItem(event) {
  event.preventDefault()
  const form = event.target
  clearErrors(form)
  const f = new FormData(form)
  try {
    added += 1
    project.addLineItem({
      id: `added_${added}`,
      name: f.get('name'),
      kind: f.get('kind'),
      plan: { type: 'one_off', date: f.get('date'), amount: { amount: String(f.get('amount')).trim(), currency: project.currency } },
    })
    render()
  } catch (e) {
    showError(form, e, 'item', { plan: 'date' })
  }
}

function onMeasurement(event) {
  event.preventDefault()
  const form = event.target
  clearErrors(form)
  const f = new FormData(form)
  try {
    project.recordMeasurement(f.get('metric'), { date: f.get('date'), value: numberOrText(String(f.get('value'))) })
    render()
  } catch (e) {
    showError(form, e, 'measurement')
  }
}

// ---- start ----------------------------------------------------------------------------

async function start() {
  await init()
  const select = $('#template')
  for (const template of v.builtinTemplates()) {
    const t = template.toJSON()
    select.add(new Option(t.name, t.id))
    template.free()
  }
  select.value = 'software_development'
  $('#as-of').value ||= today()
  $('#project-form').addEventListener('submit', (e) => { e.preventDefault(); newProject() })
  select.addEventListener('change', newProject)
  $('#discount-rate').addEventListener('change', onDiscountRate)
  $('#as-of').addEventListener('change', onAsOf)
  $('#line-items').addEventListener('change', (e) => { if (e.target.matches('input[data-index]')) onAmount(e.target) })
  $('#item-form').addEventListener('submit', onAddItem)
  $('#measurement-form').addEventListener('submit', onMeasurement)
  $('#metric').addEventListener('change', () => renderKpiChart(project.data()))
  newProject()
  document.body.dataset.ready = 'true'
}

start().catch((e) => {
  const fatal = $('#fatal')
  fatal.hidden = false
  fatal.textContent = `The dashboard could not start: ${message(e)}`
})
