// reader-test.mjs - renders kagama-epub books in a real reading engine (epub.js in Debian's
// headless Chromium) and fails on anything a reader would trip over.  Run by mk/reader.mk.
//
// usage: node reader-test.mjs [--out DIR] NAME:BOOK.epub:BOOK.dump ...
//   BOOK.dump is the output of `kagama-epub DIR --dump` for the same folder: the parts and
//   articles it lists, in order, are what the engine's table of contents must show.
//
// For every book, at every viewport: open it from a 127.0.0.1-only server, show every spine
// item and turn through all its pages, check that every <img> loads, click every internal link
// and check that the engine lands on the target, and count console errors, page errors and
// failed or off-machine requests.  A screenshot of every page goes to DIR/NAME/VIEWPORT/, and
// three for the documentation (cover or title page, contents, an article with a figure) to
// DIR/NAME/docs/.
// Prints one `reader-test: NAME: ...` line per book, then `reader-test: N passed, N failed`.

import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORTS = [
	{ name: 'ereader', width: 600, height: 800 },
	{ name: 'phone', width: 390, height: 844 },
];
const MAX_PAGES_PER_ITEM = 400;
const MAX_DOC_SCREENSHOT_BYTES = 200 * 1024;
const WATCHDOG_MS = 8 * 60 * 1000;
const BOOK_ORIGIN = 'http://book.invalid/';

function usage(message) {
	process.stderr.write('reader-test: ' + message + '\n' +
	    'usage: node reader-test.mjs [--out DIR] NAME:BOOK.epub:BOOK.dump ...\n');
	process.exit(2);
}

function parseArguments(argv) {
	const options = { out: 'build/reader', books: [] };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--out') {
			if (++i >= argv.length)
				usage('--out needs a folder');
			options.out = argv[i];
		} else {
			const [name, epub, dump] = argv[i].split(':');
			if (!name || !epub || !dump)
				usage('bad book argument: ' + argv[i]);
			options.books.push({ name, epub, dump });
		}
	}
	if (options.books.length === 0)
		usage('no book given');
	return options;
}

// The parts and articles of `kagama-epub --dump`, in order, with their nesting depth, and
// each article's files (more than one when --split-size cut it) and headings, each heading
// with the file that holds it.
function parseDump(text) {
	const entries = [];
	let last = null;
	for (const line of text.split('\n')) {
		const indent = line.length - line.trimStart().length;
		let match = /^(part|article) (\S+): (.*)$/.exec(line.trim());
		if (match) {
			last = { kind: match[1], href: match[2], title: match[1] === 'part' ? match[3] : null,
			    source: match[1] === 'article' ? match[3] : null, depth: indent / 2,
			    headings: [], files: [match[2]] };
			entries.push(last);
			continue;
		}
		if (last === null || indent <= last.depth * 2)
			continue;
		match = /^title: (.*)$/.exec(line.trim());
		if (match && last.kind === 'article' && last.title === null) {
			last.title = match[1];
			continue;
		}
		match = /^file (\S+)$/.exec(line.trim());
		if (match && last.kind === 'article') {
			last.files.push(match[1]);
			continue;
		}
		match = /^heading (\d) #(\S+): (.*)$/.exec(line.trim());
		if (match && last.kind === 'article')
			last.headings.push({ level: Number(match[1]), id: match[2], title: match[3],
			    doc: last.files[last.files.length - 1] });
	}
	return entries;
}

// An href inside the book, relative to the package document's folder, as epub.js's spine has it.
function resolveHref(href, base) {
	const url = new URL(href, new URL(base, BOOK_ORIGIN));
	return { doc: decodeURIComponent(url.pathname.slice(1)),
	    fragment: url.hash ? decodeURIComponent(url.hash.slice(1)) : null };
}

function isExternal(href) {
	return /^[a-z][a-z0-9+.-]*:/i.test(href);
}

