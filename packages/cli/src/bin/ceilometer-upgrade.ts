#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { upgradeProgram } from '../commands/upgrade.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-upgrade');
process.exitCode = await runProgram(upgradeProgram());
