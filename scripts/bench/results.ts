/** The bench's results: bench/results.json (metric → value, unit, budget) and bench/RESULTS.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';

export interface Budget {
  text: string;
  met(value: number): boolean;
}

export const atMost = (max: number, unit = ''): Budget => ({ text: `≤ ${max.toLocaleString('en')}${unit && ` ${unit}`}`, met: (v) => v <= max });
export const between = (min: number, max: number, unit = ''): Budget => ({ text: `${min.toLocaleString('en')}–${max.toLocaleString('en')}${unit && ` ${unit}`}`, met: (v) => v >= min && v <= max });

export interface Metric {
  value: number | null;
  unit: string;
  /** null: reported, no budget. */
  budget: string | null;
  /** false when the value breaks the budget; null when there is no budget or no value. */
  met: boolean | null;
  /** A time (ms, or a ratio of times): it moves with the machine's load. */
  timed: boolean;
  note?: string;
}

export class Results {
  readonly metrics: Record<string, Metric> = {};
  private readonly startedLoad = loadavg()[0]!;

  add(name: string, value: number | null, unit: string, budget: Budget | null, note?: string) {
    const met = budget && value !== null ? budget.met(value) : null;
    const timed = unit === 'ms' || unit === '×';
    this.metrics[name] = { value: value === null ? null : round(value), unit, budget: budget?.text ?? null, met, timed, ...(note ? { note } : {}) };
    const shown = value === null ? 'not measured' : `${round(value).toLocaleString('en')} ${unit}`;
    console.log(`  ${name.padEnd(38)} ${shown.padEnd(18)} ${budget ? `budget ${budget.text}${met === false ? '  ✗ OVER BUDGET' : ''}` : ''}${note ? `  (${note})` : ''}`);
  }

  /** The metrics over budget; without the timed ones when `timed` is false. */
  broken(timed: boolean): string[] {
    return Object.entries(this.metrics).filter(([, m]) => m.met === false && (timed || !m.timed)).map(([name]) => name);
  }

  machine(): string {
    const cpu = cpus();
    return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average ${this.startedLoad.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`;
  }

  write(jsonPath: string, markdownPath: string | null, notes: string[]) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    const date = new Date().toISOString();
    writeFileSync(jsonPath, `${JSON.stringify({ date, machine: this.machine(), metrics: this.metrics }, null, 2)}\n`);
    if (!markdownPath) return;
    const rows = Object.entries(this.metrics).map(([name, m]) => {
      const value = m.value === null ? '—' : `${m.value.toLocaleString('en')} ${m.unit}`;
      const verdict = m.met === null ? '' : m.met ? '✓' : '✗';
      return `| \`${name}\` | ${value} | ${m.budget ?? 'report'} | ${verdict} | ${m.note ?? ''} |`;
    });
    writeFileSync(
      markdownPath,
      [
        '# Bench results',
        '',
        `Measured by \`npm run bench\` on ${date.slice(0, 16).replace('T', ' ')} UTC.`,
        '',
        `Machine: ${this.machine()}.`,
        '',
        '| metric | value | budget | met | how / note |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
        ...notes.map((note) => `- ${note}`),
        '',
      ].join('\n'),
    );
  }
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
