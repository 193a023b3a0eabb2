// The browser's JUnit writer (src/results/junit.ts, bundled from its
// TypeScript source) as a command, for tests/test_junit.py to compare with the
// Python writer: reads a list of results.v1 documents as JSON on stdin and
// prints the list of their JUnit XML texts as JSON.
import { text } from 'node:stream/consumers';

import { loadSource } from './workerHarness.mjs';

const { junitXml } = await loadSource('results/junit.ts');
const docs = JSON.parse(await text(process.stdin));
process.stdout.write(JSON.stringify(docs.map(doc => junitXml(doc))));
