// harness.js - the browser half of the reader test: opens one EPUB with epub.js and answers
// questions about what the engine shows.  Loaded by harness.html; called only by reader-test.mjs.
'use strict';

(function () {
	const STEP_TIMEOUT_MS = 15000;
	let book = null;
	let rendition = null;
	let lastLocation = null;

	function withTimeout(promise, what) {
		let timer;
		const timeout = new Promise((resolve, reject) => {
			timer = setTimeout(() => reject(new Error(what + ': no answer after ' +
			    STEP_TIMEOUT_MS + ' ms')), STEP_TIMEOUT_MS);
		});
		return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
	}

	function frames(count) {
		return new Promise((resolve) => {
			const step = () => (count-- <= 0 ? resolve() : requestAnimationFrame(step));
			step();
		});
	}

	function flattenToc(items, depth, out) {
		for (const item of items || []) {
			out.push({ label: (item.label || '').replace(/\s+/g, ' ').trim(),
			    href: item.href, depth });
			flattenToc(item.subitems, depth + 1, out);
		}
		return out;
	}

	// The one section on screen (spread: none, paginated: one view at a time).
	function currentContents() {
		const contents = rendition.getContents();
		if (contents.length !== 1)
			throw new Error('expected one rendered section, the engine shows ' + contents.length);
		return contents[0];
	}

	function viewerBox() {
		const container = document.querySelector('.epub-container') ||
		    document.getElementById('viewer');
		return container.getBoundingClientRect();
	}

	// Whether element's top-left corner lies on the page now on screen.
	function onScreen(element) {
		const frame = element.ownerDocument.defaultView.frameElement;
		const outer = frame.getBoundingClientRect();
		const inner = element.getBoundingClientRect();
		const box = viewerBox();
		const x = outer.left + inner.left;
		const y = outer.top + inner.top;
		return x >= box.left - 1 && x < box.right && y >= box.top - 1 && y < box.bottom;
	}

	function describeLocation(location) {
		if (!location || !location.start)
			return null;
		return { href: location.start.href, page: location.start.displayed.page,
		    pages: location.start.displayed.total, cfi: location.start.cfi,
		    atStart: !!location.atStart, atEnd: !!location.atEnd };
	}

	// Resolves once the engine has shown a section and reported where it is.
	function nextRelocation() {
		return new Promise((resolve, reject) => {
			const onRelocated = (location) => {
				rendition.off('displayError', onError);
				resolve(location);
			};
			const onError = (error) => {
				rendition.off('relocated', onRelocated);
				reject(error instanceof Error ? error : new Error(String(error)));
			};
			rendition.once('relocated', onRelocated);
			rendition.once('displayError', onError);
		});
	}

	async function settle() {
		await frames(3);
		const contents = currentContents();
		const document = contents.document;
		const images = Array.from(document.querySelectorAll('img'));
		await withTimeout(Promise.all(images.map((img) => (img.complete ? null :
		    new Promise((resolve) => {
			    img.addEventListener('load', resolve, { once: true });
			    img.addEventListener('error', resolve, { once: true });
		    })))), 'images of ' + contents.sectionIndex);
		if (document.fonts)
			await withTimeout(document.fonts.ready, 'fonts');
		await frames(2);
	}

	async function open(url, width, height) {
		book = ePub(url, { openAs: 'epub' });
		rendition = book.renderTo('viewer', { width, height, flow: 'paginated',
		    spread: 'none', method: 'blobUrl', allowScriptedContent: false });
		rendition.on('relocated', (location) => { lastLocation = location; });
		await withTimeout(book.ready, 'book.ready');
		const navigation = await withTimeout(book.loaded.navigation, 'navigation');
		const spine = [];
		book.spine.each((section) => spine.push({ href: section.href,
		    linear: section.linear !== 'no' }));
		return { title: book.packaging.metadata.title, navPath: book.packaging.navPath,
		    spine, toc: flattenToc(navigation.toc, 0, []) };
	}

	// Shows target (href, href#id or CFI) and reports what is on screen.
	async function display(target) {
		const relocated = nextRelocation();
		await withTimeout(rendition.display(target), 'display ' + target);
		await withTimeout(relocated, 'relocation to ' + target).catch(() => null);
		await settle();
		return describeLocation(rendition.location || lastLocation);
	}

	// Everything a test looks at in the section on screen.
	function inspect() {
		const contents = currentContents();
		const document = contents.document;
		const images = Array.from(document.querySelectorAll('img')).map((img) => ({
			src: img.getAttribute('src'), alt: img.getAttribute('alt'),
			complete: img.complete, naturalWidth: img.naturalWidth,
			naturalHeight: img.naturalHeight,
			shownWidth: Math.round(img.getBoundingClientRect().width),
		}));
		const links = Array.from(document.querySelectorAll('a[href]')).map((a) => ({
			href: a.getAttribute('href'), text: a.textContent.replace(/\s+/g, ' ').trim(),
		}));
		const parseErrors = Array.from(document.getElementsByTagName('parsererror'))
		    .map((node) => node.textContent.trim());
		const contentType = document.contentType;
		const overflowing = [];
		const columnWidth = contents.window.innerWidth;
		for (const node of document.querySelectorAll('body *')) {
			const box = node.getBoundingClientRect();
			if (box.width > columnWidth + 1 && node.closest('table, pre') === null)
				overflowing.push(node.localName + (node.className ? '.' + node.className : ''));
		}
		const ids = Array.from(document.querySelectorAll('[id]')).map((node) => node.id);
		return { images, links, ids, parseErrors, contentType, overflowing,
		    title: document.title, location: describeLocation(rendition.location) };
	}

	// Turns one page forward; answers the new location, or null at the end of the book.
	async function nextPage() {
		const before = rendition.location;
		if (before && before.atEnd)
			return null;
		await withTimeout(rendition.next(), 'next page');
		await frames(2);
		return describeLocation(rendition.location);
	}

	// Clicks link number index of the section on screen as a reader would, lets the
	// engine follow it, and reports where it landed and whether the target is visible.
	async function follow(index) {
		const contents = currentContents();
		const anchor = contents.document.querySelectorAll('a[href]')[index];
		const href = anchor.getAttribute('href');
		const relocated = nextRelocation();
		anchor.click();
		const location = await withTimeout(relocated, 'following ' + href);
		await settle();
		const here = describeLocation(rendition.location || location);
		const result = { href, landed: here, target: null };
		const hash = href.indexOf('#');
		if (hash >= 0) {
			const id = decodeURIComponent(href.slice(hash + 1));
			const element = currentContents().document.getElementById(id);
			result.target = { id, exists: !!element, visible: !!element && onScreen(element) };
		}
		return result;
	}

	// Whether the section on screen has a <figure> with an image and a caption.
	function hasFigure() {
		return currentContents().document.querySelector('figure img ~ figcaption, ' +
		    'figure figcaption ~ img') !== null;
	}

	// Turns to the page that shows the first <figure> of the section on screen.
	// (Turning pages, not displaying the figure's CFI: epub.js 0.3.93 logs a Range error
	// for element CFIs.)
	async function showFigure() {
		const section = rendition.location.start.href;
		for (let turns = 0; turns < 100; turns++) {
			const figure = currentContents().document.querySelector('figure');
			if (onScreen(figure))
				return describeLocation(rendition.location);
			const next = await nextPage();
			if (!next || next.href !== section)
				break;
		}
		throw new Error('the first <figure> of ' + section + ' is never on screen');
	}

	window.readerHarness = { open, display, inspect, nextPage, follow, hasFigure, showFigure };
}());
