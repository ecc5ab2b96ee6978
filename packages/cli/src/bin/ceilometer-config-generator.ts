#!/usr/bin/env node
import { configGeneratorProgram } from '../commands/config-generator.js';
import { runProgram } from '../app/run.js';

process.exitCode = await runProgram(configGeneratorProgram());