// Compares the engine's table of contents with the dump and the spine; answers a list of problems.
function checkToc(toc, navPath, spine, expected) {
	const problems = [];
	const spineIndex = new Map(spine.map((item, index) => [item.href, index]));
	const entries = toc.map((entry) => ({ ...entry, ...resolveHref(entry.href, navPath) }));
	const documents = entries.filter((entry) => entry.fragment === null);

	const count = Math.max(documents.length, expected.length);
	for (let i = 0; i < count; i++) {
		const got = documents[i];
		const want = expected[i];
		const show = (entry) => entry ? `${entry.doc || entry.href} "${entry.label ?? entry.title}"` +
		    ` at depth ${entry.depth}` : 'nothing';
		if (!got || !want || got.doc !== want.href || got.label !== want.title ||
		    got.depth !== want.depth)
			problems.push(`TOC entry ${i + 1}: engine shows ${show(got)}, --dump has ${show(want)}`);
	}

	let parent = null;
	let previousSpine = -1;
	for (const entry of entries) {
		if (!spineIndex.has(entry.doc)) {
			problems.push(`TOC entry "${entry.label}" points to ${entry.doc}, not in the spine`);
			continue;
		}
		if (spineIndex.get(entry.doc) < previousSpine)
			problems.push(`TOC entry "${entry.label}" (${entry.doc}) is out of spine order`);
		previousSpine = spineIndex.get(entry.doc);
		if (entry.fragment === null) {
			parent = entry;
			continue;
		}
		// A heading leads into its article's first file or one of its continuations.
		const article = parent && expected.find((item) => item.href === parent.doc);
		if (!article || !article.files.includes(entry.doc) || entry.depth !== parent.depth + 1)
			problems.push(`TOC entry "${entry.label}" (${entry.href}) is not nested under its article`);
		const heading = article && article.headings.find((item) => item.id === entry.fragment);
		if (!heading)
			problems.push(`TOC entry "${entry.label}" (${entry.href}) is no heading in --dump`);
		else if (heading.doc !== entry.doc)
			problems.push(`TOC entry "${entry.label}" leads to ${entry.doc}, --dump has the ` +
			    `heading in ${heading.doc}`);
		else if (heading.title !== entry.label)
			problems.push(`TOC entry "${entry.label}" differs from heading "${heading.title}"`);
	}

	let previous = -1;
	for (const want of expected) {
		if (!spineIndex.has(want.href))
			problems.push(`${want.kind} ${want.href} (${want.title}) is not in the spine`);
		else if (spineIndex.get(want.href) < previous)
			problems.push(`${want.kind} ${want.href} comes earlier in the spine than in --dump`);
		else
			previous = spineIndex.get(want.href);
	}
	return problems;
}

