import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Every command line the README and docs/ show in a shell block works when pasted: each `npm run X`
 * names a script of package.json, and each `npx lbsim …` is accepted whole (command, flags, their
 * values, the files it names) by the real CLI. The simulating commands are run with `--max-events 1`
 * appended: the pre-run budget check is the last thing before anything runs, so an exit 2 that names
 * --max-events means every other check passed, and nothing may have been written.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'lbsim.js');
const SIMULATING = new Set(['run', 'compare', 'sweep', 'trace', 'explain', 'capacity']);

interface Shown {
  readonly file: string;
  readonly line: string;
}

function shellLines(): Shown[] {
  const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const out: Shown[] = [];
  for (const file of files) {
    let inShell = false;
    for (const raw of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
      const fence = /^```(\w*)/.exec(raw);
      if (fence !== null) {
        inShell = !inShell && ['sh', 'bash', 'shell', 'console'].includes(fence[1]!);
        continue;
      }
      if (!inShell) continue;
      const line = raw.replace(/\s+#.*$/, '').replace(/^\$\s+/, '').trim();
      for (const part of line.split('&&').map((p) => p.trim())) if (/^(npx lbsim|npm) /.test(part)) out.push({ file, line: part });
    }
  }
  return out;
}

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const shown = shellLines();

describe('the command lines the README and docs show', () => {
  it('are found (the extraction itself works)', () => {
    assert.ok(shown.some((s) => s.line.startsWith('npx lbsim compare')), shown.map((s) => s.line).join('\n'));
    assert.ok(shown.some((s) => s.line.startsWith('npm run ')));
  });

  it('npm: every script they name exists in package.json', () => {
    for (const { file, line } of shown.filter((s) => s.line.startsWith('npm '))) {
      const words = line.split(/\s+/);
      const script = words[1] === 'run' ? words[2]! : words[1]!;
      if (['ci', 'install', 'pack'].includes(script)) continue;
      assert.ok(script in scripts, `${file}: \`${line}\` names no script of package.json`);
    }
  });

  it('npx lbsim: each is accepted whole by the CLI; the simulating ones stop at the budget check and write nothing', () => {
    const lbsim = shown.filter((s) => s.line.startsWith('npx lbsim '));
    assert.ok(lbsim.length >= 4);
    for (const { file, line } of lbsim) {
      assert.doesNotMatch(line, /["'<>|;]/, `${file}: \`${line}\`: quoting, placeholders or pipes are not checked here`);
      const args = line.split(/\s+/).slice(2);
      const outAt = args.indexOf('--out');
      const out = outAt < 0 ? null : join(ROOT, args[outAt + 1]!);
      const existed = out !== null && existsSync(out);
      const simulating = SIMULATING.has(args[0]!);
      const r = spawnSync(process.execPath, [BIN, ...args, ...(simulating ? ['--max-events', '1'] : [])], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      if (simulating) {
        assert.equal(r.status, 2, `${file}: \`${line}\` exited ${r.status}:\n${r.stderr}`);
        assert.match(r.stderr, /--max-events/, `${file}: \`${line}\` was refused for another reason:\n${r.stderr}`);
        if (out !== null && !existed) assert.ok(!existsSync(out), `${file}: \`${line}\` wrote ${out} although it was refused`);
      } else {
        assert.equal(r.status, 0, `${file}: \`${line}\` exited ${r.status}:\n${r.stderr}`);
      }
    }
  });
});
