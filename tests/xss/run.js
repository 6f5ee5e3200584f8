#!/usr/bin/env node
/*
 * An attacker's inputs, measured: every vector of tests/xss/vectors.txt injected
 * through every input of pressroom (newsroom editor, settings, users, login, media
 * file names, `pressroom add`, `config` and `user add`, the Markdown-tree, WXR and
 * plain-text importers, a syndicated RSS/Atom feed), then every public page,
 * newsroom page and feed that shows them opened in Debian's headless Chromium
 * (playwright-core from tests/e2e) with a trap that records any script execution.
 *
 * Two things are counted, both must be zero:
 *   executions     __x(n), alert/prompt/confirm/print, a dialog, a blocked script,
 *                  frame, plugin or inline style (securitypolicyviolation events and
 *                  the console's CSP messages), a navigation away from the page;
 *   would-execute  what the DOM holds that would run without the CSP: a script
 *                  element not from /static (JSON-LD must parse as JSON), any on*
 *                  attribute, javascript:/vbscript:/data: URLs in href, src,
 *                  action, formaction, xlink:href..., srcdoc, style attributes,
 *                  meta refresh, base, iframe/object/embed, SVG or MathML, and any
 *                  element the site's templates and Markdown renderer never make.
 * Feeds are fetched and parsed (XML by the browser's DOMParser, JSON by
 * JSON.parse); the HTML they carry (RSS description and content:encoded, Atom
 * content of type html, JSON content_html) goes through the same DOM check.
 * Uploads: polyglots (PNG+HTML, JPEG+ZIP, PDF with JavaScript), a PNG with HTML in
 * a tEXt chunk, SVG, oversize and empty files are refused or served inert.
 *
 * usage: node tests/xss/run.js BUILD_DIR [--full]      (or XSS_FULL=1)
 *   default  every vector at least once through each input (fields rotate)
 *   --full   every vector through every field of every input (`make harden`)
 * Prints "ok   name" / "FAIL name: reason", the figures, then "N passed, N failed".
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const HERE = __dirname;
const ROOT = path.resolve(HERE, "..", "..");
const ARGS = process.argv.slice(2);
const FULL = ARGS.includes("--full") || process.env.XSS_FULL === "1";
const BUILD = path.resolve(ARGS.find((a) => !a.startsWith("--")) || path.join(ROOT, "build"));
const PRESSROOM = path.join(BUILD, "pressroom");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const WORKERS = Number(process.env.XSS_WORKERS || Math.max(2, Math.min(6, os.cpus().length + 1)));
const PW = { ed: "editor-password-1", adm: "admin-password-12" };
const KINDS = ["press-release", "news", "statement", "interview", "media-reply", "speech", "article", "comment"];

let chromium;
try {
	({ chromium } = require(path.join(ROOT, "tests", "e2e", "node_modules", "playwright-core")));
} catch (e) {
	console.log("FAIL setup: playwright-core is not installed (npm ci --prefix tests/e2e)");
	console.log("0 passed, 1 failed");
	process.exit(1);
}

/* ---- the corpus --------------------------------------------------------------------- */

/* "\n" "\r" "\t" "\0" "\xHH" "\\" to bytes; any other backslash stays. */
function decodeEscapes(s) {
	const parts = [];
	let lit = "";
	const flush = () => {
		if (lit) parts.push(Buffer.from(lit, "utf8"));
		lit = "";
	};
	for (let i = 0; i < s.length; i++) {
		if (s[i] === "\\" && i + 1 < s.length) {
			const simple = { n: 10, r: 13, t: 9, 0: 0, "\\": 92 }[s[i + 1]];
			if (simple !== undefined) {
				flush();
				parts.push(Buffer.from([simple]));
				i++;
				continue;
			}
			if (s[i + 1] === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
				flush();
				parts.push(Buffer.from([parseInt(s.slice(i + 2, i + 4), 16)]));
				i += 3;
				continue;
			}
		}
		lit += s[i];
	}
	flush();
	return Buffer.concat(parts);
}

function loadVectors(file) {
	const vecs = [];
	let cls = "unclassified";
	for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
		const line = raw.replace(/\r$/, "");
		const m = /^#\s*class:\s*(.+)$/.exec(line);
		if (m) {
			cls = m[1].trim();
			continue;
		}
		if (!line.trim() || line.startsWith("#")) continue;
		const id = vecs.length + 1;
		vecs.push({ id, cls, src: line, bytes: decodeEscapes(line.replace(/XID/g, String(id))) });
	}
	return vecs;
}

/* ---- byte helpers ------------------------------------------------------------------- */

const B = (...parts) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(String(p), "utf8"))));

function pct(buf) {
	let s = "";
	for (const b of B(buf)) {
		const c = String.fromCharCode(b);
		s += /[A-Za-z0-9_.~-]/.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
	}
	return s;
}
const formBody = (fields) => Object.entries(fields).map(([k, v]) => pct(k) + "=" + pct(v)).join("&");

/* What XML 1.0 can carry of the bytes: UTF-8 (bad sequences become U+FFFD), no C0 but tab/LF/CR. */
const xmlSafe = (buf) => B(buf).toString("utf8").replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "");
const xmlEsc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const cdata = (s) => "<![CDATA[" + s.split("]]>").join("]]]]><![CDATA[>") + "]]>";
const htmlEsc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/* A YAML double-quoted scalar with the bytes as they are, control bytes as \xHH. */
function yamlQ(buf) {
	const out = [0x22];
	for (const b of B(buf)) {
		if (b === 0x5c) out.push(0x5c, 0x5c);
		else if (b === 0x22) out.push(0x5c, 0x22);
		else if (b < 0x20 || b === 0x7f) out.push(...Buffer.from("\\x" + b.toString(16).padStart(2, "0")));
		else out.push(b);
	}
	out.push(0x22);
	return Buffer.from(out);
}

/* ---- the run's state ---------------------------------------------------------------- */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pressroom-xss-"));
const db = path.join(tmp, "site.db");
let server = null, upstream = null, browser = null, base = "";
const ctx = {};                 // browser contexts: pub, adm
const cookies = {};             // role -> Cookie header for fetch
const csrf = {};                // role -> CSRF token
const executions = [];          // {kind, detail, url}
const problems = [];            // {url, what}: would execute without the CSP
const notes = [];               // harmless CSP reports (images) and the like
const injections = [];          // {input, field, vec, ok, why}
const stats = { pages: 0, parsed: 0, rendered: 0, feeds: 0, downloads: 0, byArea: {} };
const rendered = new Map();     // key -> {status, headers, body}: POST responses shown in Chromium
let renderSeq = 0;
let V = [];                     // the vectors

/* A sanitizer's report (ASan/UBSan builds) in any command's or the server's stderr. */
const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;
const crashes = [];
function run(args, input) {
	const r = spawnSync(PRESSROOM, ["--db", db, ...args], { input: input || "", maxBuffer: 64 << 20 });
	if (r.status === null || r.status > 2 || SANITIZER.test(String(r.stderr)))
		crashes.push(`pressroom ${args[0]} ${args[1] || ""}: ${r.signal || r.status} ${String(r.stderr).split("\n").find((l) => SANITIZER.test(l)) || ""}`.slice(0, 300));
	return r;
}
function runOk(args, input) {
	const r = run(args, input);
	if (r.status !== 0) throw new Error(`pressroom ${args.join(" ")}: ${r.stderr}`);
	return r.stdout.toString();
}
function check(cond, msg) {
	if (!cond) throw new Error(msg);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function inject(input, field, vec, ok, why) {
	injections.push({ input, field, vec, ok, why: why || "" });
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = require("node:net").createServer();
		s.listen(0, "127.0.0.1", () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
		s.on("error", reject);
	});
}

async function startServer() {
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	server = spawn(PRESSROOM, ["--db", db, "serve", "--listen", `127.0.0.1:${port}`, "--quiet"],
		{ stdio: ["ignore", "ignore", "pipe"] });
	server.stderr.on("data", (d) => fs.appendFileSync(path.join(tmp, "server.log"), d));
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(base + "/")).ok) return;
		} catch (e) { /* not yet */ }
		await sleep(100);
	}
	throw new Error("the server did not start");
}

/* fetch with a role's session; returns {status, headers, text, buf, location}. */
async function req(role, method, p, body, type) {
	const headers = {};
	if (role && cookies[role]) headers.cookie = cookies[role];
	if (body !== undefined) headers["content-type"] = type || "application/x-www-form-urlencoded";
	const r = await fetch(base + p, { method, headers, body, redirect: "manual" });
	const buf = Buffer.from(await r.arrayBuffer());
	return { status: r.status, headers: r.headers, buf, text: buf.toString("utf8"), location: r.headers.get("location") || "" };
}

/* Keeps a response to be opened in Chromium at its own URL, with its own headers. */
function stash(r, area) {
	const k = ++renderSeq;
	const headers = {};
	for (const [n, v] of r.headers) if (!/^(content-length|transfer-encoding|set-cookie|connection)$/i.test(n)) headers[n] = v;
	rendered.set(k, { status: r.status, headers, body: r.buf });
	return { url: `${base}/__xss/render/${k}`, area, html: /^text\/html/.test(headers["content-type"] || "") ? r.buf.toString("utf8") : undefined };
}

/* ---- the trap and the DOM check, installed before any page script ------------------- */

