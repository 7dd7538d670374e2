/** The rows thread (rows.ts, RowsThread): formats and compresses the rows of the runs it is sent. */
import { parentPort } from "node:worker_threads";
import type { CellHeader } from "./plan.ts";
import { RowFormatter, type RowsRequest } from "./rows.ts";

const port = parentPort;
if (!port) throw new Error("rows-worker.ts must run as a worker thread");
const rows = new RowFormatter();
const headers = new Map<number, CellHeader>();
port.on("message", (r: RowsRequest) => {
  if (r.header) headers.set(r.job.cell, r.header);
  const header = headers.get(r.job.cell) as CellHeader;
  const values = new Float64Array(r.store, 8 * r.offset, header.ids.length * r.quarters);
  const out = rows.format(r.job, header, r.quarters, values);
  port.postMessage({ id: r.id, ...out }, [out.long.buffer as ArrayBuffer, out.wide.buffer as ArrayBuffer]);
});
