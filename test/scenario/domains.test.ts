import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario, parseScenarioText } from '../../sim/scenario/load.js';

/**
 * Every number has a domain: the edges are accepted, one step outside is refused with the field's
 * path and what is allowed. Each row sets one field of a valid base scenario.
 */
function base(): Record<string, any> {
  return {
    name: 'edges',
    description: 'one field at the edge of its domain',
    workload: { groups: [{ name: 'g', clients: 10, arrival: { kind: 'poisson', rate: 100 } }] },
    topology: { servers: { count: 2 } },
  };
}

function setPath(root: Record<string, any>, path: string, value: unknown): void {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined) node[key] = {};
    node = node[key];
  }
  node[keys[keys.length - 1]!] = value;
}

function issuesFor(path: string, value: unknown, extra?: (s: Record<string, any>) => void): { path: string; message: string }[] {
  const s = base();
  extra?.(s);
  setPath(s, path, value);
  try {
    parseScenario(s, 'edge.yaml');
    return [];
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `a ScenarioError, got ${String(err)}`);
    return [...err.issues];
  }
}

interface Row {
  readonly path: string;
  readonly ok: readonly unknown[];
  readonly bad: readonly unknown[];
  /** What the message must say is allowed. */
  readonly allowed: RegExp;
  readonly extra?: (s: Record<string, any>) => void;
}

