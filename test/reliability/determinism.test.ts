import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { perfAsync, perfInProcess, TIME_ZONES } from '../cli/helpers.js';
import { AS_OF, COMMANDS, available, primaryFixture, type CommandCase } from './commands.js';
import { expectClean, folders } from './harness.js';
import { workbookContent, workbookAgreesWithJson } from './workbooks.js';

const folder = folders('perf-determinism-');

/** One JSON document, or JSON lines (perf alerts) as an array. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.trim().split('\n').map((l) => JSON.parse(l));
  }
}

/** Private folders differ between runs; everything else in the output must not. */
const normalise = (text: string, dir: string): string => text.replaceAll(dir, '<DIR>');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  dir: string;
  out?: string;
}

/**
 * Runs in this process with the machine zone set per run (Node re-reads TZ when it changes): the matrix
 * costs no Node start-ups. `spawned` runs a fresh process instead, where nothing can have been cached
 * under another zone.
 */
async function once(c: CommandCase, tz: string, json: boolean, spawned = false): Promise<Outcome> {
  const dir = folder();
  const out = c.out ? join(dir, `out.${c.out}`) : undefined;
  const args = ['--as-of', AS_OF, ...c.args(primaryFixture(c), dir), ...(json && c.json ? ['--json'] : []), ...(out ? ['-o', out] : [])];
  const r = await (spawned ? perfAsync : perfInProcess)(args, { env: { TZ: tz }, cwd: dir });
  expectClean(r, `${c.label} TZ=${tz}`);
  expect(c.ok ?? [0], `${c.label} TZ=${tz}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
  return { ...r, stdout: normalise(r.stdout, dir), stderr: normalise(r.stderr, dir), dir, out };
}

describe('the same input and --as-of give the same output in any machine time zone', () => {
  describe.concurrent.each(COMMANDS.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    // The two zones furthest apart (UTC+8, UTC−8/−7): a local-day slip in either direction shows between them.
    const zones = ['Asia/Shanghai', 'America/Los_Angeles'];
    it.skipIf(!available(c))(`JSON, text and ${c.out ?? 'no'} output identical under ${zones.join(', ')}`, async () => {
      const [machine, text] = await Promise.all([
        Promise.all(zones.map((tz) => once(c, tz, true))),
        Promise.all(zones.map((tz) => once(c, tz, false))),
      ]);
      const [first, other] = machine;
      expect(other.code).toBe(first.code);
      expect(other.stdout).toBe(first.stdout);
      expect(text[1].stdout).toBe(text[0].stdout);
      const json = c.json ? parseJson(first.stdout) : undefined;
      if (c.json) expect(first.stdout.length).toBeGreaterThan(0);

      if (c.out === 'xlsx') {
        const books = machine.map((o) => XLSX.read(readFileSync(o.out!), { cellDates: false, cellNF: true }));
        const contents = books.map(workbookContent);
        expect(contents[1]).toEqual(contents[0]);
        // Byte for byte too: every date in the file (the zip entries' included) comes from --as-of, not the
        // clock. Not for a command reading from its run's own folder (a state store): the banner names it.
        if (!c.args(primaryFixture(c), '/SCRATCH').some((a) => a.includes('/SCRATCH'))) {
          expect(readFileSync(machine[1].out!).equals(readFileSync(machine[0].out!))).toBe(true);
          expect(readFileSync(text[0].out!).equals(readFileSync(machine[0].out!))).toBe(true);
        }
        // created/modified come from --as-of, not from the clock.
        expect(books[0].Props?.CreatedDate?.toISOString()).toBe(`${AS_OF}T00:00:00.000Z`);
        expect(books[0].Props?.ModifiedDate?.toISOString()).toBe(`${AS_OF}T00:00:00.000Z`);
        // The text run wrote the same workbook as the JSON run.
        expect(workbookContent(XLSX.read(readFileSync(text[0].out!), { cellNF: true }))).toEqual(contents[0]);
        if (json !== undefined) workbookAgreesWithJson(books[0], json, c.derived);
      } else if (c.out) {
        const files = machine.map((o) => normalise(readFileSync(o.out!, 'utf8'), o.dir));
        expect(files[1]).toBe(files[0]);
      }
    }, 600_000);
  });
});

describe('a fresh process in a third zone gives what the in-process runs give', () => {
  // In-process runs share one process: anything cached under an earlier run's zone would hide a slip there.
  const cases = COMMANDS.filter((c) => (c.name === 'forecast' || c.name === 'alerts') && available(c));
  it.concurrent.each(cases.map((c) => [c.label, c] as const))('%s: spawned under UTC = in process under Asia/Shanghai', async (_label, c) => {
    const [fresh, inProcess] = await Promise.all([once(c, 'UTC', true, true), once(c, 'Asia/Shanghai', true)]);
    expect(fresh.code).toBe(inProcess.code);
    expect(fresh.stdout).toBe(inProcess.stdout);
  });
});

describe('a UTC timestamp near midnight lands on the local day of the configured zone, whatever the machine zone', () => {
  // 17:30 UTC on 31 March is 01:30 on 1 April in Shanghai and 10:30 on 31 March in Los Angeles.
  const csv = 'Opportunity ID,Owner,Stage,Amount,Close Date\nA1,Ann,Won,100,2026-01-15T04:00:00Z\nA2,Ann,Won,200,2026-03-31T17:30:00Z\nA3,Ann,Won,300,2026-05-10T04:00:00Z\n';
  const zones = [
    { config: 'Asia/Shanghai', day: '2026-04-01', time: '2026-04-01 01:30', month: '2026-04', other: '2026-03' },
    { config: 'America/Los_Angeles', day: '2026-03-31', time: '2026-03-31 10:30', month: '2026-03', other: '2026-04' },
  ];

  it.concurrent.each(zones)('timezone $config in the config → $day', async (z) => {
    const d = folder();
    const input = join(d, 'deals.csv');
    writeFileSync(input, csv);
    const config = join(d, 'perf.config.json');
    writeFileSync(config, JSON.stringify({ timezone: z.config }));
    const outs = await Promise.all(TIME_ZONES.map((tz) => perfInProcess(['--config', config, 'inspect', input, '--json'], { env: { TZ: tz }, cwd: d })));
    for (const r of outs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(outs[0].stdout);
      expect(JSON.parse(r.stdout).samples[1].closed_at).toBe(z.time);
    }
    const forecast = COMMANDS.find((c) => c.name === 'forecast')!;
    if (!available(forecast)) return;
    // The machine zone is the other one, to prove it is ignored.
    const machine = z.config === 'Asia/Shanghai' ? 'America/Los_Angeles' : 'Asia/Shanghai';
    const f = await perfInProcess(['--config', config, '--as-of', '2026-06-30', 'forecast', input, '--json'], { env: { TZ: machine }, cwd: d });
    expect(f.code, f.stderr).toBe(0);
    const company = JSON.parse(f.stdout).series.find((s: { level: string }) => s.level === 'company');
    expect(company.history[z.month]).toMatchObject({ count: 1, amount: 200 });
    expect(company.history[z.other]).toMatchObject({ count: 0, amount: 0 });
  });
});

describe('the machine locale does not change the order of anything', () => {
  // Chinese and Latin names: under zh_CN the machine's collation puts 李娜 before Ann, elsewhere after Åsa.
  const csv = 'Activity ID,Sales Rep,Account Name,Activity Type,Activity Date\n1,张伟,Acme,call,2026-11-02 10:00\n2,李娜,Beta,call,2026-11-03 10:00\n3,Ann,Gamma,visit,2026-11-04 10:00\n4,Åsa,Delta,call,2026-11-05 10:00\n5,王芳,Acme,call,2026-11-06 10:00\n';

  it('score --json is the same under LANG=zh_CN.UTF-8 as under en_US.UTF-8', async () => {
    const d = folder();
    writeFileSync(join(d, 'a.csv'), csv);
    const [en, zh] = await Promise.all(
      ['en_US.UTF-8', 'zh_CN.UTF-8'].map((l) => perfAsync(['--lang', 'en', '--as-of', '2026-11-27', 'score', 'a.csv', '--json'], { cwd: d, env: { LANG: l, LC_ALL: l } })),
    );
    expect(en.code).toBe(0);
    expect(zh.stdout).toBe(en.stdout);
    const reps = (JSON.parse(en.stdout) as { reps: { rep: string }[] }).reps.map((r) => r.rep);
    // English collation: Latin names (accents folded) first, then the Chinese ones.
    expect([...new Set(reps)].slice(0, 2)).toEqual(['Ann', 'Åsa']);
  });
});
