/* A static copy's home pages and WordPress shortlinks ("/?p=12", a network blog's
 * "/ru/?p=12"): a web server serving the copy sends such an address to the home
 * page of that folder, since a query is no file. If the site came from WordPress,
 * /shortlinks.json (written by the export when there are any) maps each shortlink
 * to its item's page: go there. On the live server the shortlink never reaches
 * this page (a 301 answers it), and a copy without the list leaves the home page
 * as it is. */
(function () {
	'use strict';

	/* The path the copy is served under (export --static --base-path /press): this
	 * script's own address is <root>/static/shortlink.js. The list's paths are from
	 * the copy's root. */
	var me = document.currentScript && document.currentScript.src;
	var at = me ? /^[a-z]+:\/\/[^\/]*(\/.*)?\/static\/shortlink\.js(?:[?#].*)?$/.exec(me) : null;
	var root = at && at[1] ? at[1] : '';
	var m = /^\?(?:[^#]*&)?p=([1-9][0-9]{0,17})(?:&|$)/.exec(location.search);
	if (!m || typeof window.fetch !== 'function')
		return;
	var here = location.pathname;
	if (root) {
		if (here.indexOf(root + '/') !== 0)
			return;
		here = here.slice(root.length);
	}
	window.fetch(root + '/shortlinks.json', { credentials: 'same-origin' }).then(function (r) {
		return r.ok ? r.json() : null;
	}).then(function (map) {
		var key = here.replace(/index\.php$/, '') + '?p=' + m[1];
		var to = map && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : null;
		/* Only a path of this site: never another host. */
		if (typeof to === 'string' && to.charAt(0) === '/' && to.charAt(1) !== '/' &&
		    to.indexOf('\\') < 0)
			location.replace(root + to);
	}).catch(function () { /* the home page stays */ });
})();
