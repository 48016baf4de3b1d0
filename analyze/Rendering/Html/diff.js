// The page of `pnm diff --format html`: chart configuration and tables over the data pnm wrote into #pnm-data.
// Every figure comes from that data; this script only arranges and formats it.
(function () {
  'use strict';
  var data = pnm.data, element = pnm.element;
  var metric = data.metric, metricKind = data.diff.columns.filter(function (c) { return c.name === metric + '_delta'; })[0].kind;

  function format(value) { return value === null || value === undefined ? '' : pnm.readable(value, metricKind); }

  function summaries() {
    document.getElementById('title').textContent = 'pnm diff: ' + pnm.hosts(data.base) + ' and ' + pnm.hosts(data.new);
    pnm.summary(data.base, document.getElementById('base-summary'));
    pnm.summary(data.new, document.getElementById('new-summary'));
    document.getElementById('compared').textContent = 'Compared: ' +
      (data.compared === 'totals' ? 'window totals' : 'rates over each window, per ' + data.interval_seconds + ' s interval') +
      '; a rate change is significant when the Mann-Whitney U test gives p < ' + data.alpha + '.';
    var warnings = document.getElementById('warnings');
    data.warnings.forEach(function (w) { warnings.appendChild(element('li', w)); });
  }

  function timelines() {
    var chart = echarts.init(document.getElementById('timelines'), null, { renderer: 'svg' });
    var series = [];
    [['base', data.base_timeline, 'solid'], ['new', data.new_timeline, 'dashed']].forEach(function (side) {
      var t = side[1], s = t.series[0];
      if (!s) return;
      var step = t.interval_ms / 1000;
      [['sent', s.tx_rate], ['received', s.rx_rate]].forEach(function (direction) {
        series.push({
          name: side[0] + ' ' + direction[0], type: 'line', showSymbol: false, sampling: 'lttb', lineStyle: { type: side[2], width: 1.5 },
          data: direction[1].map(function (v, i) { return [i * step, v]; }),
        });
      });
    });
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '' : pnm.rate(v); } },
      grid: { left: 90, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'value', name: 's from start', nameLocation: 'middle', nameGap: 25, min: 0 },
      yAxis: { type: 'value', axisLabel: { formatter: pnm.rate } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 5, height: 18 }],
      series: series,
    });
    return chart;
  }

  // Red a significant rise, green a significant fall, grey a change the test does not call significant, yellow a
  // new group, blue a gone one: as the terminal table colours them.
  function colour(row) {
    var change = row[metric + '_change'];
    if (row.status === 'new') return '#d9a400';
    if (row.status === 'gone') return '#3a6fd8';
    if (change === '~' || change === '=' || change === null) return '#b0b0b0';
    return row[metric + '_delta'] > 0 ? '#d33' : '#2a9d4b';
  }

  function changes() {
    var rows = data.diff.rows.filter(function (r) { return r.status !== 'all' && r[metric + '_delta'] !== null; });
    document.getElementById('changes-note').textContent = 'Change of ' + metric.replace(/_/g, ' ') + ' per group (new minus base). ' +
      'Red: a significant rise, green: a significant fall, grey: not significant (~), yellow: new, blue: gone.';
    var names = rows.map(function (r) { return pnm.label(r, data.key_columns); });
    var chart = echarts.init(document.getElementById('changes-chart'), null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: function (items) {
          var row = rows[items[0].dataIndex];
          return names[items[0].dataIndex] + '<br>' + format(row[metric + '_base']) + ' → ' + format(row[metric + '_new']) +
            ' (' + (row[metric + '_change'] || row.status) + ')';
        },
      },
      grid: { left: 90, right: 30, top: 20, bottom: 80 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: format } },
      series: [{
        name: metric + ' change', type: 'bar',
        data: rows.map(function (r) {
          var significant = ['~', '=', null].indexOf(r[metric + '_change']) < 0;
          return {
            value: r[metric + '_delta'], itemStyle: { color: colour(r) },
            label: { show: significant, position: r[metric + '_delta'] >= 0 ? 'top' : 'bottom', formatter: r[metric + '_change'] || '' },
          };
        }),
      }],
    });
    return chart;
  }

  function newSinceBase() {
    var box = document.getElementById('new-since-base'), any = false;
    Object.keys(data.new_since_base).forEach(function (kind) {
      var items = data.new_since_base[kind];
      if (!items.length) return;
      any = true;
      box.appendChild(element('p', kind + ': ' + items.join(', ')));
    });
    if (!any) box.appendChild(element('p', 'Nothing.', 'note'));
  }

  summaries();
  var charts = [timelines(), changes()];
  pnm.table('diff', data.diff);
  newSinceBase();
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
