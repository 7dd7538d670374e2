/**
 * A loopback TCP proxy that can really drop connections: `drop()` destroys every proxied
 * socket pair at once (the client and the server each see an abrupt close, no WebSocket
 * close handshake), like a phone losing its Wi-Fi. `blackhole` stalls traffic (half-open).
 */
import net from "node:net";

export class FaultProxy {
  server: net.Server;
  port = 0;
  private pairs = new Set<[net.Socket, net.Socket]>();
  blackhole = false;

  readonly targetPort: number;

  constructor(targetPort: number) {
    this.targetPort = targetPort;
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, "127.0.0.1");
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      const cleanup = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on("data", (d) => {
        if (!this.blackhole) upstream.write(d);
      });
      upstream.on("data", (d) => {
        if (!this.blackhole) client.write(d);
      });
      client.on("close", cleanup);
      upstream.on("close", cleanup);
      client.on("error", cleanup);
      upstream.on("error", cleanup);
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Abruptly kills every open connection (RST both ways). */
  drop(): number {
    const n = this.pairs.size;
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    this.pairs.clear();
    return n;
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
