import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDashboardPage } from '../../scripts/dashboard-page-source.js';

describe('the generated dashboard page', () => {
  it('is what `build:dashboard` builds from src/dashboard/ui (run it after changing the page)', async () => {
    const committed = await readFile(
      fileURLToPath(new URL('./generated/dashboard-page.generated.ts', import.meta.url)),
      'utf8',
    );
    expect(committed === (await buildDashboardPage())).toBe(true);
  });
});
