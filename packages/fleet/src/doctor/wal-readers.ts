import { existsSync, readFileSync, statSync } from 'node:fs';

/** A process holding a read transaction open on a database's WAL. */
export interface WalReader {
  readonly pid: number;
  /** Its command line (`/proc/<pid>/cmdline`), or `''` when it cannot be read. */
  readonly command: string;
}

/**
 * SQLite's read-mark locks in the `-shm` file: bytes 123–127 (`WAL_READ_LOCK(0..4)`). A connection holds a
 * shared lock on one of them for as long as its read transaction lasts; an idle connection holds none (only the
 * byte after them, 128).
 */
const READ_MARK_FIRST = 123;
const READ_MARK_LAST = 127;

/** One line of `/proc/locks`: `1: POSIX  ADVISORY  READ 21759 fe:00:2171341 124 124`. */
const LOCK_LINE =
  /^\d+: POSIX\s+ADVISORY\s+(?:READ|WRITE)\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s+(\d+)\s+(\d+|EOF)$/;

/**
 * The processes other than this one that hold a read transaction on the database file `dbFile` now, found by
 * their read-mark locks on `<dbFile>-shm` in `/proc/locks` (Linux). An empty list where `/proc/locks` does not
 * exist, or when there is no `-shm` file (no connection is open).
 */
export function walReaders(dbFile: string): WalReader[] {
  const shm = `${dbFile}-shm`;
  if (!existsSync('/proc/locks') || !existsSync(shm)) return [];
  const inode = String(statSync(shm).ino);
  const pids = new Set<number>();
  for (const line of readFileSync('/proc/locks', 'utf8').split('\n')) {
    const match = LOCK_LINE.exec(line.trim());
    if (match === null) continue;
    const [, pid = '', lockInode = '', start = '', end = ''] = match;
    const from = Number(start);
    const to = end === 'EOF' ? Number.POSITIVE_INFINITY : Number(end);
    if (lockInode !== inode || to < READ_MARK_FIRST || from > READ_MARK_LAST) continue;
    if (Number(pid) !== process.pid) pids.add(Number(pid));
  }
  return [...pids].map((pid) => ({ pid, command: processCommand(pid) }));
}

/** A process's command line (`/proc/<pid>/cmdline`), arguments separated by spaces; `''` when it is gone. */
export function processCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8')
      .split('\0')
      .join(' ')
      .trim();
  } catch {
    return '';
  }
}
