// What both pages of pnm's HTML output share (`pnm report` and `pnm diff` with --format html): the page's data,
// figures formatted as pnm's table output formats them, the summary list, and sortable tables.
var pnm = (function () {
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

  function hosts(s) {
    return s.recordings.map(function (r) { return r.host; }).filter(function (h, i, all) { return all.indexOf(h) === i; }).join(', ');
  }

  // What was read, the window and what was lost, as a list into box.
  function summary(s, box) {
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

  return {
    data: data, bytes: bytes, rate: rate, readable: readable, label: label, element: element, hosts: hosts,
    summary: summary, table: table,
  };
})();
