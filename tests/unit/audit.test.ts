import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit, inRange, lockedPackages, type Advisory } from '@/scripts/audit';

const WS: Advisory = { id: 'GHSA-3h5v-q93c-6h6q', package: 'ws', vulnerable: '>=7.0.0 <7.5.10 || >=8.0.0 <8.17.1', severity: 'high', title: 'DoS' };

describe('dependency audit', () => {
  it('reads version ranges as npm does for plain comparators and alternatives', () => {
    expect(inRange('8.17.0', WS.vulnerable)).toBe(true);
    expect(inRange('8.17.1', WS.vulnerable)).toBe(false);
    expect(inRange('7.5.9', WS.vulnerable)).toBe(true);
    expect(inRange('6.2.3', WS.vulnerable)).toBe(false);
    expect(inRange('5.0.0', '<=3.0.10 || =4.0.0 || =5.0.0')).toBe(true);
    expect(inRange('3.0.11', '<=3.0.10 || =4.0.0 || =5.0.0')).toBe(false);
    // A pre-release sorts below its release.
    expect(inRange('8.17.1-beta.1', '<8.17.1')).toBe(true);
  });

  it('fails on a vulnerable package the extension ships, however deep, and only reports development ones', () => {
    const lock = {
      packages: {
        '': { version: '0.1.0' },
        'node_modules/viem': { version: '2.57.20' },
        'node_modules/viem/node_modules/ws': { version: '8.16.0' },
        'node_modules/web-ext/node_modules/ws': { version: '7.5.0', dev: true },
        'node_modules/ws': { version: '8.23.0' },
      },
    };
    const findings = audit(lock, [WS]);
    expect(findings.map((f) => [f.path, f.production])).toEqual([
      ['node_modules/viem/node_modules/ws', true],
      ['node_modules/web-ext/node_modules/ws', false],
    ]);
  });

  it('finds nothing shipped in this lockfile that the committed advisories name', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    const { advisories } = JSON.parse(readFileSync('security/advisories.json', 'utf8')) as { advisories: Advisory[] };
    expect(lockedPackages(lock).filter((p) => p.production).map((p) => p.name)).toContain('viem');
    expect(audit(lock, advisories).filter((f) => f.production)).toEqual([]);
  });
});
