// Builds the dashboard page into one self-contained HTML string (script and styles inline, Chart.js bundled)
// and writes it as a TypeScript module, so the proxy serves it without reading files at run time (edge
// runtimes included). Run `pnpm --filter @tokenwise/proxy build:dashboard` after changing `src/dashboard/ui/`;
// a test fails when the committed module is not what this script builds.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildDashboardPage } from './dashboard-page-source.js';

const target = fileURLToPath(
  new URL('../src/dashboard/generated/dashboard-page.generated.ts', import.meta.url),
);
await writeFile(target, await buildDashboardPage());
console.log(`wrote ${target}`);
