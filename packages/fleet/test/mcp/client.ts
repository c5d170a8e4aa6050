import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import type { Fleet } from '../../src/fleet.js';
import { createFleetMcpServer } from '../../src/mcp/server.js';
import type { McpSession } from '../../src/mcp/session.js';
import type { ToolProfile } from '../../src/mcp/tool.js';

/** The error JSON an `isError` result carries. */
export interface ToolErrorJson {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly hint?: Record<string, unknown>;
}

/** The FleetError of an `isError` result; fails when the call succeeded. */
export function toolError(result: CallToolResult): ToolErrorJson {
  if (result.isError !== true) throw new Error(`expected isError, got ${JSON.stringify(result)}`);
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error('expected a text content');
  return (JSON.parse(first.text) as { error: ToolErrorJson }).error;
}

/** The structured content of a successful result; fails on `isError`. */
export function structured(result: CallToolResult): Record<string, unknown> {
  if (result.isError === true || result.structuredContent === undefined) {
    throw new Error(`expected a result, got ${JSON.stringify(result)}`);
  }
  return result.structuredContent;
}

/** A real SDK client connected in memory to a fleet MCP server on `fleet`. */
export async function connectInMemory(
  fleet: Fleet,
  profile: ToolProfile = 'core',
): Promise<{ readonly client: Client; readonly session: McpSession; readonly call: Call }> {
  const { server, session } = createFleetMcpServer(fleet, { profile });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, session, call: callOf(client) };
}

/** Calls a tool by name with arguments. */
export type Call = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

/** The {@link Call} of a client. */
export function callOf(client: Client): Call {
  // The SDK's callTool result is the CallToolResult union with the legacy toolResult form, which this server never sends.
  return async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
}
