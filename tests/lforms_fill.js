// lforms_fill.js FORM.html: questionnaires/form.html (with LHC-Forms in lforms/ beside it)
// opened from file:// in headless Chromium (puppeteer-core, Debian's /usr/bin/chromium), and
// used as a vendor would, by the steps read from stdin, one a line:
//   open questionnaire|response FILE  choose FILE in the page's file input of that name
//   fill ID VALUE      answer question ID (its linkId) as typed: text as is; yes or no; the
//                      option codes, comma-separated, picked by their labels in the list;
//                      a number; a date as the form shows it (MM/DD/YYYY)
//   absent ID          question ID is not shown (its condition is not met)
//   present ID         question ID is shown
//   show ID            prints "ID: VALUE", the answer that the form shows (labels of options)
//   screenshot FILE    the whole page as a PNG file
//   save DIR           clicks the page's save button; the file it downloads goes into DIR
//   message            prints the page's error and status lines
// Each step prints one line (ok, or what it shows); the first that fails prints why on
// stderr (with DEBUG=1, where) and exits 1, as does an error in the page or a request of
// anything but a local file. NODE_PATH names the node_modules of puppeteer-core.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const form = process.argv[2];
if (!form) {
	console.error("usage: node lforms_fill.js FORM.html <STEPS");
	process.exit(2);
}
const steps = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
let questionnaire = null; // the Questionnaire opened, to know each item's type and options

function fail(why) {
	throw new Error(why);
}

// the Questionnaire's item ID
function item(id) {
	const find = (items) => {
		for (const it of items || []) {
			if (it.linkId === id)
				return it;
			const sub = find(it.item);
			if (sub)
				return sub;
		}
		return null;
	};
	if (!questionnaire)
		fail("no questionnaire opened");
	return find(questionnaire.item) || fail(`no item ${id} in the questionnaire`);
}

// in the page: the id of the element of question ID (LHC-Forms names it ID/1/1..., with
// |true or |false for a yes/no answer; item-ID/1/1... for the whole row), or null
function domId(page, prefix, id, suffix) {
	return page.evaluate((prefix, id, suffix) => {
		const re = /[.*+?^${}()|[\]\\]/g;
		const want = new RegExp("^" + (prefix + id).replace(re, "\\$&") + "(/[0-9]+)+" +
			suffix.replace(re, "\\$&") + "$");
		const e = [...document.querySelectorAll("[id]")].find((e) => want.test(e.id));
		return e ? e.id : null;
	}, prefix, id, suffix);
}

// until the form has not changed for 200 ms (LHC-Forms draws it again after an answer: an
// element found before may be gone), 5 s at most
function settle(page) {
	return page.evaluate(() => new Promise((resolve) => {
		let timer = setTimeout(done, 200);
		const seen = new MutationObserver(() => {
			clearTimeout(timer);
			timer = setTimeout(done, 200);
		});
		const limit = setTimeout(done, 5000);
		function done() {
			seen.disconnect();
			clearTimeout(limit);
			resolve();
		}
		seen.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
	}));
}

// the element of question ID (see domId), once it is there (10 s at most)
async function element(page, prefix, id, suffix = "") {
	let found = null;
	await page.waitForFunction(() => true); // a turn of the page's event loop
	for (let i = 0; i < 100 && !found; i++) {
		found = await domId(page, prefix, id, suffix);
		if (!found)
			await new Promise((r) => setTimeout(r, 100));
	}
	if (!found)
		fail(`question ${id} is not in the form`);
	return page.$(`[id="${found}"]`);
}

// the input of question ID (a date's is inside the date picker that has its id)
async function input(page, id) {
	const e = await element(page, "", id);
	return (await e.evaluateHandle((e) => e.matches("input, textarea") ? e :
		e.querySelector("input, textarea"))).asElement() || fail(`${id} has no input`);
}

// question ID is in the form, and shown
async function shown(page, id) {
	const found = await domId(page, "item-", id, "");
	return found !== null && page.$eval(`[id="${found}"]`, (e) => e.getClientRects().length > 0);
}

// the label of the option CODE of the Questionnaire's item IT
function label(it, code) {
	const o = (it.answerOption || []).find((o) => o.valueCoding && o.valueCoding.code === code);
	return o ? o.valueCoding.display : fail(`${it.linkId} has no option ${code}`);
}

async function fill(page, id, value) {
	const it = item(id);
	switch (it.type) {
	case "boolean": {
		const yes = { yes: true, true: true, no: false, false: false }[value];
		if (yes === undefined)
			fail(`${id}: ${value} is not yes or no`);
		await (await element(page, "", id, `|${yes}`)).click();
		break;
	}
	case "choice":
	case "open-choice":
		for (const code of value.split(",")) {
			const text = label(it, code);
			const field = await input(page, id);
			await field.click();
			await field.type(text.slice(0, 5)); // the list's filter: a few letters are enough
			// the autocompleter's list, one option a line: the one of this label
			await page.waitForSelector("#lhc-tools-searchResults li", { visible: true, timeout: 10000 });
			await settle(page); // as it is drawn again after each key
			// (each "N:  label", its number in a span of its own)
			const lis = await page.$$("#lhc-tools-searchResults li");
			const texts = await Promise.all(lis.map((li) => li.evaluate((li) => {
				const c = li.cloneNode(true);
				c.querySelectorAll(".listNum").forEach((n) => n.remove());
				return c.textContent.trim();
			})));
			if (!texts.includes(text))
				fail(`${id}: no option '${text}' in the list (${texts.join(", ")})`);
			await lis[texts.indexOf(text)].click();
		}
		// the list closed, so that it hides no other question
		await page.keyboard.press("Escape");
		await page.keyboard.press("Tab");
		await page.waitForSelector("#lhc-tools-searchResults", { hidden: true, timeout: 10000 });
		break;
	default: {
		const field = await input(page, id);
		await field.click();
		await page.keyboard.sendCharacter(value); // at once, as pasted (key by key takes seconds)
		await page.keyboard.press("Tab");
	}
	}
	// and the form shows the answer given
	await settle(page);
	const want = it.type === "boolean" ? ({ true: "yes", false: "no" }[value] || value) :
		it.type === "choice" || it.type === "open-choice" ? value.split(",").map((c) => label(it, c)).join(",") :
		value;
	const got = await show(page, id);
	if (got !== want)
		fail(`${id}: the form shows '${got}', not '${want}'`);
	return "ok";
}

