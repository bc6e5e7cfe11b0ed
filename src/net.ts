// Small node:net/timers helpers every layer may use: the port a listening server got, and a plain wait.
import type { Server } from 'node:net';

/** The TCP port `server` listens on (the one the OS chose, for port 0). */
export function boundPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
