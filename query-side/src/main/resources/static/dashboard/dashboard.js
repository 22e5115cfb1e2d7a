/*
 * The analyst's and sales manager's page. It calls only the engine's public API with the key the user gives
 * (kept in sessionStorage, never in a cookie or a link), so a user sees here exactly what the API lets them see.
 * Every view and its filters live in the URL (?view=funnel&pipeline=...&asOf=...), every chart has its numbers in a
 * table beside it, a CSV download and the exact requests that produced it. docs/dashboard.md describes each view.
 */
'use strict';

const KEY_STORAGE = 'opportunity-engine.api-key';
const DAY = 86400000;

const TEXT = {
  en: {
    title: 'Opportunity engine', language: 'Language', forgetKey: 'Forget key', enterKey: 'API key', use: 'Use',
    keyHelp: 'The key stays in this tab only (sessionStorage); it is never put in a cookie or a link.',
    funnel: 'Funnel', flow: 'Deal flow', pipeline: 'Pipeline', forecast: 'Forecast quality', followups: 'Follow-ups',
    opportunity: 'Opportunity', pipelineId: 'Pipeline', cohortFrom: 'Created from', cohortTo: 'Created before',
    owner: 'Owner', source: 'Source', asOf: 'As of', now: 'now', apply: 'Apply', flowFrom: 'From', flowTo: 'To',
    periodFrom: 'Cutoffs from', periodTo: 'Cutoffs to', every: 'Every', days: 'No contact for (days)',
    opportunityId: 'Opportunity id', stage: 'Stage', csv: 'Download CSV', requests: 'API requests',
    reached: 'Reached', current: 'Current', advanced: 'Advanced', lost: 'Lost', won: 'Won',
    conversionToNext: 'Conversion to next', avgDaysInStage: 'Avg days in stage', medianDaysInStage: 'Median days',
    created: 'Created', open: 'Open', winRate: 'Win rate', avgCycleDays: 'Avg cycle days', overall: 'Overall',
    openAtFrom: 'Open at start', movedForward: 'Moved forward', movedBack: 'Moved back', stayed: 'Still there',
    openAtTo: 'Open at end', newAtTo: 'New, open at end', created2: 'New', createdWon: 'New, won',
    createdLost: 'New, lost', createdOpen: 'New, open', target: 'To', count: 'Count', outcome: 'Outcome',
    probability: 'Probability', amounts: 'Amount', weighted: 'Weighted', total: 'Total', metric: 'Metric',
    model: 'Engine', baseline: 'Stage defaults', stageOrder: 'Stage order', bin: 'Bin', meanPredicted: 'Mean predicted',
    observedRate: 'Observed', assignee: 'Assignee', overdue: 'Overdue tasks', title2: 'Title', lastContactAt: 'Last contact',
    daysSince: 'Days since', field: 'Field', value: 'Value', occurredAt: 'When', type: 'Type', summary: 'Summary',
    basis: 'Basis', explanation: 'Explanation', audit: 'Audit chain', notPermitted: 'Your role may not read this.',
    notFound: 'Not found.', lag: 'Projection lag (events not yet applied)', atStart: 'at start', atEnd: 'at end',
    newOnes: 'New', reliability: 'Reliability diagram', perfect: 'Perfectly calibrated', show: 'Show',
    staleOpportunities: 'Opportunities with no contact', overdueByAssignee: 'Overdue tasks by assignee',
    timeline: 'Timeline', winProbability: 'Win probability', stages: 'Stages', links: 'Flows', totals: 'Totals',
    calibration: 'Calibration', metrics: 'Brier and AUC', view: 'The opportunity', ok: 'Intact',
  },
  zh: {
    title: '商机引擎', language: '语言', forgetKey: '清除密钥', enterKey: 'API 密钥', use: '使用',
    keyHelp: '密钥只保存在此标签页（sessionStorage），不会写入 Cookie 或链接。',
    funnel: '销售漏斗', flow: '商机流向', pipeline: '销售管道', forecast: '预测质量', followups: '跟进',
    opportunity: '商机', pipelineId: '管道', cohortFrom: '创建起', cohortTo: '创建止', owner: '负责人', source: '来源',
    asOf: '截至', now: '现在', apply: '应用', flowFrom: '起', flowTo: '止', periodFrom: '回测起', periodTo: '回测止',
    every: '间隔', days: '未联系天数', opportunityId: '商机编号', stage: '阶段', csv: '下载 CSV', requests: 'API 请求',
    reached: '到达', current: '当前', advanced: '推进', lost: '输单', won: '赢单', conversionToNext: '转化率',
    avgDaysInStage: '平均停留天数', medianDaysInStage: '停留天数中位数', created: '创建', open: '进行中',
    winRate: '赢率', avgCycleDays: '平均周期天数', overall: '总体', openAtFrom: '起始进行中', movedForward: '前进',
    movedBack: '后退', stayed: '停留', openAtTo: '结束进行中', newAtTo: '新增且进行中', created2: '新增',
    createdWon: '新增赢单', createdLost: '新增输单', createdOpen: '新增进行中', target: '去向', count: '数量',
    outcome: '结果', probability: '概率', amounts: '金额', weighted: '加权金额', total: '合计', metric: '指标',
    model: '引擎模型', baseline: '阶段默认', stageOrder: '阶段顺序', bin: '区间', meanPredicted: '平均预测',
    observedRate: '实际比例', assignee: '执行人', overdue: '逾期任务', title2: '标题', lastContactAt: '最近联系',
    daysSince: '距今天数', field: '字段', value: '值', occurredAt: '时间', type: '类型', summary: '摘要', basis: '依据',
    explanation: '解释', audit: '审计链', notPermitted: '您的角色无权查看。', notFound: '未找到。',
    lag: '投影延迟（尚未应用的事件）', atStart: '起始', atEnd: '结束', newOnes: '新增', reliability: '可靠性图',
    perfect: '完全校准', show: '查看', staleOpportunities: '长期未联系的商机', overdueByAssignee: '按执行人统计逾期任务',
    timeline: '时间线', winProbability: '赢单概率', stages: '各阶段', links: '流向', totals: '合计', calibration: '校准',
    metrics: 'Brier 与 AUC', view: '商机概况', ok: '完整',
  },
};

