import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_EXAMPLES, type ExampleCommand } from '../../../reports/cli/examples.js';
import { CLI, lbsim, REPO_ROOT } from './helpers.js';

/**
 * `lbsim <command> --help` shows examples a user can copy and paste: each on one line, whole,
 * naming scenario files that exist; the cheapest one runs as printed.
 */
test('every command\'s --help shows whole-line examples that name existing files', () => {
  for (const [command, examples] of Object.entries(COMMAND_EXAMPLES) as [ExampleCommand, typeof COMMAND_EXAMPLES[ExampleCommand]][]) {
    const help = lbsim([command, '--help']);
    assert.equal(help.status, 0, `${command} --help: ${help.stderr}`);
    assert.match(help.stdout, /\nExamples:\n/, command);
    const lines = help.stdout.split('\n');
    for (const [example] of examples) {
      assert.ok(lines.some((l) => l.trimStart().startsWith(`${example}  `) || l.trim() === example), `${command} --help: "${example}" is not whole on one line`);
      for (const file of example.match(/scenarios\/[\w.-]+\.yaml/g) ?? []) assert.ok(existsSync(join(REPO_ROOT, file)), `${example}: ${file}`);
    }
  }
});

test('the validate example runs as printed', () => {
  const [example] = COMMAND_EXAMPLES.validate[0]!;
  const r = spawnSync(process.execPath, [CLI, ...example.split(' ').slice(1)], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
