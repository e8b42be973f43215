import { spawn } from 'node:child_process';
import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { PerfError } from '../../src/core/errors.js';
import { noteInput, writeAtomic, writeFiles, writeTextChunks, writeTextFile } from '../../src/io/output.js';
import { writeWorkbook } from '../../src/io/workbook.js';
import { csvField, neutralise, toCsv } from '../../src/io/csv-out.js';
import { BIN, fixture, perfInProcess } from '../cli/helpers.js';
import { AS_OF, COMMANDS, available, type CommandCase } from './commands.js';
import { expectClean, fingerprint, folders, listing, temporaries } from './harness.js';

const folder = folders('perf-outputs-');

const SHIM = join(import.meta.dirname, 'write-shim.cjs');
const forecast = COMMANDS.find((c) => c.name === 'forecast')!;

async function fails(f: () => Promise<unknown>, en: RegExp): Promise<void> {
  const e = await f().then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PerfError);
  expect((e as PerfError).code).toBe(2);
  expect((e as PerfError).text.en).toMatch(en);
}

describe('writeAtomic (in process)', () => {
  it('a thrown error half-way leaves neither the output nor a temporary', async () => {
    const d = folder();
    await fails(
      () =>
        writeAtomic(join(d, 'out.xlsx'), (t) => {
          writeFileSync(t, 'half a workbook');
          throw new Error('disk on fire');
        }),
      /cannot write .*out\.xlsx: disk on fire/,
    );
    expect(listing(d)).toEqual([]);
  });

  it('a text written piece by piece is whole, and a piece that fails half-way leaves nothing', async () => {
    const d = folder();
    await writeTextChunks(join(d, 'doc.json'), ['{', '\n  "a": 1', '\n}', '\n']);
    expect(readFileSync(join(d, 'doc.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
    function* broken() {
      yield '{ "misses": [';
      throw new Error('spool unreadable');
    }
    await fails(() => writeTextChunks(join(d, 'half.json'), broken()), /cannot write .*half\.json: spool unreadable/);
    expect(listing(d)).toEqual(['doc.json']);
  });

  it('replaces an existing file only with force, and keeps it intact otherwise', async () => {
    const d = folder();
    const out = join(d, 'out.txt');
    writeFileSync(out, 'precious');
    await fails(() => writeTextFile(out, 'new'), /out\.txt already exists; add --force to replace it/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    await writeTextFile(out, 'new', { force: true });
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(listing(d)).toEqual(['out.txt']);
  });

  it('never replaces a file that appeared while the output was being produced (no --force)', async () => {
    const d = folder();
    const out = join(d, 'out.txt');
    await fails(
      () =>
        writeAtomic(out, (t) => {
          writeFileSync(out, 'written by someone else meanwhile');
          writeFileSync(t, 'ours');
        }),
      /already exists; add --force/,
    );
    expect(readFileSync(out, 'utf8')).toBe('written by someone else meanwhile');
    expect(listing(d)).toEqual(['out.txt']);
  });

  it('refuses an input reached through another name: the same path, a symlink, a hard link', async () => {
    const d = folder();
    const input = join(d, 'deals.csv');
    writeFileSync(input, 'Owner,Stage\n');
    symlinkSync(input, join(d, 'alias.csv'));
    linkSync(input, join(d, 'hard.csv'));
    for (const out of [input, join(d, '.', 'deals.csv'), join(d, 'alias.csv'), join(d, 'hard.csv')])
      await fails(() => writeTextFile(out, 'x', { force: true, inputs: [input] }), /refusing to write .*: it is one of the input files/);
    expect(readFileSync(input, 'utf8')).toBe('Owner,Stage\n');
  });

  it('a 245-byte output name works: the temporary name is short', async () => {
    const d = folder();
    const name = `${'r'.repeat(240)}.xlsx`;
    expect(Buffer.byteLength(name)).toBe(245);
    await writeTextFile(join(d, name), 'ok');
    expect(listing(d)).toEqual([name]);
  });

  it('a file the run has read is never an output, even with --force', async () => {
    const d = folder();
    const config = join(d, 'perf.config.json');
    writeFileSync(config, '{}');
    noteInput(config);
    await fails(() => writeTextFile(config, 'x', { force: true }), /refusing to write .*perf\.config\.json: it is one of the input files/);
    await fails(async () => writeFiles(d, [{ name: 'perf.config.json', data: 'x' }], { force: true }), /perf\.config\.json: it is one of the input files/);
    expect(readFileSync(config, 'utf8')).toBe('{}');
  });

  it('stores CRM text that looks like a formula as a plain string in XLSX (read back with SheetJS)', async () => {
    const d = folder();
    const out = join(d, 'f.xlsx');
    const evil = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '=1+1', '\t=cmd'];
    await writeWorkbook(out, [{ name: 'S', columns: [{ key: 'v', header: 'v' }, { key: 'n', header: 'n', format: 'int' }], rows: evil.map((v, i) => ({ v, n: 1 - i })) }], Date.UTC(2026, 10, 27));
    const ws = XLSX.read(readFileSync(out)).Sheets.S;
    evil.forEach((v, i) => {
      const cell = ws[`A${i + 2}`];
      expect(cell).toMatchObject({ t: 's', v });
      expect(cell.f).toBeUndefined();
      expect(ws[`B${i + 2}`]).toMatchObject({ t: 'n', v: 1 - i });
    });
  });
});

describe('writeFiles: a folder of outputs is written all or nothing (in process)', () => {
  const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}.ics`, data: `file ${i}` }));

  it('writes every file, and nothing else stays behind', () => {
    const d = folder();
    expect(writeFiles(d, files(3))).toEqual([0, 1, 2].map((i) => join(d, `f${i}.ics`)));
    expect(listing(d)).toEqual(['f0.ics', 'f1.ics', 'f2.ics']);
    expect(readFileSync(join(d, 'f2.ics'), 'utf8')).toBe('file 2');
  });

  it('one existing target (no --force) stops the run before any file is written', async () => {
    const d = folder();
    writeFileSync(join(d, 'f39.ics'), 'keep');
    await fails(async () => writeFiles(d, files(40)), /f39\.ics already exists; add --force to replace it/);
    expect(listing(d)).toEqual(['f39.ics']);
    expect(readFileSync(join(d, 'f39.ics'), 'utf8')).toBe('keep');
  });

  it('a failure half-way leaves no new file, no temporary, and removes the folder it created', async () => {
    const d = join(folder(), 'new', 'cal');
    const bad = [...files(12), { name: 'f12.ics', data: 12 as unknown as string }, ...files(40).slice(13)];
    await fails(async () => writeFiles(d, bad), /cannot write into .*cal: /);
    expect(existsSync(join(d, '..'))).toBe(false);
  });

  it('a failure while moving into place removes the files already moved and keeps the old ones', async () => {
    const d = folder();
    const out = join(d, 'cal');
    // `sub/` does not exist yet, so the check passes and the move of the second file fails.
    await fails(async () => writeFiles(out, [{ name: 'a.ics', data: 'a' }, { name: join('sub', 'b.ics'), data: 'b' }]), /cannot write into .*cal: ENOENT/);
    expect(listing(d)).toEqual([]);
  });

  it('--force replaces every file; an input among the targets refuses them all', async () => {
    const d = folder();
    writeFileSync(join(d, 'f0.ics'), 'old');
    writeFileSync(join(d, 'roster.csv'), 'Rep\n');
    await fails(async () => writeFiles(d, [...files(2), { name: 'roster.csv', data: 'x' }], { force: true, inputs: [join(d, 'roster.csv')] }), /roster\.csv: it is one of the input files/);
    expect(readFileSync(join(d, 'f0.ics'), 'utf8')).toBe('old');
    writeFiles(d, files(2), { force: true });
    expect(readFileSync(join(d, 'f0.ics'), 'utf8')).toBe('file 0');
    expect(listing(d)).toEqual(['f0.ics', 'f1.ics', 'roster.csv']);
  });
});

describe('CSV outputs neutralise formula injection (OWASP)', () => {
  it('prefixes text starting with = + - @ tab or CR with an apostrophe, and nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['', 'Zhang Wei', ' =1', "'=1", '１', '张伟']) expect(neutralise(s)).toBe(s);
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.5')).toBe("'-12.5");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(Date.UTC(2026, 2, 31), 'date')).toBe('2026-03-31');
    expect(csvField(Date.UTC(2026, 2, 31, 14, 5), 'datetime')).toBe('2026-03-31 14:05');
  });

  it('a whole table read back by SheetJS shows the text, never a formula', () => {
    const rows = [{ rep: '=HYPERLINK("http://evil.example","click")', n: -3 }, { rep: '@SUM(1,2)', n: 4 }, { rep: '\r=1', n: 0 }];
    const text = toCsv([{ key: 'rep', header: 'Rep' }, { key: 'n', header: 'N' }], rows);
    expect(text.startsWith('\uFEFFRep,N\r\n')).toBe(true);
    const ws = XLSX.read(text.slice(1), { type: 'string' }).Sheets.Sheet1;
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!'));
    for (const [, c] of cells) expect((c as XLSX.CellObject).f).toBeUndefined();
    expect(ws.A2.v).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(ws.B2).toMatchObject({ t: 'n', v: -3 });
    expect(ws.A3.v).toBe("'@SUM(1,2)");
  });
});

/** Spawns the CLI; resolves with its exit code (or signal) once it ends. `onStderr` sees stderr as it arrives. */
function spawnPerf(args: string[], cwd: string, env: Record<string, string>, onStderr: (text: string, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1', PERF_CONFIG: '', ...env } });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr(stderr, (s) => child.kill(s));
    });
    child.on('close', (code, signal) => done({ code, signal, stderr }));
  });
}

describe.skipIf(!available(forecast))('an interrupted or failing run leaves no partial output and no temporaries', () => {
  const args = (out: string) => ['--as-of', AS_OF, ...forecast.args(fixture('deals.csv'), ''), '-o', out];

  // SIGTERM is the --force case below: one run shows both the exit code and the old file kept.
  for (const [signal, code] of [['SIGINT', 130], ['SIGHUP', 129]] as const) {
    it(`${signal} while the workbook is being written: exit ${code}, nothing left`, async () => {
      const d = folder();
      const out = join(d, 'targets.xlsx');
      let sent = false;
      const r = await spawnPerf(args(out), d, { NODE_OPTIONS: `--require ${SHIM}`, PERF_SHIM_DELAY_MS: '200' }, (text, kill) => {
        if (!sent && text.includes('[shim] writing')) {
          sent = true;
          // The temporary exists now, half-written, in the target folder.
          expect(temporaries(d)).toHaveLength(1);
          kill(signal);
        }
      });
      expect(sent, r.stderr).toBe(true);
      expect(r.code).toBe(code);
      expect(listing(d)).toEqual([]);
    });
  }

  it('a write that fails half-way (disk full): exit 2 with the reason, nothing left', async () => {
    const d = folder();
    const out = join(d, 'targets.xlsx');
    const r = await spawnPerf(args(out), d, { NODE_OPTIONS: `--require ${SHIM}`, PERF_SHIM_FAIL: '1' }, () => {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/perf: cannot write .*targets\.xlsx: ENOSPC: no space left on device/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(listing(d)).toEqual([]);
  });

  it('SIGTERM while a --force run replaces the workbook: exit 143, the existing output unchanged, nothing else left', async () => {
    const d = folder();
    const out = join(d, 'targets.xlsx');
    writeFileSync(out, 'last week');
    let sent = false;
    const r = await spawnPerf([...args(out), '--force'], d, { NODE_OPTIONS: `--require ${SHIM}`, PERF_SHIM_DELAY_MS: '200' }, (text, kill) => {
      if (!sent && text.includes('[shim] writing')) {
        sent = true;
        expect(temporaries(d)).toHaveLength(1);
        kill('SIGTERM');
      }
    });
    expect(sent, r.stderr).toBe(true);
    expect(r.code).toBe(143);
    expect(readFileSync(out, 'utf8')).toBe('last week');
    expect(listing(d)).toEqual(['targets.xlsx']);
  });
});

describe('output paths, for every command that writes a file', () => {
  const cases = COMMANDS.filter((c) => c.out);

  describe.concurrent.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c: CommandCase) => {
    it.skipIf(!available(c))('refuses a missing folder, the input itself, and an existing file without --force — in en and zh, before any work', async () => {
      const d = folder();
      const input = join(d, c.primary === 'activities' ? 'activity.xlsx' : 'deals.csv');
      writeFileSync(input, readFileSync(c.primary === 'activities' ? fixture('activity.xlsx') : fixture('deals.csv')));
      const existing = join(d, `old.${c.out}`);
      writeFileSync(existing, 'keep me');
      const before = fingerprint(input);
      const base = (lang: string) => ['--lang', lang, '--as-of', AS_OF, ...c.args(input, d)];
      const tries: [string, RegExp, RegExp][] = [
        [join(d, 'missing', `out.${c.out}`), /cannot write .*out\.\w+: folder .*missing does not exist/, /无法写入 .*out\.\w+：目录 .*missing 不存在/],
        [input, /refusing to write .*: it is one of the input files/, /拒绝写入 .*：它是输入文件之一/],
        [existing, /old\.\w+ already exists; add --force to replace it/, /old\.\w+ 已存在；如需覆盖请加 --force/],
      ];
      const runs = await Promise.all(
        tries.flatMap(([out, en, zh]) => [
          perfInProcess([...base('en'), '-o', out, ...(out === input ? ['--force'] : [])], { cwd: d }).then((r) => ({ r, re: en })),
          perfInProcess([...base('zh'), '-o', out, ...(out === input ? ['--force'] : [])], { cwd: d }).then((r) => ({ r, re: zh })),
        ]),
      );
      for (const { r, re } of runs) {
        expectClean(r, c.label);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(re);
      }
      expect(fingerprint(input)).toBe(before);
      expect(readFileSync(existing, 'utf8')).toBe('keep me');
      expect(existsSync(join(d, 'missing'))).toBe(false);
      expect(temporaries(d)).toEqual([]);
    });
  });
});

/** Copies of the fixtures where reps are named like formulas, consistently across files. */
const POISON: Record<string, string> = { 'Wang Fang': '=SUM(1+1)*Wang', 'Li Na': '@Li Na', 'Zhang Wei': '+Zhang Wei', 'Chen Jie': '-Chen Jie' };
function poisoned(d: string, name: string): string {
  let text = readFileSync(fixture(name), 'utf8');
  for (const [from, to] of Object.entries(POISON)) text = text.replaceAll(from, to);
  const p = join(d, name);
  writeFileSync(p, text);
  return p;
}

describe('CRM text that looks like a formula, through the CLI', () => {
  const alerts = COMMANDS.find((c) => c.name === 'alerts')!;

  it.skipIf(!available(forecast))('stays a plain string in the workbook', async () => {
    const d = folder();
    const out = join(d, 'targets.xlsx');
    const r = await perfInProcess(['--as-of', AS_OF, 'forecast', poisoned(d, 'deals.csv'), '--team', poisoned(d, 'teams.csv'), '-o', out], { cwd: d });
    expectClean(r);
    expect(r.code).toBe(0);
    const cells = Object.values(XLSX.read(readFileSync(out)).Sheets).flatMap((ws) => Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([, c]) => c as XLSX.CellObject));
    for (const c of cells) expect(c.f, `formula in ${JSON.stringify(c)}`).toBeUndefined();
    for (const name of Object.values(POISON)) expect(cells.some((c) => c.t === 's' && c.v === name), name).toBe(true);
  });

  it.skipIf(!available(alerts))('is neutralised in the CSV perf alerts writes', async () => {
    const d = folder();
    const out = join(d, 'alerts.csv');
    const args = ['alerts', poisoned(d, 'deals.csv'), '--activity', poisoned(d, 'activity.csv'), '--leads', poisoned(d, 'leads.csv'), '--team', poisoned(d, 'teams.csv'), '--state', join(d, 'state.db'), '--dry-run', '-o', out];
    const r = await perfInProcess(['--as-of', AS_OF, ...args], { cwd: d });
    expectClean(r);
    expect(alerts.ok).toContain(r.code);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/'=SUM\(1\+1\)\*Wang/);
    const ws = XLSX.read(text.replace(/^\uFEFF/, ''), { type: 'string' }).Sheets.Sheet1;
    for (const [k, c] of Object.entries(ws)) {
      if (k.startsWith('!')) continue;
      const cell = c as XLSX.CellObject;
      expect(cell.f, `formula in ${k}`).toBeUndefined();
      if (cell.t === 's') expect(String(cell.v), k).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