const VIEWS = ['funnel', 'flow', 'pipeline', 'forecast', 'followups', 'opportunity'];
const charts = [];
const pipelines = {};

function params() {
  return new URLSearchParams(window.location.search);
}

function lang() {
  return params().get('lang') === 'zh' ? 'zh' : 'en';
}

function t(key) {
  return TEXT[lang()][key] ?? TEXT.en[key] ?? key;
}

function apiKey() {
  return window.sessionStorage.getItem(KEY_STORAGE);
}

/** Takes a key handed over as /dashboard#key=... into sessionStorage and out of the address bar. */
function takeKeyFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (fragment.get('key')) {
    window.sessionStorage.setItem(KEY_STORAGE, fragment.get('key'));
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  }
  return node;
}

function query(values) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/** One GET of the public API with the user's key: {status, body, path}. */
async function get(path) {
  const response = await fetch(path, {headers: {Authorization: 'Bearer ' + apiKey(), Accept: 'application/json'}});
  let body = null;
  try {
    body = await response.json();
  } catch (notJson) {
    body = null;
  }
  if (response.status === 401) {
    window.sessionStorage.removeItem(KEY_STORAGE);
    showKeyForm();
  }
  return {status: response.status, body, path};
}

function money(list) {
  return (list || []).map(m => m.value + ' ' + m.currency).join('; ');
}

function cell(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.length && value[0] && value[0].currency ? money(value) : value.join(', ');
  }
  return String(value);
}

/** A table a screen reader can read, each cell carrying its field, each row its key. */
function table(id, caption, columns, rows, keyOf) {
  const head = element('tr', {}, ...columns.map(c => element('th', {scope: 'col'}, c.label)));
  const body = rows.map(row => element('tr', {'data-key': keyOf ? keyOf(row) : undefined},
      ...columns.map(c => {
        const value = c.value ? c.value(row) : row[c.key];
        return element('td', {'data-field': c.key, class: typeof value === 'number' ? 'num' : undefined}, cell(value));
      })));
  const csv = element('button', {type: 'button', 'data-csv': id}, t('csv'));
  csv.addEventListener('click', () => download(id, columns, rows));
  return element('div', {class: 'table'},
      element('table', {id}, element('caption', {}, caption), element('thead', {}, head), element('tbody', {}, ...body)),
      element('div', {class: 'actions'}, csv));
}

