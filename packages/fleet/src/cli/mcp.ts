import { z } from 'zod';

import { TOOL_PROFILES } from '../mcp/tool.js';
import { validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';

const McpOptions = z.object({
  tools: z.enum(TOOL_PROFILES).optional(),
  http: z.boolean().optional(),
  host: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  token: z.string().min(16, 'a token of at least 16 characters').optional(),
});

/** Resolves when `signal` aborts (Ctrl-C, SIGTERM). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    signal?.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
}

/** Resolves when standard input ends (the client closed the session) or `signal` aborts. */
function sessionEnd(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    void stopped(signal).then(resolve);
  });
}

/** `fleet mcp`: serves the project's tools to an agent over MCP on standard input and output. */
export const mcpCommand: Command = {
  usage: 'fleet mcp [--tools core|all] [--as CALLSIGN] [--http [--port N] [--host H --token T]]',
  summary: 'serve MCP over stdio: the session is a pilot (for Claude Code, Codex, Cursor, OpenCode)',
  about:
    'Serves the Model Context Protocol on standard input/output for the project found from the working\n' +
    'directory. The session is one pilot: the register tool binds it (or --as / $FLEET_CALLSIGN at start);\n' +
    'it heartbeats while the session lives. When the client closes the session, its reservations are\n' +
    'released and it deregisters; a killed server leaves them to lapse by their TTL (10 minutes by default).\n' +
    'With --http: Streamable HTTP at http://127.0.0.1:PORT/mcp (each HTTP session is a pilot; Host and Origin\n' +
    'are checked); any other --host requires --token (clients send Authorization: Bearer TOKEN).',
  options: {
    tools: { type: 'string', value: 'PROFILE', help: 'core (default, the protocol) or all' },
    http: { type: 'boolean', help: 'serve Streamable HTTP instead of stdio' },
    host: { type: 'string', value: 'HOST', help: 'with --http: where to listen (default 127.0.0.1)' },
    port: {
      type: 'string',
      value: 'N',
      help: 'with --http: the port (default 0: a free port the system picks, printed)',
    },
    token: { type: 'string', value: 'T', help: 'with --http: the bearer token (required off loopback)' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(McpOptions, ctx.args.values);
    // Loaded here, not at the top: every other `fleet` command starts without the SDK.
    const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
    const { createFleetMcpServer } = await import('../mcp/server.js');
    const fleet = await ctx.fleet();
    if (o.http === true) {
      const { serveHttp } = await import('../mcp/http.js');
      const serving = await serveHttp(fleet, {
        host: o.host ?? '127.0.0.1',
        port: o.port ?? 0,
        profile: o.tools ?? 'core',
        ...(o.token === undefined ? {} : { token: o.token }),
      });
      ctx.io.stderr(`fleet mcp: serving ${serving.url}`);
      await stopped(ctx.io.signal);
      await serving.close();
      return undefined;
    }
    const { server, session } = createFleetMcpServer(fleet, { profile: o.tools ?? 'core' });
    const named = ctx.args.values['as'] ?? ctx.io.env?.['FLEET_CALLSIGN'];
    if (typeof named === 'string' && named !== '') await session.register({ callsign: ctx.callsign() });
    const ended = sessionEnd(ctx.io.signal);
    await server.connect(new StdioServerTransport());
    await ended;
    await session.end();
    await server.close();
    return undefined;
  },
};
