#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { pluginsProgram } from '../commands/plugins.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-plugins');
process.exitCode = await runProgram(pluginsProgram());
