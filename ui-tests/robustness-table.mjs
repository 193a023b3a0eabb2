/**
 * The robustness table of the docs, from the records robustness.spec.ts
 * wrote for each server (test-results/robustness-<project>.json):
 * `node robustness-table.mjs` after `jlpm playwright test tests/robustness.spec.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = [
  ['isolated', 'Isolated page (COOP/COEP)'],
  ['plain', 'Plain page']
];

const read = project =>
  JSON.parse(
    readFileSync(
      path.join(here, 'test-results', `robustness-${project}.json`),
      'utf8'
    )
  );

/** Markdown table text: no pipes or newlines from a message. */
const cell = text => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

const byServer = SERVERS.map(([project]) => read(project));
const cases = byServer[0].map(record => record.case);
const lines = [
  `| Case | ${SERVERS.map(([, title]) => `${title}: message shown | state`).join(' | ')} |`,
  `| --- | ${SERVERS.map(() => '--- | ---').join(' | ')} |`
];
for (const name of cases) {
  const row = byServer.map(records => {
    const record = records.find(r => r.case === name);
    return record
      ? `\`${cell(record.message)}\` | ${record.kept ? 'kept' : 'lost'}`
      : 'not run | -';
  });
  lines.push(`| ${name} | ${row.join(' | ')} |`);
}
const out = path.join(here, '..', 'docs', '_generated', 'robustness.md');
writeFileSync(
  out,
  '<!-- Written by `node ui-tests/robustness-table.mjs` from the records of ' +
    'ui-tests/tests/robustness.spec.ts; do not edit. -->\n\n' +
    lines.join('\n') +
    '\n'
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