const INIT = `(() => {
	const report = (kind, detail) => {
		try { window.__prReport(kind, String(detail).slice(0, 300), location.href); } catch (e) {}
	};
	const define = (name, fn) => { try { Object.defineProperty(window, name, { value: fn, writable: false, configurable: false }); } catch (e) {} };
	define("__x", (n) => report("__x", n));
	for (const f of ["alert", "prompt", "confirm", "print"]) define(f, (m) => report(f, m));
	document.addEventListener("securitypolicyviolation", (e) =>
		report("csp", e.effectiveDirective + " " + (e.blockedURI || "") + " " + (e.sample || "")), true);

	/* Everything in doc that would run, or is markup the site never makes. */
	const XHTML = "http://www.w3.org/1999/xhtml";
	const URLISH = new Set(["href", "src", "action", "formaction", "data", "poster", "background",
		"codebase", "lowsrc", "dynsrc", "cite", "longdesc", "usemap", "manifest", "icon",
		"srcset", "ping", "to", "values", "from", "by", "xlink:href", "archive", "classid"]);
	const badUrl = (v) => {
		const s = String(v).replace(/[\\u0000-\\u0020\\u007f-\\u009f]+/g, "").toLowerCase();
		return /^(javascript|vbscript|livescript|mocha|jar|view-source|data|blob|filesystem):/.test(s) &&
			!/^data:image\\/(png|jpe?g|gif|webp);/.test(s);
	};
	const show = (el) => "<" + el.localName + [...el.attributes].slice(0, 3).map((a) => " " + a.name + "=" + JSON.stringify(a.value.slice(0, 60))).join("") + ">";
	function check(doc, allowed, where) {
		const allow = new Set(allowed);
		const origin = location.origin === "null" ? "" : location.origin;
		const out = [];
		const sameOrigin = (v) => { try { const u = new URL(v, origin || "http://127.0.0.1/"); return !origin || u.origin === origin; } catch (e) { return false; } };
		const walk = (root, w) => {
			for (const el of root.querySelectorAll("*")) {
				const tag = el.localName;
				if (el.namespaceURI !== XHTML) out.push(w + "foreign element " + show(el));
				else if (tag === "script") {
					const src = el.getAttribute("src");
					if (src) {
						if (!sameOrigin(src) || !new URL(src, origin || "http://127.0.0.1/").pathname.startsWith("/static/") || el.textContent.trim())
							out.push(w + "script " + show(el));
					} else if ((el.getAttribute("type") || "").toLowerCase() === "application/ld+json") {
						try { JSON.parse(el.textContent); } catch (e) { out.push(w + "JSON-LD does not parse: " + e.message + " in " + el.textContent.slice(0, 120)); }
					} else out.push(w + "inline script " + show(el) + " " + el.textContent.slice(0, 80));
				} else if (!allow.has(tag)) out.push(w + "element the site never makes " + show(el));
				for (const a of el.attributes) {
					const n = a.name.toLowerCase();
					if (n.startsWith("on")) out.push(w + "event handler " + n + " on " + show(el));
					else if (n === "srcdoc") out.push(w + "srcdoc on " + show(el));
					else if (n === "style") out.push(w + "style attribute on " + show(el));
					else if (n === "http-equiv") out.push(w + "http-equiv on " + show(el));
					else if ((URLISH.has(n) || n.endsWith(":href")) && badUrl(a.value)) out.push(w + "script URL in " + n + " of " + show(el));
					else if ((n === "action" || n === "formaction") && !sameOrigin(a.value)) out.push(w + n + " elsewhere on " + show(el));
				}
				if (tag === "link" && el.hasAttribute("href")) {
					const rel = (el.getAttribute("rel") || "").toLowerCase();
					if (rel.includes("import") || ((rel.includes("stylesheet") || rel.includes("preload") || rel.includes("modulepreload")) && !sameOrigin(el.getAttribute("href"))))
						out.push(w + "link " + show(el));
				}
				if (tag === "template") walk(el.content, w + "template: ");
			}
		};
		walk(doc, where || "");
		return out;
	}
	define("__prCheck", (allowed) => {
		const ct = document.contentType;
		if (ct !== "text/html") {
			/* A feed or an image shown as itself: nothing of it may be HTML, SVG or MathML. */
			const out = [];
			if (/xml/.test(ct))
				for (const el of document.getElementsByTagName("*")) {
					const ns = el.namespaceURI;
					if (["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"].includes(ns) &&
						!(el.localName === "link" && el.prefix === "xhtml"))
						out.push("markup in an XML document " + show(el));
					for (const a of el.attributes) if (/^on/i.test(a.localName)) out.push("event handler in an XML document " + show(el));
				}
			return { out, links: [], contentType: ct, scripts: document.scripts.length };
		}
		const out = check(document, allowed, "");
		for (const f of document.querySelectorAll("iframe, frame")) out.push("frame " + f.outerHTML.slice(0, 100));
		const links = [...document.querySelectorAll("a[href], link[rel=alternate][href], link[rel=next][href]")].map((a) => a.href);
		return { out, links, contentType: document.contentType, scripts: document.scripts.length };
	});
	define("__prParse", (html, allowed, pageUrl) => {
		const doc = new DOMParser().parseFromString(html, "text/html");
		const out = check(doc, allowed, "");
		const links = [];
		for (const a of doc.querySelectorAll("a[href], link[rel=alternate][href], link[rel=next][href]"))
			try { links.push(new URL(a.getAttribute("href"), pageUrl).href); } catch (e) { out.push("a link that is no URL: " + a.getAttribute("href").slice(0, 100)); }
		return { out, links };
	});
	define("__prFragment", (html, allowed, where) => check(new DOMParser().parseFromString(html, "text/html"), allowed, where));
	define("__prFeed", (text, kind, allowed) => {
		const out = [];
		const url = (v, w) => { if (!/^https?:\\/\\//i.test(String(v))) out.push(w + ": not an http(s) URL: " + String(v).slice(0, 100)); };
		if (/<\\/?script/i.test(text) && kind === "json") out.push("raw <script in the JSON");
		if (kind === "json") {
			let o;
			try { o = JSON.parse(text); } catch (e) { return ["not JSON: " + e.message]; }
			for (const k of ["home_page_url", "feed_url", "icon", "favicon"]) if (o[k]) url(o[k], k);
			for (const it of o.items || []) {
				for (const k of ["url", "external_url", "image", "banner_image"]) if (it[k]) url(it[k], "item " + k);
				if (typeof it.content_html === "string") out.push(...check(new DOMParser().parseFromString(it.content_html, "text/html"), allowed, "content_html of " + it.id + ": "));
				for (const k of ["title", "summary", "content_text"]) if (it[k] !== undefined && typeof it[k] !== "string") out.push(k + " is not a string");
			}
			return out;
		}
		const doc = new DOMParser().parseFromString(text, "application/xml");
		if (doc.getElementsByTagName("parsererror").length) return ["not well-formed XML: " + doc.getElementsByTagName("parsererror")[0].textContent.slice(0, 200)];
		const known = {
			"": ["rss", "channel", "title", "link", "description", "language", "lastBuildDate", "generator", "item", "guid", "pubDate", "category", "author", "source", "comments", "ttl", "image", "url", "width", "height"],
			"http://www.w3.org/2005/Atom": ["feed", "id", "title", "subtitle", "updated", "link", "author", "name", "uri", "email", "generator", "entry", "published", "category", "summary", "content", "rights", "icon", "logo", "contributor"],
			"http://purl.org/rss/1.0/modules/content/": ["encoded"],
			"http://www.sitemaps.org/schemas/sitemap/0.9": ["urlset", "url", "loc", "lastmod", "changefreq", "priority"],
			"http://a9.com/-/spec/opensearch/1.1/": ["OpenSearchDescription", "ShortName", "LongName", "Description", "InputEncoding", "OutputEncoding", "Url", "Image", "Language", "Tags", "Contact", "Developer", "Query"],
		};
		for (const el of doc.getElementsByTagName("*")) {
			const ns = el.namespaceURI || "";
			const ok = (known[ns] && known[ns].includes(el.localName)) || (ns === "http://www.w3.org/1999/xhtml" && el.localName === "link" && kind === "sitemap");
			if (!ok) out.push("element " + ns + " " + el.localName);
			for (const a of el.attributes) {
				if (/^on/i.test(a.localName)) out.push("event handler attribute " + a.name + " on " + el.localName);
				if (/^(href|src|url|template|scheme|uri)$/i.test(a.localName) && badUrl(a.value.replace(/\\{[^}]*\\}/g, ""))) out.push("script URL in " + a.name + " on " + el.localName);
			}
			if (/^(link|loc|url|guid|uri|comments)$/.test(el.localName) && !el.children.length && el.textContent.trim() && !(el.localName === "guid" && el.getAttribute("isPermaLink") === "false"))
				url(el.textContent.trim(), el.localName);
			/* HTML in XML: RSS description and content:encoded, Atom text constructs of type html. */
			const html = (ns === "" && el.localName === "description") || el.localName === "encoded" ||
				(ns === "http://www.w3.org/2005/Atom" && ["title", "subtitle", "summary", "content", "rights"].includes(el.localName) && el.getAttribute("type") === "html");
			if (html) out.push(...check(new DOMParser().parseFromString(el.textContent, "text/html"), allowed, el.nodeName + " " + JSON.stringify(el.textContent.slice(0, 60)) + ": "));
			if (ns === "http://www.w3.org/2005/Atom" && el.getAttribute("type") === "xhtml") out.push("xhtml content");
		}
		return out;
	});
})();`;

/* Every element pressroom's pages, the newsroom and the Markdown renderer make. */
const PAGE_TAGS = ["html", "head", "body", "meta", "title", "link", "script", "header", "footer", "main", "nav",
	"article", "section", "aside", "address", "div", "span", "p", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4",
	"h5", "h6", "time", "form", "fieldset", "legend", "label", "input", "button", "select", "option", "textarea",
	"table", "caption", "thead", "tbody", "tr", "th", "td", "img", "blockquote", "pre", "code", "em", "strong",
	"br", "hr", "mark", "del", "ins", "u", "small", "sup", "sub", "dl", "dt", "dd", "details", "summary",
	"figure", "figcaption", "abbr", "output"];
