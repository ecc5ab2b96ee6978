#!/usr/bin/env node
import { installProcessGuard } from '../app/process-guard.js';
import { agentNotificationProgram } from '../commands/agent-notification.js';
import { runProgram } from '../app/run.js';

// Before anything runs: unhandled rejections are logged and counted, uncaught exceptions exit 1.
installProcessGuard('ceilometer-agent-notification');
process.exitCode = await runProgram(agentNotificationProgram());
