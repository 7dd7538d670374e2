/**
 * The join address as a QR code (the `qr` library: small, no dependencies, loaded only when a
 * code is drawn): a phone's camera opens the landing page with the code filled in (#/j/CODE).
 */
import { h } from "./dom.ts";

type Encode = (text: string, output: "svg", opts: { ecc: "medium"; border: number }) => string;
let encodeP: Promise<Encode> | null = null;
function encoder(): Promise<Encode> {
  encodeP ??= import("qr").then((m) => m.default as Encode);
  return encodeP;
}

/** The address a player's phone opens to join this game. */
export function joinUrl(code: string): string {
  return `${location.origin}/#/j/${encodeURIComponent(code)}`;
}

/** A figure with the join address's QR code (an SVG, dark on light so every camera reads it) and the address in words. */
export function joinQr(code: string, id: string): HTMLElement {
  const url = joinUrl(code);
  const box = h("div.qr", { role: "img", "aria-label": `QR code of the join address ${url}` });
  void encoder().then((encode) => {
    // the SVG is generated from our own URL by the library: a path of squares, no user input
    box.innerHTML = encode(url, "svg", { ecc: "medium", border: 2 });
  });
  return h("figure.qr-figure", { id }, box, h("figcaption.hint", {}, url.replace(/^https?:\/\//, "")));
}
