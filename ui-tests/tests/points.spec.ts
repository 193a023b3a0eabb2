import { expect, newBrowsergradNotebook, openLab, test } from './fixtures';
import { open, runAndCheck } from './labs-helpers';
import { openPanel, panel } from './panel-helpers';

// Points and questions in the Tests panel, and the labs' hidden rubrics, which
// the build keeps out of the site: neither the server nor the site's contents
// have them (docs/grading.md).

const LABS = ['single-neuron', 'text-stats'];

test.describe('points and hidden checks', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
  });

  test('the panel shows the score of the checks, by their points @isolated-only', async ({
    page
  }) => {
    await newBrowsergradNotebook(page);
    await openPanel(page);
    const score = panel(page).locator('.bg-Tests-score');
    await expect(score).toBeHidden();
    await page.notebook.setCell(
      0,
      'code',
      [
        'import browsergrad as bg',
        "with bg.question('Q1', all_or_nothing=True):",
        "    bg.assert_pass('a', points=2)",
        "    bg.assert_fail('b', 'no', points=1)",
        "bg.assert_pass('c', points=1.5)",
        "bg.assert_fail('d', 'no')"
      ].join('\n')
    );
    await page.notebook.runCell(0, true);
    // Q1 is all or nothing and one of its checks failed: 1.5 of 5.5
    await expect(score).toHaveText('Score: 1.5 / 5.5');
    await expect(score).toHaveAttribute('data-points', '1.5');
    await expect(score).toHaveAttribute('data-max', '5.5');
    await expect(score).toHaveAttribute(
      'title',
      /Q1: 0 \/ 3 \(all or nothing\)/
    );
  });

  test('after Check my work, the score is the lab rubric’s @isolated-only', async ({
    page
  }) => {
    await open(page, 'labs/single-neuron/reference.ipynb');
    await runAndCheck(page);
    await openPanel(page);
    // 3 + 3 + 5 points of the visible rubric; the hidden checks run only in
    // `browsergrad-kernel grade`
    await expect(panel(page).locator('.bg-Tests-score')).toHaveText(
      'Score: 11 / 11'
    );
  });

  test('no hidden rubric can be fetched from the site', async ({ page }) => {
    for (const lab of LABS) {
      const folder = `files/labs/${lab}`;
      // the visible rubric is served, so a missing file is not the site's fault
      expect((await page.request.get(`/${folder}/rubric.py`)).status()).toBe(
        200
      );
      const hidden = await page.request.get(`/${folder}/hidden_rubric.py`);
      expect(hidden.status()).toBe(404);
      expect(await hidden.text()).not.toContain('_hidden(ns)');
      const listing = await (
        await page.request.get(`/api/contents/labs/${lab}/all.json`)
      ).json();
      const names = listing.content.map((entry: any) => entry.name);
      expect(names).toContain('rubric.py');
      expect(names).not.toContain('hidden_rubric.py');
    }
    // nor through the app's own contents (the drive a kernel reads)
    const seen = await page.evaluate(async labs => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const found: string[] = [];
      for (const lab of labs) {
        const folder = await contents.get(`labs/${lab}`, { content: true });
        found.push(...folder.content.map((entry: any) => entry.path));
        try {
          await contents.get(`labs/${lab}/hidden_rubric.py`, { content: true });
          found.push(`read labs/${lab}/hidden_rubric.py`);
        } catch {
          // not there, as it should be
        }
      }
      return found;
    }, LABS);
    expect(seen).toContain('labs/single-neuron/rubric.py');
    expect(seen.filter(path => path.includes('hidden'))).toEqual([]);
  });
});
