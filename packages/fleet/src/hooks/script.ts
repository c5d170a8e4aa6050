/** The hooks `fleet hooks install` writes, and the marker that tells them from anyone else's. */
export const HOOK_NAMES = ['pre-commit', 'pre-push'] as const;

/** A git hook the guard runs from. */
export type HookName = (typeof HOOK_NAMES)[number];

/** The line that marks a hook as written by `fleet hooks install`. */
export const HOOK_MARKER = '# fleet-guard-hook:';

/** Where an existing hook is kept while ours chains to it: beside it, `<name>.fleet-chained`. */
export function chainedName(hook: HookName): string {
  return `${hook}.fleet-chained`;
}

/**
 * The hook script: runs the hook it replaced first (with the same arguments and, for pre-push, the same
 * standard input; a shell script is sourced with `$0` still naming this hook, as husky's scripts need), stops
 * when that one fails, then runs the guard.
 */
export function hookScript(hook: HookName, command: string, warn: boolean): string {
  const guard = `${command} guard${hook === 'pre-push' ? ' --pre-push "$@"' : ''}${warn ? ' --warn' : ''}`;
  const push = hook === 'pre-push';
  return [
    '#!/bin/sh',
    `${HOOK_MARKER} written by \`fleet hooks install\`; \`fleet hooks uninstall\` removes it and restores the hook it chains.`,
    ...(push ? ['input=$(cat)'] : []),
    `chained="$(dirname "$0")/${chainedName(hook)}"`,
    'if [ -x "$chained" ]; then',
    '  case "$(head -n 1 "$chained")" in',
    `    '#!/bin/sh'* | '#!/usr/bin/env sh'*) run='sh' ;;`,
    `    '#!/bin/bash'* | '#!/usr/bin/env bash'*) run='bash' ;;`,
    "    *) run='' ;;",
    '  esac',
    ...(push
      ? [
          '  if [ -n "$run" ]; then',
          `    printf '%s\\n' "$input" | FLEET_CHAINED="$chained" "$run" -c '. "$FLEET_CHAINED"' "$0" "$@" || exit $?`,
          `  else printf '%s\\n' "$input" | "$chained" "$@" || exit $?; fi`,
        ]
      : [
          '  if [ -n "$run" ]; then',
          `    FLEET_CHAINED="$chained" "$run" -c '. "$FLEET_CHAINED"' "$0" "$@" || exit $?`,
          '  else "$chained" "$@" || exit $?; fi',
        ]),
    'fi',
    push ? `printf '%s\\n' "$input" | ${guard}` : `exec ${guard}`,
    '',
  ].join('\n');
}
