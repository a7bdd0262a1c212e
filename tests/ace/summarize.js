// summarize.js - reads one Ace by DAISY report.json and prints its violations, one per line.
// Called by run-ace.sh only: node summarize.js NAME REPORT.json [--expect RULE]
//
// Prints "ace: NAME: N violations (critical a, serious b, moderate c, minor d)" and then, for each
// violation (one per rule and file, as Ace counts them), its rule, impact, file, the elements it
// points at and Ace's message.  Exit status: 0 when there are none, 1 when there are some, 2 when
// the report is unreadable or checked no content document.  With --expect RULE (the canary) the
// meaning turns round: 0 when RULE is among the violations, 1 when it is not.
'use strict';

const fs = require('fs');

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];
const MAX_ELEMENTS = 3;
const MAX_TEXT = 160;

function shorten(text, max) {
	const flat = String(text || '').replace(/\s+/g, ' ').trim();
	return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

// Flattens the report into one record per failing assertion.
function violations(report) {
	const found = [];
	for (const subject of report.assertions || []) {
		const file = (subject['earl:testSubject'] || {}).url || '?';
		for (const assertion of subject.assertions || []) {
			const result = assertion['earl:result'] || {};
			if (result['earl:outcome'] === 'pass')
				continue;
			const test = assertion['earl:test'] || {};
			const pointer = result['earl:pointer'] || {};
			const selectors = [...new Set(pointer.css || [])];
			found.push({
				rule: test['dct:title'] || '?',
				impact: test['earl:impact'] || 'unknown',
				file,
				checker: assertion['earl:assertedBy'] || '?',
				summary: test['dct:description'] || '',
				message: result['dct:description'] || '',
				selectors,
				html: String(result.html || '').split(' <!--##--> ')[0],
				help: (test.help || {}).url || '',
			});
		}
	}
	return found;
}

function main(argv) {
	const [name, path] = argv;
	const expectAt = argv.indexOf('--expect');
	const expected = expectAt >= 0 ? argv[expectAt + 1] : null;
	let report;

	if (!name || !path) {
		console.error('usage: node summarize.js NAME REPORT.json [--expect RULE]');
		return 2;
	}
	try {
		report = JSON.parse(fs.readFileSync(path, 'utf8'));
	} catch (err) {
		console.log(`ace: ${name}: cannot read the report ${path}: ${err.message}`);
		return 2;
	}
	// Guard against a vacuous pass: Ace must have opened at least one XHTML document.
	// Ace lists the navigation document twice (as nav and as content), hence the Set of names.
	const documents = new Set((report.assertions || [])
	    .map((subject) => (subject['earl:testSubject'] || {}).url || '')
	    .filter((url) => /\.xhtml$/.test(url))
	    .map((url) => url.replace(/^.*\//, '')));
	if (documents.size === 0) {
		console.log(`ace: ${name}: the report lists no content document, so nothing was checked`);
		return 2;
	}

	const found = violations(report);
	const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, 0]));
	for (const v of found)
		counts[v.impact] = (counts[v.impact] || 0) + 1;
	const tally = Object.entries(counts).map(([impact, n]) => `${impact} ${n}`).join(', ');
	console.log(`ace: ${name}: ${found.length} violation${found.length === 1 ? '' : 's'} ` +
	    `(${tally}) in ${documents.size} documents`);

	found.sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) ||
	    a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule));
	for (const v of found) {
		const where = v.selectors.length > 0 ? ' at ' + v.selectors.slice(0, MAX_ELEMENTS).join(', ') +
		    (v.selectors.length > MAX_ELEMENTS ? ` (+${v.selectors.length - MAX_ELEMENTS} more)` : '') : '';
		console.log(`  ${v.impact} ${v.rule} ${v.file}${where}: ${shorten(v.summary, MAX_TEXT)}`);
		if (v.message && v.message !== v.summary)
			console.log(`      ${v.checker}: ${shorten(v.message, MAX_TEXT)}`);
		if (v.html)
			console.log(`      element: ${shorten(v.html, MAX_TEXT)}`);
	}

	if (expected !== null) {
		const caught = found.some((v) => v.rule === expected);
		console.log(`ace: ${name}: ${caught ? 'caught' : 'MISSED'} the planted '${expected}' violation`);
		return caught ? 0 : 1;
	}
	return found.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
