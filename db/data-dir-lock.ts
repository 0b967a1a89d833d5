// PGlite data-directory lock: two processes opening one data dir corrupt it.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseConnectionError } from './database.ts';

const heldLocks = new Set<string>();
function releaseAllLocks() {
  for (const file of heldLocks) {
    try {
      rmSync(file, { force: true });
    } catch {
      // best effort at exit
    }
  }
  heldLocks.clear();
}
let exitHookInstalled = false;

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // On Linux, a recycled pid that now belongs to something other than Node is not our lock's owner.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline === '' || /node|tsx|vitest/i.test(cmdline);
  } catch {
    return true;
  }
}

/** Takes `<dataDir>.lock` (holding our pid); a lock left by a dead process is taken over. */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldLocks.add(lockFile);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', releaseAllLocks);
      }
      return () => {
        if (heldLocks.delete(lockFile)) rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
      } catch {
        // vanished or unreadable: retry
      }
      if (pidAlive(pid)) {
        throw new DatabaseConnectionError(
          `embedded database ${dataDir} is already in use by process ${pid} (lock file ${lockFile}); ` +
            'stop that process, or point DATABASE_URL at a PostgreSQL server to share one database',
        );
      }
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseConnectionError(`could not take the lock ${lockFile} for embedded database ${dataDir}`);
}
