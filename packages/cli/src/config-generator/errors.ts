/**
 * Errors of `ceilometer-config-generator`; each is printed as one line by `runProgram`.
 */
import { CeilometerError } from '@ceilometer-ts/sdk';

/** `--namespace` names no option namespace of the installed packages. */
export class UnknownNamespaceError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFGEN_UNKNOWN_NAMESPACE' as const;
}

/** A generator setting (flag or generator config file value) that cannot be used. */
export class GeneratorSettingError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFGEN_SETTING' as const;
}

/** The sample could not be written to `--output-file`. */
export class GeneratorOutputError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFGEN_OUTPUT' as const;
}
