import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DOCS, GUIDE_FILE, TEMPLATE_FILE, readGuideResults } from '../../drivers/docs-main.js';
import { guideInputsHash } from '../../drivers/guide-studies.js';
import { plateau, renderGuide } from '../../reports/guide/guide-render.js';

/**
 * docs/guide.md is up to date without re-running its studies: the recorded results were made by
 * the same compiled simulator, studies and scenarios (same inputs hash; the runs are
 * deterministic), and rendering the template from them gives the committed guide byte for byte.
 * If this fails, run `npm run docs` and commit docs/guide.md and docs/guide/.
 */
const STALE = 'docs/guide.md is out of date: run `npm run docs` and commit docs/guide.md and docs/guide/';

describe('docs/guide.md', () => {
  const results = readGuideResults();

  it('was generated from the current simulator, studies and scenarios', () => {
    assert.ok(results !== null, `docs/guide/results.json is missing. ${STALE}`);
    assert.equal(results.inputsHash, guideInputsHash(), STALE);
  });

  it('is the template rendered from those results', () => {
    assert.ok(results !== null, STALE);
    assert.equal(readFileSync(GUIDE_FILE, 'utf8'), renderGuide(readFileSync(TEMPLATE_FILE, 'utf8'), results), STALE);
  });

  it('shows only generated figures: every image exists, and the template\'s prose has no numbers', () => {
    const guide = readFileSync(GUIDE_FILE, 'utf8');
    const images = [...guide.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 8, `images: ${images.join(', ')}`);
    for (const img of images) assert.ok(existsSync(join(DOCS, img)), `${img} is missing. ${STALE}`);
    const prose = readFileSync(TEMPLATE_FILE, 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/`[^`]*`/g, '')
      .replace(/\b(L[2-7]|IPv[46])\b/g, '');
    assert.deepEqual(prose.match(/.{0,30}\d.{0,30}/g), null, 'a number typed into docs/guide.template.md');
  });

  it('refuses a template name it cannot fill, and finds plateaus', () => {
    assert.ok(results !== null, STALE);
    assert.throws(() => renderGuide('{{default.l7-proxy.throughput}} {{made.up}}', results), /unknown name \{\{made\.up\}\}/);
    assert.deepEqual(plateau([{ servers: 4, throughputRps: 10 }, { servers: 8, throughputRps: 20 }, { servers: 16, throughputRps: 21 }]), { servers: 8, flat: true });
    assert.deepEqual(plateau([{ servers: 4, throughputRps: 10 }, { servers: 8, throughputRps: 20 }]), { servers: 8, flat: false });
  });
});
