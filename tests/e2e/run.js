#!/usr/bin/env node
/*
 * The newsroom in a real browser: Debian's headless Chromium driven by
 * playwright-core, against `pressroom serve` on a loopback port with a fresh
 * sample site and three accounts (editor, contributor, admin).
 *
 * usage: node tests/e2e/run.js BUILD_DIR
 * Prints "ok   name" / "FAIL name: reason" per scenario, then "N passed, N failed";
 * exits 1 on any failure. Screenshots go to tests/out/screenshots/. Every newsroom
 * page visited is also checked by a strict HTML5 parser (python3-html5lib).
 * The scenarios run in order and share the server; the last one locks logins.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const HERE = __dirname;
const ROOT = path.resolve(HERE, "..", "..");
const BUILD = path.resolve(process.argv[2] || path.join(ROOT, "build"));
const PRESSROOM = path.join(BUILD, "pressroom");
const SHOTS = path.join(ROOT, "tests", "out", "screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PW = { ed: "editor-password-1", con: "contrib-password-1", adm: "admin-password-12" };

let chromium;
try {
	({ chromium } = require(path.join(HERE, "node_modules", "playwright-core")));
} catch (e) {
	console.log("FAIL setup: playwright-core is not installed (npm ci --prefix tests/e2e)");
	console.log("0 passed, 1 failed");
	process.exit(1);
}

function check(cond, msg) {
	if (!cond) throw new Error(msg);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pressroom-e2e-"));
const db = path.join(tmp, "site.db");
let server = null, browser = null, port = 0, base = "";
const pagesSeen = new Map();   // url -> html, for the HTML5 check

function run(args, input) {
	const r = spawnSync(PRESSROOM, ["--db", db, ...args], { input: input || "", encoding: "utf8" });
	if (r.status !== 0)
		throw new Error(`pressroom ${args.join(" ")}: ${r.stderr}`);
	return r.stdout;
}

/* A new page of ctx whose dialogs land in state.dialogs: { page, errors (its
 * script errors) }. */
async function watchedPage(ctx) {
	const page = await ctx.newPage();
	watchDialogs(page, state.dialogs);
	const errors = [];
	page.on("pageerror", (e) => errors.push(e.message));
	return { page, errors };
}

/* A static copy in www served by Python's plain file server, as a host without
 * pressroom would: { srv (kill it after), sbase (its address) } once it answers. */
