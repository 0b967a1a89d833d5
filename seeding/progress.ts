// Progress display for long seeding / generation / benchmark work.

/** A one-line progress bar on a TTY (stderr), a log line per 10 % otherwise. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  const started = Date.now();
  return (phase: string, done: number, total: number) => {
    const ratio = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      stream.write(
        `\r${phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ` +
          `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')} rows/s)` +
          (done >= total ? '\n' : ''),
      );
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${phase}: ${(ratio * 100).toFixed(0)}% (${done}/${total})\n`);
      }
    }
  };
}
