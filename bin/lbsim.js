#!/usr/bin/env node
// The `lbsim` command. It lives outside dist/ so that `npm run build`, which recreates dist/,
// never drops its run bit (git keeps this file's mode); it only loads the compiled CLI.
const cli = new URL('../dist/reports/cli/main.js', import.meta.url);
try {
  await import(cli.href);
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('reports/cli/main.js')) {
    process.stderr.write('lbsim: the compiled program is missing (dist/); run `npm run build` in the lbsim folder first\n');
    process.exit(1);
  }
  throw err;
}