// A 127.0.0.1-only server for the harness, the engine's scripts and the books.
async function startServer(books) {
	const routes = new Map([
		['/harness.html', { file: path.join(HERE, 'harness.html'), type: 'text/html; charset=utf-8' }],
		['/harness.js', { file: path.join(HERE, 'harness.js'), type: 'text/javascript; charset=utf-8' }],
		['/engine/epub.min.js', { file: require.resolve('epubjs/dist/epub.min.js'),
		    type: 'text/javascript; charset=utf-8' }],
		['/engine/jszip.min.js', { file: require.resolve('jszip/dist/jszip.min.js'),
		    type: 'text/javascript; charset=utf-8' }],
	]);
	for (const book of books)
		routes.set('/book/' + encodeURIComponent(book.name) + '.epub',
		    { file: book.epub, type: 'application/epub+zip' });
	const server = createServer(async (request, response) => {
		const route = routes.get(new URL(request.url, 'http://127.0.0.1').pathname);
		if (!route || request.method !== 'GET') {
			response.writeHead(404, { 'content-type': 'text/plain' });
			response.end('not here\n');
			return;
		}
		try {
			const body = await readFile(route.file);
			response.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
			response.end(body);
		} catch (error) {
			response.writeHead(500, { 'content-type': 'text/plain' });
			response.end(String(error) + '\n');
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return server;
}

function isLocalUrl(url) {
	if (/^(blob|data|about):/.test(url))
		return true;
	try {
		return new URL(url).hostname === '127.0.0.1';
	} catch {
		return false;
	}
}

// Opens a page that hands every error it sees to report(message).
async function newPage(browser, viewport, report) {
	const page = await browser.newPage();
	await page.setViewport({ width: viewport.width, height: viewport.height, deviceScaleFactor: 1 });
	page.on('console', (message) => {
		if (message.type() === 'error')
			report(`console error: ${message.text()}`);
	});
	page.on('pageerror', (error) => report(`page error: ${error.message}`));
	page.on('request', (request) => {
		if (!isLocalUrl(request.url()))
			report(`request off this machine: ${request.url()}`);
	});
	page.on('requestfailed', (request) => {
		const reason = request.failure() ? request.failure().errorText : 'failed';
		report(`request failed: ${request.url()} (${reason})`);
	});
	page.on('response', (response) => {
		if (response.status() >= 400)
			report(`HTTP ${response.status()}: ${response.url()}`);
	});
	return page;
}

function shotName(index, href, page) {
	return String(index).padStart(2, '0') + '-' + href.replace(/[^A-Za-z0-9.-]+/g, '_')
	    .replace(/\.x?html$/, '') + '-p' + page + '.png';
}

// Tests one book at one viewport; adds to the book's tallies.
async function testViewport(browser, port, book, viewport, tally) {
	// Every failure names the viewport, and for the page's own errors the harness call
	// running when it came.  The same message seen twice is counted once.
	const fail = (message) => tally.failures.add(`${viewport.name}: ` +
	    message.replace(/blob:[^\s'"]+/g, 'blob:...'));
	let step = 'loading the harness';
	const page = await newPage(browser, viewport, (message) => fail(`${step}: ${message}`));
	let context = null;
	const harness = (name, ...args) => {
		step = (context ? context + ': ' : '') + [name, ...args].join(' ');
		return page.evaluate((name, args) => window.readerHarness[name](...args), name, args);
	};
	const folder = path.join(tally.out, viewport.name);
	await mkdir(folder, { recursive: true });
	const count = (map, key) => map.set(key, (map.get(key) || 0) + 1);

	// Clicks link number of item as a reader would; answers what went wrong, or null.
	async function followLink(item, number, link) {
		const target = resolveHref(link.href, item.href);
		await harness('display', item.href);
		let result;
		try {
			result = await harness('follow', number);
		} catch (error) {
			return `went nowhere: ${error.message}`;
		}
		const landed = result.landed;
		if (!landed)
			return 'the engine reported no location';
		if (landed.href !== target.doc)
			return `landed in ${landed.href}, not ${target.doc}`;
		if (target.fragment !== null && !result.target.exists)
			return `no element with id "${target.fragment}" in ${target.doc}`;
		if (target.fragment !== null && !result.target.visible)
			return `#${target.fragment} is not on the page shown (page ${landed.page})`;
		if (target.fragment === null && landed.page !== 1)
			return `landed on page ${landed.page} of ${target.doc}, not its start`;
		return null;
	}

	// Shows spine item number index, every page of it, its images and links; answers
	// whether it rendered (its failures go through fail either way).
	async function testItem(index, item) {
		const where = await harness('display', item.href);
		if (!where || where.href !== item.href) {
			fail(`${item.href}: the engine shows ${where ? where.href : 'nothing'} instead`);
			return false;
		}
		const seen = await harness('inspect');
		await page.screenshot({ path: path.join(folder, shotName(index, item.href, 1)) });
		let rendered = true;
		if (seen.contentType !== 'application/xhtml+xml')
			fail(`${item.href}: rendered as ${seen.contentType}, not XHTML`);
		for (const message of seen.parseErrors) {
			fail(`${item.href}: XML parse error: ${message}`);
			rendered = false;
		}
		for (const [number, image] of seen.images.entries()) {
			if (image.complete && image.naturalWidth > 0 && image.shownWidth > 0)
				count(tally.images, `${item.href} img ${number + 1}`);
			else
				fail(`${item.href}: <img src="${image.src}" alt="${image.alt}"> did not load ` +
				    `(complete ${image.complete}, naturalWidth ${image.naturalWidth}, ` +
				    `shown ${image.shownWidth}px)`);
		}
		const article = tally.expected.find((entry) => entry.files && entry.files.includes(item.href));
		for (const heading of article ? article.headings : [])
			if (heading.doc === item.href && !seen.ids.includes(heading.id))
				tally.notes.add(`${item.href}: --dump lists heading ${heading.level} ` +
				    `#${heading.id} "${heading.title}", no element has that id`);
		for (const name of new Set(seen.overflowing))
			tally.notes.add(`${viewport.name}: ${item.href}: <${name}> is wider than the page`);

		// Turn through every page of the item: the engine must lay all of it out.
		let pages = 1;
		for (;;) {
			const next = await harness('nextPage');
			if (!next || next.href !== item.href)
				break;
			if (++pages > MAX_PAGES_PER_ITEM) {
				fail(`${item.href}: more than ${MAX_PAGES_PER_ITEM} pages, the engine loops`);
				rendered = false;
				break;
			}
			await page.screenshot({ path: path.join(folder, shotName(index, item.href, pages)) });
		}
		tally.pages.push(`${viewport.name} ${item.href}: ${pages} page(s)`);

		for (const [number, link] of seen.links.entries()) {
			if (isExternal(link.href)) {
				tally.notes.add(`${item.href}: external link ${link.href} not followed`);
				continue;
			}
			context = `${item.href} link ${link.href}`;
			const problem = await followLink(item, number, link);
			if (problem)
				fail(`${item.href}: link ${link.href} ("${link.text}"): ${problem}`);
			else
				count(tally.links, `${item.href} -> ${link.href}`);
		}
		return rendered;
	}

	try {
		await page.goto(`http://127.0.0.1:${port}/harness.html`, { waitUntil: 'load' });
		const url = '/book/' + encodeURIComponent(book.name) + '.epub';
		const opened = await harness('open', url, viewport.width, viewport.height);
		checkToc(opened.toc, opened.navPath, opened.spine, tally.expected).forEach(fail);
		tally.tocEntries = opened.toc.length;
		for (const [index, item] of opened.spine.entries()) {
			context = item.href;
			try {
				if (await testItem(index, item))
					count(tally.items, item.href);
			} catch (error) {
				fail(`${item.href}: the engine stopped: ${error.message}`);
			}
		}
		context = 'documentation screenshots';
		if (viewport === VIEWPORTS[0])
			await docScreenshots(page, harness, opened.spine, tally, fail);
	} catch (error) {
		fail(`the engine stopped: ${error.message}`);
	} finally {
		await page.close();
	}
}

// The three pictures for docs/screenshots: cover (or title page), contents, an article with
// a figure.
async function docScreenshots(page, harness, spine, tally, fail) {
	const folder = path.join(tally.out, 'docs');
	await mkdir(folder, { recursive: true });
	const shots = [];
	const cover = spine.find((item) => /cover/.test(item.href));
	const titlePage = spine.find((item) => /title/.test(item.href));
	if (cover)
		shots.push({ name: 'cover.png', target: cover.href });
	else
		shots.push({ name: 'title-page.png', target: (titlePage || spine[0]).href });
	const navDoc = spine.find((item) => /nav|contents/.test(item.href));
	if (navDoc)
		shots.push({ name: 'contents.png', target: navDoc.href });
	for (const item of spine) {
		await harness('display', item.href);
		if (await harness('hasFigure')) {
			shots.push({ name: 'article-figure.png', target: item.href, figure: true });
			break;
		}
	}
	for (const shot of shots) {
		await harness('display', shot.target);
		if (shot.figure)
			await harness('showFigure');
		const file = path.join(folder, shot.name);
		await page.screenshot({ path: file });
		const size = (await stat(file)).size;
		if (size > MAX_DOC_SCREENSHOT_BYTES)
			fail(`${file} is ${size} bytes, more than ${MAX_DOC_SCREENSHOT_BYTES}`);
	}
	if (!shots.some((shot) => shot.figure))
		tally.notes.add('no article with a <figure> for the documentation screenshot');
}

async function main() {
	const options = parseArguments(process.argv.slice(2));
	const watchdog = setTimeout(() => {
		process.stderr.write(`reader-test: gave up after ${WATCHDOG_MS / 1000} s\n`);
		process.exit(1);
	}, WATCHDOG_MS);

	const tallies = [];
	for (const book of options.books) {
		const out = path.join(options.out, book.name);
		await rm(out, { recursive: true, force: true });
		await mkdir(out, { recursive: true });
		tallies.push({ book, out, expected: parseDump(await readFile(book.dump, 'utf8')),
		    items: new Map(), images: new Map(), links: new Map(), pages: [],
		    tocEntries: 0, failures: new Set(), notes: new Set() });
	}

	const server = await startServer(options.books);
	const profile = await mkdtemp(path.join(tmpdir(), 'kagama-reader-profile-'));
	let browser = null;
	try {
		browser = await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			userDataDir: profile,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			    '--disable-background-networking', '--disable-component-update',
			    '--disable-sync', '--disable-dev-shm-usage', '--disable-extensions',
			    '--no-default-browser-check', '--disable-default-apps', '--mute-audio',
			    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
		});
		const port = server.address().port;
		for (const tally of tallies)
			for (const viewport of VIEWPORTS)
				await testViewport(browser, port, tally.book, viewport, tally);
	} finally {
		if (browser)
			await browser.close();
		server.close();
		await rm(profile, { recursive: true, force: true });
		clearTimeout(watchdog);
	}

	let passed = 0;
	let failed = 0;
	const everywhere = (map) => [...map.values()].filter((n) => n === VIEWPORTS.length).length;
	for (const tally of tallies) {
		const name = tally.book.name;
		await writeFile(path.join(tally.out, 'pages.txt'), tally.pages.join('\n') + '\n');
		for (const note of tally.notes)
			process.stdout.write(`reader-test: ${name}: note: ${note}\n`);
		for (const failure of tally.failures)
			process.stdout.write(`reader-test: ${name}: FAIL: ${failure}\n`);
		const errors = tally.failures.size;
		process.stdout.write(`reader-test: ${name}: ${everywhere(tally.items)} items rendered, ` +
		    `${everywhere(tally.images)} images loaded, ${tally.tocEntries} TOC entries, ` +
		    `${everywhere(tally.links)} links followed, ${errors} errors\n`);
		if (errors === 0 && tally.items.size > 0)
			passed++;
		else
			failed++;
	}
	process.stdout.write(`reader-test: ${passed} passed, ${failed} failed\n`);
	process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`reader-test: ${error.stack || error}\n`);
	process.exit(1);
});