// the answer that the form shows for question ID
async function show(page, id) {
	const it = item(id);
	if (it.type === "boolean") {
		for (const v of ["true", "false"]) {
			const e = await element(page, "", id, `|${v}`);
			if (await e.evaluate((e) => e.classList.contains("ant-radio-wrapper-checked")))
				return v === "true" ? "yes" : "no";
		}
		return "";
	}
	const field = await input(page, id);
	if ((it.type === "choice" || it.type === "open-choice") && it.repeats)
		// the options chosen, shown before the input: their labels, without their buttons
		return field.evaluate((e) => [...e.parentElement.querySelectorAll("ul li")]
			.map((li) => [...li.childNodes].filter((n) => n.nodeType === 3)
				.map((n) => n.textContent).join("").trim()).join(","));
	return field.evaluate((e) => e.value);
}

// the page's save button clicked, the file that the browser downloads put into DIR: its name
async function save(browser, page, dir) {
	fs.mkdirSync(dir, { recursive: true });
	const cdp = await browser.target().createCDPSession();
	await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: path.resolve(dir),
		eventsEnabled: true });
	let name = null;
	const done = new Promise((resolve, reject) => {
		cdp.on("Browser.downloadWillBegin", (e) => { name = e.suggestedFilename; });
		cdp.on("Browser.downloadProgress", (e) => {
			if (e.state === "completed")
				resolve(name);
			else if (e.state === "canceled")
				reject(new Error("the download was canceled"));
		});
	});
	await page.click("#save");
	const file = await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 20000))]);
	if (!file)
		fail(`no file downloaded: ${await page.$eval("#error", (e) => e.textContent)}`);
	return `saved: ${file}`;
}

(async () => {
	const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true,
		args: ["--no-sandbox"] });
	let status = 0;
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 1200, height: 900 });
		const errors = [];
		page.on("pageerror", (e) => errors.push(e.message));
		// offline: the page and LHC-Forms read nothing but the files beside it (and what the
		// page makes itself, the saved file)
		page.on("request", (r) => {
			if (!/^(file|data|blob):/.test(r.url()))
				errors.push(`a request of ${r.url()}`);
		});
		await page.goto("file://" + path.resolve(form), { waitUntil: "load" });
		await page.waitForFunction(() => window.LForms && window.LForms.Util && window.LForms.FHIR,
			{ timeout: 20000 });
		for (const line of steps) {
			const [verb, ...rest] = line.trim().split(" ");
			let out;
			switch (verb) {
			case "open": {
				const [which, file] = [rest[0], rest.slice(1).join(" ")];
				if (!["questionnaire", "response"].includes(which))
					fail(`open: no input ${which}`);
				const input = await page.$(`#${which}`);
				if (which === "questionnaire") {
					try {
						const data = JSON.parse(fs.readFileSync(file, "utf8"));
						questionnaire = data.resourceType === "Questionnaire" ? data : questionnaire;
					} catch (e) {
						// not JSON: the page says so
					}
				}
				const before = await page.$eval("#status", (e) => e.textContent + "\u0000" +
					document.getElementById("error").textContent);
				await input.uploadFile(path.resolve(file));
				// the page has said something new: the form opened, or why not
				await page.waitForFunction((before) => document.getElementById("status").textContent +
					"\u0000" + document.getElementById("error").textContent !== before &&
					(document.getElementById("status").textContent ||
						document.getElementById("error").textContent), { timeout: 20000 }, before);
				await settle(page);
				out = "ok";
				break;
			}
			case "fill":
				out = await fill(page, rest[0], rest.slice(1).join(" "));
				break;
			case "absent":
			case "present": {
				const want = verb === "present";
				let is = await shown(page, rest[0]);
				for (let i = 0; i < 100 && is !== want; i++) {
					await new Promise((r) => setTimeout(r, 100));
					is = await shown(page, rest[0]);
				}
				if (is !== want)
					fail(`${rest[0]} is ${is ? "shown" : "not shown"}`);
				out = "ok";
				break;
			}
			case "show":
				out = `${rest[0]}: ${await show(page, rest[0])}`;
				break;
			case "screenshot":
				await page.screenshot({ path: rest.join(" "), fullPage: true });
				out = "ok";
				break;
			case "save":
				out = await save(browser, page, rest.join(" "));
				break;
			case "message":
				out = await page.evaluate(() => ["error", "status"]
					.map((id) => document.getElementById(id).textContent).filter((t) => t).join("\n"));
				break;
			default:
				fail(`unknown step: ${line}`);
			}
			console.log(out === "ok" ? `ok: ${line}` : out);
		}
		if (errors.length)
			fail(`errors in the page: ${errors.join("; ")}`);
	} catch (e) {
		console.error(process.env.DEBUG ? e.stack : e.message);
		status = 1;
	} finally {
		await browser.close();
	}
	process.exit(status);
})();
