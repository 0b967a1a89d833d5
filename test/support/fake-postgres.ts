// A TCP server that speaks just enough of the PostgreSQL wire protocol to ask for a password and reject it
// (SQLSTATE 28P01), so "wrong password" can be tested against a server that uses trust authentication.
import { createServer, type Socket } from 'node:net';

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function errorResponse(code: string, text: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${text}`].map((f) => Buffer.from(`${f}\0`, 'utf8'));
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

export async function startWrongPasswordServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let user = 'unknown';
    let started = false;
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        const params = buf.subarray(8, len).toString('utf8').split('\0');
        buf = buf.subarray(len);
        if (code === 80877103 || code === 80877104) {
          socket.write('N'); // no SSL / GSS
          return;
        }
        const i = params.indexOf('user');
        if (i >= 0) user = params[i + 1];
        started = true;
        const auth = Buffer.alloc(4);
        auth.writeInt32BE(3, 0); // AuthenticationCleartextPassword
        socket.write(message('R', auth));
        return;
      }
      if (buf.length < 5 || buf.length < buf.readInt32BE(1) + 1) return;
      socket.end(errorResponse('28P01', `password authentication failed for user "${user}"`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address !== 'string' ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
