#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { pollingProgram } from '../commands/polling.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-polling');
process.exitCode = await runProgram(pollingProgram());
