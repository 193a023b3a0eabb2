import {
  expect,
  newBrowsergradNotebook,
  openLab,
  runCell,
  test
} from './fixtures';

// What the kernel takes over from the JupyterLite Pyodide kernel: the
// notebook's files, stdin and %pip, all served by the site itself.
test.describe('kernel services', () => {
  test.beforeEach(async ({ page }) => {
    await openLab(page);
    await newBrowsergradNotebook(page);
  });

  test('reads and writes the notebook folder', async ({ page }) => {
    const out = await runCell(
      page,
      0,
      [
        'import os',
        'print(os.getcwd())',
        'print(open("greeting.txt").read().strip())',
        'with open("written.txt", "w") as f:',
        '    f.write("from python")'
      ].join('\n')
    );
    expect(out).toBe('/drive\nhello from the drive\n');
    await page.filebrowser.refresh();
    await expect(
      page.locator('.jp-DirListing-item[title^="Name: written.txt"]')
    ).toBeVisible();
  });

  test('answers input() from the notebook', async ({ page }) => {
    await page.notebook.setCell(
      0,
      'code',
      'name = input("name? ")\nprint("hi", name)'
    );
    // runCell would wait for the end of a cell that waits for us.
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+Enter');
    const box = page.locator('.jp-Stdin input');
    await box.waitFor();
    await box.fill('Ada');
    await box.press('Enter');
    await expect(page.locator('.jp-OutputArea-output').last()).toHaveText(
      'hi Ada'
    );
  });

  test('installs a shipped wheel with %pip, offline', async ({ page }) => {
    const out = await runCell(
      page,
      0,
      '%pip install six\nimport six\nprint(six.__version__)'
    );
    expect(out).toMatch(/1\.17\.0\n$/);
  });
});
