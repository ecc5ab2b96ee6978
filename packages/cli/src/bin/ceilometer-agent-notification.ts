#!/usr/bin/env node
import { agentNotificationProgram } from '../commands/agent-notification.js';
import { runProgram } from '../app/run.js';

process.exitCode = await runProgram(agentNotificationProgram());
