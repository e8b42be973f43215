import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerCalibrate } from './calibrate.js';
import { registerInit } from './init.js';
import { registerInspect } from './inspect.js';

/** Every subcommand, in the order `perf --help` lists them. */
export function registerCommands(program: Command): void {
  registerInspect(program);
  registerInit(program);
  registerAudit(program);
  registerCalibrate(program);
}
