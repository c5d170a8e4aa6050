import { FleetError } from '@fleettools/core';

/** `fleet hooks install` cannot chain a hook without losing one (a leftover `<hook>.fleet-chained`). */
export class HookInstallError extends FleetError {
  declare readonly code: 'HOOK_INSTALL_BLOCKED';

  constructor(path: string, reason: string) {
    super(
      'HOOK_INSTALL_BLOCKED',
      `Cannot install the fleet hook at ${path}: ${reason}. Nothing was changed.`,
      {
        path,
        reason,
      },
    );
    this.withHint({ action: `move or delete the file named above, then run fleet hooks install again` });
  }
}