function download(name, columns, rows) {
  const quote = text => '"' + String(text).replaceAll('"', '""') + '"';
  const lines = [columns.map(c => quote(c.key)).join(',')];
  for (const row of rows) {
    lines.push(columns.map(c => quote(cell(c.value ? c.value(row) : row[c.key]))).join(','));
  }
  const link = element('a', {href: URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv'})),
    download: name + '.csv'});
  document.body.append(link);
  link.click();
  link.remove();
}

function requests(replies) {
  return element('div', {class: 'requests'}, element('strong', {}, t('requests')),
      ...replies.map(r => element('code', {class: 'request', 'data-status': r.status}, 'GET ' + r.path)));
}

function chart(id) {
  const node = element('div', {class: 'chart', id, role: 'img', 'aria-label': id});
  return node;
}

function draw(node, option) {
  const instance = echarts.init(node, null, {renderer: 'svg'});
  instance.setOption(Object.assign({animation: false}, option));
  charts.push(instance);
}

function panel(title, ...children) {
  return element('section', {class: 'panel'}, element('h2', {}, title), ...children);
}

function problem(reply) {
  if (reply.status === 403) {
    return element('p', {class: 'denied', 'data-status': '403'}, t('notPermitted'));
  }
  if (reply.status === 404) {
    return element('p', {class: 'missing', 'data-status': '404'}, t('notFound'));
  }
  return element('p', {class: 'failed', 'data-status': reply.status},
      (reply.body && (reply.body.detail || reply.body.title)) || ('HTTP ' + reply.status));
}

async function stageNames(pipelineId) {
  if (!pipelines[pipelineId]) {
    const reply = await get('/api/pipelines/' + encodeURIComponent(pipelineId));
    pipelines[pipelineId] = {};
    if (reply.status === 200) {
      for (const stage of reply.body.stages) {
        pipelines[pipelineId][stage.code] = stage;
      }
    }
  }
  return code => {
    const stage = pipelines[pipelineId][code];
    if (!stage) {
      return code;
    }
    return lang() === 'zh' && stage.nameZh ? stage.nameZh : stage.name;
  };
}

// ---- filters, kept in the URL ------------------------------------------------------------------

function setParams(changes) {
  const search = params();
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') {
      search.delete(name);
    } else {
      search.set(name, value);
    }
  }
  window.history.replaceState(null, '', window.location.pathname + '?' + search.toString());
  render();
}

function filterInput(name, label, type = 'text', fallback = '') {
  const input = element('input', {id: 'filter-' + name, name, type, value: params().get(name) ?? fallback});
  return element('label', {}, label, input);
}