const G = 'workload.groups[0]';
const ROWS: Row[] = [
  { path: `${G}.clients`, ok: [1, 1_000_000], bad: [0, 1.5, 1_000_001, 1e15], allowed: /integer in 1\.\.1000000/ },
  { path: `${G}.arrival.rate`, ok: [0.001, 1e8], bad: [0, 1e-300, 1.5e8, 1e308], allowed: /number in 0\.001\.\.1e8/ },
  { path: `${G}.mix`, ok: [{ GET: 0, PUT: 1e6 }], bad: [{ GET: 1e308, PUT: 1e308 }, { GET: -1 }], allowed: /number in 0\.\.1000000/ },
  { path: `${G}.requestsPerConnection`, ok: [1, 1_000_000], bad: [0, 2.5], allowed: /integer in 1\.\.1000000/ },
  { path: `${G}.timeout`, ok: ['1ns', '240h'], bad: ['0s', '241h', 1e300], allowed: /within 1ns\.\.240h/ },
  { path: `${G}.rtt`, ok: [0, '5µs', '5μs', '240h'], bad: ['-1ms', 1e300, '1e300s'], allowed: /within 0s\.\.240h/ },
  { path: `${G}.accessLink`, ok: ['1kbps', '1000Tbps'], bad: ['999bps', '1001Tbps'], allowed: /within 1kbps\.\.1000Tbps/ },
  { path: `${G}.accessLink`, ok: [], bad: [40], allowed: /needs a unit.*allowed units: bps, Kbps/ },
  { path: `${G}.dnsCaches`, ok: [[{ weight: 1e6, cache: { kind: 'pin' } }]], bad: [[{ weight: 0, cache: { kind: 'pin' } }], [{ weight: 1e308, cache: { kind: 'pin' } }]], allowed: /above 0, at most 1000000/ },
  { path: `${G}.objectSize`, ok: [{ kind: 'lognormal', mean: '64KiB', cv: 100 }], bad: [{ kind: 'lognormal', mean: '64KiB', cv: 1e308 }, { kind: 'lognormal', mean: '64KiB', cv: 0 }], allowed: /above 0, at most 100/ },
  { path: `${G}.objectSize`, ok: [{ kind: 'constant', value: '1TiB' }], bad: [{ kind: 'constant', value: '1.1TiB' }, { kind: 'constant', value: 1e308 }], allowed: /within 0B\.\.1TiB/ },
  { path: 'topology.servers.count', ok: [1, 1024], bad: [0, 1025, 1e9, 2.5], allowed: /integer in 1\.\.1024/ },
  { path: 'topology.frontEnd.count', ok: [1, 64], bad: [0, 65], allowed: /integer in 1\.\.64/ },
  { path: 'topology.servers.cores', ok: [1, 256], bad: [0, 257], allowed: /integer in 1\.\.256/ },
  { path: 'topology.servers.weights', ok: [[0, 256], [1, 1]], bad: [[0.5, 0.5], [1, 0.57], [1e308, 1], [257, 1], [-1, 1]], allowed: /integer in 0\.\.256/ },
  { path: 'topology.servers.weights', ok: [], bad: [[0, 0]], allowed: /at least one weight must be above 0/ },
  { path: 'topology.frontEnd.nic', ok: ['1kbps'], bad: [40], allowed: /needs a unit, e\.g\. "40Gbps"/ },
  { path: 'topology.backend.replicas', ok: [1, 16], bad: [0, 17], allowed: /integer in 1\.\.16/ },
  { path: 'topology.mtu', ok: [576, 9216], bad: [575, 9217], allowed: /576|9216/ },
  { path: 'run.duration', extra: (s) => { s.run = { warmup: 0 }; }, ok: ['1us', '24h'], bad: ['0.5us', '25h', '3000h', 1e300], allowed: /within 1us\.\.24h/ },
  { path: 'run.seed', ok: [0, 2 ** 32 - 1], bad: [-1, 1.5, 2 ** 32, 2 ** 64], allowed: /integer in 0\.\.2\^32-1/ },
  { path: 'run.replications', ok: [1, 1000], bad: [0, 1001, 1.5], allowed: /integer in 1\.\.1000/ },
  { path: 'run.maxRequests', extra: (s) => { s.run = { warmup: 0 }; }, ok: [1, 1e9], bad: [0, 1e10], allowed: /integer in 1\.\.1e9/ },
  { path: 'run.maxRequests', ok: [101], bad: [100], allowed: /would be issued during the warm-up \(about 100 arrive/ },
  { path: 'run.timelineInterval', ok: ['5ms'], bad: ['1ns', '1ms'], allowed: /timeline points|within 1us/, extra: (s) => { s.run = { duration: '10s' }; } },
  { path: 'dns.ttl', ok: [0, '240h'], bad: ['241h'], allowed: /within 0s\.\.240h/ },
  { path: 'description', ok: ['x'.repeat(4000)], bad: ['', 'x'.repeat(4001)], allowed: /at most 4000|>=1|≥ ?1|too (big|small)/i },
  { path: 'costs.server.nsPerByte', ok: [0, 1e4], bad: [1e308, -1], allowed: /ns per byte, 0\.\.10000/ },
  { path: 'costs.director.connTableMemoryBytes', ok: [128], bad: [0, 1.5], allowed: /whole number of bytes, 1\.\.2\^40/ },
  { path: 'costs.server.constructor', ok: [], bad: [{}], allowed: /unknown cost field; allowed: kernelNsPerPacket/ },
  { path: 'costs.director.connTableMemoryBytes', ok: [], bad: [64], allowed: /holds no connection entry/ },
  // Fields of the failure, admission, retry, TCP and balancer models.
  { path: `${G}.tcpSynRetries`, ok: [0, 127], bad: [-1, 128, 2.5], allowed: /integer in 0\.\.127/ },
  { path: `${G}.retries`, ok: [0, 100], bad: [-1, 101, 0.5], allowed: /integer in 0\.\.100/ },
  { path: `${G}.retryBackoff`, ok: ['1ns', '64s'], bad: ['0s', '241h'], allowed: /within 1ns\.\.240h/ },
  { path: 'run.errorTolerance', ok: [0, 1], bad: [-0.1, 1.5, 1e308], allowed: /number in 0\.\.1/ },
  { path: 'topology.servers.workers', ok: [1, 1024], bad: [0, 1025, 1.5], allowed: /integer in 1\.\.1024/ },
  // Interrupt cores: whole cores, and at least one left for the application (8-core default nodes).
  { path: 'topology.servers.rss.irqCores', ok: [0, 7], bad: [1.5, -1], allowed: /integer in 0\.\.1023/ },
  { path: 'topology.servers.rss.irqCores', ok: [], bad: [8], allowed: /at least one core must be left for the application/ },
  { path: 'topology.frontEnd.rss.irqCores', ok: [0, 7], bad: [0.5, 1024], allowed: /integer in 0\.\.1023/ },
  { path: 'topology.frontEnd.rss.irqCores', ok: [], bad: [8], allowed: /at least one core must be left for the application/ },
  { path: 'topology.frontEnd.rss.queues', ok: [1, 8], bad: [0, 1.5], allowed: /integer in 1\.\.1024/ },
  { path: 'topology.frontEnd.rss.queues', ok: [], bad: [9], allowed: /each queue is served by its own core/ },
  { path: 'topology.servers.maxClients', ok: [1, 65536], bad: [0, 65537], allowed: /integer in 1\.\.65536/ },
  { path: 'topology.servers.backlog', ok: [1, 65535], bad: [0, 65536], allowed: /integer in 1\.\.65535/ },
  { path: 'topology.servers.requestCpu', ok: [{ kind: 'lognormal', cv: 10 }], bad: [{ kind: 'lognormal', cv: 0 }, { kind: 'lognormal', cv: 1e308 }], allowed: /above 0, at most 10/ },
  { path: 'topology.mtu', ok: [576, 9216], bad: [575, 9217, 1500.5], allowed: /integer in 576\.\.9216/ },
  { path: 'balancing.lvsOptions.tableSize', extra: (s) => { s.balancing = { lvs: 'mh' }; }, ok: [251, 131071], bad: [250, 131072], allowed: /integer in 251\.\.131071/ },
  { path: 'balancing.lvsOptions.tableSize', extra: (s) => { s.balancing = { lvs: 'mh' }; }, ok: [], bad: [4095], allowed: /must be prime/ },
  { path: 'balancing.proxyOptions.draws', extra: (s) => { s.balancing = { proxy: 'haproxy-random' }; }, ok: [1, 64], bad: [0, 65], allowed: /integer in 1\.\.64/ },
  { path: 'balancing.lvsOptions.hashTableBits', extra: (s) => { s.balancing = { lvs: 'sh' }; }, ok: [4, 20], bad: [3, 21], allowed: /integer in 4\.\.20/ },
  { path: 'proxy.maxconn', ok: [1, 1_000_000], bad: [0, 1_000_001], allowed: /integer in 1\.\.1000000/ },
  { path: 'proxy.healthCheck', ok: [{ style: 'haproxy', inter: '1ms', fall: 100 }], bad: [{ style: 'haproxy', inter: '0.5ms' }, { style: 'haproxy', inter: '2h' }], allowed: /within 1ms\.\.1h/ },
  { path: 'proxy.healthCheck', ok: [], bad: [{ style: 'haproxy', fall: 0 }, { style: 'haproxy', rise: 101 }], allowed: /integer in 1\.\.100/ },
  { path: 'lvs.healthCheck', ok: [{ style: 'keepalived', retry: 0 }], bad: [{ style: 'keepalived', retry: 101 }], allowed: /integer in 0\.\.100/ },
  { path: 'ha.vrrp.priorities', extra: (s) => { s.topology.frontEnd = { count: 2 }; }, ok: [[255, 1], [254, 100]], bad: [[0, 100], [256, 100]], allowed: /integer in 1\.\.255/ },
  { path: 'ha.vrrp.priorities', extra: (s) => { s.topology.frontEnd = { count: 2 }; }, ok: [], bad: [[255, 255]], allowed: /only the one box that owns the address/ },
  { path: 'ha.vrrp.preemptDelay', extra: (s) => { s.topology.frontEnd = { count: 2 }; s.ha = { vrrp: { priorities: [150, 100] } }; }, ok: [0, '1000s'], bad: ['1001s'], allowed: /within 0s\.\.1000s/ },
  { path: 'faults', ok: [[{ kind: 'slow', target: 'server-0', at: '2s', cpuFactor: 1000 }]], bad: [[{ kind: 'slow', target: 'server-0', at: '2s', cpuFactor: 1001 }]], allowed: /number in 1\.\.1000/ },
  { path: 'costs.tcp.quickAcks', ok: [0, 16], bad: [17, 1.5], allowed: /0\.\.16 \(Linux TCP_MAX_QUICKACKS\)/ },
  { path: 'costs.tcp.initialCwndSegments', ok: [1, 1000], bad: [0, 1001], allowed: /whole number of segments, 1\.\.1000/ },
  { path: 'costs.tcp.minRtoNs', ok: [1e6, 120e9], bad: [0, 999_999, 121e9], allowed: /1 ms to Linux TCP_RTO_MAX/ },
  { path: 'costs.tcp.delayedAckNs', ok: [0, 500e6], bad: [501e6], allowed: /under 0\.5 s/ },
  { path: 'costs.server.requestNs', ok: [{ GET: 1e9 }], bad: [{ GET: 1.1e9 }], allowed: /ns, 0\.\.1e9/ },
  { path: 'costs.tcp.timestamps', ok: [false], bad: [1], allowed: /true or false/ },
];

describe('every number has a domain', () => {
  for (const row of ROWS) {
    for (const value of row.ok) {
      it(`${row.path} = ${JSON.stringify(value).slice(0, 40)} is accepted`, () => {
        assert.deepEqual(issuesFor(row.path, value, row.extra), []);
      });
    }
    for (const value of row.bad) {
      it(`${row.path} = ${JSON.stringify(value).slice(0, 40)} is refused, saying what is allowed`, () => {
        const issues = issuesFor(row.path, value, row.extra);
        const hit = issues.find((i) => i.path.startsWith(row.path) || row.path.startsWith(i.path));
        assert.ok(hit, `an issue at ${row.path}; got ${JSON.stringify(issues)}`);
        assert.match(hit.message, row.allowed);
      });
    }
  }

  it('both micro signs mean microseconds', () => {
    const s = base();
    s.workload.groups[0].rtt = '5µs';
    const t = base();
    t.workload.groups[0].rtt = '5μs';
    assert.equal(parseScenario(s).workload.groups[0]!.rttNs, 5000);
    assert.equal(parseScenario(t).workload.groups[0]!.rttNs, 5000);
  });

  it('a $schema key (for editors) is allowed', () => {
    assert.equal(parseScenario({ $schema: 'https://example.org/lbsim.schema.json', ...base() }).name, 'edges');
  });
});

describe('file contents that cannot reach the schema', () => {
  const text = (value: unknown): string => JSON.stringify(value);
  const refused = (body: string, file: string, pattern: RegExp): void => {
    assert.throws(() => parseScenarioText(body, file), (e: Error) => e instanceof ScenarioError && pattern.test(e.message) && !e.message.includes('\n'), `refused with ${pattern}`);
  };
  it('__proto__ keys, in JSON and YAML', () => {
    refused(text(base()).replace('{', '{"__proto__": {"polluted": 1},'), 's.json', /"__proto__" is not allowed as a key/);
    refused('__proto__: {a: 1}\nname: x\n', 's.yaml', /"__proto__" is not allowed as a key/);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
  it('duplicate keys, in JSON as in YAML', () => {
    refused(text(base()).replace('{', '{"name": "other",'), 's.json', /not valid JSON: Map keys must be unique/);
    refused('name: a\nname: b\n', 's.yaml', /not valid YAML: Map keys must be unique/);
  });
  it('YAML custom tags such as !!js/function', () => {
    refused('name: !!js/function "function () { return 1 }"\n', 's.yaml', /not valid YAML: Unresolved tag/);
  });
  it('nesting deeper than any scenario needs', () => {
    let deep: unknown = { kind: 'constant', value: '1ms' };
    for (let i = 0; i < 40; i++) deep = { kind: 'mixture', parts: [{ weight: 1, dist: deep }] };
    const s = base();
    s.workload.groups[0].rtt = '1ms';
    s.topology.backend = { latency: deep };
    assert.throws(() => parseScenario(s, 'deep.json'), /nested more than 32 levels deep/);
  });
});
