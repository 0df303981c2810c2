import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** Presses Tab (or Shift+Tab) until `target` has focus: the way a keyboard user gets there. */
export async function tabTo(page: Page, target: Locator, key = 'Tab', maxPresses = 30): Promise<void> {
  for (let i = 0; i < maxPresses; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** Presses an arrow key until the focused grid row's name contains `text`. */
export async function arrowTo(page: Page, text: string, key = 'ArrowRight', maxPresses = 10): Promise<void> {
  const focusedRow = page.locator('[role="row"]:focus, [role="row"]:focus-within');
  for (let i = 0; i < maxPresses; i += 1) {
    if (((await focusedRow.textContent()) ?? '').includes(text)) return;
    await page.keyboard.press(key);
  }
  await expect(focusedRow).toContainText(text);
}

/** axe-core on the page as it is now: zero violations, listed by rule and element when there are some. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** Tabs to the library's search field, types `query` and presses Enter; resolves with the field. */
export async function searchByKeyboard(page: Page, query: string): Promise<Locator> {
  const search = page.getByRole('searchbox', { name: 'Search descriptions and file names' });
  await tabTo(page, search);
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  return search;
}
