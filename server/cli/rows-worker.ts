/** The rows thread (rows.ts, RowsThread): formats and compresses the rows of the runs it is sent. */
import { parentPort } from "node:worker_threads";
import type { CellHeader } from "./plan.ts";
import { RowFormatter, type RowsRequest } from "./rows.ts";

const port = parentPort;
if (!port) throw new Error("rows-worker.ts must run as a worker thread");
const rows = new RowFormatter();
const cells = new Map<number, { header: CellHeader; store: SharedArrayBuffer }>();
port.on("message", (batch: RowsRequest[]) => {
  for (const r of batch) {
    if (r.cell) cells.set(r.job.cell, r.cell);
    const { header, store } = cells.get(r.job.cell) as { header: CellHeader; store: SharedArrayBuffer };
    const values = new Float64Array(store, 8 * r.offset, header.ids.length * r.quarters);
    const out = rows.format(r.job, header, r.quarters, values);
    port.postMessage({ id: r.id, ...out }, [out.long.buffer as ArrayBuffer, out.wide.buffer as ArrayBuffer]);
  }
});
