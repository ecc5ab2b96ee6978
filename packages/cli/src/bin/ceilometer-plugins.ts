#!/usr/bin/env node
import { pluginsProgram } from '../commands/plugins.js';
import { runProgram } from '../app/run.js';

process.exitCode = await runProgram(pluginsProgram());