const FRAGMENT_TAGS = ["html", "head", "body", "p", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
	"img", "blockquote", "pre", "code", "em", "strong", "br", "hr", "del", "table", "thead", "tbody", "tr",
	"th", "td", "span", "mark", "u", "sup", "sub", "dl", "dt", "dd", "figure", "figcaption", "div"];

async function newContext(name) {
	const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	await c.exposeBinding("__prReport", (source, kind, detail, href) => {
		const rec = { kind, detail, url: href };
		/* Images from elsewhere are no script: a note, not an execution. */
		/* Images from elsewhere are no script, and an injected style attribute is caught by
		 * the DOM check (Chromium's own image viewer styles itself inline): notes. */
		if (kind === "csp" && /^(img-src|media-src|font-src|connect-src|manifest-src|style-src)/.test(detail)) notes.push(rec);
		else executions.push(rec);
	});
	await c.addInitScript(INIT);
	await c.route(`${base}/__xss/render/**`, (route) => {
		const r = rendered.get(Number(route.request().url().split("/").pop()));
		if (!r) return route.fulfill({ status: 404, body: "gone" });
		return route.fulfill({ status: r.status, headers: r.headers, body: r.body });
	});
	await c.route(`${base}/__xss/blank`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: "<!DOCTYPE html><title>blank</title>" }));
	c.on("page", (p) => watch(p));
	ctx[name] = c;
	return c;
}

function watch(page) {
	page.on("dialog", async (d) => {
		executions.push({ kind: "dialog " + d.type(), detail: d.message(), url: page.url() });
		await d.dismiss().catch(() => {});
	});
	page.on("console", (m) => {
		const t = m.text();
		if (!/Content Security Policy|Refused to/.test(t)) return;
		const rec = { kind: "csp-console", detail: t.slice(0, 300), url: page.url() };
		if (/Refused to load the (image|media|font|stylesheet)|Refused to connect|Refused to apply inline style|Applying inline style|style-src/.test(t)) notes.push(rec);
		else executions.push(rec);
	});
}

async function login(c, name) {
	const page = await c.newPage();
	await page.goto(base + "/admin/login");
	await page.fill("#f-name", name);
	await page.fill("#f-password", PW[name]);
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(page.url().endsWith("/admin/items"), `${name}: after login at ${page.url()}`);
	const ck = (await c.cookies()).filter((k) => k.name === "pressroom_session");
	check(ck.length === 1, "session cookie");
	cookies[name] = `pressroom_session=${ck[0].value}`;
	const html = await page.content();
	const m = /name="csrf" value="([^"]+)"/.exec(html);
	check(m, "no CSRF token on the items page");
	csrf[name] = m[1];
	await page.close();
}

/* ---- opening pages ------------------------------------------------------------------ */

/* Opens url in page and checks it; returns the links it has. */
async function visit(page, url, area) {
	stats.pages++;
	stats.byArea[area] = (stats.byArea[area] || 0) + 1;
	const before = executions.length;
	let resp;
	try {
		resp = await page.goto(url, { waitUntil: "load", timeout: 20000 });
	} catch (e) {
		if (/download/i.test(e.message)) {
			stats.downloads++;
			return { links: [], download: true };
		}
		problems.push({ url, what: "could not open: " + e.message.split("\n")[0] });
		return { links: [] };
	}
	await page.waitForTimeout(FULL ? 80 : 20);
	const now = page.url().split("#")[0];
	if (now !== url.split("#")[0] && now !== "about:blank")
		executions.push({ kind: "navigation", detail: "went to " + now.slice(0, 200), url });
	let res;
	try {
		res = await page.evaluate((allowed) => window.__prCheck(allowed), PAGE_TAGS);
	} catch (e) {
		problems.push({ url, what: "check failed: " + e.message.split("\n")[0] });
		return { links: [] };
	}
	for (const w of res.out) problems.push({ url, what: w });
	for (let i = before; i < executions.length; i++) if (!executions[i].page) executions[i].page = url;
	return { links: res.links, status: resp ? resp.status() : 0, contentType: res.contentType };
}

/* Parses what the server sent for url with the browser's own HTML parser (the DOM a
 * navigation would build, without running it) and checks it. */
async function parseCheck(page, t) {
	stats.parsed++;
	stats.byArea[t.area + " (parsed)"] = (stats.byArea[t.area + " (parsed)"] || 0) + 1;
	let html = t.html, status = 200, ct = "text/html";
	if (html === undefined) {
		const r = await req(t.role === "pub" ? null : t.role, "GET", t.url.slice(base.length));
		html = r.text;
		status = r.status;
		ct = r.headers.get("content-type") || "";
		if (status >= 300 && status < 400) return { links: r.location ? [new URL(r.location, t.url).href] : [] };
	}
	if (!/^text\/html/.test(ct)) {
		problems.push({ url: t.url, what: "a page that is not text/html: " + ct });
		return { links: [] };
	}
	const res = await page.evaluate(([h, a, u]) => window.__prParse(h, a, u), [html, PAGE_TAGS, t.url]);
	for (const w of res.out) problems.push({ url: t.url, what: w });
	return { links: res.links, status };
}

/* Quick runs navigate to one page in NAV_EVERY (and to every page marked nav), and parse
 * all the others; full runs navigate to every page. */
const NAV_EVERY = 8;
function navigates(t) {
	if (FULL || t.nav) return true;
	let h = 0;
	for (const c of t.url.slice(base.length)) h = (h * 31 + c.charCodeAt(0)) >>> 0;   // the port varies
	return h % NAV_EVERY === 0;
}

/* Checks every task {url, area, role, nav?, html?} with WORKERS pages per role;
 * follow(link, task) may add more tasks. */
const pages = {};               // the crawl's pages, kept from one crawl to the next
async function crawl(tasks, follow, cap) {
	const seen = new Set(tasks.map((t) => t.url));
	const queue = [...tasks];
	let done = 0;
	const pageFor = async (key, role, blank) => {
		if (!pages[key]) {
			pages[key] = await ctx[role].newPage();
			watch(pages[key]);
			if (blank) await pages[key].goto(`${base}/__xss/blank`);
		}
		return pages[key];
	};
	const worker = async (i) => {
		while (queue.length && done < cap) {
			const t = queue.shift();
			done++;
			let r;
			if (navigates(t)) r = await visit(await pageFor("nav" + t.role + i, t.role, false), t.url, t.area);
			else r = await parseCheck(await pageFor("parse" + t.role + i, t.role, true), t);
			for (const l of r.links) {
				const n = follow ? follow(l, t) : null;
				if (n && !seen.has(n.url)) {
					seen.add(n.url);
					queue.push(n);
				}
			}
		}
	};
	/* The queue grows while workers run: restart them until it is empty. */
	while (queue.length && done < cap) await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
	return { visited: done, seen };
}

/* ---- item plans: which vector goes into which field --------------------------------- */

/* Quick: every vector once per input, fields rotating; full: every vector in every field. */
function plan(input, fields) {
	const n = V.length;
	const m = FULL ? n : Math.ceil(n / fields.length);
	const items = [];
	for (let j = 0; j < m; j++) {
		const v = {};
		fields.forEach((f, k) => { v[f] = FULL ? j : (j + k * m) % n; });
		items.push({ input, j, tag: `${input}${j}`, v, kind: KINDS[j % KINDS.length] });
	}
	return items;
}

const vb = (it, f) => (it.v[f] === null ? B("plain") : V[it.v[f]].bytes);
const values = {
	title: (it) => B(`${it.tag} zephyr `, vb(it, "title")),
	lead: (it) => B(`${it.tag} lead `, vb(it, "lead")),
	body: (it) => B(`zephyr ${it.tag} body\n\n`, vb(it, "body"), "\n\nzephyr end"),
	source_title: (it) => vb(it, "source_title"),
	series: (it) => vb(it, "series"),
	tags: (it) => vb(it, "tags"),
};
function daysAgo(d, minutes) {
	return new Date(Date.now() - d * 86400e3 - (minutes || 0) * 60e3);
}

/* ---- injection through each input --------------------------------------------------- */

const CONTENT_FIELDS = ["title", "lead", "body", "tags", "source_title", "series"];
const nrIds = [];        // [{id, it}] items made in the newsroom

function nrFields(it, extra) {
	const tags = B("zephyr, ", values.tags(it));
	return Object.assign({
		csrf: csrf.ed, kind: it.kind, title: values.title(it), lead: values.lead(it), body: values.body(it),
		date: "", time: "", zone: "UTC", lang: "en", slug: "", source_url: `https://example.org/src/${it.tag}`,
		source_title: values.source_title(it), series: values.series(it), part: "1", tags,
		translation_of: "", embargo_date: "", embargo_time: "", embargo_zone: "UTC", action: "publish",
	}, extra || {});
}

/* The field names the 422 page marks in error. */
const fieldErrors = (html) => [...html.matchAll(/id="e-([a-z_]+)"/g)].map((m) => m[1]);

