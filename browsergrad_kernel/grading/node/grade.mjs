// The Pyodide grading process: one submission in a fresh interpreter of the
// site's own runtime (its Pyodide, kernel and browsergrad), under Node.
//
// Started by the grader (browsergrad_kernel/grading/pyodide.py) under Node's
// permission model. It reads one job from stdin and reports on the inherited
// pipe `channel_fd` with the messages of child.py (start, event, note, end,
// done), each carrying the job's `token`: the submission runs in a worker
// thread of this process and can write to that pipe too, but it cannot read
// the token, so the grader drops what it forges. What the cells print goes to
// stdout.
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The rubric runs with a browsergrad the submission has not touched. */
const FRESH_BROWSERGRAD = `
import sys as _bg_sys
for _bg_name in [n for n in _bg_sys.modules if n == "browsergrad" or n.startswith("browsergrad.")]:
    del _bg_sys.modules[_bg_name]
del _bg_sys, _bg_name
`;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The cell's error as child.py reports one: message without the type. */
function reported(error, cell, totalLeft) {
  const type = error.pythonType ?? null;
  if (error.kind === 'timeout') {
    const total = totalLeft !== null && totalLeft < limitOf(cell);
    return {
      status: 'timeout',
      total,
      error: {
        exc_type: type ?? 'TimeoutError',
        message: total
          ? "stopped at the submission's total time limit"
          : `stopped at the cell's time limit of ${cell.time_limit} s`,
        traceback: error.traceback || null
      }
    };
  }
  // ExecError messages are "Type: value", or "Type" alone for an empty value
  const prefix = type ? `${type}: ` : '';
  const message =
    type && error.message === type
      ? ''
      : error.message.startsWith(prefix)
        ? error.message.slice(prefix.length)
        : error.message;
  return {
    status: 'error',
    error: { exc_type: type, message, traceback: error.traceback || null }
  };
}

const limitOf = cell => (cell.time_limit === null ? Infinity : cell.time_limit);

/** An image artifact as the event schema has it: the picture is not an event field. */
function eventOf(event) {
  if (event.type !== 'image') {
    return event;
  }
  const rest = { ...event };
  delete rest.data;
  return rest;
}

async function main() {
  const job = JSON.parse(await readStdin());
  const send = message =>
    writeSync(
      job.channel_fd,
      JSON.stringify({ ...message, token: job.token }) + '\n'
    );
  const { createSession } = await import(pathToFileURL(job.library).href);
  let session;
  try {
    session = await createSession({
      pyodideIndexURL: job.pyodide,
      workerURL: pathToFileURL(job.worker),
      warmSpare: false
    });
  } catch (error) {
    process.stderr.write(
      `browsergrad grade: the Pyodide runtime did not start: ${error.message}\n`
    );
    process.exit(3);
  }
  await session.mount(
    job.files.map(file => ({
      path: file.path,
      data: Buffer.from(file.data, 'base64')
    }))
  );
  let versions = '';
  const setup = await session.exec({
    code:
      `import os, sys\nos.makedirs(${JSON.stringify(job.cwd)}, exist_ok=True)\n` +
      `os.chdir(${JSON.stringify(job.cwd)})\n` +
      `sys.path.insert(0, ${JSON.stringify(job.cwd)})\n` +
      'import browsergrad\n' +
      'print(sys.version.split()[0], browsergrad.__version__, end="")',
    onStdout: text => (versions += text)
  });
  if (!setup.ok) {
    process.stderr.write(
      `browsergrad grade: the Pyodide runtime could not be set up: ${setup.error.message}\n`
    );
    process.exit(3);
  }
  const [python, browsergrad] = versions.split(' ');
  send({ kind: 'runtime', python, browsergrad, implementation: 'pyodide' });
  const print = text => process.stdout.write(text);
  // The total limit counts the submission's cells, not Pyodide's start.
  const started = performance.now();
  for (const cell of job.cells) {
    const totalLeft =
      job.total_s === null
        ? null
        : job.total_s - (performance.now() - started) / 1000;
    if (totalLeft !== null && totalLeft <= 0) {
      break;
    }
    send({ kind: 'start', cell_id: cell.cell_id });
    if (cell.time_limit_error) {
      send({
        kind: 'end',
        cell_id: cell.cell_id,
        status: 'error',
        duration_ms: 0,
        error: {
          exc_type: 'ValueError',
          message: cell.time_limit_error,
          traceback: null
        }
      });
      continue;
    }
    if (cell.fresh_browsergrad) {
      await session.exec({ code: FRESH_BROWSERGRAD });
    }
    const seconds = Math.min(limitOf(cell), totalLeft ?? Infinity);
    const result = await session.exec({
      code: cell.source,
      timeoutMs: Number.isFinite(seconds) ? Math.max(1, seconds * 1000) : null,
      onStdout: print,
      onStderr: print
    });
    for (const event of [...result.assertions, ...result.artifacts].sort(
      (a, b) => a.seq - b.seq
    )) {
      send({ kind: 'event', cell_id: cell.cell_id, event: eventOf(event) });
    }
    if (result.error?.restarted) {
      // The interpreter is gone (os._exit, a crash, a stop it did not take):
      // the submission ends here, as a CPython process that died would.
      const killed = result.error.kind === 'timeout';
      send({
        kind: 'lost',
        cell_id: cell.cell_id,
        reason: killed ? 'killed' : 'crashed',
        message: killed
          ? `the cell did not stop at its time limit of ${seconds} s; the grader ended its interpreter`
          : 'the interpreter ended during this cell (os._exit, or a crash)'
      });
      process.stderr.write(`browsergrad grade: ${result.error.message}\n`);
      await session.dispose();
      process.exit(4);
    }
    const end = result.error
      ? reported(result.error, cell, totalLeft)
      : { status: 'ok', error: null };
    send({
      kind: 'end',
      cell_id: cell.cell_id,
      duration_ms: result.durationMs,
      ...end
    });
    if (end.total) {
      break;
    }
  }
  send({ kind: 'done' });
  await session.dispose();
  process.exit(0);
}

await main();
