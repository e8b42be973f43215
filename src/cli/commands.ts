import type { Command } from 'commander';
import { registerAccuracy } from './accuracy/command.js';
import { registerAlerts } from './alerts/command.js';
import { registerAudit } from './audit/command.js';
import { registerEvaluate } from './evaluate/command.js';
import { registerChanges } from './changes/command.js';
import { registerCalibrate } from './calibrate/command.js';
import { registerDashboard } from './dashboard/command.js';
import { registerBacktest } from './backtest/command.js';
import { registerForecast } from './forecast/command.js';
import { registerTarget } from './target/command.js';
import { registerInit } from './init/command.js';
import { registerInspect } from './inspect/command.js';
import { registerScore } from './score/command.js';

/** Every subcommand, in the order `perf --help` lists them. */
export function registerCommands(program: Command): void {
  registerInspect(program);
  registerInit(program);
  registerForecast(program);
  registerTarget(program);
  registerBacktest(program);
  registerScore(program);
  registerChanges(program);
  registerAccuracy(program);
  registerAudit(program);
  registerEvaluate(program);
  registerAlerts(program);
  registerCalibrate(program);
  registerDashboard(program);
}
