import type { Socket } from "node:net";
import { monotonicMs } from "../lib/clock.js";
import type { ConnectionContext, Exchange } from "./types.js";

/** Errors Node reports before (or instead of) a request, and what the sender is told. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large", "malformed request: HPE_HEADER_OVERFLOW (headers too large)"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "slow client: request not complete in time"],
};
/** A TLS ClientHello (a record of type 22, handshake, version 3.x) sent to this plain-HTTP listener. */
const TLS_ON_PLAIN_HTTP: [number, string, string] = [400, "Bad Request", "TLS (https://) sent to a plain-HTTP listener: send to http://"];
const isTlsHandshake = (packet: Buffer | undefined) => packet !== undefined && packet[0] === 0x16 && packet[1] === 0x03;

/** The connection is gone: nothing can be answered. */
const HUNG_UP = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);

/**
 * Errors Node raises for a connection rather than a request: malformed bytes, headers too large,
 * a client too slow, a reset. Each is answered once (after the answers already owed on that
 * connection, so pipelined requests keep their order) and reported once, as the request it cut
 * short when there is one.
 */
export function onClientError(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket, context: ConnectionContext): void {
  const connection = context.connectionOf(socket);
  if (connection.failed) return void socket.destroy();
  connection.failed = true;
  const code = error.code ?? error.message;
  const cut = connection.reading && !connection.reading.req?.complete ? connection.reading : undefined;
  if (HUNG_UP.has(code)) {
    socket.destroy();
    // A connection that sent nothing since its last whole request (or at all) is not a request, nor is
    // the inspector's page or event stream going away (a closed tab); one cut short mid-body is reported by its handler.
    if (cut || socket.bytesRead === connection.idleAt || connection.servesPages) return;
    const exchange = looseExchange(error.rawPacket, context);
    return context.report(exchange, {
      body: Buffer.alloc(0),
      size: 0,
      status: null,
      note: `the sender reset the connection before the request was complete (${code})`,
    });
  }
  const [status, reason, note] =
    CLIENT_ERRORS[code] ?? (isTlsHandshake(error.rawPacket) ? TLS_ON_PLAIN_HTTP : [400, "Bad Request", `malformed request: ${code}`]);
  const exchange = cut ?? looseExchange(error.rawPacket, context);
  const owed = connection.owed.filter((res) => res.req !== cut?.req && !res.writableFinished && !res.destroyed);
  // Answered after the answers owed before it, and reported once the answer was handed over (or could
  // not be: the sender already hung up), so the lines come in the order the sender gets them, saying what it got.
  const answer = () => {
    const settle = (sent: number | null) => context.report(exchange, { body: Buffer.alloc(0), size: 0, status: sent, note });
    if (!socket.writable) {
      settle(null);
      return void socket.destroy();
    }
    socket.on("error", () => undefined);
    socket.once("finish", () => settle(status));
    socket.once("close", () => settle(null));
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  };
  if (owed.length === 0) return answer();
  void Promise.all(owed.map((res) => new Promise((resolve) => (res.writableFinished ? resolve(undefined) : res.once("close", resolve))))).then(answer);
}

/** A request Node could not parse: the method and path of its first line, when it has one. */
function looseExchange(rawPacket: Buffer | undefined, context: ConnectionContext): Exchange {
  const first = rawPacket ? /^([A-Z]{1,20}) (\S{1,2048}) HTTP\/\d\.\d\r?\n/.exec(rawPacket.subarray(0, 4096).toString("latin1")) : null;
  return { time: context.now(), started: monotonicMs(), method: first?.[1] ?? "?", path: first?.[2] ?? "?", headers: [], reported: false };
}
