#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { sendSampleProgram } from '../commands/send-sample.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-send-sample');
process.exitCode = await runProgram(sendSampleProgram());
