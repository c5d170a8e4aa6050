import { FleetError } from '@fleettools/core';

/** One problem of a tool call's arguments: where (a dotted path) and what. */
export interface ArgumentIssue {
  readonly path: string;
  readonly message: string;
}

/** A tool was called with arguments its input schema refuses; nothing was written. */
export class ToolInputError extends FleetError {
  declare readonly code: 'TOOL_INPUT_INVALID';

  constructor(tool: string, issues: readonly ArgumentIssue[]) {
    super(
      'TOOL_INPUT_INVALID',
      `Invalid arguments for tool '${tool}': ${issues.map((i) => `${i.path || '(arguments)'}: ${i.message}`).join('; ')}.`,
      { tool, issues: issues.map((i) => ({ ...i })) },
    );
    this.withHint({ action: `fix the arguments and call '${tool}' again (tools/list has its input schema)` });
  }
}

/** A tool name this server does not offer (in its profile). */
export class UnknownToolError extends FleetError {
  declare readonly code: 'TOOL_UNKNOWN';

  constructor(tool: string, offered: readonly string[]) {
    super('TOOL_UNKNOWN', `No tool '${tool}' on this server.`, { tool, offered: [...offered] });
    this.withHint({
      action: `call one of ${offered.join(', ')} (start the server with --tools all for every tool)`,
    });
  }
}

/** A tool that acts as a pilot was called before the session registered one. */
export class NotRegisteredError extends FleetError {
  declare readonly code: 'NOT_REGISTERED';

  constructor(tool: string) {
    super('NOT_REGISTERED', `Tool '${tool}' acts as a pilot, and this session has none yet.`, { tool });
    this.withHint({
      action: 'call register { callsign } first (or start the server with FLEET_CALLSIGN set)',
    });
  }
}
