#!/usr/bin/env node
import { pollingProgram } from '../commands/polling.js';
import { runProgram } from '../app/run.js';

process.exitCode = await runProgram(pollingProgram());
