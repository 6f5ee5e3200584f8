/* Search in a static copy of the site (pressroom export --static), where no server
 * answers /search?q=...: the page's #search-static element names the indexes, one
 * per language (data-index, space-separated: each public item's u(rl), d(ate),
 * k(ind), (lan)g, t(itle), l(ead))
 * and the sentences to show, in the page's language (data-count "%s" "%d",
 * data-none, data-more "%d", data-failed, data-nothing; data-kinds: each kind's
 * name for one item, a JSON object). An item matches when each word of the
 * query starts a word of its title or lead; the kind, language and date filters of
 * the form apply. Results are built as DOM nodes, never as HTML. */
(function () {
	'use strict';

	/* The path the copy is served under (export --static --base-path /press): this
	 * script's own address is <root>/static/search.js. The indexes' paths, and
	 * their items', are from the copy's root. */
	var me = document.currentScript && document.currentScript.src;
	var at = me ? /^[a-z]+:\/\/[^\/]*(\/.*)?\/static\/search\.js(?:[?#].*)?$/.exec(me) : null;
	var root = at && at[1] ? at[1] : '';
	var box = document.getElementById('search-static');
	if (!box || !window.fetch || !window.URLSearchParams)
		return;
	var MAX = 100;
	var params = new URLSearchParams(window.location.search);
	var q = (params.get('q') || '').slice(0, 1000);
	var filters = {
		kind: params.get('kind') || '',
		lang: params.get('lang') || '',
		from: params.get('from') || '',
		to: params.get('to') || ''
	};

	/* The form shows what was asked. */
	var fields = { 'search-q': q, 'search-kind': filters.kind, 'search-lang': filters.lang,
		       'search-from': filters.from, 'search-to': filters.to };
	Object.keys(fields).forEach(function (id) {
		var el = document.getElementById(id);
		if (el && fields[id])
			el.value = fields[id];
	});

	var wordRe;
	try {
		wordRe = new RegExp('[\\p{L}\\p{N}]+', 'gu');
	} catch (e) {
		wordRe = /[^\s!-\/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f]+/g;
	}
	function words(s) {
		return s.toLowerCase().match(wordRe) || [];
	}

	var want = words(q);
	if (!want.length) {
		/* Something typed, but no word in it ("!!!"): said, as the server says it. */
		if (q.trim())
			box.appendChild(text('p', 'notice', box.getAttribute('data-nothing')));
		return;
	}

	function text(tag, cls, s) {
		var el = document.createElement(tag);
		if (cls)
			el.className = cls;
		if (s)
			el.textContent = s;
		return el;
	}
	function say(s, cls) {
		return box.appendChild(text('p', cls || 'notice', s));
	}
	var kinds = {};
	try {
		kinds = JSON.parse(box.getAttribute('data-kinds') || '{}');
	} catch (e) {
		kinds = {};
	}
	function kindLabel(k) {
		return Object.prototype.hasOwnProperty.call(kinds, k) ? kinds[k] : k;
	}
	function matches(e) {
		if ((filters.kind && e.k !== filters.kind) || (filters.lang && e.g !== filters.lang) ||
		    (filters.from && e.d < filters.from) || (filters.to && e.d > filters.to))
			return false;
		var have = words(e.t + ' ' + e.l);
		return want.every(function (w) {
			return have.some(function (h) { return h.lastIndexOf(w, 0) === 0; });
		});
	}
	function entry(e) {
		var li = text('li', 'entry');
		if (e.g && e.g !== document.documentElement.lang)
			li.lang = e.g;
		var head = text('p', 'entry-head');
		var d = e.d.split('-');
		var time = text('time', '', d[2] + '.' + d[1] + '.' + d[0]);
		time.dateTime = e.d;
		head.appendChild(time);
		head.appendChild(document.createTextNode(' \u2013 '));
		head.appendChild(text('span', 'kind', kindLabel(e.k)));
		head.appendChild(document.createTextNode(' \u2013 '));
		var a = text('a', '', e.t);
		a.href = root + e.u;
		head.appendChild(a);
		li.appendChild(head);
		if (e.l)
			li.appendChild(text('p', 'snippet', e.l));
		return li;
	}

	function load(url) {
		return fetch(url, { credentials: 'same-origin' }).then(function (r) {
			if (!r.ok)
				throw new Error(url + ': HTTP ' + r.status);
			return r.json();
		});
	}

	/* One index per language (data-index lists them); the filter picks the language. */
	var urls = box.getAttribute('data-index').split(' ').filter(Boolean).map(function (u) {
		return root + u;
	});
	box.setAttribute('aria-busy', 'true');
	Promise.all(urls.map(load))
		.then(function (indexes) {
			var found = [].concat.apply([], indexes).filter(matches);
			/* Newest first across languages (each index is newest first). */
			found.forEach(function (e, i) { e.i = i; });
			found.sort(function (a, b) {
				return a.d < b.d ? 1 : a.d > b.d ? -1 : a.i - b.i;
			});
			var shown = q.length > 200 ? q.slice(0, 200) + '\u2026' : q;
			/* One pass, by a function: a query with "%d" or "$&" in it stays as typed. */
			var count = box.getAttribute('data-count').replace(/%[sd]/g, function (m) {
				return m === '%s' ? shown : String(found.length);
			});
			say(count, 'search-count').setAttribute('role', 'status');
			if (!found.length) {
				say(box.getAttribute('data-none'));
				return;
			}
			var ol = text('ol', 'entries search-results');
			found.slice(0, MAX).forEach(function (e) { ol.appendChild(entry(e)); });
			box.appendChild(ol);
			if (found.length > MAX)
				say(box.getAttribute('data-more').replace('%d', MAX));
		})
		.catch(function () {
			say(box.getAttribute('data-failed'));
		})
		.then(function () {
			box.removeAttribute('aria-busy');
		});
})();
