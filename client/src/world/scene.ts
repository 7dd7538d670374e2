/**
 * The Phaser world view: draws a WorldModel (see presenters/world.ts). Loaded lazily so
 * Phaser is not in the initial bundle. Playback interpolates from the previous quarter's
 * model to the new one; flows animate as moving dots unless reduced motion is asked for.
 */
import * as Phaser from "phaser";
import { lerpWorld, type WorldModel, type WorldNode } from "../../presenters/world.ts";

export interface WorldHandle {
  show(model: WorldModel, from: WorldModel | null, onDone?: () => void): void;
  skip(): void;
  playing(): boolean;
  fps(): number;
  destroy(): void;
}

const hex = (c: string) => Number.parseInt(c.replace("#", ""), 16);

class WorldScene extends Phaser.Scene {
  model: WorldModel | null = null;
  from: WorldModel | null = null;
  t = 1;
  duration = 2600;
  reduced = false;
  /** label size multiplier (projector mode: 1.6) */
  labelScale = 1;
  phase = 0;
  onDone: (() => void) | null = null;
  g!: Phaser.GameObjects.Graphics;
  texts: Phaser.GameObjects.Text[] = [];
  ready = false;
  pending: (() => void) | null = null;

  constructor() {
    super({ key: "world" });
  }

  create(): void {
    this.g = this.add.graphics();
    this.ready = true;
    this.scale.on("resize", () => this.relabel());
    this.pending?.();
    this.pending = null;
  }

  setModel(model: WorldModel, from: WorldModel | null, onDone?: () => void): void {
    const apply = () => {
      this.model = model;
      this.from = from;
      this.t = from && !this.reduced ? 0 : 1;
      this.onDone = onDone ?? null;
      this.relabel();
      if (this.t >= 1) this.finish();
    };
    if (this.ready) apply();
    else this.pending = apply;
  }

  finish(): void {
    this.t = 1;
    const cb = this.onDone;
    this.onDone = null;
    cb?.();
  }

  layout(): { w: number; h: number; s: number; narrow: boolean } {
    const w = this.scale.width;
    const h = this.scale.height;
    return { w, h, s: Math.max(0.45, Math.min(w / 1000, h / 560)), narrow: w < 640 };
  }

  relabel(): void {
    for (const t of this.texts) t.destroy();
    this.texts = [];
    const m = this.model;
    if (!m) return;
    const { w, h, s, narrow } = this.layout();
    // labels grow with the canvas (a little) and with the projector's multiplier
    const k = this.labelScale * Math.min(1.4, Math.max(1, s));
    const font = (px: number, colour = "#e4e9f1", bold = false) => ({
      fontFamily: "system-ui, DejaVu Sans, sans-serif",
      fontSize: `${Math.round(px * k)}px`,
      color: colour,
      fontStyle: bold ? "bold" : "normal",
    });
    // column titles and node labels never run past the canvas or into the next column: too-wide
    // labels shrink to fit (the text list under the map has them in full)
    const colW = m.columns.length > 1 ? Math.abs(m.columns[1]!.x - m.columns[0]!.x) * w - 14 : w;
    // a label stays within its column's share of the width around its x, and within the canvas
    // (an edge column's labels have less room, not the next column's)
    const fitLabel = (t: Phaser.GameObjects.Text, maxW: number) => {
      const left = Math.max(3, t.x - maxW / 2);
      const right = Math.min(w - 3, t.x + maxW / 2);
      if (t.width * t.scaleX > right - left) t.setScale((right - left) / t.width);
      const half = (t.width * t.scaleX) / 2;
      t.setX(Math.min(right - half, Math.max(left + half, t.x)));
      this.texts.push(t);
      return t;
    };
    const kCol = Math.min(1.4, Math.max(1, s)) * Math.min(this.labelScale, 1.25);
    for (const c of m.columns) {
      const title = narrow ? c.title.split(" ")[0]! : c.title;
      const t = this.add.text(c.x * w, 6, title.toUpperCase(), {
        ...font(narrow ? 9 : 11, "#97a3b6", true),
        fontSize: `${Math.round((narrow ? 9 : 11) * kCol)}px`,
      });
      fitLabel(t.setOrigin(0.5, 0), colW);
    }
    // Each node's labels go in the space its column leaves it: below the node down to the next
    // node (or the canvas's foot), else above it up to the labels of the node above. The figures
    // line goes first when the name alone fits, and a name that does not fit shrinks: labels of
    // one column never overlap (a projected base game has four nodes in a column).
    const placed = new Map<number, number>(); // a column's lowest label edge so far
    const order = m.nodes.map((_, i) => i).sort((a, b) => m.nodes[a]!.column - m.nodes[b]!.column || m.nodes[a]!.y - m.nodes[b]!.y);
    for (let o = 0; o < order.length; o++) {
      const n = m.nodes[order[o]!]!;
      const next = m.nodes[order[o + 1]!];
      const x = n.x * w;
      const y = n.y * h;
      const r = n.r * s;
      const name = narrow ? twoLines(n.label) : n.label;
      const nameT = this.add.text(x, 0, name + (n.own ? " (you)" : ""), font(narrow ? 10 : 12, n.own ? "#f0e442" : "#e4e9f1", n.own));
      let subT: Phaser.GameObjects.Text | null = narrow ? null : this.add.text(x, 0, n.sub, font(10, "#97a3b6"));
      const belowSpace = (next && next.column === n.column ? next.y * h - next.r * s - 2 : h - 2) - (y + r + 4);
      const aboveSpace = y - r - 6 - (placed.get(n.column) ?? 0);
      const block = (withSub: boolean) => nameT.height + (withSub && subT ? subT.height : 0);
      let below = true;
      let room = belowSpace;
      if (block(true) > belowSpace) {
        if (block(true) <= aboveSpace) [below, room] = [false, aboveSpace];
        else if (nameT.height > belowSpace && aboveSpace > belowSpace) [below, room] = [false, aboveSpace];
        if (block(true) > room) {
          subT?.destroy();
          subT = null;
        }
      }
      if (nameT.height > room) nameT.setScale(Math.max(0.6, room / nameT.height));
      const height = nameT.height * nameT.scaleY + (subT ? subT.height : 0);
      const top = below ? y + r + 4 : y - r - 6 - height;
      fitLabel(nameT.setOrigin(0.5, 0).setY(top), colW);
      if (subT) fitLabel(subT.setOrigin(0.5, 0).setY(top + nameT.height * nameT.scaleY), colW);
      placed.set(n.column, below ? top + height : y + r);
      if (n.stamp) {
        const st = this.add
          .text(x, y, n.stamp, { ...font(narrow ? 10 : 13, "#ff8a65", true), backgroundColor: "#1a0f0bcc", padding: { x: 4, y: 2 } })
          .setOrigin(0.5);
        st.setAngle(-14);
        this.texts.push(st);
      }
      if (n.shocks.length > 0 && !n.stamp) {
        this.texts.push(this.add.text(x + r * 0.75, y - r - 4, "⚡", font(narrow ? 12 : 16, "#E69F00", true)).setOrigin(0.5, 1));
      }
    }
  }

