#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { configGeneratorProgram } from '../commands/config-generator.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-config-generator');
process.exitCode = await runProgram(configGeneratorProgram());
