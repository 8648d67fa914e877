import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertUsageError, lbsim, removeDir, smallScenario, tempDir, writeScenario } from './helpers.js';

/** The teaching commands and validate, through the real CLI. */
describe('lbsim trace, explain, validate', () => {
  let dir = '';
  let file = '';
  before(async () => {
    dir = await tempDir('teach');
    file = await writeScenario(dir, smallScenario());
  });
  after(() => removeDir(dir));

  it('trace shows the tunnel\'s outer header and the direct reply from the VIP', () => {
    const run = lbsim(['trace', file, '--mode', 'lvs-tun']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^lvs-tun: LVS\/IPVS tunnelling/);
    assert.match(run.stdout, /outer IP 10\.0\.0\.1 → 10\.0\.1\.\d \(IPIP\)/);
    assert.match(run.stdout, /RESPONSE {2}server-\d → clients-apps/);
    assert.match(run.stdout, /straight from the real server, source = VIP/);
  });

  it('trace --json is the structured trace', () => {
    const run = lbsim(['trace', file, '--mode', 'lvs-nat', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const trace = JSON.parse(run.stdout) as { mode: string; messages: { kind: string }[] };
    assert.equal(trace.mode, 'lvs-nat');
    // Wire order: the server's quick ACK of the request (fresh connection) goes out before the
    // response; the trace stops once the response is answered, before the client's ACKs of it.
    assert.deepEqual(trace.messages.map((m) => m.kind), ['syn', 'syn-ack', 'request', 'ack', 'response']);
  });

  it('trace --format svg draws a sequence diagram; --all-modes --out writes one per mode', async () => {
    const one = lbsim(['trace', file, '--mode', 'lvs-dr', '--format', 'svg']);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*data-mode="lvs-dr"/);
    assert.match(one.stdout, /<g class="lane" data-lane="director-0">/);
    const out = join(dir, 'traces');
    const all = lbsim(['trace', file, '--all-modes', '--format', 'svg', '--out', out]);
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual((await readdir(out)).sort(), ['client-side', 'l7-proxy', 'lvs-dr', 'lvs-nat', 'lvs-tun', 'rr-dns'].map((m) => `trace-${m}.svg`));
    assert.equal(assertUsageError(lbsim(['trace', file, '--all-modes', '--format', 'svg']), /give --out DIR/), null);
    assert.equal(assertUsageError(lbsim(['trace', file, '--mode', 'lvs-dr', '--format', 'png']), /--format: unknown format "png"/), null);
  });

  it('trace refuses an unknown mode and a bad --at with one line and exit 2', () => {
    assert.equal(assertUsageError(lbsim(['trace', file, '--mode', 'lvs-fast']), /unknown mode "lvs-fast"/), null);
    assert.equal(assertUsageError(lbsim(['trace', file, '--mode', 'lvs-dr', '--at', '3 parsecs']), /--at 3 parsecs: unknown duration unit/), null);
  });

  it('explain puts words and measured middle-box numbers side by side', () => {
    const run = lbsim(['explain', 'lvs-nat', '--scenario', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /How it works\. The IPVS director/);
    assert.match(run.stdout, /per request at director-0: [\d.]+ packets, [\d,]+ B on the wire, [\d.]+ µs of CPU/);
    assert.match(run.stdout, /bottleneck: /);
  });

  it('validate accepts the scenario library and names the path of a mistake', async () => {
    const ok = lbsim(['validate', 'scenarios/default.yaml', 'scenarios/scale-out.yaml']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /default\.yaml: ok/);
    const bad = smallScenario() as { workload: { groups: Record<string, unknown>[] } };
    bad.workload.groups[0]!.rtt = '1 fortnight';
    const badFile = await writeScenario(dir, bad, 'bad.json');
    const run = lbsim(['validate', badFile]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /bad\.json: workload\.groups\[0\]\.rtt: unknown duration unit "fortnight"/);
  });
});
