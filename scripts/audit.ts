// The dependency audit of `npm test`: every package in package-lock.json is checked against the
// advisories in security/advisories.json. A production package (one the extension ships) in a
// vulnerable range fails the run; a development-only one is reported. It works offline: npm's
// bulk and quick audit endpoints answer 405 where this project is built. `npx tsx scripts/audit.ts`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Advisory {
  id: string;
  package: string;
  vulnerable: string;
  severity: string;
  title: string;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
}

export interface LockedPackage {
  name: string;
  version: string;
  path: string;
  /** Shipped with the extension (not only needed to develop it). */
  production: boolean;
}

/** The packages a lockfile (v2 or v3) installs: name, version, and whether only development needs it. */
export function lockedPackages(lock: { packages?: Record<string, LockEntry> }): LockedPackage[] {
  return Object.entries(lock.packages ?? {})
    .filter(([path]) => path.includes('node_modules/'))
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version,
      path,
      production: !entry.dev && !entry.devOptional,
    }))
    .filter((p): p is LockedPackage => typeof p.version === 'string');
}

interface Version {
  parts: [number, number, number];
  pre: string | null;
}

function parseVersion(text: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(text.trim());
  if (!match) throw new Error(`Not a version: ${text}`);
  return { parts: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! < b.parts[i]! ? -1 : 1;
  if (a.pre === b.pre) return 0;
  if (a.pre === null) return 1; // a release is above its pre-releases
  if (b.pre === null) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** Whether `version` is in `range`: comparators (<, <=, >, >=, =) joined by spaces, alternatives by ||. */
export function inRange(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split('||').some((alternative) =>
    alternative.trim().split(/\s+/).every((comparator) => {
      const match = /^(<=|>=|<|>|=)?(.+)$/.exec(comparator);
      if (!match) throw new Error(`Not a comparator: ${comparator}`);
      const order = compare(v, parseVersion(match[2]!));
      const holds: Record<string, boolean> = { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0, '=': order === 0 };
      return holds[match[1] ?? '=']!;
    }),
  );
}

/** Each locked package that an advisory names in its vulnerable range. */
export function audit(lock: { packages?: Record<string, LockEntry> }, advisories: Advisory[]): (LockedPackage & { advisory: Advisory })[] {
  const findings: (LockedPackage & { advisory: Advisory })[] = [];
  for (const pkg of lockedPackages(lock)) {
    for (const advisory of advisories) {
      if (advisory.package === pkg.name && inRange(pkg.version, advisory.vulnerable)) findings.push({ ...pkg, advisory });
    }
  }
  return findings;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '..');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const { advisories } = JSON.parse(readFileSync(join(root, 'security', 'advisories.json'), 'utf8')) as { advisories: Advisory[] };
  const findings = audit(lock, advisories);
  const line = (f: (typeof findings)[number]) => `${f.name}@${f.version} (${f.path}): ${f.advisory.id}, ${f.advisory.severity}: ${f.advisory.title}; vulnerable ${f.advisory.vulnerable}`;
  for (const f of findings.filter((f) => !f.production)) console.log(`development only: ${line(f)}`);
  const shipped = findings.filter((f) => f.production);
  for (const f of shipped) console.log(`VULNERABLE, shipped: ${line(f)}`);
  const production = lockedPackages(lock).filter((p) => p.production).length;
  console.log(`${production} production packages checked against ${advisories.length} advisories: ${shipped.length} vulnerable.`);
  process.exit(shipped.length > 0 ? 1 : 0);
}