function filters(names) {
  const box = document.getElementById('filters');
  box.replaceChildren();
  const labels = {pipeline: 'pipelineId', from: 'cohortFrom', to: 'cohortTo', owner: 'owner', source: 'source',
    flowFrom: 'flowFrom', flowTo: 'flowTo', btFrom: 'periodFrom', btTo: 'periodTo', every: 'every', days: 'days',
    id: 'opportunityId'};
  const types = {from: 'date', to: 'date', flowFrom: 'date', flowTo: 'date', btFrom: 'date', btTo: 'date',
    days: 'number'};
  for (const name of names) {
    box.append(filterInput(name, t(labels[name]), types[name] || 'text'));
  }
  const apply = element('button', {type: 'button', id: 'apply'}, t('apply'));
  apply.addEventListener('click', () => {
    const changes = {};
    for (const name of names) {
      changes[name] = document.getElementById('filter-' + name).value.trim();
    }
    setParams(changes);
  });
  box.append(apply);
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

// ---- the views ---------------------------------------------------------------------------------

async function funnelView(content) {
  filters(['pipeline', 'from', 'to', 'owner', 'source']);
  const p = params();
  const pipeline = p.get('pipeline') || 'default';
  const asOf = p.get('asOf');
  const today = Math.floor(Date.now() / DAY);
  const slider = element('input', {id: 'asof-slider', type: 'range', min: String(today - 730), max: String(today),
    step: '1', value: String(asOf ? Math.floor(Date.parse(asOf) / DAY) : today), 'aria-label': t('asOf')});
  const shown = element('output', {id: 'asof-value', for: 'asof-slider'}, asOf || t('now'));
  slider.addEventListener('input', () => {
    shown.textContent = new Date(Number(slider.value) * DAY).toISOString();
  });
  slider.addEventListener('change', () => {
    const chosen = Number(slider.value);
    setParams({asOf: chosen >= today ? null : new Date(chosen * DAY).toISOString().replace('.000Z', 'Z')});
  });
  document.getElementById('filters').append(element('div', {id: 'asof-row'}, element('span', {}, t('asOf')), slider,
      shown));

  const reply = await get('/api/funnel' + query({pipeline: p.get('pipeline'), from: p.get('from'), to: p.get('to'),
    owner: p.get('owner'), source: p.get('source'), asOf}));
  if (reply.status !== 200) {
    content.append(panel(t('funnel'), problem(reply), requests([reply])));
    return;
  }
  const name = await stageNames(pipeline);
  const stages = reply.body.stages;
  const node = chart('funnel-chart');
  const numbers = table('funnel-table', t('funnel') + (asOf ? ' · ' + t('asOf') + ' ' + asOf : ''), [
    {key: 'stage', label: t('stage'), value: s => name(s.stage)},
    {key: 'reached', label: t('reached')}, {key: 'current', label: t('current')},
    {key: 'advanced', label: t('advanced')}, {key: 'lost', label: t('lost')},
    {key: 'conversionToNext', label: t('conversionToNext')}, {key: 'avgDaysInStage', label: t('avgDaysInStage')},
    {key: 'medianDaysInStage', label: t('medianDaysInStage')}], stages, s => s.stage);
  const o = reply.body.overall;
  const overall = table('funnel-overall', t('overall'), [
    {key: 'created', label: t('created')}, {key: 'won', label: t('won')}, {key: 'lost', label: t('lost')},
    {key: 'open', label: t('open')}, {key: 'winRate', label: t('winRate')},
    {key: 'avgCycleDays', label: t('avgCycleDays')}], [o], () => 'overall');
  content.append(panel(t('funnel'), element('div', {class: 'side'}, node, element('div', {}, numbers, overall)),
      requests([reply])));
  draw(node, {
    tooltip: {trigger: 'item'},
    series: [{type: 'funnel', sort: 'none', minSize: '10%', left: '5%', width: '60%', label: {show: true, formatter: '{b}: {c}'},
      data: stages.map(s => ({name: name(s.stage), value: s.reached}))}],
  });
}

async function flowView(content) {
  filters(['pipeline', 'flowFrom', 'flowTo']);
  const p = params();
  const pipeline = p.get('pipeline') || 'default';
  const from = p.get('flowFrom') || isoDay(new Date(Date.now() - 30 * DAY));
  const to = p.get('flowTo') || isoDay(new Date(Date.now() + DAY));
  const reply = await get('/api/funnel/flow' + query({pipeline: p.get('pipeline'), from, to}));
  if (reply.status !== 200) {
    content.append(panel(t('flow'), problem(reply), requests([reply])));
    return;
  }
  const name = await stageNames(pipeline);
  const body = reply.body;
  const sourceLabel = code => code === 'NEW' ? t('newOnes') : t('atStart') + ' · ' + name(code);
  const targetLabel = code => code === 'WON' ? t('won') : code === 'LOST' ? t('lost') : t('atEnd') + ' · ' + name(code);
  const nodes = new Map();
  for (const link of body.links) {
    nodes.set(sourceLabel(link.source), true);
    nodes.set(targetLabel(link.target), true);
  }
  const node = chart('flow-chart');
  const links = table('flow-links', t('links'), [
    {key: 'source', label: t('flowFrom'), value: l => sourceLabel(l.source)},
    {key: 'target', label: t('target'), value: l => targetLabel(l.target)},
    {key: 'outcome', label: t('outcome')}, {key: 'count', label: t('count')}], body.links,
  l => l.source + '>' + l.target);
  const stages = table('flow-stages', t('stages'), [
    {key: 'stage', label: t('stage'), value: s => name(s.stage)}, {key: 'openAtFrom', label: t('openAtFrom')},
    {key: 'won', label: t('won')}, {key: 'lost', label: t('lost')}, {key: 'movedForward', label: t('movedForward')},
    {key: 'movedBack', label: t('movedBack')}, {key: 'stayed', label: t('stayed')},
    {key: 'openAtTo', label: t('openAtTo')}, {key: 'newAtTo', label: t('newAtTo')}], body.stages, s => s.stage);
  const totals = table('flow-totals', t('totals'), [
    {key: 'openAtFrom', label: t('openAtFrom')}, {key: 'won', label: t('won')}, {key: 'lost', label: t('lost')},
    {key: 'movedForward', label: t('movedForward')}, {key: 'movedBack', label: t('movedBack')},
    {key: 'stayed', label: t('stayed')}, {key: 'created', label: t('created2')},
    {key: 'createdWon', label: t('createdWon')}, {key: 'createdLost', label: t('createdLost')},
    {key: 'createdOpen', label: t('createdOpen')}], [body.totals], () => 'totals');
  content.append(panel(t('flow') + ' · ' + body.from + ' → ' + body.to,
      element('div', {class: 'side'}, node, element('div', {}, links)), stages, totals, requests([reply])));
  draw(node, {
    tooltip: {trigger: 'item'},
    series: [{type: 'sankey', layoutIterations: 0, left: '2%', right: '28%', emphasis: {focus: 'adjacency'},
      data: [...nodes.keys()].map(label => ({name: label})),
      links: body.links.map(l => ({source: sourceLabel(l.source), target: targetLabel(l.target), value: l.count}))}],
  });
}

async function pipelineView(content) {
  filters(['pipeline', 'owner']);
  const p = params();
  const pipeline = p.get('pipeline') || 'default';
  const reply = await get('/api/pipeline' + query({pipeline: p.get('pipeline'), owner: p.get('owner')}));
  if (reply.status !== 200) {
    content.append(panel(t('pipeline'), problem(reply), requests([reply])));
    return;
  }
  const name = await stageNames(pipeline);
  const body = reply.body;
  const node = chart('pipeline-chart');
  const stages = table('pipeline-table', t('pipeline'), [
    {key: 'stage', label: t('stage'), value: s => name(s.stage)}, {key: 'probability', label: t('probability')},
    {key: 'count', label: t('count')}, {key: 'amounts', label: t('amounts')},
    {key: 'weighted', label: t('weighted')}], body.stages, s => s.stage);
  const totals = table('pipeline-totals', t('total'), [
    {key: 'count', label: t('count')}, {key: 'amounts', label: t('amounts')}, {key: 'weighted', label: t('weighted')}],
  [body], () => 'total');
  content.append(panel(t('pipeline'), element('div', {class: 'side'}, node, element('div', {}, stages, totals)),
      requests([reply])));
  const currencies = [...new Set(body.stages.flatMap(s => s.amounts.map(m => m.currency)))];
  const amountOf = (list, currency) => Number((list.find(m => m.currency === currency) || {value: 0}).value);
  draw(node, {
    tooltip: {trigger: 'axis'}, legend: {},
    xAxis: {type: 'category', data: body.stages.map(s => name(s.stage))}, yAxis: {type: 'value'},
    series: currencies.flatMap(currency => [
      {type: 'bar', name: currency + ' ' + t('amounts'), data: body.stages.map(s => amountOf(s.amounts, currency))},
      {type: 'bar', name: currency + ' ' + t('weighted'), data: body.stages.map(s => amountOf(s.weighted, currency))}]),
  });
}

async function forecastView(content) {
  filters(['pipeline', 'btFrom', 'btTo', 'every']);
  const p = params();
  const from = p.get('btFrom') || isoDay(new Date(Date.now() - 180 * DAY));
  const to = p.get('btTo') || isoDay(new Date());
  const reply = await get('/api/win-probability/backtest' + query({pipeline: p.get('pipeline'), from, to,
    every: p.get('every') || 'P7D'}));
  if (reply.status !== 200) {
    content.append(panel(t('forecast'), problem(reply), requests([reply])));
    return;
  }
  const b = reply.body;
  const models = [['model', b], ['baseline', b.baseline], ['stageOrder', b.stageOrder]].filter(m => m[1]);
  const metrics = ['n', 'brier', 'auc', 'logLoss', 'reliability', 'resolution', 'uncertainty'].map(metric => {
    const row = {metric};
    for (const [key, result] of models) {
      row[key] = result[metric];
    }
    return row;
  });
  const node = chart('forecast-chart');
  const metricTable = table('forecast-metrics', t('metrics'), [{key: 'metric', label: t('metric')},
    ...models.map(([key]) => ({key, label: t(key)}))], metrics, r => r.metric);
  const bins = table('forecast-calibration', t('calibration'), [
    {key: 'bin', label: t('bin'), value: c => c.from + '–' + c.to}, {key: 'count', label: t('count')},
    {key: 'meanPredicted', label: t('meanPredicted')}, {key: 'observedRate', label: t('observedRate')}],
  b.calibration || [], c => String(c.from));
  content.append(panel(t('forecast') + ' · ' + from + ' → ' + to,
      element('div', {class: 'side'}, node, element('div', {}, metricTable, bins)), requests([reply])));
  const points = result => (result.calibration || []).filter(c => c.count > 0)
      .map(c => [c.meanPredicted, c.observedRate]);
  draw(node, {
    title: {text: t('reliability'), textStyle: {fontSize: 13}}, tooltip: {trigger: 'item'}, legend: {top: 24},
    xAxis: {type: 'value', min: 0, max: 1, name: t('meanPredicted')},
    yAxis: {type: 'value', min: 0, max: 1, name: t('observedRate')},
    series: [{type: 'line', name: t('perfect'), data: [[0, 0], [1, 1]], lineStyle: {type: 'dashed'}, symbol: 'none'},
      ...models.slice(0, 2).map(([key, result]) => ({type: 'line', name: t(key), data: points(result)}))],
  });
}

async function followupsView(content) {
  filters(['days']);
  const days = Math.max(1, Number(params().get('days') || 14));
  const overdue = await get('/api/tasks' + query({overdue: 'true', size: 200}));
  const open = await get('/api/opportunities' + query({status: 'OPEN', size: 200, sort: 'lastContactAt,asc'}));
  if (overdue.status !== 200 || open.status !== 200) {
    content.append(panel(t('followups'), problem(overdue.status !== 200 ? overdue : open), requests([overdue, open])));
    return;
  }
  const byAssignee = new Map();
  for (const task of overdue.body.items) {
    byAssignee.set(task.assigneeId, (byAssignee.get(task.assigneeId) || 0) + 1);
  }
  const assignees = [...byAssignee.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([assignee, count]) => ({assignee, overdue: count}));
  const now = Date.now();
  const stale = open.body.items.filter(o => !o.lastContactAt || now - Date.parse(o.lastContactAt) > days * DAY)
      .map(o => Object.assign({}, o, {daysSince: o.lastContactAt
        ? Math.floor((now - Date.parse(o.lastContactAt)) / DAY) : null}));
  const node = chart('followups-chart');
  content.append(panel(t('overdueByAssignee'), element('div', {class: 'side'}, node,
      table('followups-overdue', t('overdueByAssignee'), [{key: 'assignee', label: t('assignee')},
        {key: 'overdue', label: t('overdue')}], assignees, r => r.assignee)), requests([overdue])));
  content.append(panel(t('staleOpportunities') + ' (> ' + days + ')',
      table('followups-stale', t('staleOpportunities'), [
        {key: 'opportunityId', label: t('opportunityId')}, {key: 'title', label: t('title2')},
        {key: 'ownerId', label: t('owner')}, {key: 'lastContactAt', label: t('lastContactAt')},
        {key: 'daysSince', label: t('daysSince')}], stale, o => o.opportunityId), requests([open])));
  draw(node, {
    tooltip: {trigger: 'axis'}, xAxis: {type: 'category', data: assignees.map(a => a.assignee)},
    yAxis: {type: 'value', minInterval: 1}, series: [{type: 'bar', name: t('overdue'), data: assignees.map(a => a.overdue)}],
  });
}

async function opportunityView(content) {
  filters(['id']);
  const id = params().get('id');
  if (!id) {
    return;
  }
  const path = '/api/opportunities/' + encodeURIComponent(id);
  const [view, timeline, probability, audit] = await Promise.all([get(path), get(path + '/timeline'),
    get(path + '/win-probability'), get('/api/audit/opportunities/' + encodeURIComponent(id) + '/verify')]);
  if (view.status !== 200) {
    content.append(panel(t('opportunity'), problem(view), requests([view])));
    return;
  }
  const v = view.body;
  const fields = ['title', 'customer', 'ownerId', 'pipeline', 'stage', 'status', 'amount', 'expectedCloseDate',
    'winProbability', 'createdAt', 'lastContactAt', 'openTasks', 'overdueTasks', 'version']
      .map(field => ({field, value: field === 'customer' ? (v.customer && v.customer.name)
        : field === 'amount' ? (v.amount ? v.amount.value + ' ' + v.amount.currency : null) : v[field]}));
  content.append(panel(t('view') + ' · ' + v.title,
      table('opportunity-view', t('view'), [{key: 'field', label: t('field')}, {key: 'value', label: t('value')}],
          fields, r => r.field), requests([view])));
  if (probability.status === 200) {
    const pr = probability.body;
    const node = chart('opportunity-chart');
    content.append(panel(t('winProbability'), element('div', {class: 'side'}, node,
        table('opportunity-probability', t('winProbability'), [{key: 'field', label: t('field')},
          {key: 'value', label: t('value')}], ['probability', 'basis', 'stageProbability', 'defaultProbability',
          'explanation'].map(field => ({field, value: typeof pr[field] === 'object' && pr[field] !== null
            ? JSON.stringify(pr[field]) : pr[field]})), r => r.field)), requests([probability])));
    draw(node, {series: [{type: 'gauge', min: 0, max: 1, detail: {formatter: '{value}'},
      data: [{value: pr.probability, name: pr.basis}]}]});
  } else {
    content.append(panel(t('winProbability'), problem(probability), requests([probability])));
  }
  if (timeline.status === 200) {
    content.append(panel(t('timeline'), table('opportunity-timeline', t('timeline'), [
      {key: 'occurredAt', label: t('occurredAt')}, {key: 'type', label: t('type')},
      {key: 'summary', label: t('summary')}], timeline.body.items, e => String(e.sequence)), requests([timeline])));
  }
  content.append(panel(t('audit'), audit.status === 200
    ? table('opportunity-audit', t('audit'), [{key: 'field', label: t('field')}, {key: 'value', label: t('value')}],
        Object.entries(audit.body).map(([field, value]) => ({field, value: typeof value === 'object' && value !== null
          ? JSON.stringify(value) : value})), r => r.field)
    : problem(audit), requests([audit])));
}

// ---- the page ----------------------------------------------------------------------------------

async function showLag() {
  const box = document.getElementById('lag');
  const reply = await get('/api/admin/projections');
  const behind = reply.status === 200 ? reply.body.items.filter(item => item.lag > 0) : [];
  box.hidden = behind.length === 0;
  box.textContent = behind.length ? t('lag') + ': ' + behind.map(item => item.name + ' ' + item.lag).join(', ') : '';
}

function showKeyForm() {
  document.getElementById('key-form').hidden = false;
  document.getElementById('content').replaceChildren();
  document.getElementById('filters').replaceChildren();
}

function navigation(current) {
  const nav = document.getElementById('views');
  nav.replaceChildren(...VIEWS.map(view => {
    const search = params();
    search.set('view', view);
    const link = element('a', {href: '?' + search.toString(), id: 'nav-' + view,
      'aria-current': view === current ? 'page' : undefined}, t(view));
    return link;
  }));
}

let rendering = null;
let renderAgain = false;

/** Draws the view the URL names; a change while a view is loading draws again once it is done, never twice at once. */
async function render() {
  if (rendering) {
    renderAgain = true;
    return rendering;
  }
  rendering = (async () => {
    do {
      renderAgain = false;
      await renderOnce();
    } while (renderAgain);
    // tests and automation wait for this
    document.getElementById('content').dataset.ready = 'true';
  })();
  try {
    await rendering;
  } finally {
    rendering = null;
  }
}

async function renderOnce() {
  for (const instance of charts.splice(0)) {
    instance.dispose();
  }
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  document.getElementById('lang').value = lang();
  const view = VIEWS.includes(params().get('view')) ? params().get('view') : 'funnel';
  navigation(view);
  const content = document.getElementById('content');
  delete content.dataset.ready;
  if (!apiKey()) {
    showKeyForm();
    return;
  }
  document.getElementById('key-form').hidden = true;
  content.replaceChildren();
  content.dataset.view = view;
  const error = document.getElementById('error');
  error.hidden = true;
  try {
    await ({funnel: funnelView, flow: flowView, pipeline: pipelineView, forecast: forecastView,
      followups: followupsView, opportunity: opportunityView})[view](content);
    await showLag();
  } catch (failure) {
    error.hidden = false;
    error.textContent = String(failure);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  takeKeyFromFragment();
  document.getElementById('key-form').addEventListener('submit', event => {
    event.preventDefault();
    window.sessionStorage.setItem(KEY_STORAGE, document.getElementById('key-input').value.trim());
    document.getElementById('key-input').value = '';
    render();
  });
  document.getElementById('forget-key').addEventListener('click', () => {
    window.sessionStorage.removeItem(KEY_STORAGE);
    showKeyForm();
  });
  document.getElementById('lang').addEventListener('change', event => setParams({lang: event.target.value}));
  render();
});
