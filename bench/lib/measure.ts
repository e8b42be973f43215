import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Measurement {
  label: string;
  command: string;
  wallSeconds: number;
  /** user + system CPU time: on a shared machine it swings less than wall time */
  cpuSeconds: number;
  peakRssMB: number;
  runs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Runs a command `runs` times under /usr/bin/time and keeps the medians of wall time and peak RSS:
 * these machines are shared, so single runs swing by ±20%.
 */
export function measure(label: string, argv: string[], runs = 3, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Measurement {
  if (!existsSync('/usr/bin/time')) throw new Error('benchmarks need /usr/bin/time (Debian package "time")');
  const walls: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', ...argv], { encoding: 'utf8', env, cwd, maxBuffer: 1 << 30 });
    const line = r.stderr.split('\n').find((l) => l.startsWith('__TIME__'));
    if (r.status !== 0 || !line) throw new Error(`${label} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    const [, wall, kb, user, sys] = line.split(' ');
    walls.push(Number(wall));
    cpu.push(Number(user) + Number(sys));
    rss.push(Number(kb) / 1024);
  }
  return { label, command: argv.join(' '), wallSeconds: median(walls), cpuSeconds: median(cpu), peakRssMB: median(rss), runs };
}

export const machine = () => `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

export function markdownTable(rows: Measurement[], reference: Measurement): string {
  const lines = [
    '| what | wall (median) | × reference | peak RSS |',
    '|---|---|---|---|',
    ...rows.map(
      (m) => `| ${m.label} | ${m.wallSeconds.toFixed(2)} s | ${(m.wallSeconds / reference.wallSeconds).toFixed(2)} | ${m.peakRssMB.toFixed(0)} MB |`,
    ),
  ];
  return lines.join('\n');
}
