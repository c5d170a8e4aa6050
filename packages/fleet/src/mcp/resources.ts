import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { getReservation, type FleetEvent } from '@fleettools/events';

import { NotFoundError } from '../errors.js';
import type { Fleet } from '../fleet.js';
import type { McpSession } from './session.js';

/** The resources a session can read and subscribe to. */
export const RESOURCE_URIS = {
  inbox: 'fleet://inbox',
  status: 'fleet://status',
  reservations: 'fleet://reservations',
} as const;

/** One resource's contents: its value as JSON. */
function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value) }] };
}

/** A template variable's value (the SDK gives one string, or several for exploded variables). */
function one(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Registers the fleet's resources and per-item templates on `mcp`. */
export function registerResources(mcp: McpServer, fleet: Fleet, session: McpSession): void {
  const mime = { mimeType: 'application/json' };
  mcp.registerResource(
    'inbox',
    RESOURCE_URIS.inbox,
    { ...mime, description: "The pilot's inbox" },
    async (uri) => json(uri.href, await session.requirePilot('fleet://inbox').messages.inbox()),
  );
  mcp.registerResource(
    'status',
    RESOURCE_URIS.status,
    { ...mime, description: 'The fleet at a glance' },
    async (uri) => json(uri.href, await fleet.status()),
  );
  mcp.registerResource(
    'reservations',
    RESOURCE_URIS.reservations,
    { ...mime, description: 'Active reservations' },
    async (uri) => json(uri.href, (await fleet.status()).reservations),
  );
  mcp.registerResource(
    'message',
    new ResourceTemplate('fleet://messages/{message_id}', { list: undefined }),
    { ...mime, description: 'One message' },
    async (uri, variables) =>
      json(
        uri.href,
        await session.requirePilot('fleet://messages').messages.get(one(variables['message_id'])),
      ),
  );
  mcp.registerResource(
    'reservation',
    new ResourceTemplate('fleet://reservations/{reservation_id}', { list: undefined }),
    { ...mime, description: 'One reservation' },
    async (uri, variables) => {
      const id = one(variables['reservation_id']);
      const found = await getReservation(fleet.db, fleet.projectKey, id);
      if (found === null) throw new NotFoundError('reservation', id, 'the project');
      return json(uri.href, found);
    },
  );
}

/** The resource URIs an event changes, for a session whose pilot is `callsign`. */
export function changedBy(event: FleetEvent, callsign: string | undefined): string[] {
  const uris: string[] = [RESOURCE_URIS.status];
  if (event.type === 'message_sent' && event.to.some((to) => to === callsign)) uris.push(RESOURCE_URIS.inbox);
  if ((event.type === 'message_read' || event.type === 'message_acked') && event.callsign === callsign) {
    uris.push(RESOURCE_URIS.inbox, `fleet://messages/${event.message_id}`);
  }
  if ('reservation_id' in event && typeof event.reservation_id === 'string') {
    uris.push(RESOURCE_URIS.reservations, `fleet://reservations/${event.reservation_id}`);
  }
  return uris;
}