async function injectNewsroom() {
	const items = plan("nr", CONTENT_FIELDS);
	for (const it of items) {
		const extra = {};
		/* Every other item is the Russian translation of the one before. */
		if (it.j % 2 && nrIds.length && nrIds[nrIds.length - 1].it.j === it.j - 1)
			Object.assign(extra, { lang: "ru", translation_of: String(nrIds[nrIds.length - 1].id) });
		let id = 0, last = "";
		for (let tries = 0; tries < 8 && !id; tries++) {
			const r = await req("ed", "POST", "/admin/items/new", formBody(nrFields(it, extra)));
			if (r.status === 303) {
				id = Number((/\/admin\/items\/(\d+)/.exec(r.location) || [])[1]);
				break;
			}
			last = `${r.status} ${fieldErrors(r.text).join(",")}`;
			const errs = [...new Set(fieldErrors(r.text).map((f) => (f === "part" ? "series" : f)))];
			const ours = errs.filter((f) => it.v[f] !== undefined && it.v[f] !== null);
			if (r.status !== 422 || !ours.length) break;
			for (const f of ours) {
				inject("newsroom editor", f, it.v[f], false, "422");
				it.v[f] = null;
			}
		}
		if (!id) {
			for (const f of CONTENT_FIELDS) if (it.v[f] !== null) inject("newsroom editor", f, it.v[f], false, last);
			continue;
		}
		for (const f of CONTENT_FIELDS) if (it.v[f] !== null) inject("newsroom editor", f, it.v[f], true);
		nrIds.push({ id, it });
		/* A second save makes a revision to compare: the body gains the next vector. */
		const page = await req("ed", "GET", `/admin/items/${id}`);
		const rev = (/name="revision" value="(\d+)"/.exec(page.text) || [])[1];
		const next = (it.v.body === null ? it.j : it.v.body + 1) % V.length;
		const r2 = await req("ed", "POST", `/admin/items/${id}`, formBody(nrFields(it, Object.assign({}, extra, {
			revision: rev, action: "save", body: B(values.body(it), "\n\nrevised ", V[next].bytes),
		}))));
		/* The body's next vector may be refused (bytes that are not UTF-8): counted as
		 * a refused injection; any other answer is a problem. */
		const errs2 = fieldErrors(r2.text);
		const bodyOnly = r2.status === 422 && errs2.length && errs2.every((f) => f === "body");
		if (bodyOnly) inject("newsroom editor", "body", next, false, "422");
		else if (r2.status !== 303) problems.push({ url: `/admin/items/${id}`, what: `second save: status ${r2.status}` });
	}
	/* A few go to the trash, to be seen there. */
	for (const { id } of nrIds.slice(-3)) await req("ed", "POST", `/admin/items/${id}/trash`, formBody({ csrf: csrf.ed }));
	return items.length;
}

/* Every field of the editor (kind, dates, slug, translation...) holding the vector: the
 * form comes back with a 422 and the text as typed. */
async function injectEditorErrors(out) {
	for (const v of V) {
		const f = {};
		for (const k of ["kind", "title", "lead", "body", "date", "time", "zone", "lang", "slug", "source_url",
			"source_title", "series", "part", "tags", "translation_of", "embargo_date", "embargo_time", "embargo_zone"])
			f[k] = v.bytes;
		f.csrf = csrf.ed;
		f.action = "save";
		const r = await req("ed", "POST", "/admin/items/new", formBody(f));
		inject("newsroom editor (refused form)", "all 18 fields", v.id - 1, r.status === 422, String(r.status));
		out.push(stash(r, "newsroom"));
		/* The unsaved form in preview. */
		if (FULL || v.id % 4 === 0) {
			const it = { tag: `pv${v.id}`, kind: "interview", v: Object.fromEntries(CONTENT_FIELDS.map((k) => [k, v.id - 1])) };
			const p = await req("ed", "POST", "/admin/preview", formBody(nrFields(it, { action: "preview" })));
			inject("newsroom preview", "title, lead, body, tags, source_title, series", v.id - 1, p.status === 200, String(p.status));
			out.push(stash(p, "newsroom"));
		}
	}
}

/* Front matter as `pressroom add` and the Markdown import read it; returns {buf, lines}. */
function frontMatter(it, slug) {
	const lines = [];
	const parts = [];
	let line = 1;
	const add = (field, ...p) => {
		const b = B(...p);
		parts.push(b);
		const nl = b.toString("latin1").split("\n").length - 1;
		lines.push({ from: line, to: line + Math.max(0, nl - 1), field });
		line += nl;
	};
	const d = daysAgo(2, it.j).toISOString();
	add(null, "---\n");
	add("title", "title: ", yamlQ(values.title(it)), "\n");
	add(null, `slug: ${slug}\nkind: ${it.kind}\ndate: ${d.slice(0, 10)} ${d.slice(11, 16)}\nlang: en\n`);
	add("lead", "lead: ", yamlQ(values.lead(it)), "\n");
	add(null, `source: https://example.org/src/${it.tag}\n`);
	add("source_title", "source_title: ", yamlQ(values.source_title(it)), "\n");
	add("series", "series: ", yamlQ(values.series(it)), "\npart: 1\n");
	add("tags", "tags: [\"zephyr\", ", yamlQ(values.tags(it)), "]\n");
	add(null, "---\n");
	add("body", values.body(it), "\n");
	return { buf: B(...parts), lines };
}

