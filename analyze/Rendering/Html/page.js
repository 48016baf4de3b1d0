// The page of `pnm report --format html`: chart configuration and tables over the data pnm wrote into #pnm-data.
// Every figure comes from that data; this script only arranges and formats it.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('pnm-data').textContent);
  var units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

  // As pnm's table output: exact below 1 KiB, one decimal in binary units above.
  function bytes(value) {
    if (value < 0) return '-' + bytes(-value);
    if (Math.round(value) < 1024) return Math.round(value) + ' B';
    var scaled = value / 1024, unit = 0;
    while (Math.round(scaled * 10) / 10 >= 1024 && unit < units.length - 1) { scaled /= 1024; unit++; }
    return scaled.toFixed(1) + ' ' + units[unit];
  }
  function rate(value) { return bytes(value) + '/s'; }

  function readable(value, kind) {
    if (value === null || value === undefined) return '';
    switch (kind) {
      case 'bytes': return bytes(value);
      case 'rate': return rate(value);
      case 'percent': return value.toFixed(1) + ' %';
      case 'seconds': return value.toFixed(3) + ' s';
      case 'real': return value.toFixed(3);
      case 'integer': return value.toLocaleString('en-US');
      case 'time': return String(value).replace('T', ' ').replace(/(\.\d{3})\d*/, '$1');
      default: return String(value);
    }
  }

  function label(row, columns) {
    return columns.map(function (c) { return row[c] === null || row[c] === undefined ? '-' : String(row[c]); }).join(' ');
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function summary() {
    var s = data.summary, box = document.getElementById('summary');
    document.getElementById('title').textContent = 'pnm ' + s.command + ': ' +
      s.recordings.map(function (r) { return r.host; }).filter(function (h, i, all) { return all.indexOf(h) === i; }).join(', ');
    var list = element('dl', undefined, 'summary');
    function add(term, value, className) {
      list.appendChild(element('dt', term));
      list.appendChild(element('dd', value, className));
    }
    s.recordings.forEach(function (r) {
      add('Recording', r.path + (r.complete ? '' : ' (not stopped cleanly)'));
      add('Host', r.host);
      add('Kernel', r.kernel_release);
      add('Backend', r.backend);
      if (r.filters) add('Filters', r.filters);
    });
    add('Window', readable(s.window.start, 'time') + ' to ' + readable(s.window.end, 'time') + ' (' + s.window.seconds.toFixed(3) + ' s)');
    add('Events', s.events.toLocaleString('en-US'));
    add('Lost events', s.lost_events.toLocaleString('en-US') + (s.lost_events > 0
      ? ' in ' + s.loss_windows.length + ' one-second window(s): all totals and rates are lower bounds' : ''),
      s.lost_events > 0 ? 'warning' : undefined);
    var shown = 20;
    s.loss_windows.slice(0, shown).forEach(function (w) {
      add('', w.lost.toLocaleString('en-US') + ' lost in the second from ' + readable(w.start, 'time'), 'warning');
    });
    if (s.loss_windows.length > shown) add('', '… and ' + (s.loss_windows.length - shown) + ' more windows', 'warning');
    if (s.summarized_calls) add('Summarized', s.summarized_calls.toLocaleString('en-US') + ' calls (' + bytes(s.summarized_bytes) + ') summed in the kernel');
    s.notes.forEach(function (note) { add('Note', note); });
    box.appendChild(list);
  }

  // A table whose columns sort on click; each cell keeps pnm's exact value in data-value and shows it readably.
  function table(id, part, filterBox) {
    var node = document.getElementById(id);
    var head = element('thead'), headRow = element('tr'), body = element('tbody');
    var rows = part.rows.slice();
    var numeric = part.columns.map(function (c) { return ['text', 'time'].indexOf(c.kind) < 0; });
    var order = { column: -1, descending: false };
    part.columns.forEach(function (column, index) {
      var th = element('th', column.name.replace(/_/g, ' '));
      th.dataset.column = column.name;
      th.addEventListener('click', function () {
        order = { column: index, descending: order.column === index ? !order.descending : numeric[index] };
        draw();
      });
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    node.appendChild(head);
    node.appendChild(body);

    function compare(a, b) {
      var name = part.columns[order.column].name, x = a[name], y = b[name];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      var sign = order.descending ? -1 : 1;
      return (x < y ? -1 : 1) * sign;
    }

    function draw() {
      if (order.column >= 0) rows.sort(compare);
      Array.prototype.forEach.call(headRow.children, function (th, i) {
        th.className = i === order.column ? (order.descending ? 'sorted-desc' : 'sorted-asc') : '';
      });
      var filter = filterBox ? filterBox.value.trim().toLowerCase() : '';
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) {
        var texts = part.columns.map(function (c) { return readable(row[c.name], c.kind); });
        if (filter && texts.join(' ').toLowerCase().indexOf(filter) < 0) return;
        var tr = element('tr');
        part.columns.forEach(function (column, i) {
          var td = element('td', texts[i], numeric[i] ? 'number' : undefined);
          var value = row[column.name];
          td.dataset.value = value === null || value === undefined ? '' : String(value);
          if (numeric[i] && value !== null) td.title = String(value);
          tr.appendChild(td);
        });
        fragment.appendChild(tr);
      });
      body.replaceChildren(fragment);
    }
    if (filterBox) filterBox.addEventListener('input', draw);
    draw();
  }

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

  summary();
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
