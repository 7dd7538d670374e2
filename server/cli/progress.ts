/** Progress on stderr: a cli-progress bar on a terminal, a plain line every 10 % otherwise. */
import cliProgress from "cli-progress";

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

export function progressReporter(enabled: boolean, label: string, unit = "runs"): Progress {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    const t0 = performance.now();
    let started = false;
    return {
      update(done, total) {
        const rate = done / Math.max(1e-3, (performance.now() - t0) / 1000);
        if (!started) {
          bar.start(total, done, { rate: "0" });
          started = true;
        } else bar.update(done, { rate: rate.toFixed(0) });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastDecile = -1;
  const t0 = performance.now();
  return {
    update(done, total) {
      const decile = Math.floor((done / total) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`${label}: ${done}/${total} ${unit} (${Math.round((done / total) * 100)}%) ${s.toFixed(1)}s\n`);
    },
    stop: () => {},
  };
}
