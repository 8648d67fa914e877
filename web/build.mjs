// Builds the playground: web/dist/index.html + app.js (the worker's code and the scenario library
// inlined), bundled from the same sim/ sources as the CLI with esbuild. No CDN, no network at
// run time; open index.html from a file:// URL. Usage: node web/build.mjs [--out DIR]
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, 'web', 'dist');

const common = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  write: false,
  minify: true,
  legalComments: 'none',
  // seedrandom asks for node's crypto only inside a try block, for autoseeding, which lbsim never uses.
  external: ['crypto'],
  logLevel: 'warning',
};

const worker = await build({ ...common, entryPoints: [join(root, 'web/src/worker.ts')] });
const library = {};
for (const f of (await readdir(join(root, 'scenarios'))).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
  library[f] = await readFile(join(root, 'scenarios', f), 'utf8');
}
const app = await build({
  ...common,
  entryPoints: [join(root, 'web/src/main.ts')],
  define: { __WORKER_SOURCE__: JSON.stringify(worker.outputFiles[0].text), __SCENARIO_LIBRARY__: JSON.stringify(library) },
});
await mkdir(out, { recursive: true });
await writeFile(join(out, 'app.js'), app.outputFiles[0].text);
await copyFile(join(root, 'web/src/index.html'), join(out, 'index.html'));
process.stderr.write(`wrote ${join(out, 'index.html')} and app.js (${(app.outputFiles[0].text.length / 1024).toFixed(0)} KiB)\n`);
