/**
 * `npx tsx bench/profile.ts <kind> <depth> [rate]`: one bench client (floor | client | data | ccxt)
 * against the local venue at a live rate (default 25,000 frames/s), run with `--cpu-prof`; the
 * profiles land in `./profiles`. Two runs of 40,000 frames: the second is the warm one to read.
 */
import { fork, type ChildProcess } from 'node:child_process';

const kind = process.argv[2] ?? 'data';
const depth = Number(process.argv[3] ?? 10);
const rate = Number(process.argv[4] ?? 25_000);
const FRAMES = 40_000;

const start = (file: string, args: string[], extra: string[] = []): ChildProcess =>
  fork(new URL(file, import.meta.url).pathname, args, {
    execArgv: ['--import', 'tsx', ...extra],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
const reply = <T>(child: ChildProcess, message?: object): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    if (message !== undefined) child.send(message);
  });

const server = start('./socket-server.ts', []);
const { port } = await reply<{ port: number }>(server);
const client = start('./socket-client.ts', [kind], ['--cpu-prof', '--cpu-prof-dir=profiles']);
await reply(client);
for (let i = 0; i < 2; i++) {
  await reply(server, { depth, frames: FRAMES, rate });
  const r = await reply<{ cpuUs: number }>(client, { port, depth });
  process.stdout.write(`${kind} depth ${depth} rate ${rate}: ${((r.cpuUs * 1000) / FRAMES).toFixed(0)} CPU ns/frame\n`);
}
client.disconnect();
server.disconnect();
