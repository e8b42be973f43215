import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, inProcessState, perf, perfInProcess, tempDir } from './helpers.js';

// The in-process runner stands in for a spawned CLI in most suites: it must see what a spawned run sees.
describe('perfInProcess gives what a spawned run gives', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);

  it('the same stdout, stderr and exit code, for a success and a usage error', async () => {
    for (const args of [['--as-of', '2026-11-27', 'inspect', fixture('deals.csv')], ['inspect', join(tmp.dir, 'missing.csv')]]) {
      const spawned = perf(args);
      const inProcess = await perfInProcess(args);
      expect(inProcess).toEqual(spawned);
    }
  });

  it('reads stdin from `input`, resolves relative paths from `cwd`, and reads TZ from `env`', async () => {
    const sub = join(tmp.dir, 'sub');
    mkdirSync(sub);
    writeFileSync(join(sub, 'deals.csv'), 'x');
    const csv = 'rep,amount,stage,created,closed\nAnn,10,won,2026-01-05,2026-02-01\n';
    const viaStdin = await perfInProcess(['--as-of', '2026-03-01', 'inspect', '-'], { input: csv });
    expect(viaStdin).toEqual(perf(['--as-of', '2026-03-01', 'inspect', '-'], { input: csv }));
    const relative = await perfInProcess(['inspect', 'deals.csv'], { cwd: sub });
    expect(relative).toEqual(perf(['inspect', 'deals.csv'], { cwd: sub }));
    expect(process.cwd()).not.toBe(sub);
    let hour = -1;
    await inProcessState({ env: { TZ: 'Pacific/Kiritimati' } }, async () => {
      hour = new Date(Date.UTC(2026, 0, 1)).getHours();
      return 0;
    });
    expect(hour).toBe(14);
    expect(new Date(Date.UTC(2026, 0, 1)).getHours()).not.toBe(14);
  });

  it('a run does not inherit the inputs of the runs before it: a file read earlier may be written now', async () => {
    const config = join(tmp.dir, 'perf.config.json');
    writeFileSync(config, '{}');
    expect((await perfInProcess(['--config', config, 'inspect', fixture('deals.csv')])).code).toBe(0);
    const write = ['--as-of', '2026-12-07', 'calibrate', 'minutes', 'Wang Fang', '--team', fixture('teams.csv'), '-o', config, '--force'];
    const inProcess = await perfInProcess(write);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    expect(inProcess).toEqual(perf(write));
  });
});
