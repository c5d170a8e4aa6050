import { FleetError } from '@fleettools/core';

/** `startDashboard` was given options it cannot use (a port out of range, an empty host...); nothing started. */
export class DashboardOptionsError extends FleetError {
  declare readonly code: 'UI_OPTIONS';

  constructor(problems: readonly string[]) {
    super('UI_OPTIONS', `The dashboard's options are invalid: ${problems.join('; ')}.`, {
      problems: [...problems],
    });
    this.withHint({
      action: 'pass a port from 0 to 65535, a host name, and a token of 16 or more characters',
    });
  }
}

/** The dashboard was asked to listen beyond loopback without a token; nothing started. */
export class DashboardTokenRequiredError extends FleetError {
  declare readonly code: 'UI_TOKEN_REQUIRED';

  constructor(host: string) {
    super(
      'UI_TOKEN_REQUIRED',
      `The dashboard would listen on ${host}, beyond this machine, with no token: anyone who can reach it could read the project.`,
      { host },
    );
    this.withHint({
      action: 'pass --token with a secret of 16 or more characters, or leave --host out (loopback only)',
      command: `fleet ui --host ${host} --token "$(openssl rand -hex 16)"`,
    });
  }
}

/** The dashboard could not listen where it was asked (the port is taken, the address is not this machine's). */
export class DashboardListenError extends FleetError {
  declare readonly code: 'UI_LISTEN';

  constructor(host: string, port: number, reason: string) {
    super('UI_LISTEN', `The dashboard cannot listen on ${host}:${port}: ${reason}.`, { host, port, reason });
    this.withHint({
      action: 'choose another port with --port (0 picks a free one)',
      command: 'fleet ui --port 0',
    });
  }
}
