import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import {
  checkExport,
  downloadOf,
  expectCounts,
  openPanel,
  panel,
  rowLabels
} from './panel-helpers';
import {
  check,
  displayCode,
  EVENTS,
  eventsBundle,
  IMAGE,
  resetSeq,
  run
} from './renderers-helpers';

// Outputs of browsergrad's MIME types that cannot be read become
// "unreadable result" rows at their place, with their cell; the rows around
// them stay.

test.describe('Tests panel and bad outputs', () => {
  test('shows malformed and huge outputs as unreadable rows, keeping the rest', async ({
    page
  }) => {
    resetSeq();
    await openLab(page);
    await newBrowsergradNotebook(page);
    await run(page, 0, displayCode(eventsBundle([check('before', 'pass')])));

    const noStatus: Record<string, unknown> = check('no status', 'pass');
    delete noStatus.status;
    const badOutputs = [
      eventsBundle([
        check('ok 1', 'pass'),
        noStatus,
        check('wrong seq', 'pass', { seq: '3' }),
        42,
        { type: 'metric', name: 'm' },
        check('ok 2', 'pass')
      ] as any),
      { [EVENTS]: { events: 'nope' }, 'text/plain': 'not a list' },
      {
        'application/vnd.browsergrad.events.v2+json': {
          events: [check('from the future', 'pass')]
        },
        'text/plain': 'a later schema'
      },
      {
        [IMAGE]: {
          type: 'image',
          name: 'picture',
          timestamp: '2026-11-21T10:00:00.123Z',
          seq: 99,
          mime: 'image/bmp',
          size: 10,
          truncated: false
        },
        'text/plain': 'a bmp'
      }
    ];
    await run(
      page,
      1,
      badOutputs.map(bundle => displayCode(bundle)).join('\n')
    );
    // Six million characters in one message: not read, not rendered in the panel.
    const huge = check('huge', 'fail', { message: 'x' });
    const small = check('small after huge', 'pass');
    await run(
      page,
      2,
      [
        'import json',
        'from IPython.display import display',
        `huge, small = json.loads(${JSON.stringify(JSON.stringify([huge, small]))})`,
        'huge["message"] = "x" * 6_000_000',
        `display({${JSON.stringify(EVENTS)}: {"events": [huge, small]}, "text/plain": "huge"}, raw=True)`
      ].join('\n')
    );
    await run(page, 3, displayCode(eventsBundle([check('after', 'pass')])));

    await openPanel(page);
    await expectCounts(page, { pass: 5, fail: 0, error: 0, unreadable: 8 });
    expect(await rowLabels(page)).toEqual([
      'Cell 1: 1 passed',
      'passed: before',
      'Cell 2: 2 passed, 7 unreadable',
      'passed: ok 1',
      'unreadable result: no status: status is missing',
      'unreadable result: wrong seq: seq must be a whole number ≥ 0, not a string',
      'unreadable result: an event must be an object, not a number',
      'unreadable result: m: type "metric" is not an event type of schema v1',
      'passed: ok 2',
      'unreadable result: events must be a list, not a string',
      'unreadable result: schema version 2 is not known here (this panel reads version 1)',
      'unreadable result: picture: mime must be "image/png", "image/jpeg", "image/gif", "image/webp" or "image/svg+xml", not "image/bmp"',
      'Cell 3: 1 passed, 1 unreadable',
      'unreadable result: huge: too large to read (over 5,000,000 characters)',
      'passed: small after huge',
      'Cell 4: 1 passed',
      'passed: after'
    ]);
    await expect(
      panel(page).locator('.bg-TestRow.bg-mod-unreadable')
    ).toHaveCount(8);

    // Both exports still validate, and keep every result.
    const json = await downloadOf(page, () =>
      panel(page).getByRole('button', { name: 'Export JSON' }).click()
    );
    const doc = checkExport('json', json.file);
    expect(doc.counts).toEqual({ pass: 5, fail: 0, error: 0, unreadable: 8 });
    expect(
      doc.cells[1].unreadable.map((u: any) => [u.output_index, u.event_index])
    ).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [1, null],
      [2, null],
      [3, null]
    ]);
    expect(doc.cells[2].events.map((e: any) => e.name)).toEqual([
      'small after huge'
    ]);
    const xml = await downloadOf(page, () =>
      panel(page).getByRole('button', { name: 'Export JUnit' }).click()
    );
    const root = checkExport('junit', xml.file);
    expect(root.attributes).toMatchObject({
      tests: '13',
      failures: '0',
      errors: '8'
    });
  });
});
