// Sortable tables: a button in each column header sorts the rows by the
// cells' data-sort-value (numbers numerically, text in Chinese collation)
// and updates aria-sort, so screen readers announce the order.
;(function () {
  'use strict'
  var collator = new Intl.Collator('zh-Hans-CN', {numeric: true, sensitivity: 'base'})
  var LABELS = {ascending: '升序', descending: '降序'}

  function cellValue(row, index) {
    var cell = row.children[index]
    if (!cell) return ''
    var value = cell.getAttribute('data-sort-value')
    return value === null ? cell.textContent.trim() : value
  }

  function compare(a, b, numeric) {
    return numeric ? parseFloat(a) - parseFloat(b) : collator.compare(a, b)
  }

  function sortTable(table, header) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells)
    var index = headers.indexOf(header)
    var direction = header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending'
    var numeric = header.getAttribute('data-sort') === 'number'
    var body = table.tBodies[0]
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return {row: row, value: cellValue(row, index), position: position}
    })
    rows.sort(function (a, b) {
      // Empty cells go last whichever the direction; ties keep their order.
      var missingA = a.value === '' || (numeric && isNaN(parseFloat(a.value)))
      var missingB = b.value === '' || (numeric && isNaN(parseFloat(b.value)))
      if (missingA || missingB) return missingA === missingB ? a.position - b.position : missingA ? 1 : -1
      var result = compare(a.value, b.value, numeric)
      if (direction === 'descending') result = -result
      return result || a.position - b.position
    })
    rows.forEach(function (entry) {
      body.appendChild(entry.row)
    })
    headers.forEach(function (th) {
      if (th === header) th.setAttribute('aria-sort', direction)
      else th.removeAttribute('aria-sort')
    })
    var status = table.closest('.table-scroll')
    status = status && status.nextElementSibling
    if (status && status.hasAttribute('data-sort-status')) {
      status.textContent = '已按' + header.textContent.trim() + LABELS[direction] + '排列'
    }
  }

  function init() {
    var tables = document.querySelectorAll('table[data-sortable]')
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.tHead || !table.tBodies[0]) return
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
        var button = header.querySelector('button')
        if (!button) return
        button.addEventListener('click', function () {
          sortTable(table, header)
        })
      })
    })
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
  else init()
})()
