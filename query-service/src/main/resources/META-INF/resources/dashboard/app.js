/*
 * coinpulse dashboard: the market from GET /api/v1/assets, candles from .../windows, movers,
 * alerts, all kept live by the Server-Sent Events of GET /api/v1/stream. No build step: plain
 * browser JavaScript and Apache ECharts, both served by query-service.
 *
 * The stream is read with fetch() rather than EventSource so that an API key can travel in the
 * X-API-Key header (EventSource cannot send headers); reconnection with Last-Event-ID is done here.
 */
(() => {
  'use strict';

  const MINUTE = 60_000;
  const KEY_STORAGE = 'coinpulse.apiKey';
  const REFRESH_MS = 15_000;
  const LINE_COLORS = { vwap: '#f5a524', sma: ['#60a5fa', '#a78bfa', '#38bdf8'], ema: ['#f472b6', '#fb923c', '#facc15'] };
  const UP = '#22c55e';
  const DOWN = '#f0506e';

  const state = {
    apiKey: localStorage.getItem(KEY_STORAGE) || '',
    rows: new Map(),
    sort: { key: 'asset', asc: true },
    filter: '',
    selected: null,
    size: '1m',
    sizes: ['1m'],
    range: '1h',
    configuredSizes: [],
    lines: new Map(),
    custom: null,
    sources: [],
    latest: {},
    candles: [],
    alerts: [],
    lastEventId: null,
    retryMs: 2000,
    heartbeatAt: 0,
    lastUpdate: 0,
    stream: null,
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // ---------------------------------------------------------------- formatting

  const fixed = (min, max) => new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
  const PRICE_LARGE = fixed(2, 2);
  const PRICE_MID = fixed(2, 4);
  const PRICE_SMALL = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 5 });
  const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
  const AXIS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
  const pad = (n) => String(n).padStart(2, '0');

  function fmtPrice(p) {
    if (p === null || p === undefined || !Number.isFinite(p)) return '—';
    const abs = Math.abs(p);
    return (abs >= 1000 ? PRICE_LARGE : abs >= 1 ? PRICE_MID : PRICE_SMALL).format(p);
  }

  function fmtPct(p) {
    if (p === null || p === undefined || !Number.isFinite(p)) return '—';
    return (p > 0 ? '+' : '') + p.toFixed(2) + '%';
  }

  function fmtVolume(v) {
    return v > 0 ? COMPACT.format(v) : '—';
  }

  function fmtTime(ms, seconds) {
    const d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + (seconds ? ':' + pad(d.getSeconds()) : '');
  }

  function fmtAxisTime(ms) {
    const d = new Date(ms);
    return (pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ') + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  const trend = (p) => (p > 0 ? 'up' : p < 0 ? 'down' : '');
  const change = (price, reference) => (reference ? (price - reference) / reference * 100 : null);

  // ---------------------------------------------------------------- API

  class Unauthorized extends Error {}

  async function api(path) {
    const headers = { Accept: 'application/json' };
    if (state.apiKey) headers['X-API-Key'] = state.apiKey;
    // revalidate every time: the service answers 304 from its ETag while nothing changed
    const res = await fetch(path, { headers, cache: 'no-cache' });
    if (res.status === 401) {
      showKeyPanel();
      throw new Unauthorized(path);
    }
    if (!res.ok) {
      let detail = res.statusText;
      try {
        detail = (await res.json()).detail || detail;
      } catch (ignored) {
        // not a problem document
      }
      throw new Error(path + ': ' + res.status + ' ' + detail);
    }
    return res.json();
  }

  function report(failure) {
    if (!(failure instanceof Unauthorized)) console.warn('coinpulse:', failure.message || failure);
  }

  // ---------------------------------------------------------------- market table

  function rowFromListing(a) {
    const closes = new Map([[a.windowStart, a.price]]);
    if (a.pctChange1m !== null) closes.set(a.windowStart - MINUTE, a.price / (1 + a.pctChange1m / 100));
    if (a.pctChange5m !== null) closes.set(a.windowStart - 5 * MINUTE, a.price / (1 + a.pctChange5m / 100));
    return {
      asset: a.asset,
      source: a.source,
      price: a.price,
      pctChange1m: a.pctChange1m,
      pctChange5m: a.pctChange5m,
      pctChange24h: a.pctChange24h,
      reference24h: a.pctChange24h === null ? null : a.price / (1 + a.pctChange24h / 100),
      volumeQuote24h: a.volumeQuote24h,
      windowStart: a.windowStart,
      closes,
      tr: null,
    };
  }

  async function loadMarket() {
    const listed = [];
    for (let page = 0; ; page++) {
      const body = await api('/api/v1/assets?limit=1000&page=' + page);
      listed.push(...body.assets);
      if (listed.length >= body.total || body.assets.length === 0) break;
    }
    const seen = new Set();
    for (const a of listed) {
      seen.add(a.asset);
      const old = state.rows.get(a.asset);
      if (old && old.source === a.source && old.windowStart > a.windowStart) {
        old.volumeQuote24h = a.volumeQuote24h; // the live row is newer than this listing
        continue;
      }
      const row = rowFromListing(a);
      if (old) row.tr = old.tr;
      state.rows.set(a.asset, row);
    }
    for (const asset of [...state.rows.keys()]) {
      if (!seen.has(asset)) state.rows.delete(asset);
    }
    renderTable();
    renderSummary();
    for (const a of listed) state.lastUpdate = Math.max(state.lastUpdate, a.lastUpdate);
    renderLastUpdate();
    const linked = fromHash();
    if (!state.selected && linked && state.rows.has(linked.asset)) {
      select(linked.asset, linked.source);
    } else if (!state.selected && state.rows.size) {
      select(state.rows.has('BTC') ? 'BTC' : listed[0].asset);
    } else if (state.selected) {
      renderQuote();
    }
  }

  function renderTable() {
    const body = $('market-body');
    const { key, asc } = state.sort;
    const needle = state.filter.trim().toUpperCase();
    const rows = [...state.rows.values()]
      .filter((r) => !needle || r.asset.includes(needle))
      .sort((a, b) => {
        const x = a[key];
        const y = b[key];
        if (x === y) return a.asset < b.asset ? -1 : 1;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * (asc ? 1 : -1);
      });
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      if (!row.tr) row.tr = createRow(row);
      updateRow(row);
      fragment.appendChild(row.tr);
    }
    body.replaceChildren(fragment);
    $('market-empty').hidden = state.rows.size > 0;
    document.querySelectorAll('#market-table th').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === key);
      th.classList.toggle('asc', th.dataset.sort === key && asc);
    });
  }

  function createRow(row) {
    const tr = el('tr');
    tr.dataset.asset = row.asset;
    const name = el('td', 'left asset');
    name.append(el('b', null, row.asset), el('small'));
    tr.append(name, el('td', 'price'), el('td', 'chg1m'), el('td', 'chg5m'), el('td', 'chg24h'), el('td', 'vol'));
    tr.addEventListener('click', () => select(row.asset));
    return tr;
  }

  function updateRow(row, flash) {
    const tr = row.tr;
    const cells = tr.children;
    tr.dataset.source = row.source;
    tr.dataset.price = String(row.price);
    tr.dataset.windowStart = String(row.windowStart);
    cells[0].lastChild.textContent = row.source;
    cells[1].textContent = fmtPrice(row.price);
    setChange(cells[2], row.pctChange1m);
    setChange(cells[3], row.pctChange5m);
    setChange(cells[4], row.pctChange24h);
    cells[5].textContent = fmtVolume(row.volumeQuote24h);
    tr.classList.toggle('selected', state.selected !== null && state.selected.asset === row.asset);
    if (flash) {
      tr.classList.remove('flash-up', 'flash-down');
      void tr.offsetWidth; // restart the animation
      tr.classList.add('flash-' + flash);
    }
  }

  function setChange(td, pct) {
    td.textContent = fmtPct(pct);
    td.classList.remove('up', 'down');
    const t = trend(pct);
    if (t) td.classList.add(t);
  }

  function renderSummary() {
    const rows = [...state.rows.values()];
    const up = rows.filter((r) => r.pctChange24h > 0).length;
    const down = rows.filter((r) => r.pctChange24h < 0).length;
    const volume = rows.reduce((sum, r) => sum + (r.volumeQuote24h || 0), 0);
    const summary = $('market-summary');
    const item = (label, value, cls) => {
      const span = el('span', null, label);
      span.append(el('b', cls, value));
      return span;
    };
    summary.replaceChildren(item('Assets', String(rows.length)), item('Up 24h', String(up), 'up'),
      item('Down 24h', String(down), 'down'), item('Volume 24h', fmtVolume(volume)));
  }

  function renderLastUpdate() {
    $('last-update').textContent = state.lastUpdate ? 'updated ' + fmtTime(state.lastUpdate, true) : '';
  }

  // ---------------------------------------------------------------- selected asset: quote, candles, indicators

  let chart = null;

  /** Shows {@code asset} (from {@code source}, else the listing's source) and links to it as #/ASSET. */
  function select(asset, source) {
    const row = state.rows.get(asset);
    if (!row) return;
    const previous = state.selected;
    state.selected = { asset, source: source || row.source };
    state.latest = {};
    const hash = '#/' + encodeURIComponent(asset) + (source && source !== row.source ? '/' + encodeURIComponent(source) : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (previous && state.rows.get(previous.asset) && state.rows.get(previous.asset).tr) {
      updateRow(state.rows.get(previous.asset));
    }
    if (row.tr) updateRow(row);
    if (!previous || previous.asset !== asset) state.size = '1m';
    $('chart-title').textContent = asset;
    $('chart-source').textContent = state.selected.source;
    renderQuote();
    // the detail first: the range ends at the asset's latest window
    loadDetail().then(() => loadCandles()).catch(report);
  }

  function renderQuote() {
    const row = state.selected && state.rows.get(state.selected.asset);
    if (!row) return;
    $('chart-price').textContent = fmtPrice(row.price);
    // the widest change there is data for
    const [pct, span] = row.pctChange24h !== null ? [row.pctChange24h, '24h']
      : row.pctChange5m !== null ? [row.pctChange5m, '5m'] : [row.pctChange1m, '1m'];
    const change = $('chart-change');
    change.textContent = pct === null ? '' : fmtPct(pct) + ' ' + span;
    change.className = 'change ' + trend(pct);
  }

  async function loadDetail() {
    const { asset, source } = state.selected;
    const detail = await api('/api/v1/assets/' + encodeURIComponent(asset) + '?source=' + encodeURIComponent(source));
    if (!state.selected || state.selected.asset !== asset || state.selected.source !== source) return;
    const configured = state.configuredSizes.length ? state.configuredSizes : Object.keys(detail.latest);
    state.sizes = configured.slice();
    if (!state.sizes.includes(state.size)) state.sizes.unshift(state.size);
    renderSizeTabs();
    renderSources(detail.sources);
    renderIndicators(detail.indicators);
    state.latest = detail.latest;
  }

  function renderSources(sources) {
    state.sources = sources;
    const select = $('source-select');
    select.hidden = sources.length < 2;
    select.replaceChildren(...sources.map((s) => {
      const o = el('option', null, s);
      o.value = s;
      o.selected = state.selected && s === state.selected.source;
      return o;
    }));
  }

  function setRange(range) {
    state.range = range;
    document.querySelectorAll('#range-tabs button').forEach((b) => b.classList.toggle('active', b.dataset.range === range));
    $('custom-range').hidden = range !== 'custom';
    if (range === 'custom') {
      if (!state.custom) {
        const end = latestEnd();
        $('range-from').value = toLocalInput(end - RANGES['6h']);
        $('range-to').value = toLocalInput(end);
      }
      return;
    }
    if (state.selected) loadCandles().catch(report);
  }

  function toLocalInput(ms) {
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function applyCustomRange(e) {
    e.preventDefault();
    const from = new Date($('range-from').value).getTime();
    const to = new Date($('range-to').value).getTime();
    if (!(from < to)) {
      $('range-error').textContent = 'From must be before To';
      return;
    }
    $('range-error').textContent = '';
    state.custom = { from, to };
    if (state.selected) loadCandles().catch(report);
  }

  /** #/ASSET or #/ASSET/SOURCE: the asset to show. */
  function fromHash() {
    const m = /^#\/([^/]+)(?:\/([^/]+))?$/.exec(location.hash);
    if (!m) return null;
    return { asset: decodeURIComponent(m[1]).toUpperCase(), source: m[2] ? decodeURIComponent(m[2]) : null };
  }

  function renderSizeTabs() {
    const tabs = $('size-tabs');
    tabs.replaceChildren(...state.sizes.map((size) => {
      const b = el('button', size === state.size ? 'active' : '', size);
      b.type = 'button';
      b.dataset.size = size;
      b.addEventListener('click', () => {
        state.size = size;
        renderSizeTabs();
        loadCandles().catch(report);
      });
      return b;
    }));
  }

  function indicatorLabel(name) {
    const [kind, n] = name.split('_');
    switch (kind) {
      case 'sma': return 'SMA ' + n;
      case 'ema': return 'EMA ' + n;
      case 'change': return 'Δ ' + n;
      case 'volatility': return 'σ ' + n;
      default: return name;
    }
  }

  function renderIndicators(indicators) {
    const box = $('indicators');
    box.replaceChildren(...indicators.map((i) => {
      const chip = el('span', 'chip');
      chip.dataset.indicator = i.name;
      if (i.value !== null) chip.dataset.value = String(i.value);
      let value;
      if (i.value === null) value = '—';
      else if (i.name.startsWith('change_')) value = fmtPct(i.value);
      else if (i.name.startsWith('volatility_')) value = (i.value * 100).toFixed(3) + '%';
      else value = fmtPrice(i.value);
      chip.append(el('span', null, indicatorLabel(i.name)), el('b', null, value));
      return chip;
    }));
  }

  const SIZE_MS = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };
  const sizeMillis = (size) => Number(size.slice(0, -1)) * (SIZE_MS[size.slice(-1)] || MINUTE);
  const RANGES = { '1h': 60 * MINUTE, '6h': 360 * MINUTE, '24h': 1440 * MINUTE };

  /**
   * The windows to show: the picked range up to the asset's latest window (so a replayed past shows
   * as well as a live market), or the custom from/to; from is inclusive, to exclusive.
   */
  function latestEnd() {
    const latest = state.latest[state.size];
    return (latest ? latest.windowStart : Date.now()) + sizeMillis(state.size);
  }

  function candleQuery() {
    const size = state.size;
    if (state.range === 'custom' && state.custom) {
      return '&from=' + state.custom.from + '&to=' + state.custom.to + '&limit=10000';
    }
    const span = RANGES[state.range] || RANGES['1h'];
    const end = latestEnd();
    return '&from=' + (end - span) + '&limit=' + Math.min(10000, Math.ceil(span / sizeMillis(size)) + 1);
  }

  async function loadCandles() {
    const { asset, source } = state.selected;
    const size = state.size;
    const range = state.range;
    const series = await api('/api/v1/assets/' + encodeURIComponent(asset) + '/windows?size=' + encodeURIComponent(size)
      + candleQuery() + '&source=' + encodeURIComponent(source));
    const now = state.selected;
    if (!now || now.asset !== asset || now.source !== source || state.size !== size || state.range !== range) return;
    state.candles = series.windows;
    state.lines = new Map();
    renderChart(true);
    if (size === '1m' && series.windows.length) loadLines(asset, source, range).catch(report);
  }

  /** The moving averages of the candles shown, by window start, as spark-app computed them. */
  async function loadLines(asset, source, range) {
    const candles = state.candles;
    const body = await api('/api/v1/assets/' + encodeURIComponent(asset) + '/indicators?source=' + encodeURIComponent(source)
      + '&from=' + candles[0].windowStart + '&to=' + (candles[candles.length - 1].windowStart + MINUTE)
      + '&limit=' + Math.min(10000, candles.length));
    const now = state.selected;
    if (!now || now.asset !== asset || now.source !== source || state.size !== '1m' || state.range !== range) return;
    const lines = new Map();
    for (const row of body.windows) {
      for (const [name, value] of Object.entries(row.values)) {
        if (!/^(sma|ema)_/.test(name)) continue;
        if (!lines.has(name)) lines.set(name, new Map());
        lines.get(name).set(row.windowStart, value);
      }
    }
    state.lines = new Map([...lines.entries()].sort((a, b) => lineOrder(a[0]) - lineOrder(b[0])));
    renderChart(true);
  }

  const lineOrder = (name) => (name.startsWith('sma') ? 0 : 1000) + Number(name.split('_')[1]);

  function lineLabel(name) {
    return name === 'vwap' ? 'VWAP' : indicatorLabel(name);
  }

  function lineColor(name, index) {
    if (name === 'vwap') return LINE_COLORS.vwap;
    const kind = name.split('_')[0];
    return LINE_COLORS[kind][index % LINE_COLORS[kind].length];
  }

  /** VWAP of every window, and each moving average the job computed, as line series over the candles. */
  function lineSeries(reset) {
    const candles = state.candles;
    const out = [{ name: 'vwap', data: candles.map((w) => (w.vwap === null ? '-' : w.vwap)) }];
    const counts = { sma: 0, ema: 0 };
    for (const [name, values] of state.lines) {
      const kind = name.split('_')[0];
      out.push({ name, index: counts[kind]++, data: candles.map((w) => (values.has(w.windowStart) && values.get(w.windowStart) !== null ? values.get(w.windowStart) : '-')) });
    }
    return out.map((l, i) => (reset ? {
      id: l.name, name: lineLabel(l.name), type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: l.data, showSymbol: false,
      connectNulls: false, smooth: false, lineStyle: { width: l.name === 'vwap' ? 1.2 : 1.5, type: l.name === 'vwap' ? 'dashed' : 'solid',
        color: lineColor(l.name, l.index || 0) }, itemStyle: { color: lineColor(l.name, l.index || 0) }, z: 3 + i,
    } : { id: l.name, data: l.data }));
  }

  function updateCandle(w) {
    const sel = state.selected;
    if (!sel || w.asset !== sel.asset || w.source !== sel.source || w.size !== state.size) return;
    if (state.range === 'custom') return;
    const candles = state.candles;
    const last = candles[candles.length - 1];
    if (!last || w.windowStart > last.windowStart) {
      candles.push(w);
      const span = RANGES[state.range] || RANGES['1h'];
      while (candles.length && candles[0].windowStart <= w.windowStart - span) candles.shift();
    } else {
      // windows come from several partitions: an earlier one may arrive after a later one
      const i = candles.findIndex((c) => c.windowStart >= w.windowStart);
      if (i < 0 || (i === 0 && candles[0].windowStart !== w.windowStart)) return;
      if (candles[i].windowStart === w.windowStart) candles[i] = w;
      else candles.splice(i, 0, w);
    }
    scheduleChart();
  }

  let chartPending = false;
  function scheduleChart() {
    if (chartPending) return;
    chartPending = true;
    setTimeout(() => {
      chartPending = false;
      renderChart(false);
    }, 200);
  }

  function renderChart(reset) {
    if (!chart) return;
    const candles = state.candles;
    const times = candles.map((w) => fmtAxisTime(w.windowStart));
    const axis = { lineStyle: { color: '#2a3550' } };
    const option = {
      xAxis: [{ data: times }, { data: times }],
      series: [
        { data: candles.map((w) => [w.open, w.close, w.low, w.high]) },
        {
          data: candles.map((w) => ({
            value: w.volumeQuote,
            itemStyle: { color: w.close >= w.open ? 'rgba(34,197,94,.55)' : 'rgba(240,80,110,.55)' },
          })),
        },
        ...lineSeries(reset),
      ],
    };
    if (reset) {
      Object.assign(option, {
        animation: false,
        backgroundColor: 'transparent',
        textStyle: { color: '#8592ad' },
        grid: [
          { left: 70, right: 18, top: 26, bottom: '30%' },
          { left: 70, right: 18, top: '75%', bottom: 26 },
        ],
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'cross', lineStyle: { color: '#3b4866' } },
          backgroundColor: '#121826',
          borderColor: '#2a3550',
          textStyle: { color: '#e6ebf5' },
          formatter: tooltip,
        },
        axisPointer: { link: [{ xAxisIndex: 'all' }] },
        legend: { top: 0, left: 70, itemWidth: 14, itemHeight: 2, textStyle: { color: '#8592ad', fontSize: 11 },
          data: lineSeries(true).map((l) => l.name), inactiveColor: '#3b4866' },
        dataZoom: [{ type: 'inside', xAxisIndex: [0, 1], start: 0, end: 100 }],
        xAxis: [
          { type: 'category', data: times, gridIndex: 0, boundaryGap: true, axisLine: axis, axisTick: { show: false },
            axisLabel: { color: '#8592ad', formatter: (v) => v.slice(6) } },
          { type: 'category', data: times, gridIndex: 1, boundaryGap: true, axisLine: axis,
            axisTick: { show: false }, axisLabel: { show: false } },
        ],
        yAxis: [
          { scale: true, gridIndex: 0, position: 'left', splitLine: { lineStyle: { color: '#1a2233' } },
            axisLabel: { color: '#8592ad', formatter: (v) => AXIS.format(v) } },
          { scale: true, gridIndex: 1, splitNumber: 2, splitLine: { show: false },
            axisLabel: { color: '#8592ad', formatter: (v) => (v > 0 ? COMPACT.format(v) : '') } },
        ],
      });
      option.series[0] = Object.assign(option.series[0], {
        name: 'price', type: 'candlestick', xAxisIndex: 0, yAxisIndex: 0,
        itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
      });
      option.series[1] = Object.assign(option.series[1], {
        name: 'volume', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 12,
      });
      chart.setOption(option, { notMerge: true });
    } else {
      chart.setOption(option);
    }
  }

  function tooltip(params) {
    const i = params[0].dataIndex;
    const w = state.candles[i];
    if (!w) return '';
    const line = (label, value) => label + ' <b>' + value + '</b>';
    return [
      fmtAxisTime(w.windowStart) + (w.final ? '' : ' · open'),
      line('O', fmtPrice(w.open)) + '  ' + line('H', fmtPrice(w.high)),
      line('L', fmtPrice(w.low)) + '  ' + line('C', fmtPrice(w.close)),
      line('Δ', fmtPct(w.pctChange)) + '  ' + line('ticks', String(w.tickCount)),
      line('volume', fmtVolume(w.volumeQuote)),
    ].join('<br>');
  }

  // ---------------------------------------------------------------- pipeline strip

  const PIPELINE_MS = 5_000;
  const SOURCE_CLASS = { running: 'ok', completed: 'ok', starting: 'warn', retrying: 'warn', idle: 'warn' };

  function fmtAge(ms) {
    if (ms === null || ms === undefined) return '—';
    return ms < 10_000 ? (ms / 1000).toFixed(1) + ' s' : ms < 120_000 ? Math.round(ms / 1000) + ' s' : Math.round(ms / 60_000) + ' min';
  }

  function setMetric(id, value, text) {
    const m = $(id);
    m.dataset.value = value === null || value === undefined ? '' : String(value);
    m.querySelector('b').textContent = text;
  }

  async function loadPipeline() {
    const p = await api('/api/v1/pipeline');
    setMetric('pipe-rate', p.ticksPerSecond, p.ticksPerSecond.toFixed(1));
    setMetric('pipe-freshness', p.freshnessMs, fmtAge(p.freshnessMs));
    setMetric('pipe-lag', p.lagMs, fmtAge(p.lagMs));
    setMetric('pipe-dlq', p.dlqPerSecond, p.dlqPerSecond === null ? '—' : p.dlqPerSecond.toFixed(2));
    const sources = p.ingest === 'up' ? p.sources.map((s) => {
      const span = el('span', 'source-state ' + (SOURCE_CLASS[s.state] || 'bad'));
      span.dataset.source = s.name;
      span.dataset.state = s.state;
      span.title = s.detail;
      span.append(el('i'), el('span', null, s.name), el('b', null, s.state));
      return span;
    }) : p.ingest === 'unreachable' ? [el('span', 'source-state warn', 'ingest unreachable')] : [];
    $('pipe-sources').replaceChildren(...sources);
    if (String(p.sizes) !== String(state.configuredSizes)) {
      state.configuredSizes = p.sizes;
      if (state.selected) {
        state.sizes = p.sizes.includes(state.size) ? p.sizes.slice() : [state.size, ...p.sizes];
        renderSizeTabs();
      }
    }
  }

  // ---------------------------------------------------------------- movers and alerts

  async function loadMovers() {
    const board = await api('/api/v1/movers?period=5m&limit=5');
    $('movers-period').textContent = board.period;
    $('movers-asof').textContent = board.asOf === null ? '' : 'as of ' + fmtTime(board.asOf);
    renderMovers($('gainers'), board.gainers);
    renderMovers($('losers'), board.losers);
  }

  function renderMovers(list, movers) {
    if (movers.length === 0) {
      list.replaceChildren(el('li', 'empty', 'No ranking yet'));
      return;
    }
    list.replaceChildren(...movers.map((m) => {
      const li = el('li');
      li.dataset.asset = m.asset;
      li.append(el('span', 'n', String(m.rank)), el('b', 'a', m.asset), el('span', 'p', fmtPrice(m.closePrice)),
        el('span', 'c ' + trend(m.pctChange), fmtPct(m.pctChange)));
      li.addEventListener('click', () => select(m.asset));
      return li;
    }));
  }

  async function loadAlerts() {
    const body = await api('/api/v1/alerts?limit=50');
    state.alerts = body.alerts;
    renderAlerts(null);
  }

  function addAlert(alert) {
    if (state.alerts.some((a) => a.alertId === alert.alertId)) return;
    state.alerts.unshift(alert);
    state.alerts.sort((a, b) => b.detectedAt - a.detectedAt);
    state.alerts.length = Math.min(state.alerts.length, 50);
    renderAlerts(alert.alertId);
  }

  function renderAlerts(fresh) {
    $('alerts').replaceChildren(...state.alerts.map((a) => {
      const li = el('li', a.alertId === fresh ? 'fresh' : '');
      li.dataset.alertId = a.alertId;
      li.append(el('span', 't', fmtTime(a.detectedAt, true)), el('span', 'kind ' + a.kind, a.kind.replace('_', ' ')),
        el('span', 'msg', a.message), el('span', 'z', a.zscore.toFixed(1) + 'σ'));
      return li;
    }));
    $('alerts-empty').hidden = state.alerts.length > 0;
  }

  // ---------------------------------------------------------------- live stream

  function setStatus(status, text) {
    const pill = $('stream-status');
    pill.className = 'pill pill-' + status;
    pill.dataset.state = status;
    pill.querySelector('b').textContent = text;
  }

  function onWindow(w) {
    state.lastUpdate = Math.max(state.lastUpdate, Date.now());
    if (w.size === '1m') {
      const row = state.rows.get(w.asset);
      if (!row) {
        scheduleRefresh();
      } else if (row.source === w.source && w.windowStart >= row.windowStart - 5 * MINUTE) {
        row.closes.set(w.windowStart, w.close);
        let flash = null;
        if (w.windowStart >= row.windowStart) {
          flash = w.close > row.price ? 'up' : w.close < row.price ? 'down' : null;
          row.windowStart = w.windowStart;
          row.price = w.close;
          for (const t of [...row.closes.keys()]) if (t < w.windowStart - 5 * MINUTE) row.closes.delete(t);
        }
        row.pctChange1m = change(row.price, row.closes.get(row.windowStart - MINUTE));
        row.pctChange5m = change(row.price, row.closes.get(row.windowStart - 5 * MINUTE));
        row.pctChange24h = change(row.price, row.reference24h);
        if (row.tr) updateRow(row, flash);
        if (state.selected && state.selected.asset === w.asset) renderQuote();
      }
    }
    updateCandle(w);
    scheduleRefresh();
  }

  function dispatch(name, data) {
    switch (name) {
      case 'window':
        onWindow(JSON.parse(data));
        break;
      case 'alert':
        addAlert(JSON.parse(data));
        break;
      case 'resync':
        refreshAll();
        break;
      case 'heartbeat':
        break;
      default:
        return;
    }
    state.heartbeatAt = Date.now();
    renderLastUpdate();
  }

  async function connect() {
    const headers = { Accept: 'text/event-stream' };
    if (state.apiKey) headers['X-API-Key'] = state.apiKey;
    if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
    const controller = new AbortController();
    state.stream = controller;
    try {
      const res = await fetch('/api/v1/stream', { headers, signal: controller.signal, cache: 'no-store' });
      if (res.status === 401) {
        showKeyPanel();
        setStatus('offline', 'API key needed');
        return;
      }
      if (!res.ok || !res.body) throw new Error('stream: HTTP ' + res.status);
      setStatus('live', 'Live');
      state.heartbeatAt = Date.now();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
          parseEvent(block);
        }
      }
    } catch (failure) {
      if (controller.signal.aborted && state.stream !== controller) return;
      if (!controller.signal.aborted) report(failure);
    }
    if (state.stream !== controller) return;
    setStatus('reconnecting', 'Reconnecting…');
    setTimeout(connect, state.retryMs);
  }

  function parseEvent(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') state.lastEventId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) state.retryMs = Number(value);
    }
    if (data.length) dispatch(name, data.join('\n'));
  }

  function reconnect() {
    if (state.stream) state.stream.abort();
    state.stream = null;
    connect();
  }

  // a stream without heartbeats for three intervals is dead even if the socket says otherwise
  setInterval(() => {
    if (state.stream && state.heartbeatAt && Date.now() - state.heartbeatAt > 50_000) {
      setStatus('reconnecting', 'Reconnecting…');
      reconnect();
    }
  }, 5_000);

  // ---------------------------------------------------------------- refresh

  let refreshTimer = null;
  function scheduleRefresh() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      loadMarket().catch(report);
      loadMovers().catch(report);
      loadAlerts().catch(report);
      if (state.selected) {
        loadDetail().catch(report);
        loadCandles().catch(report);
      }
    }, REFRESH_MS);
  }

  function refreshAll() {
    loadMarket().catch(report);
    loadMovers().catch(report);
    loadAlerts().catch(report);
    if (state.selected) {
      loadDetail().catch(report);
      loadCandles().catch(report);
    }
  }

  // ---------------------------------------------------------------- API key

  function showKeyPanel() {
    $('key-panel').hidden = false;
    $('key-input').focus();
  }

  function setKey(key) {
    state.apiKey = key;
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
    $('key-panel').hidden = true;
    refreshAll();
    reconnect();
  }

  // ---------------------------------------------------------------- start

  function start() {
    if (typeof echarts === 'undefined') {
      $('candles').textContent = 'The charting library did not load.';
    } else {
      chart = echarts.init($('candles'), null, { renderer: 'canvas' });
      window.addEventListener('resize', () => chart.resize());
    }
    document.querySelectorAll('#market-table th').forEach((th) => th.addEventListener('click', () => {
      const key = th.dataset.sort;
      state.sort = { key, asc: state.sort.key === key ? !state.sort.asc : key === 'asset' };
      renderTable();
    }));
    $('search').addEventListener('input', (e) => {
      state.filter = e.target.value;
      renderTable();
    });
    $('key-button').addEventListener('click', showKeyPanel);
    document.querySelectorAll('#range-tabs button').forEach((b) => b.addEventListener('click', () => setRange(b.dataset.range)));
    $('custom-range').addEventListener('submit', applyCustomRange);
    $('source-select').addEventListener('change', (e) => select(state.selected.asset, e.target.value));
    window.addEventListener('hashchange', () => {
      const linked = fromHash();
      if (linked && state.rows.has(linked.asset)
          && (!state.selected || state.selected.asset !== linked.asset || (linked.source && linked.source !== state.selected.source))) {
        select(linked.asset, linked.source);
      }
    });
    $('key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      setKey($('key-input').value.trim());
    });
    $('key-clear').addEventListener('click', () => setKey(''));
    refreshAll();
    loadPipeline().catch(report);
    setInterval(() => loadPipeline().catch(report), PIPELINE_MS);
    setInterval(scheduleRefresh, 30_000);
    connect();
  }

  window.coinpulse = { state };
  start();
})();
