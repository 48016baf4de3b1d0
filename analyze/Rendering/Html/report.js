// The page of `pnm report --format html`: chart configuration and tables over the data pnm wrote into #pnm-data.
// Every figure comes from that data; this script only arranges and formats it.
(function () {
  'use strict';
  var data = pnm.data, rate = pnm.rate, bytes = pnm.bytes, label = pnm.label, table = pnm.table;

  function markAreas(items, colour, name) {
    return items.map(function (item) {
      return [{ xAxis: item.start_ms, name: name(item), itemStyle: { color: colour } }, { xAxis: item.end_ms }];
    });
  }
  function timeline() {
    var t = data.timeline, node = document.getElementById('timeline');
    var chart = echarts.init(node, null, { renderer: 'svg' });
    var series = [];
    var times = [];
    var count = t.series.length ? t.series[0].tx_rate.length : 0;
    for (var i = 0; i < count; i++) times.push(t.start_ms + i * t.interval_ms);
    function points(values) { return values.map(function (v, i) { return [times[i], v]; }); }
    t.series.forEach(function (s) {
      [['tx', 0, s.tx_rate], ['rx', 1, s.rx_rate]].forEach(function (side) {
        series.push({
          name: s.label, type: 'line', stack: side[0], areaStyle: {}, showSymbol: false, sampling: 'lttb',
          lineStyle: { width: 1 }, emphasis: { focus: 'series' },
          xAxisIndex: side[1], yAxisIndex: side[1], data: points(side[2]),
        });
      });
    });
    // The marks belong to no group: carried by series of their own, so the legend can hide them too.
    [0, 1].forEach(function (axis) {
      series.push({
        name: 'lost events', type: 'line', data: [], xAxisIndex: axis, yAxisIndex: axis, color: '#d33',
        markArea: { silent: false, data: markAreas(t.loss_windows, 'rgba(220, 40, 40, 0.25)', function (w) { return w.lost + ' lost'; }) },
      });
      series.push({
        name: 'peak windows', type: 'line', data: [], xAxisIndex: axis, yAxisIndex: axis, color: '#e6b400',
        markArea: { silent: false, label: { show: axis === 0, position: 'insideTop' },
          data: markAreas(t.peaks, 'rgba(240, 200, 0, 0.25)', function (p) { return '#' + p.rank; }) },
      });
    });
    var groups = t.series.map(function (s) { return s.label; });
    chart.setOption({
      animation: false,
      useUTC: data.utc,
      legend: { type: 'scroll', top: 0, data: groups.concat(['lost events', 'peak windows']) },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'line' },
        valueFormatter: function (v) { return v === null || v === undefined ? '' : rate(v); },
      },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [{ left: 90, right: 30, top: 40, height: '34%' }, { left: 90, right: 30, top: '52%', height: '34%' }],
      xAxis: [{ type: 'time', gridIndex: 0, axisLabel: { show: false } }, { type: 'time', gridIndex: 1 }],
      yAxis: [
        { type: 'value', gridIndex: 0, name: 'sent', axisLabel: { formatter: rate } },
        { type: 'value', gridIndex: 1, name: 'received', axisLabel: { formatter: rate } },
      ],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }, { type: 'slider', xAxisIndex: [0, 1], bottom: 5 }],
      series: series,
    });
    return chart;
  }

  function protocols() {
    var p = data.protocols, node = document.getElementById('protocols-chart');
    var keys = p.columns.filter(function (c) { return ['proto', 'app', 'app_method'].indexOf(c.name) >= 0; }).map(function (c) { return c.name; });
    var rows = p.rows.slice().reverse(); // busiest at the top of the bars
    var names = rows.map(function (r) { return label(r, keys); });
    var chart = echarts.init(node, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: bytes },
      grid: { left: 200, right: 40, top: 30, bottom: 30 },
      xAxis: { type: 'value', axisLabel: { formatter: bytes } },
      yAxis: { type: 'category', data: names },
      series: [
        { name: 'sent', type: 'bar', stack: 'bytes', data: rows.map(function (r) { return r.tx_bytes; }) },
        { name: 'received', type: 'bar', stack: 'bytes', data: rows.map(function (r) { return r.rx_bytes; }) },
      ],
    });
    return chart;
  }

  document.getElementById('title').textContent = 'pnm report: ' + pnm.hosts(data.summary);
  pnm.summary(data.summary, document.getElementById('summary'));
  var charts = [timeline(), protocols()];
  table('groups', data.report);
  table('peaks', data.peaks);
  var connections = data.connections;
  document.getElementById('connections-note').textContent = connections.rows.length < connections.total_rows
    ? 'The first ' + connections.rows.length + ' of ' + connections.total_rows + ' connections (pnm connections shows them all).'
    : connections.total_rows + ' connections.';
  table('connections', connections, document.getElementById('connections-filter'));
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