  update(_time: number, delta: number): void {
    const m = this.model;
    if (!m) return;
    if (this.t < 1) {
      this.t = Math.min(1, this.t + delta / this.duration);
      if (this.t >= 1) this.finish();
    }
    if (!this.reduced) this.phase = (this.phase + delta / 1400) % 1;
    const cur = this.from && this.t < 1 ? lerpWorld(this.from, m, easeInOut(this.t)) : m;
    this.draw(cur);
  }

  /** each edge's curve, kept while its ends and bend stay put (draw runs every frame during playback) */
  curves = new Map<string, { key: string; curve: Phaser.Curves.QuadraticBezier }>();

  curveFor(id: string, ax: number, ay: number, bx: number, by: number, bend: number): Phaser.Curves.QuadraticBezier {
    const key = `${ax}|${ay}|${bx}|${by}|${bend}`;
    const hit = this.curves.get(id);
    if (hit && hit.key === key) return hit.curve;
    const mx = (ax + bx) / 2;
    const my = (ay + by) / 2 + bend;
    const curve = new Phaser.Curves.QuadraticBezier(
      new Phaser.Math.Vector2(ax, ay),
      new Phaser.Math.Vector2(mx, my),
      new Phaser.Math.Vector2(bx, by),
    );
    this.curves.set(id, { key, curve });
    return curve;
  }

