import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerInspect } from './inspect.js';

/** Every subcommand, in the order `perf --help` lists them. */
export function registerCommands(program: Command): void {
  registerInspect(program);
  registerInit(program);
}
