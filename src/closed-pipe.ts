/**
 * `dealgraph … | head` and `npm start | head` close the pipe before the output ends: stop quietly with exit 0,
 * as command-line tools do, instead of dying on an unhandled EPIPE.
 */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(0);
  });
}
