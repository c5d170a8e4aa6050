import { appendCommand } from './append.js';
import { schemaCommand, typesCommand } from './catalog.js';
import { checkpointCommand, lockCommand } from './checkpoints.js';
import type { Command } from './context.js';
import { guardCommand } from './guard.js';
import { hooksCommand } from './hooks.js';
import { initCommand } from './init.js';
import { logCommand } from './log.js';
import { mcpCommand } from './mcp.js';
import { backupCommand, doctorCommand, replayCommand } from './maintenance.js';
import { ackCommand, inboxCommand, readCommand, replyCommand, sendCommand } from './messages.js';
import { deregisterCommand, heartbeatCommand, registerCommand, whoamiCommand } from './pilots.js';
import { holdersCommand, releaseCommand, renewCommand, reserveCommand } from './reservations.js';
import { claimCommand, readyCommand, searchCommand } from './queue.js';
import { statusCommand } from './status.js';
import { uiCommand } from './ui.js';
import { missionCommand, sortieCommand } from './work.js';

/** Every `fleet` command by name, in the order `fleet --help` lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  init: initCommand,
  register: registerCommand,
  heartbeat: heartbeatCommand,
  whoami: whoamiCommand,
  deregister: deregisterCommand,
  send: sendCommand,
  reply: replyCommand,
  inbox: inboxCommand,
  read: readCommand,
  ack: ackCommand,
  search: searchCommand,
  reserve: reserveCommand,
  renew: renewCommand,
  release: releaseCommand,
  holders: holdersCommand,
  guard: guardCommand,
  hooks: hooksCommand,
  mission: missionCommand,
  sortie: sortieCommand,
  ready: readyCommand,
  claim: claimCommand,
  checkpoint: checkpointCommand,
  lock: lockCommand,
  status: statusCommand,
  mcp: mcpCommand,
  ui: uiCommand,
  log: logCommand,
  append: appendCommand,
  types: typesCommand,
  schema: schemaCommand,
  replay: replayCommand,
  doctor: doctorCommand,
  backup: backupCommand,
};
