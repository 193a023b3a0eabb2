/**
 * Grading suite: `browsergrad-kernel grade` of a class folder of N
 * submissions of a demo lab (its reference, starter and wrong/ notebooks in
 * turn), in each runtime, with -j 2: wall time and submissions per minute.
 * There is no stock counterpart (the stock kernel has no grader), so the
 * ratio is Pyodide against CPython, measured in the same run. Needs no
 * browser or site: only the package and Node.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  ROOT,
  gitDescription,
  progress,
  seconds,
  summary,
  writeGenerated
} from './lib.mjs';

const RUNTIMES = ['cpython', 'pyodide'];

/** N submissions: the lab's reference, starter and wrong notebooks in turn. */
function classFolder(lab, count) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'browsergrad-bench-class-'));
  const wrong = path.join(lab, 'wrong');
  const kinds = [
    path.join(lab, 'reference.ipynb'),
    path.join(lab, 'starter.ipynb'),
    ...readdirSync(wrong)
      .filter(name => name.endsWith('.ipynb'))
      .map(name => path.join(wrong, name))
  ];
  for (let i = 0; i < count; i++) {
    const name = `student-${String(i).padStart(3, '0')}.ipynb`;
    copyFileSync(kinds[i % kinds.length], path.join(dir, name));
  }
  return { dir, kinds: kinds.length };
}

/** One grading run; its wall time in ms and how many results it wrote. */
function gradeOnce(opts, lab, folder, runtime, jobs) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'browsergrad-bench-out-'));
  const started = performance.now();
  try {
    execFileSync(
      opts.python,
      [
        ...['-m', 'browsergrad_kernel.cli', 'grade', lab, folder],
        ...['--runtime', runtime, '-j', String(jobs), '-o', out]
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
    );
  } catch (error) {
    // exit 1: some submissions failed, as the starters and wrong ones do
    if (error.status !== 1) {
      throw error;
    }
  }
  const ms = performance.now() - started;
  // the results documents (grade also writes Gradescope and comparison JSON)
  const results = readdirSync(out)
    .filter(name => name.endsWith('.json'))
    .map(name => JSON.parse(readFileSync(path.join(out, name), 'utf8')))
    .filter(doc => doc.schema === 'urn:browsergrad:schema:results:v1');
  const problemCounts = results.map(doc => doc.problems.length);
  rmSync(out, { recursive: true, force: true });
  return {
    ms,
    results: results.length,
    problems: problemCounts.filter(Boolean)
  };
}

export async function runGrading(opts) {
  const count = opts.submissions;
  const jobs = 2;
  const lab = path.join(ROOT, 'content', 'labs', opts.lab ?? 'single-neuron');
  const { dir, kinds } = classFolder(lab, count);
  const loadBefore = os.loadavg()[0].toFixed(2);
  const rows = {};
  try {
    for (const runtime of RUNTIMES) {
      const times = [];
      for (let run = 0; run < opts.runs; run++) {
        progress(`grading ${count} submissions, ${runtime}, run ${run + 1}`);
        const once = gradeOnce(opts, lab, dir, runtime, jobs);
        if (once.results !== count || once.problems.length) {
          throw new Error(
            `${runtime}: ${once.results} of ${count} results, ` +
              `${once.problems.length} with problems`
          );
        }
        times.push(once.ms);
      }
      rows[runtime] = summary(times);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg()[0].toFixed(2);
  const perMinute = stat => ((count * 60000) / stat.median).toFixed(1);
  const lines = [
    `Grading ${count} submissions of \`${path.basename(lab)}\` (its reference, ` +
      `starter and wrong notebooks in turn, ${kinds} kinds), \`-j ${jobs}\`; ` +
      `${os.cpus().length} cores, load average ${loadBefore} before and ` +
      `${loadAfter} after; Node ${process.versions.node}; ` +
      `${opts.runs} run(s) per runtime; commit ${gitDescription()}; ` +
      `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    '| runtime | wall time, s (median, min–max) | submissions per minute | s per submission per core | vs CPython |',
    '| --- | --- | --- | --- | --- |'
  ];
  for (const runtime of RUNTIMES) {
    const stat = rows[runtime];
    lines.push(
      `| ${runtime} | ${seconds(stat.median)} (${seconds(stat.min)}–${seconds(stat.max)}) ` +
        `| ${perMinute(stat)} | ${((stat.median * jobs) / count / 1000).toFixed(2)} ` +
        `| ${(stat.median / rows.cpython.median).toFixed(2)}× the time |`
    );
  }
  const table = lines.join('\n') + '\n';
  console.log(table);
  if (opts.writeDocs) {
    writeGenerated('grading.md', table);
  }
}