/* The line of a failed command's stderr that names FILE:LINE. */
function errorSpot(stderr) {
	const lines = stderr.split("\n");
	const l = lines.find((x) => /^pressroom: .*:\d+:/.test(x)) || lines.find((x) => /:\d+:/.test(x) && !/ignored|skipped/.test(x)) || "";
	const m = /([^\s:'"]+):(\d+):/.exec(l.replace(/^pressroom: /, ""));
	return m ? { file: m[1], line: Number(m[2]), text: l.slice(0, 160) } : null;
}

/* Runs cmd until it takes the files, taking out each field it refuses (FILE:LINE). */
function untilAccepted(input, items, write, cmd, fieldsOf) {
	let r;
	for (let tries = 0; tries < 600; tries++) {
		for (const it of items) if (!it.written) write(it);
		r = cmd();
		if (r.status === 0) break;
		const err = r.stderr.toString();
		const spot = errorSpot(err);
		if (!spot) return { ok: false, err };
		const rel = spot.file.replace(/^\.\//, "");
		const cands = items.filter((x) => x.file && (x.file === spot.file || x.file.endsWith("/" + rel) || rel.endsWith(path.relative(tmp, x.file))));
		let it = null, f = null;
		for (const c of cands) {
			const l = c.lines.find((x) => x.field && spot.line >= x.from && spot.line <= x.to);
			if (l) {
				it = c;
				f = l.field;
				break;
			}
		}
		if (!it && cands.length === 1) it = cands[0];
		if (!it) return { ok: false, err };
		if (f && it.v[f] !== null) {
			inject(input, f, it.v[f], false, spot.text);
			it.v[f] = null;
			it.written = false;
		} else {
			for (const g of fieldsOf) if (it.v[g] !== null) inject(input, g, it.v[g], false, spot.text);
			fs.rmSync(it.file, { force: true });
			items.splice(items.indexOf(it), 1);
			for (const x of items) if (x.file === it.file) x.written = false;
		}
	}
	if (r.status !== 0) return { ok: false, err: r.stderr.toString() };
	for (const it of items) for (const g of fieldsOf) if (it.v[g] !== null) inject(input, g, it.v[g], true);
	return { ok: true, out: r.stdout.toString() };
}

function injectCliAdd() {
	const dir = path.join(tmp, "cli");
	fs.mkdirSync(dir);
	const items = plan("cli", CONTENT_FIELDS);
	const write = (it) => {
		const fm = frontMatter(it, `cli-${it.j}`);
		it.file = path.join(dir, `cli-${it.j}.md`);
		it.lines = fm.lines;
		fs.writeFileSync(it.file, fm.buf);
		it.written = true;
	};
	return untilAccepted("pressroom add", items, write, () => run(["add", ...items.map((i) => i.file)]), CONTENT_FIELDS);
}

function injectMdTree() {
	const dir = path.join(tmp, "content");
	const items = plan("md", CONTENT_FIELDS);
	const write = (it) => {
		const fm = frontMatter(it, `md-${it.j}`);
		const rel = [`posts/md${it.j}.md`, `news/2026/md${it.j}.markdown`, `bundles/md${it.j}/index.md`][it.j % 3];
		it.file = path.join(dir, rel);
		it.lines = fm.lines;
		fs.mkdirSync(path.dirname(it.file), { recursive: true });
		fs.writeFileSync(it.file, fm.buf);
		it.written = true;
	};
	return untilAccepted("import Markdown tree", items, write, () => run(["import", dir]), CONTENT_FIELDS);
}

/* One WXR file; its lines are mapped to (item, field) to take out what it refuses. */
function injectWxr() {
	const items = plan("wxr", ["title", "lead", "body", "tags"]);
	const file = path.join(tmp, "export.xml");
	const write = () => {
		let text = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old site</title>
<link>https://old.example</link>
<description>x</description>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
`;
		const at = () => text.split("\n").length;
		for (const it of items) {
			it.file = file;
			it.lines = [];
			const field = (f, s) => {
				const from = at();
				text += s;
				it.lines.push({ from, to: at(), field: f });
			};
			const d = daysAgo(3, it.j).toISOString().replace("T", " ").slice(0, 19);
			text += `<item>\n`;
			field("title", `<title>${xmlEsc(xmlSafe(values.title(it)))}</title>\n`);
			text += `<link>https://old.example/${it.tag}/</link>\n<dc:creator><![CDATA[press]]></dc:creator>\n<guid isPermaLink="false">https://old.example/?p=${1000 + it.j}</guid>\n<description></description>\n`;
			field("body", `<content:encoded>${cdata("<p>zephyr " + it.tag + " body</p>\n" + xmlSafe(vb(it, "body")) + "\n<p>zephyr end</p>")}</content:encoded>\n`);
			field("lead", `<excerpt:encoded>${cdata(xmlSafe(values.lead(it)))}</excerpt:encoded>\n`);
			text += `<wp:post_id>${1000 + it.j}</wp:post_id>\n<wp:post_date><![CDATA[${d}]]></wp:post_date>\n<wp:post_date_gmt><![CDATA[${d}]]></wp:post_date_gmt>\n<wp:post_name><![CDATA[wxr-${it.j}]]></wp:post_name>\n<wp:status><![CDATA[publish]]></wp:status>\n<wp:post_type><![CDATA[post]]></wp:post_type>\n<category domain="category" nicename="${it.kind}"><![CDATA[${it.kind}]]></category>\n`;
			field("tags", `<category domain="post_tag" nicename="t${it.j}">${cdata(xmlSafe(vb(it, "tags")))}</category>\n`);
			text += `<category domain="post_tag" nicename="zephyr"><![CDATA[zephyr]]></category>\n</item>\n`;
		}
		text += "</channel>\n</rss>\n";
		fs.writeFileSync(file, text);
		for (const it of items) it.written = true;
	};
	const wrapped = (it) => { if (!it.written) write(); };
	return untilAccepted("import WXR", items, wrapped, () => run(["import", file]), ["title", "lead", "body", "tags"]);
}

function ddmmyyyy(d) {
	return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
}

/* A plain-text news page: a header (clocks, contact block), one full article, the list. */
function injectPlainText() {
	const items = plan("txt", ["title", "lead"]);
	const file = path.join(tmp, "page.txt");
	const oneLine = (b) => B(b).toString("utf8").replace(/[\r\n]+/g, " ");
	const hv = (k) => V[(k * 7) % V.length];
	const header = { clock: hv(1), contact: hv(2), phone: hv(3), atitle: hv(4), question: hv(5), answer: hv(6) };
	let headerOk = true;
	const write = () => {
		let text = "";
		const at = () => text.split("\n").length;
		const hdr = (s) => { text += s; };
		hdr(`${daysAgo(1).getUTCDate()} November 2026\nMoscow: 16:20\n`);
		if (headerOk) {
			hdr(`${oneLine(header.clock.bytes).slice(0, 38)}: 13:20\n\n`);
			hdr(`Consular queries ${oneLine(header.contact.bytes)}:  \n+44 20 7946 0318 ${oneLine(header.phone.bytes)}  \nconsular@embassy.example  \n\n`);
		} else hdr("London: 13:20\n\nConsular queries:  \n+44 20 7946 0318  \nconsular@embassy.example  \n\n");
		hdr(`\nPRESS RELEASES AND NEWS\n\n${ddmmyyyy(daysAgo(1))}\n\n`);
		if (headerOk) hdr(`txtarticle zephyr interview ${oneLine(header.atitle.bytes)}\n\nQuestion: ${oneLine(header.question.bytes)}\n\nLiana Corvess: ${oneLine(header.answer.bytes)}\n\n`);
		else hdr(`txtarticle zephyr interview\n\nQuestion: q?\n\nLiana Corvess: a.\n\n`);
		hdr(`To be continued...\n\nhttps://mfa.example/txt/article\n\n\nLATEST EVENTS\n\n`);
		for (const it of items) {
			it.file = file;
			it.lines = [];
			let from = at();
			text += `${ddmmyyyy(daysAgo(2, it.j * 1440))} - ${oneLine(values.title(it))}\n\n`;
			it.lines.push({ from, to: at() - 2, field: "title" });
			from = at();
			text += `${oneLine(values.lead(it))}\n\n\n`;
			it.lines.push({ from, to: at() - 2, field: "lead" });
		}
		text += "all messages\n";
		fs.writeFileSync(file, text);
		for (const it of items) it.written = true;
	};
	let r = null;
	for (let tries = 0; tries < 2; tries++) {
		r = untilAccepted("import plain-text page", items, (it) => { if (!it.written) write(); }, () => run(["import", file]), ["title", "lead"]);
		if (r.ok || !headerOk) break;
		/* A refusal in the header or the article: record it and go on without them. */
		for (const k of Object.keys(header)) inject("import plain-text page", "header/article " + k, header[k].id - 1, false, r.err.split("\n")[0]);
		headerOk = false;
		for (const it of items) it.written = false;
	}
	if (r.ok && headerOk)
		for (const k of Object.keys(header)) inject("import plain-text page", "header/article " + k, header[k].id - 1, true);
	return r;
}

/* RSS and Atom feeds served here on loopback, followed with --allow-private --publish. */
async function injectSyndication() {
	const items = plan("syn", ["title", "description", "content", "feed_title"]);
	const feeds = new Map();
	for (const it of items) {
		const d = daysAgo(4, it.j);
		const title = xmlSafe(B(`${it.tag} zephyr `, vb(it, "title")));
		const desc = xmlSafe(B(`${it.tag} lead `, vb(it, "description")));
		const content = `<p>zephyr ${it.tag} body</p>\n` + xmlSafe(vb(it, "content")) + "\n<p>zephyr end</p>";
		const ftitle = xmlSafe(vb(it, "feed_title"));
		let body;
		if (it.j % 2 === 0) {
			body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${xmlEsc(ftitle)}</title><link>https://mfa.example/</link><description>feed ${it.tag}</description>
<item><title>${xmlEsc(title)}</title><link>https://mfa.example/xss/${it.tag}</link><guid isPermaLink="false">${it.tag}</guid>
<pubDate>${d.toUTCString().replace("GMT", "+0000")}</pubDate>
<description>${xmlEsc(htmlEsc(desc))}</description>
<content:encoded>${cdata(content)}</content:encoded></item>
</channel></rss>
`;
		} else {
			body = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">${xmlEsc(ftitle)}</title><id>urn:xss:feed:${it.tag}</id><updated>${d.toISOString()}</updated>
<entry><title type="html">${xmlEsc(title)}</title><id>urn:xss:${it.tag}</id><link href="https://mfa.example/xss/${it.tag}"/>
<updated>${d.toISOString()}</updated><published>${d.toISOString()}</published>
<summary type="html">${xmlEsc(desc)}</summary><content type="html">${xmlEsc(content)}</content></entry></feed>
`;
		}
		feeds.set(`/feed-${it.j}.xml`, { body, type: it.j % 2 ? "application/atom+xml" : "application/rss+xml" });
	}
	upstream = http.createServer((q, s) => {
		const f = feeds.get(q.url);
		if (!f) {
			s.writeHead(404);
			return s.end();
		}
		s.writeHead(200, { "content-type": f.type + "; charset=utf-8" });
		s.end(f.body);
	});
	await new Promise((r) => upstream.listen(0, "127.0.0.1", r));
	const up = `http://127.0.0.1:${upstream.address().port}`;
	for (const it of items) {
		const r = run(["syndicate", "add", `${up}/feed-${it.j}.xml`, "--allow-private", "--publish"]);
		if (r.status !== 0) throw new Error("syndicate add: " + r.stderr);
	}
	/* The run fetches over loopback: let the event loop serve while it works. */
	const out = await new Promise((resolve) => {
		const p = spawn(PRESSROOM, ["--db", db, "syndicate", "run"]);
		let so = "", se = "";
		p.stdout.on("data", (d) => { so += d; });
		p.stderr.on("data", (d) => { se += d; });
		p.on("close", (code) => resolve({ code, so, se }));
	});
	const list = runOk(["list"]);
	const fields = ["title", "description", "content", "feed_title"];
	let added = 0;
	for (const it of items) {
		const there = list.includes(`\t${it.tag} zephyr`) || new RegExp(`\\t${it.tag} zephyr`).test(list);
		if (there) added++;
		for (const f of fields) inject("syndicated feed", f, it.v[f], there, there ? "" : "entry not added");
	}
	return { added, total: items.length, out };
}

/* Media library: file names, through a multipart form as a browser sends it. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
function multipart(token, filename, data, type) {
	const bd = "----pressroomxss" + Math.random().toString(16).slice(2);
	/* Browsers send a name's quote and line breaks as %22 %0D %0A, every other byte as it is. */
	const fname = Buffer.from([...B(filename)].flatMap((b) => (b === 0x22 ? [...Buffer.from("%22")] : b === 0x0d ? [...Buffer.from("%0D")] : b === 0x0a ? [...Buffer.from("%0A")] : [b])));
	const body = B(`--${bd}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n`,
		`--${bd}\r\nContent-Disposition: form-data; name="file"; filename="`, fname, `"\r\nContent-Type: ${type || "image/png"}\r\n\r\n`,
		data, `\r\n--${bd}--\r\n`);
	return { body, type: `multipart/form-data; boundary=${bd}` };
}
async function upload(name, data, type) {
	const m = multipart(csrf.ed, name, data, type);
	return req("ed", "POST", "/admin/media", m.body, m.type);
}

async function injectUploadNames() {
	let ok = 0;
	for (const v of V) {
		const data = B(PNG, `xss-name-${v.id}`);     // after IEND: every upload is a new file
		const r = await upload(v.bytes, data);
		inject("media upload file name", "filename", v.id - 1, r.status === 200, String(r.status));
		if (r.status === 200) ok++;
	}
	/* The Markdown the library offers to paste, pasted into published items. */
	const snippets = [];
	for (let p = 1; p < 100; p++) {
		const r = await req("ed", "GET", `/admin/media?page=${p}`);
		const found = [...r.text.matchAll(/class="copy markdown" type="text" readonly value="([^"]*)"/g)].map((m) => m[1]
			.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
		snippets.push(...found);
		if (!/rel="next"/.test(r.text)) break;
	}
	for (let k = 0; k * 60 < snippets.length; k++) {
		const it = { tag: `media${k}`, kind: "news", v: { title: null, lead: null, body: null, tags: null, source_title: null, series: null } };
		const r = await req("ed", "POST", "/admin/items/new", formBody(nrFields(it, { body: "zephyr media\n\n" + snippets.slice(k * 60, k * 60 + 60).join("\n\n") })));
		if (r.status !== 303) problems.push({ url: "/admin/items/new", what: `an item of pasted media Markdown was refused: ${r.status}` });
	}
	return { ok, snippets: snippets.length };
}

/* Users: the newsroom's form (admin) and `pressroom user add`. */
async function injectUsers(out) {
	let accepted = 0;
	for (const v of V) {
		const r = await req("adm", "POST", "/admin/users", formBody({ csrf: csrf.adm, name: v.bytes, role: "contributor", password: "long-enough-password" }));
		inject("newsroom users", "name", v.id - 1, r.status === 303, String(r.status));
		if (r.status === 303) accepted++;
		else if (FULL || v.id % 3 === 0) out.push(stash(r, "newsroom"));
		/* A NUL cannot be in an argument: such a vector is not tried on the command line. */
		if (v.bytes.includes(0)) continue;
		const c = run(["user", "add", v.bytes.toString("utf8"), "--role", "contributor"], "long-enough-password\n");
		inject("pressroom user add", "NAME", v.id - 1, c.status === 0, c.status === 0 ? "" : "refused");
		if (c.status === 0) accepted++;
	}
	return accepted;
}

/* The newsroom's feeds form (editors): each vector in a feed's address and in its
 * minutes, both shown back at their fields when refused; an address the checks take
 * (the vector in its path) is listed on /admin/feeds, which the crawl opens. */
async function injectFeeds(out) {
	let accepted = 0;
	for (const v of V) {
		const url = Buffer.concat([B(`https://news.example/f${v.id}/`), v.bytes]);
		const bad = await req("adm", "POST", "/admin/feeds", formBody({ csrf: csrf.adm, url: v.bytes, minutes: v.bytes }));
		inject("newsroom feeds", "url+minutes", v.id - 1, bad.status === 303, String(bad.status));
		if (bad.status === 303) accepted++;
		else if (FULL || v.id % 3 === 0) out.push(stash(bad, "newsroom"));
		const r = await req("adm", "POST", "/admin/feeds", formBody({ csrf: csrf.adm, url, minutes: "15" }));
		inject("newsroom feeds", "url path", v.id - 1, r.status === 303, String(r.status));
		if (r.status !== 303 && (FULL || v.id % 3 === 1)) out.push(stash(r, "newsroom"));
	}
	return accepted;
}

/* The login form: the name comes back in the form; ?next= is kept in a hidden field. */
async function injectLogin(out, tasks) {
	for (const v of V) {
		const r = await req(null, "POST", "/admin/login", formBody({ name: v.bytes, password: "x", login_token: "y", next: B("/admin/items?x=", v.bytes) }));
		inject("newsroom login", "name, next", v.id - 1, r.status === 403, String(r.status));
		out.push(stash(r, "newsroom"));
		tasks.push({ url: `${base}/admin/login?next=${pct(B("/admin/items?", v.bytes))}`, area: "newsroom", role: "pub" });
		inject("newsroom login", "?next=", v.id - 1, true);
	}
}

/* ---- settings rounds ---------------------------------------------------------------- */

const SETTING_KEYS = ["site_name", "description", "contact_title", "contact_phone", "contact_email", "contact_address", "clocks"];

async function settingsRound(r, via, sample, out) {
	const n = V.length;
	const m = Math.ceil(n / SETTING_KEYS.length);
	const pick = {};
	SETTING_KEYS.forEach((k, i) => { pick[k] = FULL ? r % n : (r + i * m) % n; });
	const val = (k) => (k === "clocks" ? B(V[pick[k]].bytes, "=Europe/London") : V[pick[k]].bytes);
	const input = via === "web" ? "newsroom settings" : "pressroom config";
	if (via === "web") {
		const f = { csrf: csrf.adm, base_url: base, timezone: "UTC", language: "en", per_page: "50" };
		for (const k of SETTING_KEYS) f[k] = val(k);
		for (let tries = 0; tries < 8; tries++) {
			const resp = await req("adm", "POST", "/admin/settings", formBody(f));
			if (resp.status === 303) break;
			if (tries === 0 && (FULL || r % 2 === 0)) out.push(stash(resp, "newsroom"));
			const errs = fieldErrors(resp.text).filter((k) => SETTING_KEYS.includes(k) && pick[k] !== null);
			if (resp.status !== 422 || !errs.length) {
				problems.push({ url: "/admin/settings", what: `settings refused without a field: ${resp.status}` });
				break;
			}
			for (const k of errs) {
				inject(input, k, pick[k], false, "422");
				pick[k] = null;
				f[k] = k === "clocks" ? "London=Europe/London" : k === "contact_email" ? "press@example.org" : "plain";
			}
		}
		for (const k of SETTING_KEYS) if (pick[k] !== null) inject(input, k, pick[k], true);
	} else {
		for (const k of SETTING_KEYS) {
			if (val(k).includes(0)) continue;    // no NUL in an argument
			const c = run(["config", k, val(k).toString("utf8")]);
			inject(input, k, pick[k], c.status === 0, c.status === 0 ? "" : String(c.stderr).split("\n")[0]);
		}
	}
	const tasks = [
		{ url: `${base}/`, area: "public", role: "pub", nav: via === "web" },
		{ url: `${base}/items/${sample}`, area: "public", role: "pub" },
		{ url: `${base}/admin/settings`, area: "newsroom", role: "adm" },
	];
	if (via === "web" || FULL)
		tasks.push({ url: `${base}/archive`, area: "public", role: "pub" }, { url: `${base}/search?q=zephyr`, area: "public", role: "pub" },
			{ url: `${base}/ru/`, area: "public", role: "pub" }, { url: `${base}/admin/items`, area: "newsroom", role: "adm" });
	await crawl(tasks, null, 100);
	for (const f of via === "web" || FULL ? ["/feed.rss", "/feed.atom", "/feed.json", "/opensearch.xml"] : ["/feed.rss", "/feed.json"]) await checkFeed(f);
}

/* ---- feeds -------------------------------------------------------------------------- */

let feedPage = null;
const feedFailures = [];
async function checkFeed(p) {
	if (!feedPage) {
		feedPage = await ctx.pub.newPage();
		watch(feedPage);
		await feedPage.goto(`${base}/__xss/blank`);
	}
	const r = await req(null, "GET", p);
	stats.feeds++;
	const kind = /\.json$/.test(p) ? "json" : /sitemap/.test(p) ? "sitemap" : "xml";
	if (r.status !== 200) {
		feedFailures.push(`${p}: status ${r.status}`);
		return;
	}
	const ct = r.headers.get("content-type") || "";
	if (/html/i.test(ct) || !/charset=utf-8/i.test(ct)) feedFailures.push(`${p}: Content-Type ${ct}`);
	const out = await feedPage.evaluate(([t, k, a]) => window.__prFeed(t, k, a), [r.text, kind, FRAGMENT_TAGS]);
	for (const w of out) feedFailures.push(`${p}: ${w}`);
}

/* ---- uploads that try to be pages --------------------------------------------------- */

function crc32(buf) {
	let c, crc = 0xffffffff;
	for (const b of buf) {
		c = (crc ^ b) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = B(type, data);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return B(len, td, crc);
}
const HTMLJS = "<!DOCTYPE html><html><body><script>__x(9001);alert(9001)</script><img src=x onerror=__x(9002)><svg onload=__x(9003)></svg></body></html>";

function uploadCases() {
	const iend = PNG.length - 12;
	const jpeg = Buffer.from("/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z", "base64");
	/* A ZIP (one stored file, index.html) after the JPEG: the "GIFAR" trick. */
	const zipEntry = Buffer.from(HTMLJS);
	const lh = Buffer.alloc(30);
	lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(10, 4); lh.writeUInt32LE(crc32(zipEntry), 14);
	lh.writeUInt32LE(zipEntry.length, 18); lh.writeUInt32LE(zipEntry.length, 22); lh.writeUInt16LE(10, 26);
	const zip = B(lh, "index.html", zipEntry);
	const pdf = B("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n",
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n",
		"3 0 obj << /S /JavaScript /JS (app.alert\\(9004\\)) >> endobj\n", HTMLJS,
		"\ntrailer << /Root 1 0 R >>\n%%EOF\n");
	const webp = B("RIFF", Buffer.from([0x40, 0, 0, 0]), "WEBPVP8 ", Buffer.from([0x30, 0, 0, 0]), HTMLJS);
	return [
		{ name: "a PNG with HTML and script appended", file: "photo.png", data: B(PNG, HTMLJS), expect: "image/png" },
		{ name: "a PNG with HTML in a tEXt chunk", file: "chart.png", data: B(PNG.subarray(0, 33), pngChunk("tEXt", B("Comment\0", HTMLJS)), PNG.subarray(33)), expect: "image/png" },
		{ name: "a JPEG with a ZIP of HTML appended (GIFAR-like)", file: "portrait.jpg", data: B(jpeg, zip), expect: "image/jpeg" },
		{ name: "a WebP header followed by HTML", file: "x.webp", data: webp, expect: "image/webp" },
		{ name: "a PDF with JavaScript and HTML", file: "report.pdf", data: pdf, expect: "application/pdf" },
		{ name: "an SVG image with script", file: "logo.svg", type: "image/svg+xml", data: B(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="__x(9005)"><script>__x(9006)</script></svg>`), expect: 415 },
		{ name: "an SVG without an XML declaration", file: "logo.png", data: B(`<svg xmlns="http://www.w3.org/2000/svg" onload="__x(9007)"/>`), expect: 415 },
		{ name: "an HTML page named .png", file: "x.png", type: "image/png", data: B(HTMLJS), expect: 415 },
		{ name: "a PNG signature followed by HTML (no IHDR)", file: "y.png", data: B(PNG.subarray(0, 8), HTMLJS), expect: 415 },
		{ name: "HTML with a BOM and a PDF name", file: "z.pdf", type: "application/pdf", data: B("\xEF\xBB\xBF", HTMLJS), expect: 415 },
		{ name: "a zero-byte file", file: "empty.png", data: Buffer.alloc(0), expect: 422 },
		{ name: "an oversize PNG (10 MB + 1 byte)", file: "big.png", data: B(PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - PNG.length)), expect: 413 },
	];
}

function uploadTests(test) {
	let page = null;
	for (const c of uploadCases()) {
		test(`upload: ${c.name} is ${typeof c.expect === "number" ? "refused (" + c.expect + ")" : "served inert as " + c.expect}`, async () => {
			const before = await req("ed", "GET", "/admin/media");
			const count = (/(\d+) files?<\/p>/.exec(before.text) || [])[1];
			let r;
			try {
				r = await upload(c.file, c.data, c.type);
			} catch (e) {
				/* The server may close an oversize upload early: refused either way. */
				check(c.expect === 413, "upload failed: " + e.message);
				r = { status: 413, text: "" };
			}
			if (typeof c.expect === "number") {
				check(r.status === c.expect, `status ${r.status}`);
				const after = await req("ed", "GET", "/admin/media");
				check((/(\d+) files?<\/p>/.exec(after.text) || [])[1] === count, "a refused file was stored");
				return;
			}
			check(r.status === 200, `status ${r.status}`);
			const m = /Uploaded as ([0-9a-f]{16}\.[a-z]+)/.exec(r.text);
			check(m, "no name in the reply");
			const name = m[1];
			const got = await req(null, "GET", `/media/${name}`);
			const ct = got.headers.get("content-type");
			check(ct === c.expect, `Content-Type ${ct}`);
			check(got.headers.get("x-content-type-options") === "nosniff", "no nosniff");
			check(Buffer.compare(got.buf, c.data) === 0, "served bytes differ");
			if (c.expect === "application/pdf")
				check(/^attachment/.test(got.headers.get("content-disposition") || ""), "a PDF not as an attachment");
			for (const ext of ["html", "htm", "svg", "xml", "txt"]) {
				const other = await req(null, "GET", `/media/${name.replace(/\.[a-z]+$/, "." + ext)}`);
				check(other.status === 404, `/media/...${ext}: ${other.status}`);
			}
			if (!page) {
				page = await ctx.pub.newPage();
				watch(page);
			}
			const before2 = executions.length;
			const v = await visit(page, `${base}/media/${name}`, "media");
			if (!v.download) {
				check(v.contentType !== "text/html" && !/xml|html/.test(v.contentType || ""), `Chromium took it as ${v.contentType}`);
				check(v.contentType === c.expect, `Chromium's document is ${v.contentType}`);
			} else check(c.expect === "application/pdf", "downloaded, not shown");
			await page.waitForTimeout(200);
			check(executions.length === before2, "a script ran: " + JSON.stringify(executions.slice(before2)));
		});
	}
	test("uploads: no script ran in any /media/ page", async () => {
		if (page) await page.close();
		check(!executions.some((e) => /\/media\//.test(e.url || "")), "executions on /media/");
	});
}

/* ---- the run ------------------------------------------------------------------------ */

const tests = [];
function test(name, fn) {
	tests.push({ name, fn });
}

async function main() {
	const t0 = Date.now();
	let passed = 0, failed = 0;
	const figures = {};
	const later = [];           // POST responses to open
	const extraTasks = [];      // GET pages with reflected input

	test("the corpus: at least 150 vectors in every class the OWASP cheat sheet names", async () => {
		V = loadVectors(path.join(HERE, "vectors.txt"));
		const classes = new Set(V.map((v) => v.cls));
		figures.classes = classes.size;
		check(V.length >= 150, `${V.length} vectors`);
		for (const c of ["script tags", "attribute breakouts", "event handlers", "URL schemes", "encodings", "broken markup", "SVG", "MathML", "style", "meta, base and frames", "Markdown", "JSON and feed contexts"])
			check(classes.has(c), `no class '${c}'`);
		check(new Set(V.map((v) => v.src)).size === V.length, "a vector is there twice");
	});

	test("setup: a site, an editor and an admin, the server", async () => {
		runOk(["init"]);
		runOk(["user", "add", "ed", "--role", "editor"], PW.ed + "\n");
		runOk(["user", "add", "adm", "--role", "admin"], PW.adm + "\n");
		runOk(["config", "per_page", "50"]);
		await startServer();
		runOk(["config", "base_url", base]);
		browser = await chromium.launch({
			executablePath: CHROMIUM, headless: true,
			args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
		});
		await newContext("pub");
		await newContext("ed");
		await newContext("adm");
		await login(ctx.ed, "ed");
		await login(ctx.adm, "adm");
	});

	test("self-check: the trap sees a script run and a CSP block; the checker sees the corpus unescaped", async () => {
		const body = "<!DOCTYPE html><title>t</title><p><img src=x onerror=__x(-1)></p><script>alert(-2)</script>";
		const csp = (await req(null, "GET", "/")).headers.get("content-security-policy");
		check(csp && !/unsafe-inline/.test(csp), "the site's CSP: " + csp);
		const c = ctx.pub;
		await c.route(`${base}/__xss/selftest/*`, (route) => route.fulfill({ status: 200, body,
			headers: Object.assign({ "content-type": "text/html; charset=utf-8" }, route.request().url().endsWith("/csp") ? { "content-security-policy": csp } : {}) }));
		const page = await c.newPage();
		watch(page);
		const e0 = executions.length;
		const r1 = await visit(page, `${base}/__xss/selftest/open`, "self-check");
		await page.waitForTimeout(300);
		const ran = executions.splice(e0).map((e) => e.kind + ":" + e.detail);
		check(ran.includes("__x:-1") && ran.includes("alert:-2"), "without a CSP the trap saw " + JSON.stringify(ran));
		check(r1.links !== undefined && problems.splice(-10).some((p) => /event handler onerror|inline script/.test(p.what)), "the checker missed the onerror");
		problems.length = problems.filter((p) => !/__xss\/selftest/.test(p.url)).length;
		await visit(page, `${base}/__xss/selftest/csp`, "self-check");
		await page.waitForTimeout(300);
		const blocked = executions.splice(e0);
		for (let i = problems.length - 1; i >= 0; i--) if (/__xss\/selftest/.test(problems[i].url)) problems.splice(i, 1);
		check(blocked.length && blocked.every((e) => /^csp/.test(e.kind)), "with the CSP the trap saw " + JSON.stringify(blocked.map((e) => e.kind + ":" + e.detail.slice(0, 60))));
		await page.goto(`${base}/__xss/blank`);
		let caught = 0;
		for (const v of V) {
			const html = "<!DOCTYPE html><html><head><title>t</title></head><body><main><p>" + v.bytes.toString("utf8") + "</p></main></body></html>";
			const res = await page.evaluate(([h, a, u]) => window.__prParse(h, a, u), [html, PAGE_TAGS, base + "/"]);
			if (res.out.length) caught++;
		}
		await page.close();
		stats.pages -= 2;
		delete stats.byArea["self-check"];
		figures.caught = caught;
		console.log(`-- self-check: unescaped, ${caught} of ${V.length} vectors give markup that the checker reports`);
		check(caught >= V.length * 0.6, `only ${caught} of ${V.length}`);
	});

	/* The plain-text page first: its contact block only becomes settings on a new site. */
	test("inject: a plain-text news page (pressroom import page.txt)", async () => {
		const r = injectPlainText();
		check(r.ok, "refused as a whole: " + r.err);
	});
	test("inject: front matter files (pressroom add)", async () => {
		const r = injectCliAdd();
		check(r.ok, "refused as a whole: " + r.err);
	});
	test("inject: a Markdown tree (pressroom import content/)", async () => {
		const r = injectMdTree();
		check(r.ok, "refused as a whole: " + r.err);
	});
	test("inject: a WordPress export (pressroom import export.xml)", async () => {
		const r = injectWxr();
		check(r.ok, "refused as a whole: " + r.err);
	});
	test("inject: syndicated RSS and Atom feeds (--allow-private --publish)", async () => {
		const r = await injectSyndication();
		figures.syndicated = `${r.added}/${r.total}`;
		check(r.added >= r.total * 0.9, `only ${r.added} of ${r.total} entries became items: ${r.out.se.slice(0, 300)}`);
	});
	test("inject: the newsroom editor (title, lead, body, tags, source, series, translation)", async () => {
		const n = await injectNewsroom();
		check(nrIds.length >= n * 0.9, `only ${nrIds.length} of ${n} items saved`);
	});
	test("inject: every editor field at once, refused and shown back; the preview", async () => {
		await injectEditorErrors(later);
	});
	test("inject: media file names, and their Markdown pasted into items", async () => {
		const r = await injectUploadNames();
		figures.uploads = r.ok;
		check(r.ok >= V.length * 0.9, `only ${r.ok} of ${V.length} uploads taken`);
		check(r.snippets >= r.ok, `${r.snippets} Markdown snippets for ${r.ok} files`);
	});
	test("inject: user names (newsroom and pressroom user add) are refused", async () => {
		const accepted = await injectUsers(later);
		check(accepted === 0, `${accepted} names with markup accepted`);
	});
	test("inject: the feeds form's address and minutes (refused, shown back; addresses listed)", async () => {
		const accepted = await injectFeeds(later);
		check(accepted === 0, `${accepted} vectors taken as a feed's address and minutes`);
	});
	test("inject: the login form's name and ?next=", async () => {
		await injectLogin(later, extraTasks);
	});

	test("public pages: home, lists, every item, series, search (and ?q= with each vector)", async () => {
		const seeds = ["/", "/archive", "/ru/", "/ru/archive", "/search?q=zephyr", "/search?q=zephyr&lang=ru", ...KINDS.map((k) => `/kind/${k}`), "/nonexistent-page"]
			.map((u) => ({ url: base + u, area: "public", role: "pub", nav: true }));
		for (const v of V) {
			const q = pct(v.bytes);
			seeds.push({ url: `${base}/search?q=${q}` + (FULL || v.id % 2 ? `&kind=${q}&lang=${q}&from=${q}&to=${q}` : ""), area: "public", role: "pub" });
		}
		const feeds = new Set();
		const before = stats.pages;
		const follow = (l) => {
			if (!l.startsWith(base + "/")) return null;
			const p = l.slice(base.length);
			if (/\.(rss|atom|json|xml)$/.test(p.split("?")[0])) {
				feeds.add(p);
				return null;
			}
			if (/^\/(static|media|admin|preview)\//.test(p)) return null;
			if (p.startsWith("/search") && !/^\/search\?q=zephyr(&lang=ru)?(&page=\d+)?$/.test(p)) return null;
			return { url: l.split("#")[0], area: "public", role: "pub" };
		};
		const r = await crawl(seeds, follow, FULL ? 40000 : 8000);
		figures.publicPages = stats.pages - before;
		figures.feedUrls = feeds;
		const items = [...r.seen].filter((u) => /\/items\//.test(u)).length;
		figures.itemPages = items;
		check(items >= nrIds.length + 3 * Math.ceil(V.length / 6), `only ${items} item pages reached`);
	});

	test("newsroom pages: lists, every editor, revisions, diffs, previews, trash, media, audit, users, settings", async () => {
		const seeds = ["/admin/items", "/admin/trash", "/admin/media", "/admin/audit", "/admin/users", "/admin/settings", "/admin/items/new", "/admin/feeds"]
			.map((u) => ({ url: base + u, area: "newsroom", role: "adm", nav: true }));
		const made = new Set(nrIds.map((x) => String(x.id)));
		for (const { id } of nrIds) seeds.push({ url: `${base}/admin/items/${id}/diff?a=1&b=2`, area: "newsroom", role: "adm" });
		for (const v of V) {
			if (!FULL && v.id % 3) continue;
			const q = pct(v.bytes);
			seeds.push({ url: `${base}/admin/items?q=${q}&status=${q}&kind=${q}&lang=${q}&author=${q}`, area: "newsroom", role: "adm" });
		}
		const follow = (l) => {
			if (!l.startsWith(base + "/admin/")) return null;
			const p = l.slice(base.length).split("#")[0];
			const more = /^\/admin\/items\/(\d+)\/(revisions|preview)$/.exec(p);
			/* Quick runs see the revisions and saved previews of the newsroom's own items only. */
			if (more && (FULL || made.has(more[1]))) return { url: base + p, area: "newsroom", role: "adm" };
			if (/^\/admin\/(items|trash|media|audit)(\?page=\d+)?$/.test(p) || /^\/admin\/items\/\d+$/.test(p) ||
				(FULL && /^\/admin\/items\?(status|kind|lang)=[a-z-]+(&page=\d+)?$/.test(p)))
				return { url: base + p, area: "newsroom", role: "adm" };
			return null;
		};
		const before = stats.pages;
		const r = await crawl([...seeds, ...extraTasks], follow, FULL ? 40000 : 10000);
		figures.newsroomPages = stats.pages - before;
		const editors = [...r.seen].filter((u) => /\/admin\/items\/\d+$/.test(u)).length;
		check(editors >= nrIds.length, `only ${editors} editors reached`);
	});

	test("POST responses opened as served: refused forms, previews, users, login", async () => {
		const before = stats.pages;
		const b2 = stats.parsed;
		await crawl(later.map((t) => Object.assign({}, t, { role: "adm" })), null, 100000);
		stats.rendered = stats.pages - before + stats.parsed - b2;
		check(stats.rendered === later.length, `${stats.rendered} of ${later.length} opened`);
	});

	test("feeds, sitemap and OpenSearch: parsed, no script in XML or JSON fields; RSS opened in Chromium", async () => {
		const list = new Set(["/feed.rss", "/feed.atom", "/feed.json", "/sitemap.xml", "/opensearch.xml", "/ru/feed.rss", "/ru/feed.atom", "/ru/feed.json",
			...KINDS.flatMap((k) => [`/kind/${k}/feed.rss`, `/kind/${k}/feed.atom`, `/kind/${k}/feed.json`]), ...(figures.feedUrls || [])]);
		for (const p of list) await checkFeed(p);
		/* As a reader's browser opens them. */
		await crawl(["/feed.rss", "/feed.atom", "/sitemap.xml"].map((u) => ({ url: base + u, area: "feed", role: "pub", nav: true })), null, 10);
		check(!feedFailures.length, `${feedFailures.length} problems: ` + feedFailures.slice(0, 5).join(" | "));
	});

	test("settings: site name, description, contact block and clock labels, through the newsroom and pressroom config", async () => {
		const slug = (await req(null, "GET", "/items/cli-0")).status === 200 ? "cli-0" : "md-0";
		const first = later.length;
		const rounds = FULL ? V.length : Math.ceil(V.length / SETTING_KEYS.length);
		for (let r = 0; r < rounds; r++) {
			await settingsRound(r, "web", slug, later);
			await settingsRound(r, "cli", slug, later);
		}
		/* The refused settings forms, as served. */
		await crawl(later.slice(first).map((t) => Object.assign({}, t, { role: "adm" })), null, 100000);
		check(!feedFailures.length, feedFailures.slice(0, 5).join(" | "));
	});

	uploadTests(test);

	test("no crash: every command exited with a status, no sanitizer report, the server alive", async () => {
		const log = fs.existsSync(path.join(tmp, "server.log")) ? fs.readFileSync(path.join(tmp, "server.log"), "utf8") : "";
		if (SANITIZER.test(log)) crashes.push("server: " + log.split("\n").find((l) => SANITIZER.test(l)));
		check(server.exitCode === null, `the server exited (${server.exitCode})`);
		check((await req(null, "GET", "/")).status === 200, "the server does not answer");
		check(!crashes.length, crashes.slice(0, 5).join(" | "));
	});
	test("zero executions", async () => {
		check(!executions.length, `${executions.length}: ` + executions.slice(0, 8).map((e) => `${e.kind} ${e.detail} at ${(e.page || e.url || "").replace(base, "")}`).join(" | "));
	});
	test("zero markup that would execute without the CSP", async () => {
		check(!problems.length, `${problems.length}: ` + problems.slice(0, 8).map((p) => `${p.url.replace(base, "")}: ${p.what}`).join(" | "));
	});

	try {
		for (const t of tests) {
			const s = Date.now();
			try {
				await t.fn();
				console.log(`ok   ${t.name} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
				passed++;
			} catch (e) {
				console.log(`FAIL ${t.name}: ${String(e.message).split("\n")[0].slice(0, 2000)}`);
				failed++;
				if (/^setup|^the corpus/.test(t.name)) break;
			}
		}
	} finally {
		const inputs = new Set(injections.map((i) => `${i.input}: ${i.field}`));
		const stored = injections.filter((i) => i.ok).length;
		const byInput = {};
		for (const i of injections) {
			const k = i.input;
			byInput[k] = byInput[k] || { ok: 0, refused: 0 };
			byInput[k][i.ok ? "ok" : "refused"]++;
		}
		console.log(`-- mode: ${FULL ? "full (every vector in every field)" : "quick (every vector once per input, fields rotating)"}`);
		for (const [k, v] of Object.entries(byInput)) console.log(`-- ${k}: ${v.ok} taken, ${v.refused} refused`);
		if (process.env.XSS_VERBOSE) for (const i of injections.filter((x) => !x.ok)) console.log(`   refused #${i.vec + 1} ${i.input} ${i.field}: ${i.why}`);
		console.log(`-- pages: ${stats.pages} opened in Chromium, ${stats.parsed} parsed by it (${Object.entries(stats.byArea).map(([a, n]) => `${a} ${n}`).join(", ")}; ${stats.rendered} of them POST responses); feeds parsed: ${stats.feeds}`);
		console.log(`-- CSP notes (images from elsewhere, inline style): ${notes.length}`);
		if (process.env.XSS_VERBOSE) for (const n of notes.slice(0, 40)) console.log(`   note: ${n.kind} ${n.detail.slice(0, 160)} at ${n.url}`);
		console.log(`xss: ${V.length} vectors x ${inputs.size} inputs: ${injections.length} injections (${stored} taken, ${injections.length - stored} refused); executions: ${executions.length}; would execute without CSP: ${problems.length}`);
		for (const e of executions.slice(0, 20)) console.log(`   execution: ${e.kind} ${e.detail} at ${e.page || e.url}`);
		for (const p of problems.slice(0, 20)) console.log(`   would execute: ${p.url}: ${p.what}`);
		for (const f of feedFailures.slice(0, 20)) console.log(`   feed: ${f}`);
		if (browser) await browser.close().catch(() => {});
		if (server) server.kill("SIGTERM");
		if (upstream) upstream.close();
		if (failed && fs.existsSync(path.join(tmp, "server.log")))
			process.stdout.write("server log:\n" + fs.readFileSync(path.join(tmp, "server.log"), "utf8").slice(-2000));
		if (!process.env.XSS_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
		else console.log("-- kept " + tmp);
		console.log(`xss in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		console.log(`${passed} passed, ${failed} failed`);
		process.exit(failed ? 1 : 0);
	}
}

main();
