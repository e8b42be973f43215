import type { Command } from 'commander';
import { registerAlerts } from './alerts.js';
import { registerAudit } from './audit.js';
import { registerEvaluate } from './evaluate.js';
import { registerCalibrate } from './calibrate.js';
import { registerDashboard } from './dashboard.js';
import { registerBacktest } from './backtest.js';
import { registerForecast } from './forecast.js';
import { registerTarget } from './target.js';
import { registerInit } from './init.js';
import { registerInspect } from './inspect.js';
import { registerScore } from './score.js';

/** Every subcommand, in the order `perf --help` lists them. */
export function registerCommands(program: Command): void {
  registerInspect(program);
  registerInit(program);
  registerForecast(program);
  registerTarget(program);
  registerBacktest(program);
  registerScore(program);
  registerAudit(program);
  registerEvaluate(program);
  registerAlerts(program);
  registerCalibrate(program);
  registerDashboard(program);
}
