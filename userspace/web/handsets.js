/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Handsets page works without this script; it only keeps the
 * server-rendered page current (the event stream sends a fresh <main>,
 * or only the changed rows, rendered by handsetd from the same document
 * as /api/v1/handsets) and
 * adds filtering by text and sorting by column, both kept across updates.
 */
'use strict';

(function () {
	const main = document.getElementById('main');
	const filter = document.getElementById('filter');
	const live = document.getElementById('live');
	const sorts = {};   /* section id -> [column, direction] */

	if (!main)
		return;

	function applyFilter() {
		const words = filter.value.toLowerCase().split(/\s+/)
			.filter(Boolean);

		main.querySelectorAll('tbody tr').forEach(function (tr) {
			const text = tr.textContent.toLowerCase();

			tr.hidden = !words.every(function (w) {
				return text.includes(w);
			});
		});
	}

	function sortTable(table, col, dir) {
		const body = table.tBodies[0];
		const rows = Array.from(body.rows);
		const coll = new Intl.Collator(undefined, { numeric: true });

		rows.sort(function (a, b) {
			const x = a.cells[col] ? a.cells[col].textContent : '';
			const y = b.cells[col] ? b.cells[col].textContent : '';

			return dir * coll.compare(x, y);
		});
		rows.forEach(function (r) { body.appendChild(r); });
		table.querySelectorAll('th').forEach(function (th, i) {
			if (i === col)
				th.setAttribute('aria-sort', dir > 0 ?
						'ascending' : 'descending');
			else
				th.removeAttribute('aria-sort');
		});
	}

	function applySorts() {
		Object.keys(sorts).forEach(function (id) {
			const table = main.querySelector('#' + id + ' table');

			if (table)
				sortTable(table, sorts[id][0], sorts[id][1]);
		});
	}

	main.addEventListener('click', function (ev) {
		const th = ev.target.closest('th');
		const section = th && th.closest('section');
		const table = th && th.closest('table');
		let dir = 1;

		if (!th || !section || !table)
			return;
		if (th.getAttribute('aria-sort') === 'ascending')
			dir = -1;
		sorts[section.id] = [th.cellIndex, dir];
		sortTable(table, th.cellIndex, dir);
	});

	filter.hidden = false;
	filter.addEventListener('input', applyFilter);

	if (!window.EventSource)
		return;

	const es = new EventSource('/api/v1/events');

	es.addEventListener('main', function (ev) {
		/* handsetd escaped every string in it (see http_page.c) */
		main.innerHTML = ev.data;
		applySorts();
		applyFilter();
		live.textContent = 'live';
		live.dataset.updated = String(Date.now());
	});
	/*
	 * Only some SIP handsets changed: their rows (in a table, so that
	 * they parse as rows) and the Warnings section.  A row the page does
	 * not have yet waits for the next whole <main>.
	 */
	es.addEventListener('rows', function (ev) {
		const t = document.createElement('template');
		const byId = new Map();
		const sip = main.querySelector('#sip tbody');
		const words = filter.value.toLowerCase().split(/\s+/)
			.filter(Boolean);

		/* handsetd escaped every string in it (see http_page.c) */
		t.innerHTML = ev.data;
		if (sip)
			Array.from(sip.rows).forEach(function (tr) {
				byId.set(tr.dataset.userId, tr);
			});
		t.content.querySelectorAll('tr[data-user-id]').forEach(
			function (tr) {
				const old = byId.get(tr.dataset.userId);
				const text = tr.textContent.toLowerCase();

				if (!old)
					return;
				tr.hidden = !words.every(function (w) {
					return text.includes(w);
				});
				old.replaceWith(tr);
			});
		const warnings = t.content.querySelector('#warnings');
		const oldWarnings = main.querySelector('#warnings');

		if (warnings && oldWarnings)
			oldWarnings.replaceWith(warnings);
		if (sorts.sip)
			applySorts();
		live.textContent = 'live';
		live.dataset.updated = String(Date.now());
	});
	es.addEventListener('error', function () {
		live.textContent = 'reconnecting';
	});
}());
