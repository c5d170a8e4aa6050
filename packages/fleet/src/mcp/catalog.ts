import type { FleetTool, ToolProfile } from './tool.js';
import { ackTool, inboxTool, readTool, replyTool, sendTool } from './tools/messages.js';
import { registerTool, statusTool, whoamiTool } from './tools/pilots.js';
import { claimTool, readyTool, searchTool } from './tools/queue.js';
import { holdersTool, releaseTool, renewTool, reserveTool } from './tools/reservations.js';
import { checkpointTool, lockTool, missionTool, sortieTool } from './tools/work.js';

/** Every tool, in the order tools/list gives them. */
export const FLEET_TOOLS: readonly FleetTool[] = [
  registerTool,
  whoamiTool,
  sendTool,
  inboxTool,
  readTool,
  ackTool,
  reserveTool,
  renewTool,
  releaseTool,
  holdersTool,
  statusTool,
  replyTool,
  sortieTool,
  missionTool,
  checkpointTool,
  lockTool,
  readyTool,
  claimTool,
  searchTool,
];

/** The tools of a profile: `core` the protocol, `all` every tool. */
export function toolsOf(profile: ToolProfile): FleetTool[] {
  return FLEET_TOOLS.filter((tool) => profile === 'all' || tool.profile === 'core');
}
