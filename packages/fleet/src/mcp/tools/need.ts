import { ToolInputError } from '../errors.js';

/**
 * The value of an argument the chosen action requires.
 *
 * @throws {ToolInputError} it is missing (nothing was written).
 */
export function need<T>(tool: string, action: string, name: string, value: T | undefined): T {
  if (value === undefined)
    throw new ToolInputError(tool, [{ path: name, message: `required by action '${action}'` }]);
  return value;
}
