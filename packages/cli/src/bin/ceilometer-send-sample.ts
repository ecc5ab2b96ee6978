#!/usr/bin/env node
import { sendSampleProgram } from '../commands/send-sample.js';
import { runProgram } from '../app/run.js';

process.exitCode = await runProgram(sendSampleProgram());