async function serveCopy(www) {
	const sPort = await freePort();
	const srv = spawn("/usr/bin/python3", ["-m", "http.server", String(sPort), "--bind", "127.0.0.1",
		"--directory", www], { stdio: "ignore" });
	const sbase = `http://127.0.0.1:${sPort}`;
	for (let i = 0; i < 100; i++) {
		try { if ((await fetch(sbase + "/")).ok) break; } catch (e) { /* not yet */ }
		await new Promise((r) => setTimeout(r, 50));
	}
	return { srv, sbase };
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
	port = await freePort();
	base = `http://127.0.0.1:${port}`;
	server = spawn(PRESSROOM, ["--db", db, "serve", "--listen", `127.0.0.1:${port}`, "--quiet"],
		{ stdio: ["ignore", "ignore", "pipe"] });
	server.stderr.on("data", (d) => fs.appendFileSync(path.join(tmp, "server.log"), d));
	for (let i = 0; i < 100; i++) {
		try {
			const r = await fetch(base + "/");
			if (r.ok) return;
		} catch (e) { /* not yet */ }
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error("the server did not start");
}

/* Wall-clock parts of t (ms) in zone: {date: "2026-09-22", time: "09:00:05"}. */
function inZone(t, zone) {
	const parts = {};
	for (const p of new Intl.DateTimeFormat("en-GB", {
		timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
		hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
	}).formatToParts(new Date(t))) parts[p.type] = p.value;
	return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

async function remember(page) {
	const u = page.url();
	if (u.includes("/admin") || u.includes("/preview/"))
		pagesSeen.set(u, await page.content());
}

async function login(context, name) {
	const page = await context.newPage();
	await page.goto(base + "/admin/login");
	await page.fill("#f-name", name);
	await page.fill("#f-password", PW[name]);
	await remember(page);
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(page.url().endsWith("/admin/items"), `${name}: after login at ${page.url()}`);
	return page;
}

/* A new page of ctx whose confirm() dialogs are accepted and noted in asked
 * ("confirm: Delete?"): { page, asked }. */
async function confirmingPage(ctx) {
	const page = await ctx.newPage();
	const asked = [];
	page.on("dialog", async (d) => {
		asked.push(d.type() + ": " + d.message());
		await d.accept();
	});
	return { page, asked };
}

/* Collects any dialog (alert() from injected script) as a failure. */
function watchDialogs(page, sink) {
	page.on("dialog", async (d) => {
		sink.push(d.message());
		await d.dismiss().catch(() => {});
	});
}

const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
const state = { dialogs: [] };
const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

test("no session: /admin asks to log in, a POST is refused", async () => {
	const r = await fetch(base + "/admin/items", { redirect: "manual" });
	check(r.status === 303, `GET status ${r.status}`);
	check((r.headers.get("location") || "").startsWith("/admin/login"), "redirect to the login page");
	const p = await fetch(base + "/admin/items/new", {
		method: "POST", body: new URLSearchParams({ title: "sneaky", kind: "news" }),
	});
	check(p.status === 403, `POST status ${p.status}`);
	const list = run(["list"]);
	check(!list.includes("sneaky"), "nothing was written");
});

test("log in as editor", async () => {
	state.edCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	state.ed = await login(state.edCtx, "ed");
	watchDialogs(state.ed, state.dialogs);
	const cookies = await state.edCtx.cookies();
	const c = cookies.find((x) => x.name === "pressroom_session");
	check(c && c.httpOnly && c.sameSite === "Lax" && c.path === "/", "session cookie flags");
	check((await state.ed.textContent("h1")) === "Items", "the items page");
	await remember(state.ed);
});

test("write a draft (script in every field stays text)", async () => {
	const page = state.ed;
	await page.goto(base + "/admin/items/new");
	await page.selectOption("#f-kind", "statement");
	await page.fill("#f-title", "Statement on the harbour " + XSS);
	await page.fill("#f-lead", "Lead " + XSS);
	await page.fill("#f-body", "First paragraph with **bold**.\n\nSecond paragraph " + XSS);
	await page.fill("#f-tags", "harbour, " + XSS);
	await page.fill("#f-series", "s" + XSS.replace(/\//g, ""));
	await page.fill("#f-source_title", XSS);
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(page.url().includes("done=created"), `after save at ${page.url()}`);
	check((await page.textContent("h1")).includes("<script>"), "the title is shown as text");
	state.draftUrl = page.url().replace(/\?.*/, "");
	state.draftSlug = await page.inputValue("#f-slug");
	check(state.draftSlug.startsWith("statement-on-the-harbour"), `slug ${state.draftSlug}`);
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, "editor.png"), fullPage: true });
	await remember(page);
	check(state.dialogs.length === 0, "a script ran: " + state.dialogs.join(", "));
});

test("preview renders the unsaved form as the public page", async () => {
	const page = state.ed;
	await page.fill("#f-lead", "A lead typed but not saved");
	const [popup] = await Promise.all([
		state.edCtx.waitForEvent("page"),
		page.click("button[value=preview]"),
	]);
	await popup.waitForLoadState();
	watchDialogs(popup, state.dialogs);
	const banner = await popup.textContent(".banner");
	check(banner.includes("PREVIEW"), `banner ${banner}`);
	check((await popup.textContent("h1")).startsWith("Statement on the harbour"), "title");
	check((await popup.textContent(".lead")).includes("typed but not saved"), "the unsaved lead");
	check(await popup.$("link[href='/static/site.css']"), "the public stylesheet");
	check((await popup.textContent("article strong")) === "bold", "Markdown rendered");
	await remember(popup);
	await popup.close();
	check(state.dialogs.length === 0, "a script ran in the preview");
	const pub = await fetch(`${base}/items/${state.draftSlug}`);
	check(pub.status === 404, "a draft is not public");
});

test("a form with errors comes back intact, each problem at its field", async () => {
	const page = state.ed;
	await page.goto(state.draftUrl);
	await page.fill("#f-title", "");
	await page.fill("#f-body", "Body kept " + XSS);
	await page.fill("#f-source_url", "javascript:alert(1)");
	await page.fill("#f-slug", "Not A Slug");
	await page.$eval("#f-title", (e) => e.removeAttribute("required"));
	await page.$eval("#f-slug", (e) => e.removeAttribute("pattern"));
	await page.$eval("#f-source_url", (e) => e.setAttribute("type", "text"));
	const [resp] = await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(resp.status() === 422, `status ${resp.status()}`);
	check((await page.textContent("#e-title")).includes("title"), "message at the title");
	check((await page.textContent("#e-source_url")).includes("http"), "message at the source");
	check((await page.textContent("#e-slug")).includes("a-z"), "message at the slug");
	check((await page.inputValue("#f-body")) === "Body kept " + XSS, "body kept as typed");
	check((await page.inputValue("#f-slug")) === "Not A Slug", "slug kept as typed");
	await remember(page);
	check(state.dialogs.length === 0, "a script ran");
});

test("schedule a minute-style time in another zone; it appears by itself", async () => {
	const page = state.ed;
	await page.goto(base + "/admin/items/new");
	await page.fill("#f-title", "Scheduled from Tokyo");
	await page.fill("#f-body", "Appears by itself.");
	state.schedAt = Date.now() + 30000; // room for a slow, loaded machine to submit first
	const w = inZone(state.schedAt, "Asia/Tokyo");
	await page.fill("#f-date", w.date);
	await page.fill("#f-time", w.time);
	await page.selectOption("#f-zone", "Asia/Tokyo");
	await Promise.all([page.waitForNavigation(), page.click("button[value=schedule]")]);
	check(page.url().includes("done=scheduled"), `after schedule at ${page.url()}`);
	check((await page.textContent(".nr-status")).includes("Scheduled"), "status Scheduled");
	// Its editor shows the time as it was typed, in the zone it was typed in.
	check((await page.textContent(".nr-status")).includes(`${w.date} ${w.time.slice(0, 5)}`) &&
	      (await page.textContent(".nr-status")).includes("JST"), `status not in Tokyo's time: ${await page.textContent(".nr-status")} / ${await page.inputValue("#f-zone")}`);
	check((await page.inputValue("#f-zone")) === "Asia/Tokyo", "the zone it was scheduled in is not kept");
	check((await page.inputValue("#f-date")) === w.date &&
	      (await page.inputValue("#f-time")).startsWith(w.time.slice(0, 5)),
	      `the time is not shown as typed: ${await page.inputValue("#f-time")}`);
	state.schedSlug = await page.inputValue("#f-slug");
	// Kept: the zone named, not the site's (the drafts saved before keep none, so a
	// new site zone shows them in it).
	const zones = spawnSync("sqlite3", [db, "select publish || '|' || embargo from item_zones"], { encoding: "utf8" });
	const kept = zones.stdout.trim().split("\n").sort();
	check(zones.status === 0 && kept.includes("Asia/Tokyo|") && kept.includes("|") &&
	      kept.every((z) => z === "|" || z === "Asia/Tokyo|"), `item_zones ${JSON.stringify(kept)}`);
	const r = await fetch(`${base}/items/${state.schedSlug}`);
	check(r.status === 404, "not public before its time");
	await remember(page);
});

test("embargo one and open its secret preview link", async () => {
	const page = state.ed;
	await page.goto(base + "/admin/items/new");
	await page.fill("#f-title", "Embargoed announcement");
	await page.fill("#f-body", "Under embargo.");
	state.embAt = Date.now() + 24000;
	const w = inZone(state.embAt, "Europe/Moscow");
	await page.fill("#f-embargo_date", w.date);
	await page.fill("#f-embargo_time", w.time);
	await page.selectOption("#f-embargo_zone", "Europe/Moscow");
	await Promise.all([page.waitForNavigation(), page.click("button[value=publish]")]);
	check(page.url().includes("done=embargoed"), `after publish at ${page.url()}`);
	check((await page.inputValue("#f-embargo_zone")) === "Europe/Moscow" &&
	      (await page.inputValue("#f-embargo_time")).startsWith(w.time.slice(0, 5)) &&
	      (await page.textContent(".nr-status")).includes("MSK"),
	      "the embargo is not shown in the zone it was set in");
	state.embSlug = await page.inputValue("#f-slug");
	state.embUrl = page.url().replace(/\?.*/, "");
	check((await fetch(`${base}/items/${state.embSlug}`)).status === 404, "not public under embargo");
	await Promise.all([page.waitForNavigation(), page.click("text=Make a preview link")]);
	const link = await page.inputValue("#preview-url");
	const token = link.split("/preview/")[1];
	check(token && token.length >= 40, `token ${token}`);
	await remember(page);
	const anon = await browser.newContext();
	const p = await anon.newPage();
	const resp = await p.goto(`${base}/preview/${token}`);
	check(resp.status() === 200, `preview status ${resp.status()}`);
	check((await p.textContent(".banner")).includes("EMBARGOED"), "marked EMBARGOED");
	check((await p.textContent("h1")) === "Embargoed announcement", "the item");
	check((resp.headers()["x-robots-tag"] || "").includes("noindex"), "noindex");
	const bad = await p.goto(`${base}/preview/${token.slice(0, -2)}xx`);
	check(bad.status() === 404, "a wrong token is a 404");
	// The stored hash is not the token: only a hash is kept.
	const rows = spawnSync("sqlite3", [db, "select token_hash from preview_links"], { encoding: "utf8" });
	if (rows.status === 0) check(!rows.stdout.includes(token), "the token itself is not stored");
	await anon.close();
	state.embToken = token;
});

test("revise and restore a revision", async () => {
	const page = state.ed;
	await page.goto(state.draftUrl);
	await page.fill("#f-title", "Statement on the harbour, revised");
	await page.fill("#f-body", "First paragraph with **bold**.\n\nA new second paragraph.");
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(page.url().includes("done=saved"), "saved");
	await page.click("text=Revisions");
	await page.waitForSelector("table.nr-revisions");
	await remember(page);
	await Promise.all([page.waitForNavigation(), page.click("text=Show changes")]);
	check(await page.$(".diff .del"), "removed lines shown");
	check((await page.textContent(".diff .add ins")).length > 0, "added lines shown");
	check((await page.textContent("body")).includes("A new second paragraph."), "the new text");
	await remember(page);
	await page.goto(state.draftUrl + "/revisions");
	await Promise.all([page.waitForNavigation(), page.click("text=Restore revision 1")]);
	check(page.url().includes("done=reverted"), `after restore at ${page.url()}`);
	check((await page.inputValue("#f-title")).startsWith("Statement on the harbour <script>"), "title restored");
	check(!(await page.inputValue("#f-body")).includes("A new second paragraph"), "body restored");
});

test("two people saving: the second is told and keeps their text", async () => {
	const a = state.ed;
	const b = await state.edCtx.newPage();
	watchDialogs(b, state.dialogs);
	await a.goto(state.draftUrl);
	await b.goto(state.draftUrl);
	await a.fill("#f-lead", "Saved first by A");
	await Promise.all([a.waitForNavigation(), a.click("button[value=save]")]);
	await b.fill("#f-lead", "B's text that must not be lost");
	const [resp] = await Promise.all([b.waitForNavigation(), b.click("button[value=save]")]);
	check(resp.status() === 409, `status ${resp.status()}`);
	check((await b.textContent("#form-problem")).includes("Not saved"), "told");
	check((await b.inputValue("#f-lead")) === "B's text that must not be lost", "text kept");
	await remember(b);
	await a.reload();
	check((await a.inputValue("#f-lead")) === "Saved first by A", "A's save stands");
	await b.close();
});

test("upload an image and show it in a published item", async () => {
	const page = state.ed;
	// A 2x2 PNG made here, and an HTML file dressed up as a PNG.
	const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
	const pngPath = path.join(tmp, "harbour photo.png");
	fs.writeFileSync(pngPath, png);
	const fake = path.join(tmp, "evil.png");
	fs.writeFileSync(fake, "<html><script>alert(1)</script></html>");
	await page.goto(base + "/admin/media");
	await page.setInputFiles("#f-file", fake);
	const [bad] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(bad.status() === 415, `wrong type status ${bad.status()}`);
	check((await page.textContent("#upload-error")).includes("not a JPEG"), "clear message");
	check((await page.textContent(".nr-count")).startsWith("0 files"), "nothing left behind");
	await page.setInputFiles("#f-file", pngPath);
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check((await page.textContent("main")).includes("Uploaded as"), "uploaded");
	const md = await page.inputValue("input.markdown");
	const m = md.match(/\/media\/([0-9a-f]{16}\.png)/);
	check(m, `markdown ${md}`);
	await remember(page);
	const r = await fetch(`${base}/media/${m[1]}`);
	check(r.status === 200, "served");
	check(r.headers.get("content-type") === "image/png", `type ${r.headers.get("content-type")}`);
	check((r.headers.get("cache-control") || "").includes("immutable"), "immutable");
	check(r.headers.get("x-content-type-options") === "nosniff", "nosniff");
	await page.goto(base + "/admin/items/new");
	await page.fill("#f-title", "With a photo");
	await page.fill("#f-body", "Look:\n\n" + md);
	await Promise.all([page.waitForNavigation(), page.click("button[value=publish]")]);
	check(page.url().includes("done=published"), "published");
	const slug = await page.inputValue("#f-slug");
	const pub = await browser.newContext();
	const p = await pub.newPage();
	await p.goto(`${base}/items/${slug}`);
	await p.waitForSelector(`img[src="/media/${m[1]}"]`);
	const w = await p.$eval(`img[src="/media/${m[1]}"]`, (img) => img.complete && img.naturalWidth);
	check(w === 2, `image loaded (naturalWidth ${w})`);
	await pub.close();
	state.photo = m[1];
	state.photoItem = "With a photo";
	state.photoSlug = slug;
});

test("a published item's new address: the old one leads to it, and the editor lists it", async () => {
	const page = state.ed;
	const old = state.photoSlug;
	await page.fill("#f-slug", `${old}-renamed`);
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(page.url().includes("done=saved"), `saved at ${page.url()}`);
	check((await page.textContent(".nr-alias-list")).includes(`/items/${old}`), "the old address is listed");
	await remember(page);
	// (The public pages follow a change within the server's next look, a second.)
	let r;
	for (let i = 0; i < 40; i++) {
		r = await fetch(`${base}/items/${old}`, { redirect: "manual" });
		if (r.status !== 200) break;
		await new Promise((res) => setTimeout(res, 100));
	}
	check(r.status === 301 && (r.headers.get("location") || "").endsWith(`/items/${old}-renamed`),
		`old address: ${r.status} ${r.headers.get("location")}`);
	const pub = await browser.newContext();
	const p = await pub.newPage();
	await p.goto(`${base}/items/${old}`);
	check(p.url().endsWith(`/items/${old}-renamed`), `the browser ends at ${p.url()}`);
	check((await p.textContent("h1")).includes("With a photo"), "the item is shown");
	await pub.close();
	// The editor's own list: remove the old address, and it is a 404 again.
	const back = page.url();
	const waitStatus = async (addr, want) => {
		let st;
		for (let i = 0; i < 40; i++) {
			st = (await fetch(`${base}${addr}`, { redirect: "manual" })).status;
			if (st === want) break;
			await new Promise((res) => setTimeout(res, 100));
		}
		return st;
	};
	await Promise.all([page.waitForNavigation(),
		page.click(`#old-addresses ~ ul button[aria-label="Remove /items/${old}"]`)]);
	check(page.url().includes("done=alias-removed"), `removed at ${page.url()}`);
	check(!(await page.$(".nr-aliases")) && !(await page.$(".nr-alias-list")), "still listed after Remove");
	let st = await waitStatus(`/items/${old}`, 404);
	check(st === 404, `a removed old address answers ${st}`);
	// Added by hand, as a whole address of the old site: normalised, and it leads here.
	await page.fill("#alias-path", ` https://old.example.org/2019/05/With%20a%20photo/index.html `);
	await Promise.all([page.waitForNavigation(), page.click("#alias-path ~ button, form[action$='/aliases'] button")]);
	check(page.url().includes("done=alias-added"), `added at ${page.url()}`);
	check((await page.textContent(".nr-alias-list")).includes("/2019/05/With a photo"), "the added one is not listed");
	await remember(page);
	st = await waitStatus("/2019/05/With%20a%20photo/", 301);
	check(st === 301, `the added old address answers ${st}`);
	// A name with a '#' ("%23" typed) is listed as typed, so that what the list
	// shows, typed again, is that address (the form says it is there already).
	for (const [typed, done] of [["/c%23sharp", "alias-added"], ["/c%23sharp", "alias-known"]]) {
		await page.fill("#alias-path", typed);
		await Promise.all([page.waitForNavigation(), page.click("form[action$='/aliases'] button")]);
		check(page.url().includes(`done=${done}`), `${typed}: at ${page.url()}`);
	}
	const shown = await page.$$eval(".nr-alias-list code", (cs) => cs.map((c) => c.textContent));
	check(shown.includes("/c%23sharp") && !shown.includes("/c#sharp"), `listed as ${shown}`);
	await Promise.all([page.waitForNavigation(), page.click(`button[aria-label="Remove /c#sharp"]`)]);
	check(page.url().includes("done=alias-removed"), `/c#sharp removed at ${page.url()}`);
	// Refused, each with its reason, and nothing changes: a page of the site, a query.
	for (const [bad, why, code] of [["/archive", "a page of this site is there", 409],
		["/?page_id=13", "query", 400], [`/items/${old}-renamed`, "own address", 400]]) {
		await page.goto(back);
		await page.fill("#alias-path", bad);
		const [resp] = await Promise.all([page.waitForNavigation(), page.click("form[action$='/aliases'] button")]);
		const text = await page.textContent(".notice.error");
		check(resp.status() === code && text.includes(bad) && text.includes(why), `${bad}: ${resp.status()} ${text}`);
		const backTo = await page.getAttribute("main a[href*='#old-addresses']", "href");
		check(backTo && back.includes(backTo.replace(/#.*/, "")), `no way back to the item: ${backTo}`);
		await remember(page);
	}
	await page.goto(back);
	check((await page.$$(".nr-alias-list li")).length === 1, "a refused address was added");
	await page.fill("#alias-path", `/items/${old}`);
	await Promise.all([page.waitForNavigation(), page.click("form[action$='/aliases'] button")]);
	check(page.url().includes("done=alias-added"), `re-added at ${page.url()}`);
	// Renamed back: its address is its own again, no longer listed as an old one, and
	// the address it had meanwhile leads to it now.
	await page.fill("#f-slug", old);
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(page.url().includes("done=saved"), `saved back at ${page.url()}`);
	const listed = await page.$$eval(".nr-alias-list code", (cs) => cs.map((c) => c.textContent));
	check(listed.includes(`/items/${old}-renamed`) && !listed.includes(`/items/${old}`),
		`old addresses after renaming back: ${listed}`);
	st = await waitStatus(`/items/${old}`, 200);
	check(st === 200, `its own address again answers ${st}`);
	st = await waitStatus(`/items/${old}-renamed`, 301);
	check(st === 301, `the address it had meanwhile answers ${st}`);
	// An old address an import kept with a space at its end (a quoted YAML name):
	// Remove takes the stored name as it is, not trimmed, so it does go.
	const src = path.join(tmp, "spaced");
	fs.mkdirSync(src, { recursive: true });
	fs.writeFileSync(path.join(src, "spaced.md"), "---\ntitle: Spaced old address\ndate: 2024-01-05\n" +
		"slug: spaced-old\naliases: [\"/old page \"]\n---\nText.\n");
	run(["import", src]);
	await page.goto(base + "/admin/items?q=" + encodeURIComponent("Spaced old address"));
	const spacedUrl = await page.$eval("a:text-is('Spaced old address')", (a) => a.href);
	await page.goto(spacedUrl);
	check((await page.$$eval(".nr-alias-list code", (cs) => cs.map((c) => c.textContent))).join("|") === "/old page ",
		"the imported old address with its space is not listed");
	st = await waitStatus("/old%20page%20", 301);
	check(st === 301, `the old address with a space answers ${st}`);
	await Promise.all([page.waitForNavigation(), page.click(`button[aria-label="Remove /old page "]`)]);
	check(page.url().includes("done=alias-removed") && !(await page.$(".nr-alias-list")),
		`the old address with a space is not removed: ${page.url()}`);
	st = await waitStatus("/old%20page%20", 404);
	check(st === 404, `the removed old address with a space answers ${st}`);
	await page.goto(back);
	// A draft's address was never public: changing it leaves none behind.
	await page.goto(state.draftUrl);
	const draftSlug = await page.inputValue("#f-slug");
	await page.fill("#f-slug", `${draftSlug}-x`);
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(!(await page.$(".nr-alias-list")), "a draft's old address is listed");
	let d;
	for (let i = 0; i < 40; i++) {
		d = await fetch(`${base}/items/${draftSlug}`, { redirect: "manual" });
		if (d.status !== 200) break;
		await new Promise((res) => setTimeout(res, 100));
	}
	check(d.status === 404, `a draft's old address answers ${d.status}`);
	await page.fill("#f-slug", draftSlug);
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
});

test("the static and Markdown exports carry the uploaded photo", async () => {
	const www = path.join(tmp, "www"), md = path.join(tmp, "md");
	const out = run(["export", "--static", www]);
	check(out.includes("1 media files") && !out.includes("broken"), `static export: ${out}`);
	const photo = fs.readFileSync(path.join(www, "media", state.photo));
	const served = Buffer.from(await (await fetch(`${base}/media/${state.photo}`)).arrayBuffer());
	check(photo.equals(served), "the copy's file is not the one the server sends");
	const pages = spawnSync("grep", ["-rl", `src="/media/${state.photo}"`, path.join(www, "items")], { encoding: "utf8" });
	check(pages.stdout.trim().split("\n").length === 1, `pages showing it: ${pages.stdout}`);
	run(["export", "--markdown", md]);
	check(fs.readFileSync(path.join(md, "media", state.photo)).equals(served), "not in the Markdown export");
});

test("the static copy's search page searches in the browser", async () => {
	const www = path.join(tmp, "www-search");
	const md = path.join(tmp, "markup-title.md");
	fs.writeFileSync(md, `---\ntitle: 'Zanzibarquest ${XSS.replace(/'/g, "''")}'\ndate: 2026-01-05T10:00:00Z\n` +
		`lead: 'Lead ${XSS.replace(/'/g, "''")}'\n---\nBody.\n`);
	run(["add", md]);
	run(["export", "--static", www]);
	const { srv, sbase } = await serveCopy(www);
	const ctx = await browser.newContext();
	try {
		const { page, errors } = await watchedPage(ctx);
		// The form as a reader uses it: type, submit (a plain GET to /search).
		await page.goto(sbase + "/search");
		await page.fill("#search-q", "consul WINTER");
		await Promise.all([page.waitForNavigation(), page.click(".search-box button")]);
		await page.waitForSelector(".search-count");
		check((await page.inputValue("#search-q")) === "consul WINTER", "the query is not shown in the form");
		const titles = await page.$$eval(".search-results .entry a", (as) => as.map((a) => a.textContent));
		check(titles.length === 1 && titles[0].startsWith("Consular Section working arrangements"),
			`results ${JSON.stringify(titles)}`);
		check((await page.textContent(".search-count")).includes(": 1"), "count");
		const href = await page.$eval(".search-results .entry a", (a) => a.getAttribute("href"));
		check((await fetch(sbase + href)).ok, `the result's link ${href} fails in the copy`);
		// The kind as the server's results name it: one item's, not the list's.
		check((await page.textContent(".search-results .entry .kind")) === "Press release",
			`kind ${await page.textContent(".search-results .entry .kind")}`);
		// A query with no word in it is said so, as the server says it.
		await page.goto(sbase + "/search?q=" + encodeURIComponent("!!!"));
		await page.waitForSelector("#search-static .notice");
		check((await page.textContent("#search-static")).includes("There is nothing to search for"),
			"a query without words");
		// Russian words in the Russian search page, and a filter.
		await page.goto(sbase + "/ru/search?q=" + encodeURIComponent("паспорт") + "&lang=ru");
		await page.waitForSelector(".search-count");
		const ru = await page.$$eval(".search-results .entry", (li) => li.map((l) => l.textContent));
		check(ru.length === 1 && ru[0].includes("О новом порядке выдачи паспортов"), `ru ${JSON.stringify(ru)}`);
		check((await page.textContent(".search-count")).startsWith("Найдено по запросу «паспорт»"), "ru count");
		await page.goto(sbase + "/search?q=consul&kind=statement");
		await page.waitForSelector(".search-count");
		check(!(await page.$(".search-results")) &&
			(await page.textContent("#search-static")).includes("Nothing was found"), "kind filter");
		check((await page.inputValue("#search-kind")) === "statement", "the filter is not shown");
		// A query with printf and replacement patterns in it is shown as typed.
		await page.goto(sbase + "/search?q=" + encodeURIComponent("consul 5%d $& x"));
		await page.waitForSelector(".search-count");
		check((await page.textContent(".search-count")) === "Results for \u201cconsul 5%d $& x\u201d: 0",
			`count line ${await page.textContent(".search-count")}`);
		// A title and lead that are markup stay text.
		await page.goto(sbase + "/search?q=zanzibarq");
		await page.waitForSelector(".search-results .entry a");
		check((await page.textContent(".search-results .entry a")) === "Zanzibarquest " + XSS &&
			(await page.textContent(".search-results .snippet")) === "Lead " + XSS &&
			!(await page.$(".search-results script, .search-results img")), "markup in a result");
		await page.waitForTimeout(300);
		check(!errors.length && !state.dialogs.length, `script errors ${errors} ${state.dialogs}`);
		pagesSeen.set(sbase + "/search?q=consul", await page.content());
	} finally {
		await ctx.close();
		srv.kill("SIGTERM");
	}
});

/* A new site in wdb with the WordPress export of tests/data (its published posts 11
 * and 12); returns pr(args): pressroom --db wdb args, its output (throws on failure). */
function wordpressSite(wdb) {
	const pr = (args) => {
		const r = spawnSync(PRESSROOM, ["--db", wdb, ...args], { encoding: "utf8" });
		if (r.status !== 0)
			throw new Error(`pressroom ${args.join(" ")}: ${r.stderr}`);
		return r.stdout;
	};
	pr(["init"]);
	pr(["import", path.join(ROOT, "tests", "data", "wxr", "export.xml")]);
	return pr;
}

test("a static copy of a site from WordPress answers its shortlinks (/?p=12, /ru/?p=12) in the browser", async () => {
	// A site of its own: the WordPress export's two published posts, 11 and 12.
	const wdb = path.join(tmp, "wp.db"), www = path.join(tmp, "www-wp");
	const pr = wordpressSite(wdb);
	// The network's Russian blog at /ru, whose post 12 is another post.
	const ru = path.join(tmp, "wp-ru.xml");
	fs.writeFileSync(ru, '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ' +
		'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">' +
		'<channel><title>Blog</title><link>https://press.example.org/ru</link><language>ru-RU</language>' +
		'<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://press.example.org</wp:base_site_url>' +
		'<wp:base_blog_url>https://press.example.org/ru</wp:base_blog_url><item><title>Визит посла</title>' +
		'<wp:post_id>12</wp:post_id><wp:post_date>2024-01-09 09:00:00</wp:post_date>' +
		'<wp:post_name>vizit-posla</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>' +
		'<content:encoded><![CDATA[<p>Текст.</p>]]></content:encoded></item></channel></rss>\n');
	pr(["import", ru]);
	pr(["export", "--static", www]);
	const map = JSON.parse(fs.readFileSync(path.join(www, "shortlinks.json"), "utf8"));
	check(map["/?p=11"] === "/items/ambassador-presents-credentials/" && map["/?p=12"] === "/items/flood-relief/" &&
		map["/ru/?p=12"] === "/ru/items/vizit-posla/" && !("/?p=13" in map),
		`shortlinks.json ${JSON.stringify(map)}`);
	const { srv, sbase } = await serveCopy(www);
	const ctx = await browser.newContext();
	try {
		const { page, errors } = await watchedPage(ctx);
		for (const [q, to] of [["/ru/?p=12", "/ru/items/vizit-posla/"], ["/?p=12", "/items/flood-relief/"],
			["/?utm_source=x&p=11", "/items/ambassador-presents-credentials/"]]) {
			await page.goto(sbase + q);
			await page.waitForURL((u) => u.pathname === to, { timeout: 5000 }).catch(() => {});
			check(new URL(page.url()).pathname === to, `${q}: the browser is at ${page.url()}, not ${to}`);
		}
		check((await page.textContent("h1")).includes("Ambassador"), "the item is not shown");
		// A draft's number, an unknown one: the home page stays.
		for (const q of ["?p=13", "?p=99", "?p=x"]) {
			await page.goto(sbase + "/" + q);
			await page.waitForTimeout(400);
			check(new URL(page.url()).pathname === "/", `${q}: the browser went to ${page.url()}`);
		}
		check(!errors.length && !state.dialogs.length, `script errors ${errors} ${state.dialogs}`);
		pagesSeen.set(sbase + "/?p=13", await page.content());
	} finally {
		await ctx.close();
		srv.kill("SIGTERM");
	}
});

test("a static copy under a path (--base-path /press/site): its search and shortlinks stay in it", async () => {
	const wdb = path.join(tmp, "wp-under.db"), host = path.join(tmp, "www-under");
	const www = path.join(host, "press", "site");
	const pr = wordpressSite(wdb);
	pr(["export", "--static", www, "--base-path", "/press/site"]);
	const { srv, sbase } = await serveCopy(host);
	const ctx = await browser.newContext();
	try {
		const { page, errors } = await watchedPage(ctx);
		// WordPress's shortlink of the copy's home page: the item, under the path.
		await page.goto(sbase + "/press/site/?p=12");
		const to = "/press/site/items/flood-relief/";
		await page.waitForURL((u) => u.pathname === to, { timeout: 5000 }).catch(() => {});
		check(new URL(page.url()).pathname === to, `?p=12: the browser is at ${page.url()}, not ${to}`);
		// The search page reads its index under the path and links there.
		await page.goto(sbase + "/press/site/search/?q=flood");
		await page.waitForSelector(".search-results .entry a", { timeout: 5000 });
		const hrefs = await page.$$eval(".search-results .entry a", (as) => as.map((a) => a.getAttribute("href")));
		check(hrefs.length >= 1 && hrefs.every((h) => h.startsWith("/press/site/items/")),
			`result links ${JSON.stringify(hrefs)}`);
		check((await fetch(sbase + hrefs[0])).ok, `the result's link ${hrefs[0]} fails in the copy`);
		check(!errors.length && !state.dialogs.length, `script errors ${errors} ${state.dialogs}`);
	} finally {
		await ctx.close();
		srv.kill("SIGTERM");
	}
});

test("a site under a path (base_url .../press): its pages, search and newsroom stay in it", async () => {
	const udb = path.join(tmp, "under.db");
	const pr = (args, input) => {
		const r = spawnSync(PRESSROOM, ["--db", udb, ...args], { input: input || "", encoding: "utf8" });
		if (r.status !== 0)
			throw new Error(`pressroom ${args.join(" ")}: ${r.stderr}`);
		return r.stdout;
	};
	const uPort = await freePort(), ubase = `http://127.0.0.1:${uPort}`;
	pr(["init", "--sample"]);
	pr(["user", "add", "ed", "--role", "editor"], PW.ed + "\n");
	pr(["config", "base_url", ubase + "/press"]);
	const srv = spawn(PRESSROOM, ["--db", udb, "serve", "--listen", `127.0.0.1:${uPort}`, "--quiet"],
		{ stdio: "ignore" });
	const ctx = await browser.newContext();
	try {
		for (let i = 0; i < 100; i++) {
			try { if ((await fetch(ubase + "/press/")).ok) break; } catch (e) { /* not yet */ }
			await new Promise((r) => setTimeout(r, 50));
		}
		const { page, errors } = await watchedPage(ctx);
		// Every link of the home page from the host's root is under /press, and its
		// scripts and style load from there.
		await page.goto(ubase + "/press/");
		const links = await page.$$eval("[href], [src], form[action]",
			(els) => els.map((e) => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action")));
		const out = links.filter((h) => h.startsWith("/") && !h.startsWith("/press/"));
		check(links.length > 20 && !out.length, `links out of /press: ${JSON.stringify(out.slice(0, 5))}`);
		const styled = await page.$eval("body", (b) => getComputedStyle(b).fontFamily);
		check(styled && !/^(Times|serif)/i.test(styled), `site.css not applied (${styled})`);
		// The search form leads to results under the path.
		await page.goto(ubase + "/press/search?q=passport");
		const hrefs = await page.$$eval(".search-results a", (as) => as.map((a) => a.getAttribute("href")));
		check(hrefs.length >= 1 && hrefs.every((h) => h.startsWith("/press/")), `results ${JSON.stringify(hrefs)}`);
		// The newsroom: log in, publish, and the item is public under the path.
		await page.goto(ubase + "/press/admin");
		check(new URL(page.url()).pathname === "/press/admin/login", `login page at ${page.url()}`);
		await page.fill("#f-name", "ed");
		await page.fill("#f-password", PW.ed);
		await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
		check(new URL(page.url()).pathname === "/press/admin/items", `after login at ${page.url()}`);
		const ck = (await ctx.cookies()).find((c) => c.name === "pressroom_session");
		check(ck && ck.path === "/press/", `session cookie path ${ck && ck.path}`);
		await page.goto(ubase + "/press/admin/items/new");
		await page.fill("#f-title", "Published under a path");
		await page.fill("#f-body", "See [the archive](/archive).");
		await Promise.all([page.waitForNavigation(), page.click("button[value=publish]")]);
		check(page.url().includes("/press/admin/items/") && page.url().includes("done=published"),
			`after publishing at ${page.url()}`);
		const slug = await page.inputValue("#f-slug");
		await page.goto(`${ubase}/press/items/${slug}`);
		check((await page.textContent("h1")).includes("Published under a path"), "the item's page");
		await Promise.all([page.waitForNavigation(), page.click("main a:text('the archive')")]);
		check(new URL(page.url()).pathname === "/press/archive", `the body's link led to ${page.url()}`);
		check(!errors.length && !state.dialogs.length, `script errors ${errors} ${state.dialogs}`);
	} finally {
		await ctx.close();
		srv.kill("SIGTERM");
	}
});

test("a followed feed: publishing its draft keeps it in step, editing it stops updates", async () => {
	// The upstream is its own process: run() blocks this one while pressroom fetches.
	const dir = fs.mkdtempSync(path.join(tmp, "upstream-"));
	// Each version a minute newer: http.server answers If-Modified-Since by the file's
	// time in whole seconds, and two versions written within one second would be 304.
	let version = 0;
	const feed = (xml) => {
		const f = path.join(dir, "feed.xml");
		fs.writeFileSync(f, xml);
		const t = new Date(Date.now() - 3600e3 + 60e3 * version++);
		fs.utimesSync(f, t, t);
	};
	const rss = (title, text) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Ministry</title>` +
		`<link>https://mfa.example/</link><item><title>${title}</title><link>https://mfa.example/n/1</link>` +
		`<guid>n1</guid><pubDate>Tue, 22 Sep 2026 10:00:00 +0300</pubDate>` +
		`<description><![CDATA[<p>${text}</p><p>Second paragraph.</p>]]></description></item></channel></rss>`;
	const upPort = await freePort();
	const up = spawn("/usr/bin/python3", ["-m", "http.server", String(upPort), "--bind", "127.0.0.1",
		"--directory", dir], { stdio: "ignore" });
	const url = `http://127.0.0.1:${upPort}/feed.xml`;
	try {
		feed(rss("Ministry statement", "First text."));
		for (let i = 0; i < 100; i++) {
			try { if ((await fetch(url)).ok) break; } catch (e) { /* not yet */ }
			await new Promise((r) => setTimeout(r, 50));
		}
		run(["syndicate", "add", url, "--allow-private"]);
		run(["syndicate", "run"]);   // (the server's poller may run it too: same result)
		const page = state.ed;
		await page.goto(base + "/admin/items");
		await Promise.all([page.waitForNavigation(), page.click("text=Ministry statement")]);
		const editUrl = page.url().replace(/\?.*$/, "");
		check(/\/admin\/items\/\d+$/.test(editUrl), `edit page at ${page.url()}`);
		await Promise.all([page.waitForNavigation(), page.click("button[value=publish]")]);
		check(page.url().includes("done=published"), "published");
		const slug = await page.inputValue("#f-slug");
		feed(rss("Ministry statement (corrected)", "Corrected text."));
		run(["syndicate", "run"]);
		let html = await (await fetch(`${base}/items/${slug}`)).text();
		check(html.includes("Corrected text.") && html.includes("Ministry statement (corrected)"),
			"the published, unedited item did not follow the feed");
		await page.goto(editUrl);
		await page.fill("#f-body", "Our own introduction.\n\n" + (await page.inputValue("#f-body")));
		await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
		check(page.url().includes("done=saved"), "saved");
		feed(rss("Ministry statement (third version)", "Third text."));
		const out = run(["syndicate", "run"]) + run(["syndicate", "list"]);
		html = await (await fetch(`${base}/items/${slug}`)).text();
		check(html.includes("Our own introduction.") && !html.includes("Third text."),
			"the press office's edit was overwritten");
		check(out.includes("kept 1 edited here"), `not reported: ${out}`);
		run(["syndicate", "remove", url]);
	} finally {
		up.kill("SIGTERM");
	}
});

test("delete files: one in use is refused, an unused one goes; contributors cannot", async () => {
	check(state.photo, "the upload scenario did not run");
	// A page of its own: Delete asks first (admin.js), and this one says yes.
	const { page, asked } = await confirmingPage(state.edCtx);
	await page.goto(base + "/admin/media");
	const [used] = await Promise.all([page.waitForNavigation(),
		page.click(`button[aria-label="Delete ${state.photo}"]`)]);
	check(used.status() === 409, `a file in use: ${used.status()}`);
	const alert = await page.textContent("p.notice.error");
	check(alert.includes("was not deleted") && alert.includes(state.photoItem), "says which item: " + alert);
	check((await fetch(`${base}/media/${state.photo}`)).status === 200, "the file in use is still served");
	await remember(page);
	// A second, unused file (another 2x2 PNG: one byte of its name chunk differs).
	const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYPjPwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
	const p2 = path.join(tmp, "spare.png");
	fs.writeFileSync(p2, png);
	await page.setInputFiles("#f-file", p2);
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	const md = await page.inputValue("li.media-entry:first-child input.markdown");
	const m = md.match(/\/media\/([0-9a-f]{16}\.png)/);
	check(m && m[1] !== state.photo, `second upload: ${md}`);
	const con = await login(await browser.newContext(), "con");
	await con.goto(base + "/admin/media");
	check((await con.$$("button.danger[aria-label^='Delete']")).length === 0, "a contributor sees Delete");
	await con.context().close();
	await Promise.all([page.waitForNavigation(), page.click(`button[aria-label="Delete ${m[1]}"]`)]);
	check(page.url().includes("done=media-deleted"), "not deleted: " + page.url());
	check((await fetch(`${base}/media/${m[1]}`)).status === 404, "the deleted file is still served");
	check(!(await page.content()).includes(m[1]), "still listed");
	check(asked.length === 2 && asked.every((a) => a === "confirm: Delete?"), "asked: " + asked.join("; "));
	await remember(page);
	await page.close();
});

test("feeds: an editor follows a feed, sees how its reading went, and stops; a contributor cannot", async () => {
	const { page, asked } = await confirmingPage(state.edCtx);
	await page.goto(base + "/admin/items");
	await Promise.all([page.waitForNavigation(), page.click("nav.nr-nav a:text('Feeds')")]);
	check(new URL(page.url()).pathname === "/admin/feeds", `the Feeds link led to ${page.url()}`);
	// A loopback address is refused at its field, with what was typed kept.
	await page.fill("#fd-url", "http://127.0.0.1:9/feed.xml");
	const [bad] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(bad.status() === 400, `loopback: ${bad.status()}`);
	check((await page.textContent("#e-fd-url")).includes("loopback, private or link-local"),
		"the reason at the field");
	check((await page.inputValue("#fd-url")) === "http://127.0.0.1:9/feed.xml", "kept as typed");
	await remember(page);
	// A feed on a host that does not resolve: followed, then read by the server,
	// whose failure is shown in the list.
	const url = "https://ministry.invalid/en/news/rss";
	await page.fill("#fd-url", "  HTTPS://Ministry.invalid/en/news/rss#top ");
	await page.fill("#fd-minutes", "30");
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(page.url().includes("done=feed-added"), `after adding at ${page.url()}`);
	const row = `table.nr-feeds tr:has(a[href="${url}"])`;
	check(await page.$(row), "the feed is not listed as " + url);
	check((await page.textContent(`${row} td:nth-child(2)`)) === "drafts" &&
		(await page.textContent(`${row} td:nth-child(3)`)) === "30 min", "its options");
	let result = "";
	for (let i = 0; i < 50 && !result.startsWith("error"); i++) {
		await new Promise((r) => setTimeout(r, 200));
		await page.reload();
		result = (await page.textContent(`${row} td:nth-child(5)`)).trim();
	}
	check(result.startsWith("error"), `the server's reading is not shown: '${result}'`);
	await remember(page);
	// The items page, where the office works, says so too, with the way to Feeds.
	await page.goto(base + "/admin/items");
	const notice = await page.textContent("p.notice.error");
	check(notice.includes("could not be read") && notice.includes(url), "the items page: " + notice);
	await Promise.all([page.waitForNavigation(), page.click("p.notice.error a:text('Feeds')")]);
	check(new URL(page.url()).pathname === "/admin/feeds", "the notice's link");
	// Its options change in place: published at once, every 45 minutes.
	await page.check(`${row} input[name=publish]`);
	await page.fill(`${row} input[name=minutes]`, "45");
	await Promise.all([page.waitForNavigation(), page.click(`${row} button:text('Save')`)]);
	check(page.url().includes("done=feed-changed") &&
		(await page.textContent(`${row} td:nth-child(2)`)) === "published at once" &&
		(await page.textContent(`${row} td:nth-child(3)`)) === "45 min", "the options did not change");
	check(/publish/.test(run(["syndicate", "list"]).split("\n").find((l) => l.includes(url)) || ""),
		"the command line does not list it as publishing");
	await remember(page);
	// Read now, for a feed that failed and waits twice its interval: asked, and said.
	await Promise.all([page.waitForNavigation(), page.click(`${row} button:text('Read now')`)]);
	check(page.url().includes("done=feed-read") &&
		(await page.textContent("p.notice.ok")).includes("reads the feed within seconds"),
		`Read now: ${page.url()}`);
	await remember(page);
	// The same feed again: refused at the field.
	await page.fill("#fd-url", url);
	const [twice] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(twice.status() === 409 && (await page.textContent("#e-fd-url")).includes("follows this feed already"),
		`twice: ${twice.status()}`);
	const con = await login(await browser.newContext(), "con");
	check(!(await con.$("nav.nr-nav a:text('Feeds')")), "a contributor sees Feeds");
	const denied = await con.goto(base + "/admin/feeds");
	check(denied.status() === 403, `a contributor's /admin/feeds: ${denied.status()}`);
	await con.context().close();
	await page.goto(base + "/admin/feeds");
	await Promise.all([page.waitForNavigation(), page.click(`${row} button.danger`)]);
	check(page.url().includes("done=feed-removed") && !(await page.$(row)), "not removed");
	await page.goto(base + "/admin/items");
	check(!(await page.$("p.notice.error")), "the notice stays after the feed is removed");
	check(asked.length === 1 && asked[0] === "confirm: Stop following?", "asked: " + asked.join("; "));
	check(run(["syndicate", "list"]).indexOf(url) < 0, "the command line still lists it");
	await page.close();
});

test("missing or wrong CSRF token: 403 and nothing changes", async () => {
	const page = state.ed;
	await page.goto(state.draftUrl);
	const id = state.draftUrl.split("/").pop();
	const res = await page.evaluate(async (id) => {
		const out = [];
		for (const body of [new URLSearchParams({}), new URLSearchParams({ csrf: "x".repeat(43) })]) {
			const r = await fetch(`/admin/items/${id}/trash`, { method: "POST", body });
			out.push(r.status);
		}
		const r2 = await fetch(`/admin/items/${id}`, {
			method: "POST", body: new URLSearchParams({ title: "hijacked", kind: "news", action: "save" }),
		});
		out.push(r2.status);
		return out;
	}, id);
	check(res.every((s) => s === 403), `statuses ${res}`);
	await page.reload();
	check(!(await page.textContent(".nr-status")).includes("trash"), "not trashed");
	check(!(await page.inputValue("#f-title")).includes("hijacked"), "not changed");
	const trash = await page.goto(base + "/admin/trash");
	check(!(await page.textContent("main")).includes("Statement on the harbour"), "trash is empty of it");
	await remember(page);
});

test("wrong role: a contributor cannot publish, manage users or edit others' items", async () => {
	const ctx = await browser.newContext();
	const page = await login(ctx, "con");
	for (const u of ["/admin/users", "/admin/settings", "/admin/audit", state.draftUrl.replace(base, "")]) {
		const r = await page.goto(base + u);
		check(r.status() === 403, `${u}: ${r.status()}`);
		await remember(page);
	}
	check(!(await page.$("button[value=publish]")), "no publish button on the 403 page");
	await page.goto(base + "/admin/items/new");
	check(!(await page.$("button[value=publish]")), "no publish button for contributors");
	await page.fill("#f-title", "Contributor draft");
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	check(page.url().includes("done=created"), "a contributor writes a draft");
	const url = page.url().replace(/\?.*/, "");
	const status = await page.evaluate(async (url) => {
		const fd = new FormData(document.querySelector("form.nr-editor"));
		fd.set("action", "publish");
		const r = await fetch(url, { method: "POST", body: new URLSearchParams(fd) });
		return r.status;
	}, url);
	check(status === 403, `publish by a contributor: ${status}`);
	// Nor add an old address (an editor's say: it sends the public's readers on).
	const csrf = await page.inputValue("form.nr-editor input[name=csrf]");
	const alias = await page.evaluate(async ([url, csrf]) => {
		const r = await fetch(url + "/aliases", { method: "POST",
			body: new URLSearchParams({ csrf, path: "/contributor/old" }) });
		return r.status;
	}, [url, csrf]);
	check(alias === 403, `an old address by a contributor: ${alias}`);
	check(!(await page.$("#alias-path")), "contributors see no old-address form");
	check((await fetch(`${base}/contributor/old`, { redirect: "manual" })).status === 404, "added anyway");
	await page.reload();
	check((await page.textContent(".nr-status")).includes("Draft"), "still a draft");
	await ctx.close();
});

test("admin: settings are validated and reach the public site; users can be added", async () => {
	const ctx = await browser.newContext();
	const page = await login(ctx, "adm");
	await page.goto(base + "/admin/settings");
	await page.fill("#s-site_name", "Embassy of Testing");
	await page.fill("#s-clocks", "Tokyo=Asia/Tokyo,Nowhere=Mars/Base");
	const [bad] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(bad.status() === 422, `bad clocks status ${bad.status()}`);
	check((await page.textContent("#e-clocks")).includes("Mars/Base"), "message at the field");
	check((await page.inputValue("#s-clocks")).includes("Nowhere"), "kept as typed");
	await remember(page);
	await page.fill("#s-clocks", "Tokyo=Asia/Tokyo");
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
	check(page.url().includes("done=settings"), "saved");
	let ok = false;
	for (let i = 0; i < 30 && !ok; i++) {
		ok = (await (await fetch(base + "/")).text()).includes("Embassy of Testing");
		if (!ok) await new Promise((r) => setTimeout(r, 100));
	}
	check(ok, "the public site shows the new name");
	await page.goto(base + "/admin/users");
	await page.fill("#u-name", "newbie" + XSS.slice(0, 8));
	await page.fill("#u-password", "long-enough-pass");
	const [r] = await Promise.all([page.waitForNavigation(), page.click("text=Add user")]);
	check(r.status() === 422 && (await page.textContent("#e-u-name")).length > 0, "a bad name is refused");
	await page.fill("#u-name", "newbie");
	await page.fill("#u-password", "long-enough-pass");
	await Promise.all([page.waitForNavigation(), page.click("text=Add user")]);
	check(page.url().includes("done=user-added"), "added");
	let ul = "";
	for (let i = 0; i < 20 && !ul.includes("newbie"); i++) {
		if (i) await new Promise((r) => setTimeout(r, 100));
		ul = run(["user", "list"]);
	}
	check(ul.includes("newbie"), "listed by the CLI: " + ul.replace(/\n/g, "; "));
	await remember(page);
	await page.goto(base + "/admin/audit");
	const log = await page.textContent("table.nr-audit");
	check(log.includes("settings") && log.includes("user-add") && log.includes("publish"), "audit log");
	await remember(page);
	await ctx.close();
});

test("phone-sized screen: no sideways scrolling, controls reachable", async () => {
	const ctx = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
	const page = await login(ctx, "ed");
	for (const u of ["/admin/items", "/admin/items/new", "/admin/media", state.draftUrl.replace(base, "") + "/revisions"]) {
		await page.goto(base + u);
		const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		check(over <= 1, `${u} scrolls sideways by ${over}px`);
	}
	await page.goto(base + "/admin/items/new");
	const box = await page.$eval("button[value=save]", (b) => { const r = b.getBoundingClientRect(); return [r.width, r.height]; });
	check(box[1] >= 36, `the save button is ${box[1]}px tall`);
	await page.screenshot({ path: path.join(SHOTS, "editor-phone.png"), fullPage: false });
	await ctx.close();
});

test("the scheduled and the embargoed items become public by themselves", async () => {
	// From now when both times have passed already (the tests in between took longer
	// than they leave, as under ASan): the loop looks at least once, for 15 s.
	const until = Math.max(state.schedAt, state.embAt, Date.now()) + 15000;
	let sched = false, emb = false;
	while (Date.now() < until && !(sched && emb)) {
		if (!sched) sched = (await fetch(`${base}/items/${state.schedSlug}`)).status === 200;
		if (!emb) emb = (await fetch(`${base}/items/${state.embSlug}`)).status === 200;
		if (!(sched && emb)) await new Promise((r) => setTimeout(r, 500));
	}
	check(sched, "the scheduled item did not appear");
	check(Date.now() >= state.schedAt - 1000, "the scheduled item appeared early");
	check(emb, "the embargoed item did not appear");
	const page = await (await browser.newContext()).newPage();
	await page.goto(`${base}/items/${state.schedSlug}`);
	check((await page.textContent("h1")) === "Scheduled from Tokyo", "the published item");
	await page.screenshot({ path: path.join(SHOTS, "published.png"), fullPage: true });
	const r = await fetch(`${base}/preview/${state.embToken}`, { redirect: "manual" });
	check(r.status === 303, `the preview link now leads to the public page (${r.status})`);
	const feed = await (await fetch(base + "/feed.rss")).text();
	check(feed.includes("Scheduled from Tokyo"), "in the feed");
	check(!feed.includes("<script>"), "no raw script in the feed");
});

test("a contributor changes their own password; their other session ends", async () => {
	const ctxA = await browser.newContext(), ctxB = await browser.newContext();
	const a = await login(ctxA, "con"), b = await login(ctxB, "con");
	await a.click("a[href='/admin/account']");
	check(a.url().endsWith("/admin/account"), "the name in the header leads to the account page");
	await remember(a);
	const submit = async (current, next, repeat) => {
		await a.fill("#f-current", current);
		await a.fill("#f-new", next);
		await a.fill("#f-repeat", repeat);
		const [r] = await Promise.all([a.waitForNavigation(), a.click("button[type=submit].primary")]);
		return r.status();
	};
	const NEW = "contrib-password-2";
	let st = await submit("not-my-password", NEW, NEW);
	check(st === 403 && (await a.textContent("#e-current")).includes("not your current"),
		`a wrong current password: ${st}`);
	await remember(a);
	st = await submit(PW.con, "short", "short");
	check(st === 422 && (await a.textContent("#e-new")).includes("12 to 256"), `a short one: ${st}`);
	st = await submit(PW.con, NEW, NEW + "x");
	check(st === 422 && (await a.textContent("#e-repeat")).includes("differ"), `a mistyped one: ${st}`);
	await remember(a);
	st = await submit(PW.con, NEW, NEW);
	check(a.url().includes("done=password"), `not changed: ${st} ${a.url()}`);
	check((await a.textContent("p.notice.ok")).includes("other sessions"), "said so");
	await b.goto(base + "/admin/items");
	check(b.url().includes("/admin/login"), "the other session still works: " + b.url());
	await a.goto(base + "/admin/items");
	check(a.url().endsWith("/admin/items"), "the session that changed it was ended too");
	const ctxC = await browser.newContext();
	const c = await ctxC.newPage();
	await c.goto(base + "/admin/login");
	await c.fill("#f-name", "con");
	await c.fill("#f-password", PW.con);
	const [r] = await Promise.all([c.waitForNavigation(), c.click("button[type=submit].primary")]);
	check(r.status() === 403, `the old password still logs in: ${r.status()}`);
	PW.con = NEW;
	await login(ctxC, "con");
	await Promise.all([ctxA.close(), ctxB.close(), ctxC.close()]);
});

test("an edit in the newsroom survives importing its source again", async () => {
	const page = state.ed;
	const dir = fs.mkdtempSync(path.join(tmp, "reimport-"));
	const file = path.join(dir, "harbour-visit.md");
	const write = (body) => fs.writeFileSync(file, "---\ntitle: Harbour visit\n" +
		"date: 2024-03-05T10:00:00Z\nslug: harbour-visit\n---\n" + body + "\n");
	write("As the other tool had it.");
	check(/added 1,/.test(run(["import", dir])), "first import");
	const id = spawnSync("sqlite3", [db, "select id from items where slug = 'harbour-visit'"],
		{ encoding: "utf8" }).stdout.trim();
	await page.goto(`${base}/admin/items/${id}`);
	await page.fill("#f-body", "As the press office corrected it.");
	await Promise.all([page.waitForNavigation(), page.click("button[value=save]")]);
	await remember(page);
	const shown = async () => (await (await fetch(base + "/items/harbour-visit")).text());
	check((await shown()).includes("press office corrected"), "the edit is public");
	/* The same file again: nothing changes. */
	const again = run(["import", dir]);
	check(/added 0, updated 0, unchanged 1/.test(again), "second import: " + again);
	check((await shown()).includes("press office corrected"), "the edit was undone");
	/* The file changed too: the edit still wins, and the import says so. */
	write("As the other tool had it, then changed there.");
	const third = run(["import", dir]);
	check(/kept as edited/.test(third) && /updated 0/.test(third), "third import: " + third);
	check((await shown()).includes("press office corrected"), "a changed file undid the edit");
});

test("every newsroom page seen is strict HTML5", async () => {
	const dir = fs.mkdtempSync(path.join(tmp, "pages-"));
	let i = 0;
	const names = {};
	for (const [url, html] of pagesSeen) {
		const f = path.join(dir, `${i++}.html`);
		fs.writeFileSync(f, html);
		names[f] = url;
	}
	const py = `
import html5lib, sys
bad = 0
for f in sys.argv[1:]:
    p = html5lib.HTMLParser(strict=True)
    try:
        p.parse(open(f, 'rb').read())
    except Exception as e:
        print(f, e); bad += 1
sys.exit(1 if bad else 0)
`;
	const r = spawnSync("/usr/bin/python3", ["-c", py, ...Object.keys(names)], { encoding: "utf8" });
	check(i >= 10, `only ${i} pages seen`);
	/* A <time>'s datetime is a date and time as HTML defines it, not a count of seconds. */
	const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$/;
	const badTimes = [];
	for (const [url, html] of pagesSeen)
		for (const m of html.matchAll(/<time[^>]*\sdatetime="([^"]*)"/g))
			if (!iso.test(m[1])) badTimes.push(`${url}: ${m[1]}`);
	check(badTimes.length === 0, "datetime not a date: " + badTimes.slice(0, 3).join("; "));
	check(r.status === 0, "not valid: " + (r.stdout || r.stderr).split("\n").map((l) => {
		const f = l.split(" ")[0];
		return names[f] ? l.replace(f, names[f]) : l;
	}).join("; "));
});

test("many wrong passwords: slowed, then refused with 429", async () => {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	let status = 0, tries = 0;
	while (tries < 15 && status !== 429) {
		await page.goto(base + "/admin/login");
		await page.fill("#f-name", "ed");
		await page.fill("#f-password", "wrong-password-" + tries);
		const [r] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit].primary")]);
		status = r.status();
		if (status === 429) check(Number(r.headers()["retry-after"]) > 0, "Retry-After");
		tries++;
		if (status !== 429) check(status === 403, `attempt ${tries}: ${status}`);
	}
	check(status === 429, `no 429 after ${tries} attempts`);
	check((await page.textContent("#login-error")).includes("Too many"), "said so");
	await remember(page);
	await ctx.close();
});

async function main() {
	let passed = 0, failed = 0;
	const t0 = Date.now();
	try {
		run(["init", "--sample"]);
		run(["user", "add", "ed", "--role", "editor"], PW.ed + "\n");
		run(["user", "add", "con", "--role", "contributor"], PW.con + "\n");
		run(["user", "add", "adm", "--role", "admin"], PW.adm + "\n");
		await startServer();
		browser = await chromium.launch({
			executablePath: CHROMIUM, headless: true,
			args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync"],
		});
	} catch (e) {
		console.log("FAIL setup: " + e.message);
		failed++;
	}
	if (!failed) {
		for (const t of tests) {
			const s = Date.now();
			try {
				await t.fn();
				console.log(`ok   ${t.name} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
				passed++;
			} catch (e) {
				console.log(`FAIL ${t.name}: ${e.message.split("\n")[0]}`);
				failed++;
			}
		}
	}
	if (browser) await browser.close().catch(() => {});
	if (server) server.kill("SIGTERM");
	if (failed && fs.existsSync(path.join(tmp, "server.log")))
		process.stdout.write("server log:\n" + fs.readFileSync(path.join(tmp, "server.log"), "utf8").slice(-3000));
	if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
	console.log(`e2e in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
