/* Live clocks and today's date for the home page.
 * .clock[data-tz]      -> HH:MM (24 h) in that IANA zone, datetime="YYYY-MM-DDTHH:MM+hh:mm"
 * .today-date[data-tz] -> "28 November 2026" in that zone and the page's language
 *                         ("28 ноября 2026" on <html lang="ru">), datetime="YYYY-MM-DD"
 * The server's text stays until the script has a correct value; an element whose
 * zone Intl does not know is left alone. Elements updated get data-live="1", and a
 * section.today the static copy hid (its time would be the export's) is shown. */
(function () {
	'use strict';

	if (typeof Intl !== 'object' || typeof Intl.DateTimeFormat !== 'function' ||
	    !document.querySelectorAll)
		return;

	var zones = {};	/* zone -> {time, date, parts} formatters, or null if unsupported */
	/* The date in the page's language; English as the server writes it (day first). */
	var lang = document.documentElement.getAttribute('lang') || 'en';
	if (/^en(-|$)/i.test(lang))
		lang = 'en-GB';

	function formatters(tz) {
		if (Object.prototype.hasOwnProperty.call(zones, tz))
			return zones[tz];
		var f = null;
		try {
			f = {
				time: new Intl.DateTimeFormat('en-GB', {
					timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
				}),
				date: new Intl.DateTimeFormat(lang, {
					timeZone: tz, day: 'numeric', month: 'long', year: 'numeric'
				}),
				parts: new Intl.DateTimeFormat('en-GB', {
					timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
					hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
				})
			};
		} catch (e) {
			f = null;
		}
		zones[tz] = f;
		return f;
	}

	function pad(n) {
		return (n < 10 ? '0' : '') + n;
	}

	/* Civil time in the formatter's zone: {y, mo, d, h, mi, off (minutes east of UTC)}. */
	function civil(fmt, now) {
		if (typeof fmt.formatToParts !== 'function')
			return null;
		var p = fmt.formatToParts(new Date(now)), v = {};
		for (var i = 0; i < p.length; i++)
			if (p[i].type !== 'literal')
				v[p[i].type] = parseInt(p[i].value, 10);
		if (isNaN(v.year) || isNaN(v.month) || isNaN(v.day) || isNaN(v.hour) || isNaN(v.minute))
			return null;
		if (v.hour === 24)	/* engines that ignore hourCycle: 24:05 is 00:05 */
			v.hour = 0;
		var sec = isNaN(v.second) ? 0 : v.second;
		var local = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, sec);
		var off = Math.round((local - Math.floor(now / 1000) * 1000) / 60000);
		return { y: v.year, mo: v.month, d: v.day, h: v.hour, mi: v.minute, off: off };
	}

	function isoDate(c) {
		var y = String(c.y);
		while (y.length < 4)
			y = '0' + y;
		return y + '-' + pad(c.mo) + '-' + pad(c.d);
	}

	function isoOffset(off) {
		var a = Math.abs(off);
		return (off < 0 ? '-' : '+') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
	}

	function set(el, text, datetime) {
		if (el.textContent !== text)
			el.textContent = text;
		if (datetime && el.getAttribute('datetime') !== datetime)
			el.setAttribute('datetime', datetime);
		if (el.getAttribute('data-live') !== '1')
			el.setAttribute('data-live', '1');
		for (var s = el.parentNode; s && s.nodeType === 1; s = s.parentNode)
			if (/(^|\s)today(\s|$)/.test(s.className) && s.hasAttribute('hidden'))
				s.removeAttribute('hidden');
	}

	function updateClock(el, now) {
		var f = formatters(el.getAttribute('data-tz') || '');
		if (!f)
			return;
		var text = f.time.format(new Date(now)).replace(/^24:/, '00:');
		if (!/^\d\d:\d\d$/.test(text))
			return;	/* unexpected output (other digits, etc.): keep the server's text */
		var c = civil(f.parts, now), dt = null;
		if (c && pad(c.h) + ':' + pad(c.mi) === text)
			dt = isoDate(c) + 'T' + text + isoOffset(c.off);
		set(el, text, dt);
	}

	function updateDate(el, now) {
		var f = formatters(el.getAttribute('data-tz') || '');
		if (!f)
			return;
		/* Day, month, year from the parts: Russian's "4 декабря 2026 г." loses its
		 * "г.", as the server writes it. */
		if (typeof f.date.formatToParts !== 'function')
			return;
		var p = f.date.formatToParts(new Date(now)), v = {};
		for (var i = 0; i < p.length; i++)
			v[p[i].type] = p[i].value;
		var text = v.day + ' ' + v.month + ' ' + v.year;
		if (!/^\d{1,2} \S+ \d{4}$/.test(text))
			return;
		var c = civil(f.parts, now);
		set(el, text, c ? isoDate(c) : null);
	}

	var lastMinute = -1, timer = 0;

	function update(force) {
		var now = Date.now(), minute = Math.floor(now / 60000);
		/* Every zone in use changes its minute (and its date, at midnight) on a
		 * UTC minute boundary, so there is nothing to do within the same minute. */
		if (force || minute !== lastMinute) {
			lastMinute = minute;
			var els = document.querySelectorAll('.clock[data-tz], .today-date[data-tz]');
			for (var i = 0; i < els.length; i++) {
				try {
					if (/(^|\s)clock(\s|$)/.test(els[i].className))
						updateClock(els[i], now);
					else
						updateDate(els[i], now);
				} catch (e) {
					/* leave this element as the server rendered it */
				}
			}
		}
		/* Wake just after the next second boundary; cheap when nothing changed. */
		clearTimeout(timer);
		timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 20);
	}

	function tick() {
		update(false);
	}

	function start() {
		if (!document.querySelector('.clock[data-tz], .today-date[data-tz]'))
			return;
		update(true);
		document.addEventListener('visibilitychange', function () {
			if (!document.hidden)
				update(true);
		});
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
})();
