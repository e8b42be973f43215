import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { EXIT, PerfError } from '../../core/errors.js';
import { bi } from '../../core/i18n.js';
import { ConfigSchema, defaultConfig } from '../../schema/config/index.js';
import { releaseInput, writeTextFile } from '../../io/output.js';
import { action, examples } from '../common.js';

const SCHEMA_FILE = 'perf.config.schema.json';

export const configJsonSchema = () => JSON.stringify(z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }), null, 2) + '\n';

interface InitFlags {
  force?: boolean;
  printSchema?: boolean;
  dir?: string;
}

export function registerInit(program: Command): void {
  const cmd = program
    .command('init')
    .description(`write perf.config.json with every default of the method, and ${SCHEMA_FILE} so editors complete and check it`)
    .option('--dir <folder>', 'where to write the files', '.')
    .option('--force', 'replace existing files')
    .option('--print-schema', 'print the JSON Schema of the config to stdout and write nothing');
  examples(cmd, ['sales-perf init', 'sales-perf init --dir ops/perf --force', 'sales-perf init --print-schema > perf.config.schema.json']);
  action<InitFlags>(cmd, async (ctx, _args, flags) => {
    if (flags.printSchema) {
      process.stdout.write(configJsonSchema());
      return;
    }
    const configPath = resolve(flags.dir ?? '.', 'perf.config.json');
    const schemaPath = resolve(flags.dir ?? '.', SCHEMA_FILE);
    if (existsSync(configPath) && !flags.force)
      throw new PerfError(EXIT.usage, bi(`${configPath} already exists; add --force to replace it`, `${configPath} 已存在；如需覆盖请加 --force`));
    // The user named the folder: make it (as `perf init --dir ops/perf` in the help promises).
    mkdirSync(resolve(flags.dir ?? '.'), { recursive: true });
    const config = { $schema: `./${SCHEMA_FILE}`, ...defaultConfig() };
    releaseInput(configPath);
    await writeTextFile(schemaPath, configJsonSchema(), { force: true });
    await writeTextFile(configPath, JSON.stringify(config, null, 2) + '\n', { force: flags.force });
    ctx.print(ctx.t(bi(`wrote ${configPath} and ${schemaPath}`, `已写入 ${configPath} 和 ${schemaPath}`)));
  });
}
