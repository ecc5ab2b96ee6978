import { CeilometerError } from '@ceilometer-ts/sdk';

/** Two packages declare the same `[group] name` differently (oslo.config's DuplicateOptError). */
export class OptionConflictError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFIG_OPTION_CONFLICT' as const;
  constructor(readonly group: string, readonly optionName: string, readonly owners: readonly string[], reason: string) {
    super(`[${group}] ${optionName} is declared by ${owners.join(' and ')} with different ${reason}`);
  }
}

/** Code asked for an option nobody declared (oslo.config's NoSuchOptError). */
export class NoSuchOptionError extends CeilometerError {
  readonly code = 'CEILO_ERR_CONFIG_NO_SUCH_OPTION' as const;
  constructor(readonly group: string, readonly optionName: string) {
    super(`no such option ${optionName} in group [${group}]; declare it in an OptionList before reading it`);
  }
}
