import { createRequire } from 'node:module';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { FleetError } from '@fleettools/core';
import { z } from 'zod';

import type { Fleet } from '../fleet.js';
import { toolsOf } from './catalog.js';
import { ToolInputError, UnknownToolError } from './errors.js';
import { runKeyed } from './idempotency.js';
import { registerResources } from './resources.js';
import { McpSession } from './session.js';
import type { FleetTool, ToolContext, ToolProfile } from './tool.js';
import { SubscriptionWatcher } from './watch.js';

/** What an agent is told when it connects: the protocol in a few lines. */
export const FLEET_INSTRUCTIONS = [
  'FleetTools coordinates the agents (pilots) working on one repository.',
  '1. register {callsign} once; this session then acts as that pilot.',
  '2. reserve {paths} before editing files; if refused, the error names the holder and expiry: wait, or send them a message.',
  '3. release {} after committing (ending the session releases too).',
  '4. check inbox often; ack messages that ask for it.',
  'Mutating tools take idempotency_key: retry with the same key and nothing happens twice.',
].join('\n');

/** The package's version, told to clients. */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Options of {@link createFleetMcpServer}. */
export interface FleetMcpOptions {
  /** Which tools tools/list offers (default `core`). */
  readonly profile?: ToolProfile;
}

/** A tool's schema as JSON Schema, as tools/list gives it. */
function jsonSchema(schema: z.ZodObject, io: 'input' | 'output'): Tool['inputSchema'] {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  delete json.$schema; // the protocol's default dialect; fewer bytes in tools/list
  // An object schema's JSON Schema is an object schema: `type` is 'object', as the protocol requires.
  return json as Tool['inputSchema'];
}

/** A tool as tools/list gives it. */
function describe(tool: FleetTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(tool.output, 'output'),
    annotations: tool.hints,
  };
}

/** A failure as a tool result: `isError`, and the FleetError (code, message, details, hint) as JSON text. */
export function errorResult(error: unknown): CallToolResult {
  const json =
    error instanceof FleetError
      ? error.toJSON()
      : {
          name: 'Error',
          code: 'UNEXPECTED',
          message: error instanceof Error ? error.message : String(error),
        };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: json }) }] };
}

/** Validates a call's arguments. @throws {ToolInputError} with every issue. */
function parseArguments(tool: FleetTool, args: unknown): Record<string, unknown> {
  const parsed = tool.input.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  throw new ToolInputError(
    tool.name,
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/**
 * An MCP server (the official SDK) whose tools act as the session's pilot in `fleet`. Connect it to
 * a transport; call `session.end()` when the session ends.
 */
export function createFleetMcpServer(
  fleet: Fleet,
  options: FleetMcpOptions = {},
): { readonly server: McpServer; readonly session: McpSession } {
  const session = new McpSession(fleet);
  const tools = toolsOf(options.profile ?? 'core');
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const mcp = new McpServer(
    { name: 'fleettools', version: VERSION },
    { capabilities: { tools: {}, resources: { subscribe: true } }, instructions: FLEET_INSTRUCTIONS },
  );
  registerResources(mcp, fleet, session);
  const watcher = new SubscriptionWatcher(
    fleet,
    () => session.pilot?.callsign,
    (uri) => mcp.server.sendResourceUpdated({ uri }),
    (error) => {
      // Standard error is the log of a stdio server; the watcher tries again on its next tick.
      process.stderr.write(`fleet mcp: reading the log for subscriptions failed: ${String(error)}\n`);
    },
  );
  mcp.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    await watcher.subscribe(request.params.uri);
    return {};
  });
  mcp.server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    watcher.unsubscribe(request.params.uri);
    return {};
  });
  mcp.server.onclose = () => {
    watcher.stop();
  };
  // The tools are served by these two handlers (not McpServer.registerTool) so that validation, errors and
  // idempotency have one path: Zod issues and refusals become isError results carrying the FleetError's code.
  const server = mcp.server;
  const listed = tools.map(describe); // the JSON Schemas are made once per server
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name } = request.params;
    try {
      const tool = byName.get(name);
      if (tool === undefined) throw new UnknownToolError(name, [...byName.keys()]);
      const args = parseArguments(tool, request.params.arguments);
      const ctx: ToolContext = { session, fleet, pilot: () => session.requirePilot(name) };
      const key = typeof args['idempotency_key'] === 'string' ? args['idempotency_key'] : undefined;
      const { result, replayed } = await runKeyed(name, key, () => tool.run(ctx, args));
      const structured = tool.output.parse(tool.mutating ? { ...result, replayed } : result);
      return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
    } catch (error) {
      return errorResult(error);
    }
  });
  return { server: mcp, session };
}