  draw(m: WorldModel): void {
    const g = this.g;
    const { w, h, s } = this.layout();
    g.clear();
    const pos = new Map<string, WorldNode>();
    for (const n of m.nodes) pos.set(n.id, n);
    // column guides
    g.lineStyle(1, 0x1e2838, 1);
    for (const c of m.columns) g.lineBetween(c.x * w, 24, c.x * w, h - 6);
    // edges
    for (const e of m.edges) {
      const a = pos.get(e.from);
      const b = pos.get(e.to);
      if (!a || !b || e.volume <= 0) continue;
      const ax = a.x * w;
      const ay = a.y * h;
      const bx = b.x * w;
      const by = b.y * h;
      const back = e.kind === "dollars";
      const bend = back ? 18 * s : 0;
      const col = hex(e.colour);
      const width = Math.max(1, e.width * s * (e.constrained ? 0.5 : 1));
      g.lineStyle(width, col, back ? 0.25 : 0.35);
      const curve = this.curveFor(e.id, ax, ay, bx, by, bend);
      curve.draw(g, 16);
      // moving dots show direction and, by spacing, volume
      const dots = 3;
      g.fillStyle(col, 0.95);
      for (let i = 0; i < dots; i++) {
        const p = (this.phase + i / dots) % 1;
        const pt = curve.getPoint(p);
        g.fillRect(pt.x - width / 2 - 1, pt.y - width / 2 - 1, width + 2, width + 2);
      }
      if (e.constrained) {
        g.lineStyle(2, 0xff8a65, 0.9);
        const c = curve.getPoint(0.5);
        g.lineBetween(c.x - 6, c.y - 6, c.x + 6, c.y + 6);
        g.lineBetween(c.x - 6, c.y + 6, c.x + 6, c.y - 6);
      }
    }
    // nodes
    for (const n of m.nodes) {
      const x = n.x * w;
      const y = n.y * h;
      const r = n.r * s;
      const col = n.banned || n.failed ? 0x555c66 : hex(n.colour);
      if (n.tint) {
        g.fillStyle(hex(n.tint), 0.18);
        g.fillCircle(x, y, r + 14 * s);
      }
      g.fillStyle(col, n.banned || n.failed ? 0.6 : 0.9);
      shape(g, n.shape, x, y, r);
      // health ring: arc length = health; colour from good (blue) to poor (orange)
      g.lineStyle(Math.max(2, 4 * s), 0x2a3547, 1);
      g.strokeCircle(x, y, r + 5 * s);
      g.lineStyle(Math.max(2, 4 * s), n.health > 0.5 ? 0x56b4e9 : n.health > 0.25 ? 0xe69f00 : 0xd55e00, 1);
      g.beginPath();
      g.arc(x, y, r + 5 * s, -Math.PI / 2, -Math.PI / 2 + Math.PI * 2 * Math.max(0.02, n.health), false);
      g.strokePath();
      if (n.own) {
        g.lineStyle(2, 0xf0e442, 1);
        const rr = r + 11 * s;
        for (let k = 0; k < 12; k++) {
          const a0 = (k / 12) * Math.PI * 2 + this.phase * (this.reduced ? 0 : 0.5);
          g.beginPath();
          g.arc(x, y, rr, a0, a0 + Math.PI / 12, false);
          g.strokePath();
        }
      }
    }
  }
}

function shape(g: Phaser.GameObjects.Graphics, kind: string, x: number, y: number, r: number): void {
  switch (kind) {
    case "square":
      g.fillRect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case "triangle":
      g.fillTriangle(x, y - r, x + r, y + r * 0.8, x - r, y + r * 0.8);
      break;
    case "diamond":
      g.fillPoints(
        [
          new Phaser.Math.Vector2(x, y - r),
          new Phaser.Math.Vector2(x + r, y),
          new Phaser.Math.Vector2(x, y + r),
          new Phaser.Math.Vector2(x - r, y),
        ],
        true,
      );
      break;
    case "hexagon": {
      const pts: Phaser.Math.Vector2[] = [];
      for (let i = 0; i < 6; i++)
        pts.push(new Phaser.Math.Vector2(x + r * Math.cos((i * Math.PI) / 3), y + r * Math.sin((i * Math.PI) / 3)));
      g.fillPoints(pts, true);
      break;
    }
    default:
      g.fillCircle(x, y, r);
  }
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

/**
 * A node's name for a narrow canvas: without its parenthesis, on two lines at the space nearest
 * its middle when long (rather than cut off), so that it fits a column without an ellipsis.
 */
export function twoLines(label: string): string {
  const bare = label.replace(/\s*\([^)]*\)\s*$/, "");
  if (bare.length <= 11 || !bare.includes(" ")) return bare;
  const mid = bare.length / 2;
  let best = -1;
  for (let i = 0; i < bare.length; i++) if (bare[i] === " " && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  return `${bare.slice(0, best)}\n${bare.slice(best + 1)}`;
}

export function createWorld(parent: HTMLElement, reduced: boolean, labelScale = 1): WorldHandle {
  const scene = new WorldScene();
  scene.reduced = reduced;
  scene.labelScale = labelScale;
  const game = new Phaser.Game({
    type: Phaser.CANVAS,
    parent,
    backgroundColor: "#0a0f16",
    banner: false,
    audio: { noAudio: true },
    scale: { mode: Phaser.Scale.RESIZE, width: parent.clientWidth || 800, height: parent.clientHeight || 450 },
    scene: [scene],
    fps: { target: 60 },
    input: { keyboard: false },
  });
  return {
    show: (model, from, onDone) => scene.setModel(model, from, onDone),
    skip: () => scene.finish(),
    playing: () => scene.t < 1,
    fps: () => game.loop.actualFps,
    destroy: () => game.destroy(true),
  };
}
